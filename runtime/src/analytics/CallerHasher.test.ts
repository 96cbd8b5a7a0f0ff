import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CallerHasher } from './CallerHasher.ts';

/** HMAC-SHA256 as analytics has always written it: facts already stored must keep matching. */
const hmac = (key: string, domain: string, text: string) => createHmac('sha256', Buffer.from(key, 'utf8')).update(domain).update('\u0000').update(text).digest('base64url').slice(0, 22);

describe('CallerHasher', () => {
  // The store's generated key (44 characters), a key of one block, and configured keys longer than a block.
  const keys = ['q2Yc0m3Vtq1gZb8S0q9v1bJxw7n5n3m2k1j0h9g8f7E=', 'k'.repeat(64), 'k'.repeat(65), `clé-${'é'.repeat(100)}`];

  it('hashes callers and contacts as HMAC-SHA256 with its key, however long the key', () => {
    for (const key of keys) {
      const hasher = CallerHasher.withKey(key);
      expect(hasher.caller('+2290197000001')).toBe(hmac(key, 'caller', '+2290197000001'));
      expect(hasher.contact('whatsapp:+22901970:2290197000001', '2026-03-02T10:00:00.000Z')).toBe(hmac(key, 'contact', 'whatsapp:+22901970:2290197000001\u00002026-03-02T10:00:00.000Z'));
    }
  });

  it('gives one contact the same id at every call and two contacts different ids, never the number in clear', () => {
    const hasher = CallerHasher.withKey(keys[0]!);
    const first = hasher.contact('voice:CA1', '2026-03-02T10:00:00.000Z');
    expect(hasher.contact('voice:CA1', '2026-03-02T10:00:00.000Z')).toBe(first);
    expect(hasher.contact('voice:CA1', '2026-03-02T10:05:00.000Z')).not.toBe(first);
    expect(CallerHasher.withKey(keys[1]!).contact('voice:CA1', '2026-03-02T10:00:00.000Z')).not.toBe(first);
    expect(hasher.caller('+2290197000001')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(hasher.caller('+2290197000001')).not.toContain('2290197000001');
  });

  it("leaves neither its key nor a caller's number in Node's shared buffer pool", () => {
    // Bytes to look for, made outside the pool (Buffer.from of a short string would put them in it).
    const unpooled = (text: string) => {
      const bytes = Buffer.alloc(Buffer.byteLength(text));
      bytes.write(text);
      return bytes;
    };
    const slab = () => Buffer.from(Buffer.allocUnsafe(1).buffer);
    const key = 'Zk3pQ8vN1xR7tB2mW9cL4hJ6fD0sA5gE=';
    const before = slab();
    CallerHasher.withKey(key).caller('+2290197004242');
    for (const pool of [before, slab()]) {
      expect(pool.includes(unpooled(key))).toBe(false);
      expect(pool.includes(unpooled('+2290197004242'))).toBe(false);
    }
  });

  it("derives the log digest key as before, outside Node's shared buffer pool", () => {
    const slab = () => Buffer.from(Buffer.allocUnsafe(1).buffer);
    const before = slab();
    const logKey = CallerHasher.withKey(keys[0]!).logDigestKey();
    for (const pool of [before, slab()]) expect(pool.includes(logKey)).toBe(false);
    // The same 16 bytes as ever: digests in logs already written keep matching `griot log-key`.
    expect(logKey.toString('hex')).toBe(Buffer.from(hmac(keys[0]!, 'log-digest-key', ''), 'base64url').toString('hex'));
  });
});
