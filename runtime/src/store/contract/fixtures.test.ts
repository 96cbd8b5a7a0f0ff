import { describe, expect, it } from 'vitest';
import { at, loginSession, session, T0 } from './fixtures.ts';

/** The contract's instants against the real clock (issue 18, point 11). */
describe('store contract fixtures', () => {
  it('expire after the run: MongoDB’s TTL monitor never removes a record a test still reads', () => {
    const inADay = Date.now() + 24 * 60 * 60 * 1000;
    expect(Date.parse(T0)).toBeGreaterThan(inADay);
    // The earliest expiries the contract stores.
    for (const expiresAt of [session('voice:CA1', at(10)).expiresAt, loginSession('l1', 'u1', at(1)).expiresAt, at(0)]) {
      expect(Date.parse(expiresAt)).toBeGreaterThan(inADay);
    }
  });
});
