import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwoInstances, type Instance, type TwoInstances } from './helpers/twoInstances.ts';

/**
 * Wrong channel secrets were counted per instance: an attacker whose requests a load balancer
 * spread over two instances of one line had 10 tries on each, 20 in all (N instances, N × 10).
 * Now each wrong guess also counts in the store's throttle counters (the right secret's path
 * reads none), and an instance learns a block another set at the address's next wrong guess.
 * On SQLite here; on MongoDB with MONGODB_URI set (the helper's second store).
 */
const USSD_TOKEN = 'ussd-token-two-instances-0123456789';
let pair: TwoInstances;

beforeAll(async () => {
  pair = await startTwoInstances({ env: { USSD_CALLBACK_TOKEN: USSD_TOKEN, GRIOT_TRUST_PROXY: 'loopback' } });
}, 120_000);
afterAll(async () => {
  await pair?.stop();
});

let session = 0;
async function ussd(instance: Instance, address: string, token: string): Promise<number> {
  const res = await fetch(`${instance.url}/ussd?token=${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address },
    body: `sessionId=two-${++session}&serviceCode=*123%23&phoneNumber=%2B2290197000001&text=`,
  });
  await res.arrayBuffer();
  return res.status;
}

describe('wrong channel secrets counted across the instances of one store', () => {
  it('gives an address spread over two instances about the tries of one, and the platform still gets in on both', { timeout: 60_000 }, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push(await ussd(i % 2 === 0 ? pair.a : pair.b, '203.0.113.21', `guess-${i}`));
    const compared = statuses.filter((s) => s === 401).length;
    // 10, plus the one that taught the other instance; per instance it was 20.
    expect(compared).toBeGreaterThanOrEqual(10);
    expect(compared).toBeLessThanOrEqual(12);
    expect(statuses.slice(12).every((s) => s === 429)).toBe(true);
    // Blocked on both, the right token included.
    expect(await ussd(pair.a, '203.0.113.21', USSD_TOKEN)).toBe(429);
    expect(await ussd(pair.b, '203.0.113.21', USSD_TOKEN)).toBe(429);
    // The gateway, from its own address, on either instance.
    expect(await ussd(pair.a, '198.51.100.21', USSD_TOKEN)).toBe(200);
    expect(await ussd(pair.b, '198.51.100.21', USSD_TOKEN)).toBe(200);
  });
});
