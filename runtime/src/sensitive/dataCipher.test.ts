import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseDataKeys, type DataKeyring } from './dataKeys.ts';
import { openJson, sealJson } from './dataCipher.ts';

const keyring = (): DataKeyring => {
  const parsed = parseDataKeys(`k1:${randomBytes(32).toString('base64')}`, undefined);
  if (!parsed.ok || !parsed.keyring) throw new Error('bad test key');
  return parsed.keyring;
};

describe('data cipher', () => {
  it('seals every value under an IV of its own, across many seals, and each opens only in its context', () => {
    const keys = keyring();
    const sealed = Array.from({ length: 2000 }, (_, i) => sealJson(keys, `channelState:ussd:${i}`, { screen: 'Votre code PUK est 12345678', i }));
    const ivs = sealed.map((s) => s.iv);
    expect(new Set(ivs).size).toBe(ivs.length);
    for (const iv of ivs) expect(Buffer.from(iv, 'base64')).toHaveLength(12);
    for (const [i, s] of sealed.entries()) {
      expect(s.data).not.toContain('12345678');
      expect(openJson(keys, `channelState:ussd:${i}`, s)).toEqual({ ok: true, value: { screen: 'Votre code PUK est 12345678', i } });
    }
    expect(openJson(keys, 'channelState:ussd:1', sealed[0]!)).toEqual({ ok: false, reason: 'notAuthentic' });
  });
});
