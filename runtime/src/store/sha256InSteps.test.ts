import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256InSteps } from './sha256InSteps.ts';

describe('sha256InSteps', () => {
  it('gives the hash of the whole content, whatever its size against the steps, letting the event loop turn between steps', async () => {
    for (const size of [0, 1, 512 * 1024 - 1, 512 * 1024, 512 * 1024 + 1, 3 * 512 * 1024 + 17]) {
      const content = Buffer.alloc(size, size % 251);
      expect(await sha256InSteps(content)).toBe(createHash('sha256').update(content).digest('hex'));
    }
    // 10 MiB: the loop turns in between (one call of createHash held it 6–28 ms).
    let turns = 0;
    let turning = true;
    const spin = () => {
      turns += 1;
      if (turning) setImmediate(spin);
    };
    setImmediate(spin);
    const big = Buffer.alloc(10 * 1024 * 1024, 7);
    const hash = await sha256InSteps(big.subarray(1));
    turning = false;
    expect(hash).toBe(createHash('sha256').update(big.subarray(1)).digest('hex'));
    expect(turns).toBeGreaterThanOrEqual(10);
  });
});
