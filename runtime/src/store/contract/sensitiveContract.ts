import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeBackupFile } from '../../cli/backupFile.ts';
import { handoffContact } from './handoffContract.ts';
import { contentHash, Flow } from '@griot/flows';
import type { SessionRecord, Store, StoreDump } from '../types.ts';
import { testFlow } from '../testFlow.ts';
import { at, createFlow, session, transcript, turn } from './fixtures.ts';

const PUK = '80417263';
const SEALED = { alg: 'A256GCM', kid: 'k1', iv: 'aXYtaXYtaXYtaXYt', tag: 'dGFnLXRhZy10YWctdGFnLQ==', data: 'c2VhbGVk' } as const;

/** A live session keeping its PUK apart, as the engine stores it. */
const live = (key: string): SessionRecord => ({ ...session(key, at(30)), sensitive: { clear: { puk: PUK } } });
const ended = (record: SessionRecord): SessionRecord => ({ ...record, session: { ...record.session, status: 'ended', endReason: 'hangup' } });

/** `hello` version 1 declares `puk` sensitive, as the 1919 flow does. */
async function flowWithSensitivePuk(store: Store): Promise<void> {
  await createFlow(store, 'hello');
  const base = testFlow('hello', 'With a PUK');
  const document = Flow.parse({
    ...base,
    variables: [
      { name: 'puk', type: 'digits', sensitive: true },
      { name: 'segment', type: 'string' },
    ],
  });
  await store.addVersion({ flowId: 'hello', hash: contentHash(document), document, author: 'bob', message: 'puk', createdAt: at(1) });
}

