import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { logDigest, useLogDigestKey } from './logDigest.ts';

afterAll(() => useLogDigestKey(randomBytes(32)));

describe('useLogDigestKey', () => {
  it("keeps its own copy of the key, outside Node's shared buffer pool", () => {
    const slab = () => Buffer.from(Buffer.allocUnsafe(1).buffer);
    // A key made outside the pool, as the server's (`CallerHasher.logDigestKey`) is.
    const secret = Buffer.alloc(16);
    secret.write('9f2c4e6a8b0d1f3e5a7c9e1b3d5f7a9c', 'hex');
    const before = slab();
    useLogDigestKey(secret);
    const digest = logDigest('+2290197000001');
    for (const pool of [before, slab()]) expect(pool.includes(secret)).toBe(false);
    // Its own copy: the caller's buffer changed afterwards changes no digest.
    secret.fill(0);
    expect(logDigest('+2290197000001')).toBe(digest);
  });
});
