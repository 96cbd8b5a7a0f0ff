import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HmacKey } from './HmacKey.ts';

describe('HmacKey', () => {
  it('gives the same 32 bytes as createHmac, for keys of any length and messages of any size, again and again', () => {
    const keys = ['', 'k', 'wh_secret_6b1f0e', 'k'.repeat(64), 'k'.repeat(65), `clé-${'é'.repeat(100)}`];
    const texts = ['', '{"call_sid":"CA1"}', 'ünïcødé ☎ 1919', 'b'.repeat(70_000)];
    for (const secret of keys) {
      for (const key of [new HmacKey(secret), new HmacKey(Buffer.from(secret, 'utf8'))]) {
        for (const prefix of ['', '1790000000.', 'caller\u0000', 'clé\u0000', '☎ 1919.']) {
          for (const text of texts) {
            const expected = createHmac('sha256', secret).update(prefix).update(text).digest('hex');
            expect(key.digest(prefix, text).toString('hex')).toBe(expected);
            expect(key.digest(prefix, Buffer.from(text)).toString('hex')).toBe(expected);
          }
        }
      }
    }
  });

  it('takes a prefix as UTF-8, as createHmac does: two prefixes never sign alike', () => {
    const key = new HmacKey('secret');
    // U+0100 and U+0000 were one byte each as Latin-1 (0x00): a domain made of the one signed as the other.
    expect(key.digest('\u0100', 'x').equals(key.digest('\u0000', 'x'))).toBe(false);
    expect(key.digest('é', 'x').toString('hex')).toBe(createHmac('sha256', 'secret').update('é').update('x').digest('hex'));
  });

  it("leaves neither the key nor the message in Node's shared buffer pool", () => {
    // Bytes to look for, made outside the pool (Buffer.from of a short string would put them in it).
    const unpooled = (text: string) => {
      const bytes = Buffer.alloc(Buffer.byteLength(text));
      bytes.write(text);
      return bytes;
    };
    const slab = () => Buffer.from(Buffer.allocUnsafe(1).buffer);
    const secret = 'wh_secret_9c4e1a7b2d';
    const number = '+2290197000001';
    const innerPad = unpooled(secret);
    for (let i = 0; i < innerPad.length; i++) innerPad[i] = (innerPad[i] as number) ^ 0x36;
    const before = slab();
    const key = new HmacKey(secret);
    const mac = key.digest('caller\u0000', number);
    for (const pool of [before, slab()]) {
      expect(pool.includes(unpooled(secret))).toBe(false);
      expect(pool.includes(innerPad)).toBe(false);
      expect(pool.includes(unpooled(number))).toBe(false);
    }
    expect(mac.toString('hex')).toBe(createHmac('sha256', secret).update('caller\u0000').update(number).digest('hex'));
  });

  it('keeps each digest apart from the next (its own buffer)', () => {
    const key = new HmacKey('secret');
    const first = key.digest('1.', 'a');
    const copy = Buffer.from(first);
    key.digest('2.', 'b');
    expect(first.equals(copy)).toBe(true);
  });
});
