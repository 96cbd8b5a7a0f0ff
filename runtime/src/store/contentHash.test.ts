import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentHasher, contentHashOf } from './contentHash.ts';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('a content hashed as it arrived', () => {
  it('is taken for exactly the buffer it was sealed to; any other buffer is hashed from its own bytes', async () => {
    const body = Buffer.alloc(1_500_000, 7);
    const hasher = contentHasher();
    for (let at = 0; at < body.length; at += 65_536) hasher.update(body.subarray(at, at + 65_536));
    hasher.seal(body);
    expect(await contentHashOf(body)).toBe(sha(body));
    // The same bytes elsewhere, a part of the buffer: each hashed from its own bytes. (A sealed buffer changed after would keep
    // its sealed hash: nothing writes into an upload's body once read, see contentHash.ts; not tested here.)
    expect(await contentHashOf(Buffer.from(body))).toBe(sha(body));
    expect(await contentHashOf(body.subarray(10))).toBe(sha(body.subarray(10)));
  });
});
