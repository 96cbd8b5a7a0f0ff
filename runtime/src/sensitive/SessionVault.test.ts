import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JsonValue, Session } from '@griot/flows';
import type { SealedValues, SessionRecord } from '../store/types.ts';
import { captureLogs, selfCareFlow } from '../conversations/testSupport.ts';
import { parseDataKeys, type DataKeyring } from './dataKeys.ts';
import { SessionVault } from './SessionVault.ts';

const flow = selfCareFlow(); // `puk` and `pin` are sensitive, `segment` is not
const PUK = '80417263';

function keyring(current: string, previous?: string): DataKeyring {
  const parsed = parseDataKeys(`${current}:${randomBytes(32).toString('base64')}`, previous);
  if (!parsed.ok || !parsed.keyring) throw new Error('bad test key');
  return parsed.keyring;
}
const keyText = (ring: DataKeyring) => `${ring.current.id}:${ring.current.key.export().toString('base64')}`;

function record(status: Session['status'] = 'active', key = 'voice:CA1'): SessionRecord {
  return {
    key,
    session: {
      v: 1,
      flowId: flow.id,
      flowVersion: 1,
      channel: 'voice',
      locale: 'fr',
      caller: { number: '+2290197000001' },
      vars: { puk: PUK, segment: 'vip', pin: '4321' },
      wait: null,
      path: [],
      status,
      turns: 3,
    },
    bindingId: 'b1',
    environment: 'production',
    preview: false,
    createdAt: 'c',
    updatedAt: 'u',
    expiresAt: 'e',
  };
}