/** Sensitive values: kept apart while the contact lives, never in an ended session, never in a backup. And the readiness heartbeat. */
export function sensitiveContract(store: () => Store, another: () => Promise<Store>) {
  describe('sensitive values and readiness', () => {
    it('keeps a live session’s sensitive part as given', async () => {
      await store().putSession(live('voice:CA1'));
      expect(await store().getSession('voice:CA1', at(1))).toEqual({ ...live('voice:CA1'), revision: 1 });
      await store().putSession({ ...session('voice:CA2', at(30)), sensitive: SEALED });
      expect((await store().getSession('voice:CA2', at(1)))?.sensitive).toEqual(SEALED);
    });

    it('stores an ended session without its sensitive part, through putSession and saveTurn alike', async () => {
      await store().putSession(live('voice:CA1'));
      await store().putSession(ended(live('voice:CA1')));
      const { sensitive: _put, ...endedWithout } = ended(live('voice:CA1'));
      expect(await store().getSession('voice:CA1', at(1))).toEqual({ ...endedWithout, revision: 2 });

      await store().saveTurn({ session: live('voice:CA2'), turn: turn(1), newTranscript: { ...transcript('voice:CA2', '+2290197000001', at(0)) } });
      await store().saveTurn({ session: ended(live('voice:CA2')), turn: turn(2), end: { at: at(2), reason: 'hangup' } });
      const stored = await store().getSession('voice:CA2', at(1));
      expect(stored).not.toHaveProperty('sensitive');
      expect(JSON.stringify(stored)).not.toContain(PUK);
    });

    it('keeps a live call’s last answer as given (for jambonz’s retry), and drops it with the sensitive part when the session ends', async () => {
      const answer = { by: 'host-a:1', turn: 3, event: 'digest', sealed: { clear: { value: { effects: [{ type: 'say', text: `Votre code PUK est ${PUK}` }] } } } };
      await store().saveTurn({ session: { ...live('voice:CA3'), answer }, turn: turn(1), newTranscript: { ...transcript('voice:CA3', '+2290197000001', at(0)) } });
      expect((await store().getSession('voice:CA3', at(1)))?.answer).toEqual(answer);
      await store().putSession({ ...live('voice:CA4'), answer: { ...answer, sealed: SEALED } });
      expect((await store().getSession('voice:CA4', at(1)))?.answer).toEqual({ ...answer, sealed: SEALED });

      await store().saveTurn({ session: { ...ended(live('voice:CA3')), answer, revision: 1 }, turn: turn(2), end: { at: at(2), reason: 'hangup' } });
      const stored = await store().getSession('voice:CA3', at(1));
      expect(stored?.session.status).toBe('ended');
      expect(stored).not.toHaveProperty('answer');
      expect(JSON.stringify(stored)).not.toContain(PUK);
      await store().putSession({ ...ended(live('voice:CA4')), answer });
      expect(await store().getSession('voice:CA4', at(1))).not.toHaveProperty('answer');
    });

    it('keeps the answer of a first turn that ended the call (a closed line’s goodbye) with the ended session, in clear or sealed (it said a balance), its sensitive part dropped, until a write without it or the purge', async () => {
      const goodbye = { by: 'host-a:1', turn: 0, event: 'digest', sealed: { clear: { value: { effects: [{ type: 'say', text: 'Nos bureaux sont fermés.' }] } } }, ends: true as const };
      await store().saveTurn({
        session: { ...ended(live('voice:CA5')), answer: goodbye },
        turn: turn(1),
        newTranscript: { ...transcript('voice:CA5', '+2290197000001', at(0)) },
        end: { at: at(1), reason: 'closed' },
      });
      const stored = await store().getSession('voice:CA5', at(1));
      expect(stored?.session.status).toBe('ended');
      expect(stored?.answer).toEqual(goodbye);
      expect(stored).not.toHaveProperty('sensitive');
      expect(JSON.stringify(stored)).not.toContain(PUK);
      await store().putSession({ ...ended(live('voice:CA6')), answer: goodbye });
      expect((await store().getSession('voice:CA6', at(1)))?.answer).toEqual(goodbye);
      expect(await store().getSession('voice:CA6', at(1))).not.toHaveProperty('sensitive');
      // Sealed, it says a value a placeholder rendered (a balance): kept sealed by either write, its sensitive part dropped.
      const sealedGoodbye = { ...goodbye, sealed: SEALED };
      await store().saveTurn({
        session: { ...ended(live('voice:CA7')), answer: sealedGoodbye },
        turn: turn(1),
        newTranscript: { ...transcript('voice:CA7', '+2290197000001', at(0)) },
        end: { at: at(1), reason: 'closed' },
      });
      expect((await store().getSession('voice:CA7', at(1)))?.answer).toEqual(sealedGoodbye);
      await store().putSession({ ...ended(live('voice:CA8')), answer: sealedGoodbye });
      const sealedKept = await store().getSession('voice:CA8', at(1));
      expect(sealedKept?.answer).toEqual(sealedGoodbye);
      expect(sealedKept).not.toHaveProperty('sensitive');
      // The call's final status writes the session without it (`ConversationService`): gone from the store.
      const { answer: _dropped, ...withoutAnswer } = sealedKept!;
      await store().putSession(withoutAnswer);
      expect(await store().getSession('voice:CA8', at(1))).not.toHaveProperty('answer');
      await store().purgeExpiredSessions(at(60 * 24 * 365));
      expect(await store().getSession('voice:CA5', at(1))).toBeNull();
    });

    it('keeps a live session’s account name (WhatsApp’s profile name) until it expires without an end: gone for reads from that instant, with the row at the purge, not carried into the next session', async () => {
      const name = 'Adjoa Mensah-Kpodo';
      await store().putSession({ ...session('whatsapp:1:22901970000077', at(30)), callerName: name });
      expect((await store().getSession('whatsapp:1:22901970000077', at(29)))?.callerName).toBe(name);
      // The subscriber stopped answering: no turn ends the session, it expires.
      expect(await store().getSession('whatsapp:1:22901970000077', at(30))).toBeNull();
      // They write again before the sessions job ran: a new session, the expired one's name not in it.
      await store().saveTurn({
        session: { ...session('whatsapp:1:22901970000077', at(70)), updatedAt: at(40), revision: 0 },
        turn: turn(40),
        newTranscript: transcript('whatsapp:1:22901970000077', '+22901970000077', at(40)),
      });
      const next = await store().getSession('whatsapp:1:22901970000077', at(41));
      expect(next?.expiresAt).toBe(at(70));
      expect(next).not.toHaveProperty('callerName');
      await store().putSession({ ...session('whatsapp:1:22901970000078', at(30)), callerName: name });
      expect(await store().purgeExpiredSessions(at(31))).toBe(1);
      expect(JSON.stringify((await store().dump()).sessions)).not.toContain(name);
    });

    it('leaves sensitive values out of a backup: a live session’s sensitive part, its last answer, and variables its flow declares sensitive', async () => {
      await flowWithSensitivePuk(store());
      // A live call's last answer, kept for jambonz's retry: it said the PUK.
      const answer = { by: 'host-a:1', turn: 3, event: 'digest', sealed: { clear: { value: { effects: [{ type: 'say', text: `Votre code PUK est ${PUK}` }] } } } };
      await store().putSession({ ...live('voice:CA1'), session: { ...live('voice:CA1').session, flowVersion: 1 }, answer });
      // Saved before sessions kept them apart: the PUK in plain `vars`.
      const older = session('voice:CA0', at(30));
      await store().putSession({ ...older, session: { ...older.session, flowVersion: 1, vars: { ...older.session.vars, puk: PUK } } });
      const dump = await store().dump();
      expect(JSON.stringify(dump.sessions)).not.toContain(PUK);
      expect(dump.sessions.map((s) => [s.key, s.session.vars.segment, 'sensitive' in s, 'answer' in s])).toEqual([
        ['voice:CA0', 'gold', false, false],
        ['voice:CA1', 'gold', false, false],
      ]);
    });

    it('writes the backup file of the backup writer (sessions, versions and messages a page at a time) as a whole dump: no sensitive value in it', async () => {
      await flowWithSensitivePuk(store());
      await store().putSession({ ...live('voice:CA1'), session: { ...live('voice:CA1').session, flowVersion: 1 } });
      const older = session('voice:CA0', at(30));
      await store().putSession({ ...older, session: { ...older.session, flowVersion: 1, vars: { ...older.session.vars, puk: PUK } } });
      // An agent's message to a contact still open, quoting the caller's PUK: masked in the backup with its session's values.
      await store().putHandoffContact(handoffContact('c1', 1, at(2), { sessionKey: 'voice:CA1' }));
      await store().appendHandoffMessage({ id: 'm1', contactId: 'c1', at: at(3), from: 'agent', text: `Votre code est ${PUK.split('').join(' ')}` });
      const whole = await store().dump();
      const paged = await store().dump(undefined, { paged: true });
      const file = join(tmpdir(), `griot-contract-sensitive-${process.pid}-${Date.now()}.json`);
      try {
        await writeBackupFile(file, paged);
        const written = await readFile(file, 'utf8');
        expect(written).not.toContain(PUK);
        expect(written).not.toContain(PUK.split('').join(' '));
        expect(written).toBe(JSON.stringify({ ...whole, createdAt: paged.createdAt }));
      } finally {
        await rm(file, { force: true });
      }
    });

    it('restores a backup written before that without its sensitive values', async () => {
      await flowWithSensitivePuk(store());
      const dump = await store().dump();
      const older = session('voice:CA0', at(30));
      const withPuk: StoreDump = {
        ...dump,
        sessions: [{ ...older, session: { ...older.session, flowVersion: 1, vars: { ...older.session.vars, puk: PUK } }, sensitive: { clear: { puk: PUK } } }],
      };
      const fresh = await another();
      await fresh.restore(JSON.parse(JSON.stringify(withPuk)) as StoreDump);
      const restored = await fresh.getSession('voice:CA0', at(1));
      expect(restored?.session.vars).toEqual(older.session.vars);
      expect(JSON.stringify(restored)).not.toContain(PUK);
    });

    it('takes the readiness heartbeat, again and again, and keeps it out of backups', async () => {
      await store().writeHeartbeat('host-a:1', at(1));
      await store().writeHeartbeat('host-b:2', at(2));
      await store().writeHeartbeat('host-a:1', at(3));
      expect(JSON.stringify(await store().dump())).not.toContain('host-a:1');
    });
  });
}
