import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HmacKey } from './HmacKey.ts';

describe('HmacKey', () => {
  it('gives the same 32 bytes as createHmac, for keys of any length and messages of any size, again and again', () => {
    const keys = ['', 'k', 'wh_secret_6b1f0e', 'k'.repeat(64), 'k'.repeat(65), `clé-${'é'.repeat(100)}`];
    const texts = ['', '{"call_sid":"CA1"}', 'ünïcødé ☎ 1919', 'b'.repeat(70_000)];
    for (const secret of keys) {
      for (const key of [new HmacKey(secret), new HmacKey(Buffer.from(secret, 'utf8'))]) {
        for (const prefix of ['', '1790000000.', 'caller\u0000']) {
          for (const text of texts) {
            const expected = createHmac('sha256', secret).update(prefix, 'latin1').update(text).digest('hex');
            expect(key.digest(prefix, text).toString('hex')).toBe(expected);
            expect(key.digest(prefix, Buffer.from(text)).toString('hex')).toBe(expected);
          }
        }
      }
    }
  });

  it('keeps each digest apart from the next (its own buffer)', () => {
    const key = new HmacKey('secret');
    const first = key.digest('1.', 'a');
    const copy = Buffer.from(first);
    key.digest('2.', 'b');
    expect(first.equals(copy)).toBe(true);
  });
});
