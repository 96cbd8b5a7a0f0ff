import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';

describe('login throttling settings', () => {
  it('defaults to 5 failures per 15 minutes, 20 a day, 50 per account, 100 per address, 30 bad tokens, and no trusted proxy', () => {
    const config = loadConfig({});
    expect(config.trustProxy).toBe(false);
    expect(config.authThrottle).toMatchObject({
      login: { maxFailures: 5, windowMinutes: 15, maxFailuresPerDay: 20, maxFailuresPerAccount: 50, maxFailuresPerAddress: 100 },
      badTokensPerAddress: 30,
      verifyQueue: 64,
    });
    expect(config.authThrottle.verifyConcurrency).toBeGreaterThanOrEqual(1);
  });

  it('reads each limit, 0 turning a rule off', () => {
    const config = loadConfig({
      GRIOT_LOGIN_MAX_FAILURES: '3',
      GRIOT_LOGIN_WINDOW_MINUTES: '30',
      GRIOT_LOGIN_MAX_FAILURES_PER_ACCOUNT: '0',
      GRIOT_LOGIN_CONCURRENCY: '2',
      GRIOT_BAD_TOKENS_PER_ADDRESS: '0',
    });
    expect(config.authThrottle).toMatchObject({ login: { maxFailures: 3, windowMinutes: 30, maxFailuresPerAccount: 0 }, badTokensPerAddress: 0, verifyConcurrency: 2 });
    expect(() => loadConfig({ GRIOT_LOGIN_MAX_FAILURES: 'five' })).toThrow(/GRIOT_LOGIN_MAX_FAILURES/);
  });

  it('trusts the proxies GRIOT_TRUST_PROXY names: a hop count, addresses, ranges', () => {
    expect(loadConfig({ GRIOT_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ GRIOT_TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ GRIOT_TRUST_PROXY: 'loopback, 10.0.0.0/8, 192.0.2.10, fd00::/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', '192.0.2.10', 'fd00::/8']);
  });

  it('refuses to trust every address, which would let clients choose the address they are throttled by', () => {
    for (const value of ['true', '*', 'all']) {
      expect(() => loadConfig({ GRIOT_TRUST_PROXY: value })).toThrow(ConfigError);
    }
    expect(() => loadConfig({ GRIOT_TRUST_PROXY: 'true' })).toThrow(/GRIOT_TRUST_PROXY: trusting every address/);
    expect(() => loadConfig({ GRIOT_TRUST_PROXY: 'proxy.example' })).toThrow(/"proxy.example" is not a hop count/);
    expect(() => loadConfig({ GRIOT_TRUST_PROXY: '7' })).not.toThrow();
    expect(() => loadConfig({ GRIOT_TRUST_PROXY: '127' })).toThrow(/hop count is 1 to 10/);
  });

  it('refuses a range so wide it names clients, not proxies: any of them would choose the address it is throttled by', () => {
    // 0.0.0.0/0 trusts every IPv4 sender as `true` would; ::/0 and any IPv6 range holding ::ffff:0:0/96
    // trust every IPv4 client too (express compares an IPv4 peer with an IPv6 range as ::ffff:a.b.c.d).
    for (const value of ['0.0.0.0/0', '0.0.0.0/1, 128.0.0.0/1', '10.0.0.5, 64.0.0.0/2', '::/0', '::/8', '::ffff:0.0.0.0/96', '::ffff:0:0/100', '2000::/3']) {
      expect(() => loadConfig({ GRIOT_TRUST_PROXY: value }), value).toThrow(/GRIOT_TRUST_PROXY: .* is too wide/);
    }
    // A cloud's or a CDN's proxy ranges, a private network, the IPv4-mapped form of one proxy's range stay accepted.
    const accepted = '10.0.0.0/8, 104.16.0.0/13, 2400:cb00::/32, 2a06:98c0::/29, ::ffff:10.1.0.0/112, fd00::/8';
    expect(loadConfig({ GRIOT_TRUST_PROXY: accepted }).trustProxy).toHaveLength(6);
  });
});
