import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

const noJitter = () => 0.5;

describe('backoffDelay', () => {
  it('doubles from the base up to the cap', () => {
    const options = { baseMs: 100, maxMs: 1000 };
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, options, undefined, noJitter))).toEqual([100, 200, 400, 800, 1000]);
  });

  it('spreads delays by the jitter', () => {
    const options = { baseMs: 100, maxMs: 1000, jitter: 0.5 };
    expect(backoffDelay(1, options, undefined, () => 0)).toBe(50);
    expect(backoffDelay(1, options, undefined, () => 1)).toBe(150);
  });

  it('honours Retry-After within the cap', () => {
    expect(backoffDelay(1, { baseMs: 100, maxMs: 5000 }, 2, noJitter)).toBe(2000);
    expect(backoffDelay(1, { baseMs: 100, maxMs: 5000 }, 60, noJitter)).toBe(5000);
  });
});
