import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseDataKeys } from './dataKeys.ts';

const secret = randomBytes(32).toString('base64');

describe('GRIOT_DATA_KEY and GRIOT_DATA_KEY_PREVIOUS', () => {
  it('reads <id>:<base64 of 32 bytes>, and previous keys that may still open', () => {
    const older = randomBytes(32).toString('base64url');
    const parsed = parseDataKeys(`2026-11:${secret}`, ` 2026-05:${older} `);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.keyring?.current.id).toBe('2026-11');
    expect(parsed.keyring?.current.key.symmetricKeySize).toBe(32);
    expect([...(parsed.keyring?.readable.keys() ?? [])]).toEqual(['2026-11', '2026-05']);
  });

  it('is optional: without it there is no keyring', () => {
    expect(parseDataKeys(undefined, undefined)).toEqual({ ok: true });
  });

  it.each([
    ['no key id', [secret, undefined], 'GRIOT_DATA_KEY', /key id is missing/],
    ['not base64', ['k1:not*base64!', undefined], 'GRIOT_DATA_KEY', /key k1 is not base64/],
    ['16 bytes', [`k1:${randomBytes(16).toString('base64')}`, undefined], 'GRIOT_DATA_KEY', /key k1 is 16 bytes, not 32/],
    ['a bad previous key', [`k2:${secret}`, `k1:${randomBytes(31).toString('base64')}`], 'GRIOT_DATA_KEY_PREVIOUS', /31 bytes/],
    ['a previous key with the current id', [`k1:${secret}`, `k1:${randomBytes(32).toString('base64')}`], 'GRIOT_DATA_KEY_PREVIOUS', /used twice/],
    ['previous keys without a current one', [undefined, `k1:${secret}`], 'GRIOT_DATA_KEY', /must be set/],
  ] as const)('refuses %s, naming the variable and never repeating the key', (_case, [current, previous], variable, message) => {
    const parsed = parseDataKeys(current, previous);
    expect(parsed).toMatchObject({ ok: false, variable, message: expect.stringMatching(message) });
    if (!parsed.ok) expect(parsed.message).not.toContain(secret);
  });
});
