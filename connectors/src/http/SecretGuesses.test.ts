import { describe, expect, it } from 'vitest';
import { ChannelConfigError } from '../channel/ChannelConfigError.ts';
import { SecretGuesses, secretGuessesFromEnv, type SharedGuessCounts } from './SecretGuesses.ts';
import { allowList, readUssdConfig } from '../ussd/ussdConfig.ts';
import { checkUssdAccess } from '../ussd/ussdAccess.ts';

describe('wrong secrets counted per address', () => {
  it('refuses an address for the block once it used its tries in the window, then gives them back', () => {
    let now = 0;
    const guesses = new SecretGuesses({ maxFailures: 3, windowMs: 60_000, blockMs: 600_000, now: () => now });
    expect([guesses.failed('203.0.113.1'), guesses.failed('203.0.113.1')]).toEqual([0, 0]);
    expect(guesses.refusal('203.0.113.1')).toBe(0);
    expect(guesses.failed('::ffff:203.0.113.1')).toBe(600);
    expect(guesses.refusal('203.0.113.1')).toBe(600);
    expect(guesses.refusal('203.0.113.2')).toBe(0);
    now = 600_000;
    expect(guesses.refusal('203.0.113.1')).toBe(0);
    expect(guesses.failed('203.0.113.1')).toBe(0);
    // Failures older than the window are forgotten.
    now += 61_000;
    expect([guesses.failed('203.0.113.1'), guesses.failed('203.0.113.1')]).toEqual([0, 0]);
  });

  it('counts an IPv6 client by its /64, however many of its addresses it uses', () => {
    const guesses = new SecretGuesses({ maxFailures: 2, windowMs: 60_000, blockMs: 60_000 });
    guesses.failed('2001:db8:1:2::1');
    expect(guesses.failed('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe(60);
    expect(guesses.refusal('2001:0db8:0001:0002::77')).toBe(60);
    expect(guesses.refusal('2001:db8:1:3::1')).toBe(0);
  });

  it('remembers a bounded number of addresses: a flood of them costs no more memory', () => {
    const guesses = new SecretGuesses({ maxFailures: 5, windowMs: 60_000, blockMs: 60_000, maxAddresses: 100 });
    for (let i = 0; i < 5000; i++) guesses.failed(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    expect(guesses.size).toBe(100);
  });

  it('forgets no count nor block before it ends: an attacker cycling one address more than the table holds gets no more guesses', () => {
    let now = 0;
    const guesses = new SecretGuesses({ maxFailures: 3, windowMs: 60_000, blockMs: 600_000, maxAddresses: 100, now: () => now });
    const addresses = Array.from({ length: 101 }, (_, i) => `198.51.100.${i}`);
    // What a server does: a refused address is not compared; the others are, and counted when wrong.
    let compared = 0;
    for (let round = 0; round < 30; round++) {
      for (const ip of addresses) {
        if (guesses.refusal(ip) > 0) continue;
        compared += 1;
        guesses.failed(ip);
      }
      now += 1000;
    }
    // Forgetting the oldest, each address's count was gone before its third guess: 3,030 compared.
    expect(compared).toBeLessThanOrEqual(101 * 3 + 3);
    // A blocked address stays blocked however many others are blocked after it.
    const first = addresses[0] as string;
    expect(guesses.refusal(first)).toBeGreaterThan(0);
    for (let i = 0; i < 500; i++) for (let k = 0; k < 3; k++) guesses.failed(`203.0.${i >> 8}.${i & 255}`);
    expect(guesses.refusal(first)).toBeGreaterThan(0);
    expect(guesses.size).toBeLessThanOrEqual(200);
    // Once the blocks end, every address has its tries back, and the table empties as records end.
    now += 600_000;
    expect(guesses.refusal('192.0.2.1')).toBe(0);
    expect(guesses.failed(first)).toBe(0);
    expect(guesses.size).toBe(1);
  });

  it('refuses an address with no record only while the table is full and the shared count is spent', () => {
    let now = 0;
    const guesses = new SecretGuesses({ maxFailures: 2, windowMs: 60_000, blockMs: 600_000, maxAddresses: 2, now: () => now });
    guesses.failed('192.0.2.1');
    guesses.failed('192.0.2.2');
    // The platform, which never guessed wrong, is not refused while the shared count has tries left.
    expect(guesses.refusal('192.0.2.200')).toBe(0);
    expect([guesses.failed('192.0.2.3'), guesses.failed('192.0.2.4')]).toEqual([0, 600]);
    expect(guesses.refusal('192.0.2.200')).toBe(600);
    // The recorded addresses keep their own count.
    expect(guesses.refusal('192.0.2.1')).toBe(0);
    // Their windows end, the table has room again: nobody new is refused.
    now += 60_000;
    expect(guesses.refusal('192.0.2.200')).toBe(0);
  });

  it('lets the platform that gave the right secret through once an attack from more addresses than the tables hold spent the shared count', () => {
    let now = 0;
    const guesses = new SecretGuesses({ maxFailures: 2, windowMs: 60_000, blockMs: 600_000, maxAddresses: 100, now: () => now });
    const config = readUssdConfig({ USSD_CALLBACK_TOKEN: 'gateway-token-0123456789abcdef' }, true);
    const gateway = { ip: '196.201.214.10', queryToken: 'gateway-token-0123456789abcdef', authorization: undefined };
    expect(checkUssdAccess(gateway, config, guesses)).toBeNull();
    // 102 /64s of one home's /48 fill the table and spend the shared count, each with one wrong token.
    for (let i = 0; i < 102; i++) checkUssdAccess({ ip: `2001:db8:77:${i.toString(16)}::1`, queryToken: 'wrong', authorization: undefined }, config, guesses);
    expect(guesses.refusal('2001:db8:77:ffff::1')).toBe(600);
    // The gateway is still answered; a newcomer that never gave the secret is not.
    now += 1000;
    expect(checkUssdAccess(gateway, config, guesses)).toBeNull();
    // Its refusal says why (the metric's and the log's reason): not its own guesses, the addresses that fill the tables.
    expect(checkUssdAccess({ ...gateway, ip: '196.201.214.11' }, config, guesses)).toMatchObject({ status: 429, reason: 'tooManyAddresses' });
    // Its own wrong tokens still block it.
    checkUssdAccess({ ...gateway, queryToken: 'stale-token' }, config, guesses);
    checkUssdAccess({ ...gateway, queryToken: 'stale-token' }, config, guesses);
    expect(checkUssdAccess(gateway, config, guesses)).toMatchObject({ status: 429, reason: 'tooManyAddresses' });
    // One of the attacker's /64s with a count of its own: its second wrong token blocks it, for its own guesses.
    const attacker = { ip: '2001:db8:77:1::9', queryToken: 'wrong', authorization: undefined };
    expect(checkUssdAccess(attacker, config, guesses)).toMatchObject({ status: 401, reason: 'badToken' });
    expect(checkUssdAccess(attacker, config, guesses)).toMatchObject({ status: 429, reason: 'tooManyGuesses' });
  });

  it('writes to the store only the wrong guesses of addresses this instance has room for: a flood of new addresses adds no row each', async () => {
    const written = new Set<string>();
    const guesses = new SecretGuesses({ maxFailures: 3, windowMs: 60_000, blockMs: 600_000, maxAddresses: 100 });
    guesses.shareThrough({ add: async (key, points, durationMs) => (written.add(key), { points, expiresAt: durationMs }) }, 'ussd');
    for (let i = 0; i < 5000; i++) {
      guesses.failed(`2001:db8:${(i >> 8).toString(16)}:${(i & 255).toString(16)}::1`);
      if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(written.size).toBe(100);
  });

  it('awaits a bounded number of store writes: a flood of wrong guesses on a store that does not answer holds no more', async () => {
    let pending = 0;
    const guesses = new SecretGuesses({ maxFailures: 3, windowMs: 60_000, blockMs: 600_000 });
    guesses.shareThrough({ add: () => (pending++, new Promise(() => {})) }, 'voice');
    for (let i = 0; i < 20_000; i++) guesses.failed(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    expect(pending).toBeLessThanOrEqual(64);
    // A store that answers again frees the room.
    let written = 0;
    const answering = new SecretGuesses({ maxFailures: 3, windowMs: 60_000, blockMs: 600_000 });
    answering.shareThrough({ add: async (_key, points, durationMs) => (written++, { points, expiresAt: durationMs }) }, 'voice');
    for (let i = 0; i < 200; i++) {
      answering.failed(`10.0.${i >> 8}.${i & 255}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(written).toBe(200);
  });

  it('shares the count through the store: only wrong guesses write, and a block set elsewhere is learnt at the next wrong guess', async () => {
    let now = 1_000_000;
    const table = new Map<string, { points: number; expiresAt: number | null }>();
    const writes: string[] = [];
    // The store's throttle counters, as both stores keep them (addThrottlePoints).
    const counts: SharedGuessCounts = {
      add: async (key, points, durationMs, replace) => {
        writes.push(key);
        const live = table.get(key);
        const next = replace || !live || (live.expiresAt !== null && live.expiresAt <= now) ? { points, expiresAt: now + durationMs } : { points: live.points + points, expiresAt: live.expiresAt };
        table.set(key, next);
        return next;
      },
    };
    const instance = () => {
      const guesses = new SecretGuesses({ maxFailures: 4, windowMs: 60_000, blockMs: 600_000, now: () => now });
      guesses.shareThrough(counts, 'ussd');
      return guesses;
    };
    const [a, b] = [instance(), instance()];
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 4; i++) {
      (i % 2 === 0 ? a : b).failed('203.0.113.30');
      await settle();
    }
    // b counted the fourth (its second): the store's count reached 4, b blocks.
    expect(b.refusal('203.0.113.30')).toBe(600);
    // a learns at its next wrong guess, never on the right-secret path (refusal reads no store).
    const before = writes.length;
    expect(a.refusal('203.0.113.30')).toBe(0);
    expect(writes.length).toBe(before);
    now += 1000;
    a.failed('203.0.113.30');
    await settle();
    expect(a.refusal('203.0.113.30')).toBe(599);
    expect([...table.keys()]).toEqual(['secretGuess:ussd:203.0.113.30']);
    // An unreachable store leaves the count per instance.
    const alone = new SecretGuesses({ maxFailures: 2, windowMs: 60_000, blockMs: 600_000, now: () => now });
    alone.shareThrough({ add: () => Promise.reject(new Error('store down')) }, 'ussd');
    alone.failed('203.0.113.31');
    expect(alone.failed('203.0.113.31')).toBe(600);
    await settle();
  });

  it('reads GRIOT_SECRET_GUESSES_*: 0 turns it off, allowed addresses never counted, a wrong value named', () => {
    const off = secretGuessesFromEnv({ GRIOT_SECRET_GUESSES_PER_ADDRESS: '0' });
    for (let i = 0; i < 50; i++) off.failed('203.0.113.9');
    expect([off.refusal('203.0.113.9'), off.size]).toEqual([0, 0]);
    const allowed = secretGuessesFromEnv({ GRIOT_SECRET_GUESSES_PER_ADDRESS: '1', GRIOT_SECRET_GUESSES_ALLOWED_IPS: '10.0.0.0/8, 192.0.2.50' });
    expect([allowed.failed('10.1.2.3'), allowed.failed('192.0.2.50'), allowed.failed('192.0.2.51')]).toEqual([0, 0, 3600]);
    expect(() => secretGuessesFromEnv({ GRIOT_SECRET_GUESSES_PER_ADDRESS: 'ten' })).toThrow(ChannelConfigError);
    expect(() => secretGuessesFromEnv({ GRIOT_SECRET_GUESSES_ALLOWED_IPS: 'jambonz.example' })).toThrow(/GRIOT_SECRET_GUESSES_ALLOWED_IPS/);
  });

  it('refuses at start a count or a block that is not written plainly: `10.0.0.0/` would have allowed every address', () => {
    // An empty prefix read as /0 put the whole internet in the allow-list: nobody was ever throttled.
    for (const hostile of ['10.0.0.0/', '10.0.0.0/0x8', '10.0.0.0/1e1', '10.0.0.0/8/9', '10.0.0.0/ 8', '2001:db8::/']) {
      expect(() => secretGuessesFromEnv({ GRIOT_SECRET_GUESSES_ALLOWED_IPS: hostile }), hostile).toThrow(/GRIOT_SECRET_GUESSES_ALLOWED_IPS/);
    }
    for (const hostile of ['0x10', '1e1', '10.0', ' 1 0']) {
      expect(() => secretGuessesFromEnv({ GRIOT_SECRET_GUESSES_PER_ADDRESS: hostile }), hostile).toThrow(/GRIOT_SECRET_GUESSES_PER_ADDRESS/);
    }
    // USSD_ALLOWED_IPS is read the same way: `196.201.214.0/` let every address reach the token.
    expect(() => allowList('196.201.214.0/')).toThrow(/USSD_ALLOWED_IPS/);
    const strict = secretGuessesFromEnv({ GRIOT_SECRET_GUESSES_PER_ADDRESS: '1', GRIOT_SECRET_GUESSES_ALLOWED_IPS: '10.0.0.0/8' });
    expect([strict.failed('10.9.9.9'), strict.failed('203.0.113.77')]).toEqual([0, 3600]);
  });
});
