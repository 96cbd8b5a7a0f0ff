import { describe, expect, it } from 'vitest';
import type { ContactSummary, Store, TurnWrite } from '../types.ts';
import { CONTACTS_KEPT } from '../callerChanges.ts';
import { at, caller, session, transcript, turn } from './fixtures.ts';

const KEY = 'voice:CA1';
const NUMBER = '+2290197000001';
const header = () => {
  const { turns: _turns, ...rest } = transcript(KEY, NUMBER, at(0));
  return rest;
};
const contact = (minute: number, channel: ContactSummary['channel'] = 'voice'): ContactSummary => ({ at: at(minute), channel, reason: 'served', outcome: 'completed' });

/** One conversation turn saved at once: the session, its transcript line and the caller's memory. */
export function turnContract(store: () => Store) {
  describe('conversation turns', () => {
    it('saves the first turn of a contact: session, a new transcript, a new caller profile', async () => {
      const write: TurnWrite = {
        session: session(KEY, at(30), 1),
        turn: turn(1),
        newTranscript: header(),
        caller: { key: NUMBER, changes: { lastChannel: 'voice', preferredLocale: 'fon' }, at: at(1) },
      };
      await store().saveTurn(write);
      expect(await store().getSession(KEY, at(1))).toEqual({ ...session(KEY, at(30), 1), revision: 1 });
      expect(await store().getTranscript(KEY)).toEqual({ ...transcript(KEY, NUMBER, at(0)), turns: [turn(1)] });
      expect(await store().getCaller(NUMBER)).toEqual({ number: NUMBER, lastChannel: 'voice', preferredLocale: 'fon', contacts: [], variables: {}, createdAt: at(1), updatedAt: at(1) });
    });

    it("keeps a turn's look-ups and an end's cause in the transcript, as written", async () => {
      const looked = { ...turn(1), lookups: [{ node: 'lookupSubscriber', backend: 'operator', outcome: 'error' as const, cause: 'ECONNREFUSED', ms: 12 }] };
      const ended = { ...turn(2), input: { type: 'end', reason: 'error', cause: 'noCallState' } };
      await store().saveTurn({ session: session(KEY, at(30), 1), turn: looked, newTranscript: header() });
      await store().saveTurn({ session: session(KEY, at(31), 2), turn: ended, end: { at: at(2), reason: 'error' } });
      expect(await store().getTranscript(KEY)).toEqual({ ...transcript(KEY, NUMBER, at(0)), turns: [looked, ended], endedAt: at(2), endReason: 'error' });
    });

    it('appends later turns, merges remembered variables, and closes the transcript after the last turn', async () => {
      await store().putCaller(caller(NUMBER));
      await store().saveTurn({ session: session(KEY, at(30), 1), turn: turn(1), newTranscript: header() });
      await store().saveTurn({ session: session(KEY, at(31), 2), turn: turn(2), caller: { key: NUMBER, changes: { variables: { balance: 1200, note: null } }, at: at(2) } });
      await store().saveTurn({
        session: session(KEY, at(33), 3),
        turn: turn(3),
        end: { at: at(3), reason: 'hangup' },
        caller: { key: NUMBER, changes: { contact: contact(3) }, at: at(3) },
      });
      expect(await store().getSession(KEY, at(32))).toEqual({ ...session(KEY, at(33), 3), revision: 3 });
      expect(await store().getTranscript(KEY)).toEqual({ ...transcript(KEY, NUMBER, at(0)), turns: [turn(1), turn(2), turn(3)], endedAt: at(3), endReason: 'hangup' });
      const before = caller(NUMBER);
      expect(await store().getCaller(NUMBER)).toEqual({
        ...before,
        // The contact's channel becomes the last one used; the history keeps the earlier contacts.
        lastChannel: 'voice',
        contacts: [...before.contacts, contact(3)],
        variables: { segment: 'gold', balance: 1200, note: null },
        updatedAt: at(3),
      });
    });

    it('moves a renamed variable’s remembered value once: sets the current name and forgets the former ones, never without a value set', async () => {
      await store().putCaller({ ...caller(NUMBER), variables: { segment: 'gold', canal: 'voix', canalPrefere: 'whatsapp', langue: 'fr' } });
      // Forgetting alone writes nothing of the variables: a profile never loses a value in a write that sets none.
      await store().saveTurn({
        session: session(KEY, at(30), 1),
        turn: turn(1),
        newTranscript: header(),
        caller: { key: NUMBER, changes: { lastChannel: 'whatsapp', forget: ['langue'] }, at: at(1) },
      });
      expect((await store().getCaller(NUMBER))?.variables).toEqual({ segment: 'gold', canal: 'voix', canalPrefere: 'whatsapp', langue: 'fr' });
      await store().saveTurn({
        session: session(KEY, at(31), 2),
        turn: turn(2),
        caller: { key: NUMBER, changes: { variables: { canal: 'whatsapp', segment: 'silver' }, forget: ['canalPrefere', 'segment', 'absent'] }, at: at(2) },
      });
      const profile = await store().getCaller(NUMBER);
      expect(profile?.variables).toEqual({ segment: 'silver', canal: 'whatsapp', langue: 'fr' });
      expect((await store().recallCaller(NUMBER))?.variables).toEqual({ segment: 'silver', canal: 'whatsapp', langue: 'fr' });
      // A profile that did not exist: the values set, nothing else.
      await store().saveTurn({
        session: session(`${KEY}-2`, at(32), 1),
        turn: turn(1),
        caller: { key: '+2290197000003', changes: { variables: { canal: 'sms' }, forget: ['canalPrefere'] }, at: at(3) },
      });
      expect((await store().getCaller('+2290197000003'))?.variables).toEqual({ canal: 'sms' });
    });

    it('keeps the last contacts of a caller, and changes no other profile', async () => {
      await store().putCaller(caller('+2290197000002'));
      for (let minute = 1; minute <= CONTACTS_KEPT + 2; minute += 1) {
        const channel = minute % 2 === 0 ? 'whatsapp' : 'voice';
        await store().saveTurn({ session: session(`${KEY}-${minute}`, at(60)), turn: turn(minute), caller: { key: NUMBER, changes: { contact: contact(minute, channel) }, at: at(minute) } });
      }
      const profile = await store().getCaller(NUMBER);
      expect(profile?.contacts).toHaveLength(CONTACTS_KEPT);
      expect(profile?.contacts[0]).toEqual(contact(3, 'voice'));
      expect(profile?.contacts.at(-1)).toEqual(contact(CONTACTS_KEPT + 2, 'whatsapp'));
      expect(profile).toMatchObject({ lastChannel: 'whatsapp', createdAt: at(1), updatedAt: at(CONTACTS_KEPT + 2), variables: {} });
      expect(await store().getCaller('+2290197000002')).toEqual(caller('+2290197000002'));
    });

    it('starts and ends a transcript in one turn, and keeps the key’s earlier transcript', async () => {
      await store().saveTurn({ session: session(KEY, at(30)), turn: turn(1), newTranscript: header(), end: { at: at(1), reason: 'expired' } });
      await store().saveTurn({ session: session(KEY, at(90)), turn: turn(61), newTranscript: { ...header(), startedAt: at(60) } });
      expect(await store().getTranscript(KEY)).toEqual({ ...transcript(KEY, NUMBER, at(60)), turns: [turn(61)] });
      const all = await store().listTranscripts({ callerNumber: NUMBER, limit: 10 });
      expect(all.map((t) => [t.startedAt, t.turns.length, t.endedAt, t.endReason])).toEqual([
        [at(60), 1, undefined, undefined],
        [at(0), 1, at(1), 'expired'],
      ]);
    });

    it('keeps the latest end a transcript was given, by a turn or on its own, and the turns after it', async () => {
      await store().saveTurn({ session: session(KEY, at(30), 1), turn: turn(1), newTranscript: header() });
      await store().saveTurn({ session: session(KEY, at(31), 2), turn: turn(2), end: { at: at(2), reason: 'hangup' } });
      await store().endTranscript(KEY, at(5), 'agent');
      await store().appendTurn(KEY, turn(6));
      expect(await store().getTranscript(KEY)).toEqual({ ...transcript(KEY, NUMBER, at(0)), turns: [turn(1), turn(2), turn(6)], endedAt: at(5), endReason: 'agent' });
      await store().saveTurn({ session: session(KEY, at(37), 3), turn: turn(7), end: { at: at(7), reason: 'expired' } });
      const [listed] = await store().listTranscripts({ callerNumber: NUMBER, limit: 10 });
      expect(listed).toEqual({ ...transcript(KEY, NUMBER, at(0)), turns: [turn(1), turn(2), turn(6), turn(7)], endedAt: at(7), endReason: 'expired' });
    });

    it('saves the session even when its key has no transcript (the line is dropped)', async () => {
      await store().saveTurn({ session: session('voice:none', at(30), 4), turn: turn(4), end: { at: at(4), reason: 'hangup' } });
      expect(await store().getSession('voice:none', at(1))).toEqual({ ...session('voice:none', at(30), 4), revision: 1 });
      expect(await store().getTranscript('voice:none')).toBeNull();
    });
  });

  describe('one conversation on two instances', () => {
    const started = () => ({ session: { ...session(KEY, at(30), 1), revision: 0 }, turn: turn(1), newTranscript: header() });

    it('writes a turn only while the session is at the revision it read; the other turn writes nothing', async () => {
      expect(await store().saveTurn(started())).toEqual({ ok: true, revision: 1 });
      // Two instances read revision 1 and step an event each.
      const first = await store().saveTurn({ session: { ...session(KEY, at(31), 2), revision: 1 }, turn: turn(2), caller: { key: NUMBER, changes: { contact: contact(2) }, at: at(2) } });
      const second = await store().saveTurn({
        session: { ...session(KEY, at(32), 2), revision: 1 },
        turn: turn(3),
        end: { at: at(3), reason: 'hangup' },
        caller: { key: NUMBER, changes: { contact: contact(3, 'whatsapp') }, at: at(3) },
      });
      expect(first).toEqual({ ok: true, revision: 2 });
      expect(second).toEqual({ ok: false, reason: 'conflict' });
      expect(await store().getSession(KEY, at(1))).toEqual({ ...session(KEY, at(31), 2), revision: 2 });
      expect(await store().getTranscript(KEY)).toEqual({ ...transcript(KEY, NUMBER, at(0)), turns: [turn(1), turn(2)] });
      expect((await store().getCaller(NUMBER))?.contacts).toEqual([contact(2)]);
      // Run again from what is stored, it goes through.
      expect(await store().saveTurn({ session: { ...session(KEY, at(33), 3), revision: 2 }, turn: turn(3), end: { at: at(3), reason: 'hangup' } })).toEqual({ ok: true, revision: 3 });
      expect((await store().getTranscript(KEY))?.turns).toEqual([turn(1), turn(2), turn(3)]);
    });

    it('creates a session once when two instances start the same key at once', async () => {
      const results = await Promise.all([store().saveTurn(started()), store().saveTurn({ ...started(), turn: turn(2) })]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'conflict' }]);
      expect(await store().listTranscripts({ callerNumber: NUMBER, limit: 10 })).toHaveLength(1);
    });

    it('starts afresh over an expired session, which a turn that read the old one can no longer overwrite', async () => {
      await store().saveTurn(started());
      const fresh = { ...session(KEY, at(90), 1), createdAt: at(60), updatedAt: at(60), revision: 0 };
      const restart = await store().saveTurn({ session: fresh, turn: turn(60), newTranscript: { ...header(), startedAt: at(60) } });
      expect(restart.ok).toBe(true);
      const stale = await store().saveTurn({ session: { ...session(KEY, at(95), 2), revision: 1 }, turn: turn(61) });
      expect(stale).toEqual({ ok: false, reason: 'conflict' });
      expect(await store().getSession(KEY, at(61))).toMatchObject({ createdAt: at(60), expiresAt: at(90) });
    });

    it('refuses a second start while a session lives', async () => {
      await store().saveTurn(started());
      expect(await store().saveTurn({ ...started(), turn: turn(2) })).toEqual({ ok: false, reason: 'conflict' });
      expect((await store().getTranscript(KEY))?.turns).toEqual([turn(1)]);
    });
  });
}