describe('SessionVault', () => {
  it('without a data key, keeps the sensitive variables apart, in clear, and puts them back', () => {
    const vault = new SessionVault(undefined, captureLogs().logger);
    const stored = vault.seal(flow, record());
    expect(stored.session.vars).toEqual({ segment: 'vip' });
    expect(stored.sensitive).toEqual({ clear: { puk: PUK, pin: '4321' } });
    expect(vault.open(stored)).toEqual(record());
  });

  it('with a data key, stores them sealed (AES-256-GCM, a fresh nonce each time) and opens them', () => {
    const vault = new SessionVault(keyring('k1'), captureLogs().logger);
    const stored = vault.seal(flow, record());
    const sealed = stored.sensitive as SealedValues;
    expect(sealed).toEqual({ alg: 'A256GCM', kid: 'k1', iv: expect.any(String), tag: expect.any(String), data: expect.any(String) });
    expect(Buffer.from(sealed.iv, 'base64')).toHaveLength(12);
    expect(JSON.stringify(stored)).not.toContain(PUK);
    expect((vault.seal(flow, record()).sensitive as SealedValues).iv).not.toBe(sealed.iv);
    expect(vault.open(stored)).toEqual(record());
  });

  it('drops them from an ended session, with or without a key', () => {
    for (const vault of [new SessionVault(undefined, captureLogs().logger), new SessionVault(keyring('k1'), captureLogs().logger)]) {
      const stored = vault.seal(flow, record('ended'));
      expect(stored).not.toHaveProperty('sensitive');
      expect(stored.session.vars).toEqual({ segment: 'vip' });
    }
  });

  it('drops from an ended session a plain variable holding the PUK or the PIN, not one whose digits merely contain the PIN', () => {
    const { logger, lines } = captureLogs();
    const vault = new SessionVault(undefined, logger);
    const ended = record('ended');
    ended.session.vars = {
      ...ended.session.vars,
      // A second look-up's whole answer, a sentence, the PIN itself: copies lint could not see.
      answer: { subscriber: { puk: PUK } },
      note: `PUK : ${PUK}.`,
      pinAgain: 4321,
      // The caller's callback number, an order reference: '4321' inside a longer number is chance, not the PIN.
      callbackNumber: '+22997043215',
      orderRef: 'CMD-943217',
    };
    const stored = vault.seal(flow, ended);
    expect(stored.session.vars).toEqual({ segment: 'vip', callbackNumber: '+22997043215', orderRef: 'CMD-943217' });
    expect(lines.map((l) => JSON.parse(l)).find((l) => l.event === 'session.sensitiveCopyDropped')?.variables).toEqual(['answer', 'note', 'pinAgain']);
  });

  it('seals with a live session a plain variable holding the PUK (a second look-up’s whole answer), and gives it back to the flow', () => {
    for (const keys of [undefined, keyring('k1')]) {
      const vault = new SessionVault(keys, captureLogs().logger);
      const live = record();
      live.session.vars = { ...live.session.vars, answer: { subscriber: { puk: PUK, segment: 'vip' } }, callbackNumber: '+22997043215' };
      const stored = vault.seal(flow, live);
      // Found from the marked values only: `segment` is in the sealed answer, and stays in clear itself.
      expect(stored.session.vars).toEqual({ segment: 'vip', callbackNumber: '+22997043215' });
      if (keys) expect(JSON.stringify(stored)).not.toContain(PUK);
      else expect(stored.sensitive).toEqual({ clear: { puk: PUK, pin: '4321', answer: { subscriber: { puk: PUK, segment: 'vip' } } } });
      expect(vault.open(stored)).toEqual(live);
    }
  });

  it('keeps a variable in clear holding a code under a secret-named key out of the row while the contact lives, masked once it ended', () => {
    // `segment` is kept in clear (it names a queue); the backend answered an object there, a PUK code inside it.
    const segment = { name: 'vip', pukCode: PUK, offers: [{ label: 'Pass', pin: '4321' }] };
    for (const keys of [undefined, keyring('k1')]) {
      const vault = new SessionVault(keys, captureLogs().logger);
      for (const vars of [{ segment }, { puk: PUK, segment }] as Array<Record<string, JsonValue>>) {
        const live = record();
        live.session.vars = vars;
        const stored = vault.seal(flow, live);
        // The row (a backup, a crash mid-call) holds no PUK in its plain variables; the flow reads `segment` whole.
        expect(JSON.stringify(stored.session)).not.toContain(PUK);
        if (keys) expect(JSON.stringify(stored)).not.toContain(PUK);
        expect(vault.open(stored)).toEqual(live);
        const ended = record('ended');
        ended.session.vars = vars;
        const kept = vault.seal(flow, ended);
        expect(kept).not.toHaveProperty('sensitive');
        // Beside the PUK it holds, `segment` is a copy of it: dropped, as before; alone, masked and the rest readable.
        expect(kept.session.vars).toEqual('puk' in vars ? {} : { segment: { name: 'vip', pukCode: '•••', offers: [{ label: 'Pass', pin: '•••' }] } });
      }
    }
  });

  it('leaves a record without sensitive values as it is', () => {
    const vault = new SessionVault(keyring('k1'), captureLogs().logger);
    const plain = { ...record(), session: { ...record().session, vars: { segment: 'vip' } } };
    expect(vault.seal(flow, plain)).toBe(plain);
    expect(vault.open(plain)).toBe(plain);
  });

  it('opens what a previous key sealed during a rotation', () => {
    const old = keyring('2026-05');
    const stored = new SessionVault(old, captureLogs().logger).seal(flow, record());
    const rotated = new SessionVault(keyring('2026-11', keyText(old)), captureLogs().logger);
    expect(rotated.open(stored)).toEqual(record());
    expect((rotated.seal(flow, rotated.open(stored)).sensitive as SealedValues).kid).toBe('2026-11');
  });

  it('treats what it cannot open as absent and says why in the log, never the value', () => {
    const stored = new SessionVault(keyring('k1'), captureLogs().logger).seal(flow, record());
    const withoutPuk = { ...record(), session: { ...record().session, vars: { segment: 'vip' } } };
    const sealed = stored.sensitive as SealedValues;
    const cases: Array<[string, SessionVault, SessionRecord, string]> = [];
    const logs = captureLogs();
    cases.push(['another key', new SessionVault(keyring('k2'), logs.logger), stored, 'unknownKey']);
    cases.push(['no key at all', new SessionVault(undefined, logs.logger), stored, 'noKey']);
    const k1 = keyring('k1');
    const mine = new SessionVault(k1, logs.logger).seal(flow, record());
    const flipped = Buffer.from((mine.sensitive as SealedValues).data, 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    cases.push(['an altered ciphertext', new SessionVault(k1, logs.logger), { ...mine, sensitive: { ...(mine.sensitive as SealedValues), data: flipped.toString('base64') } }, 'notAuthentic']);
    // The same blob pasted onto another session does not open: the session key is authenticated too.
    cases.push(['a blob moved to another session', new SessionVault(k1, logs.logger), { ...mine, key: 'voice:CA2' }, 'notAuthentic']);
    for (const [name, vault, given, reason] of cases) {
      const opened = vault.open(given);
      expect(opened.session.vars, name).toEqual(withoutPuk.session.vars);
      expect(logs.lines.at(-1), name).toContain(`"reason":"${reason}"`);
    }
    expect(sealed.kid).toBe('k1');
    expect(logs.lines.join('')).not.toContain(PUK);
  });
  it('fingerprints as before: a kept answer written by an instance of the previous version is still recognised by its retry', () => {
    const event = JSON.stringify({ type: 'input', text: '1', digits: '1' });
    // The digests the previous versions kept (createHash / createHmac under the derived key), computed here apart.
    expect(new SessionVault(undefined, captureLogs().logger).fingerprint(event)).toBe(createHash('sha256').update(event).digest('base64url').slice(0, 22));
    const ring = keyring('k1');
    const derived = Buffer.from(hkdfSync('sha256', ring.current.key.export(), Buffer.alloc(0), 'griot turn answer fingerprint', 32));
    const keyed = new SessionVault(ring, captureLogs().logger);
    expect(keyed.fingerprint(event)).toBe(createHmac('sha256', derived).update(event).digest('base64url').slice(0, 22));
    // Twice the same (the key made once), and a text longer than a hash block, with non-Latin characters.
    expect(keyed.fingerprint(event)).toBe(keyed.fingerprint(event));
    const long = `${'é'.repeat(200)}${event}`;
    expect(keyed.fingerprint(long)).toBe(createHmac('sha256', derived).update(long).digest('base64url').slice(0, 22));
  });
});
