import { afterEach, describe, expect, it, vi } from 'vitest';
import { loginFrom, requestFrom } from './helpers/fromAddress.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './helpers/testServer.ts';

// Counts every argon2 verification the server runs, to see that a throttled attempt runs none.
const argon2 = vi.hoisted(() => ({ verifications: 0 }));
vi.mock('../src/auth/passwords.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/auth/passwords.ts')>();
  return {
    ...original,
    verifyPassword: (hash: string, password: string) => {
      argon2.verifications += 1;
      return original.verifyPassword(hash, password);
    },
  };
});

const ATTACKER = '127.0.0.1';
const ELSEWHERE = '127.0.0.2';
const PASSWORD = 'correct horse battery';
const MINUTE = 60_000;

/**
 * A server whose clock the test moves (windows and blocks pass without waiting). It starts at
 * the real time: the retention job purges expired counters by the real clock.
 */
async function serverWithClock(env: Record<string, string> = {}, dataDir?: string, clock = { ms: Date.now() }) {
  const server = await startTestServer({ env, ...(dataDir ? { dataDir } : {}), start: { now: () => new Date(clock.ms).toISOString() } });
  return { server, clock };
}

async function createUser(server: TestServer, username: string) {
  const created = await server.admin.post('/api/users', { username, password: PASSWORD, roles: ['viewer'] });
  expect(created.status).toBe(201);
}

/** `count` logins with a wrong password from `address`, `inFlight` at a time, as a script would. */
async function guess(server: TestServer, address: string, username: string, count: number, inFlight = 24) {
  const statuses: number[] = [];
  for (let sent = 0; sent < count; sent += inFlight) {
    const batch = Array.from({ length: Math.min(inFlight, count - sent) }, (_, i) => loginFrom(address, server.url, username, `guess-${sent + i}`));
    statuses.push(...(await Promise.all(batch)).map((r) => r.status));
  }
  return { unauthorized: statuses.filter((s) => s === 401).length, throttled: statuses.filter((s) => s === 429).length, other: statuses.filter((s) => s !== 401 && s !== 429) };
}

describe('login throttling', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  it('refuses the right password with 429 and Retry-After after a burst of wrong ones, without hashing, until the block ends', async () => {
    const { server, clock } = await serverWithClock();
    servers.push(server);
    await createUser(server, 'awa');

    const before = argon2.verifications;
    const burst = await guess(server, ATTACKER, 'awa', 300);
    // Only the first five were checked; every other one was refused before argon2.
    expect(burst).toEqual({ unauthorized: 5, throttled: 295, other: [] });
    expect(argon2.verifications - before).toBe(5);

    const verificationsBlocked = argon2.verifications;
    const refused = await loginFrom(ATTACKER, server.url, 'awa', PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('login_throttled');
    expect(refused.body.error.message).toMatch(/too many failed logins .* try again in 15 minutes/);
    expect(Number(refused.headers['retry-after'])).toBe(15 * 60);
    expect(refused.body.retryAfterSeconds).toBe(15 * 60);
    expect(argon2.verifications).toBe(verificationsBlocked);

    clock.ms += 14 * MINUTE;
    const stillRefused = await loginFrom(ATTACKER, server.url, 'awa', PASSWORD);
    expect(stillRefused.status).toBe(429);
    expect(Number(stillRefused.headers['retry-after'])).toBe(60);

    clock.ms += MINUTE + 1000;
    expect((await loginFrom(ATTACKER, server.url, 'awa', PASSWORD)).status).toBe(200);
  });

  it('blocks a username that does not exist exactly like one that does', async () => {
    const { server } = await serverWithClock();
    servers.push(server);
    await createUser(server, 'kofi');
    const real = await guess(server, ATTACKER, 'kofi', 8, 1);
    const ghost = await guess(server, ATTACKER, 'nobody-here', 8, 1);
    expect(ghost).toEqual(real);
    const [a, b] = await Promise.all([loginFrom(ATTACKER, server.url, 'kofi', 'x'), loginFrom(ATTACKER, server.url, 'nobody-here', 'x')]);
    expect([a.status, b.status]).toEqual([429, 429]);
    expect(b.body.error).toEqual(a.body.error);
  });

  it('does not lock out the same account from another address, nor another account', async () => {
    const { server } = await serverWithClock();
    servers.push(server);
    await createUser(server, 'awa');
    await createUser(server, 'kofi');
    await guess(server, ATTACKER, 'awa', 20);
    expect((await loginFrom(ATTACKER, server.url, 'awa', PASSWORD)).status).toBe(429);
    expect((await loginFrom(ELSEWHERE, server.url, 'kofi', PASSWORD)).status).toBe(200);
    expect((await loginFrom(ELSEWHERE, server.url, 'awa', PASSWORD)).status).toBe(200);
    // The attacker's own address may still log in to another account it knows the password of.
    expect((await loginFrom(ATTACKER, server.url, 'kofi', PASSWORD)).status).toBe(200);
  });

  it("forgets the account's failures after a successful login", async () => {
    const { server } = await serverWithClock();
    servers.push(server);
    await createUser(server, 'awa');
    expect(await guess(server, ATTACKER, 'awa', 4, 1)).toEqual({ unauthorized: 4, throttled: 0, other: [] });
    expect((await loginFrom(ATTACKER, server.url, 'awa', PASSWORD)).status).toBe(200);
    expect(await guess(server, ATTACKER, 'awa', 4, 1)).toEqual({ unauthorized: 4, throttled: 0, other: [] });
    expect(await guess(server, ATTACKER, 'awa', 2, 1)).toEqual({ unauthorized: 1, throttled: 1, other: [] });
  });

  it('makes repeated blocks longer: the fourth round in a day blocks for 24 hours', async () => {
    const { server, clock } = await serverWithClock();
    servers.push(server);
    await createUser(server, 'awa');
    for (let round = 1; round <= 3; round++) {
      expect(await guess(server, ATTACKER, 'awa', 6, 1)).toEqual({ unauthorized: 5, throttled: 1, other: [] });
      clock.ms += 15 * MINUTE + 1000;
    }
    expect(await guess(server, ATTACKER, 'awa', 5, 1)).toEqual({ unauthorized: 5, throttled: 0, other: [] });
    const refused = await loginFrom(ATTACKER, server.url, 'awa', PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBe(24 * 3600);
    expect(refused.body.error.message).toMatch(/try again in 24 hours/);
  });

  it('limits one address trying many usernames', async () => {
    const { server } = await serverWithClock({ GRIOT_LOGIN_MAX_FAILURES_PER_ADDRESS: '12' });
    servers.push(server);
    await createUser(server, 'kofi');
    for (const name of ['a1', 'a2', 'a3', 'a4']) await guess(server, ATTACKER, name, 3, 1);
    const refused = await loginFrom(ATTACKER, server.url, 'kofi', PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.body.rule).toBe('address');
    expect(Number(refused.headers['retry-after'])).toBe(3600);
    expect((await loginFrom(ELSEWHERE, server.url, 'kofi', PASSWORD)).status).toBe(200);
  });

  it('limits one account guessed from many addresses, for every address', async () => {
    const { server } = await serverWithClock({ GRIOT_LOGIN_MAX_FAILURES_PER_ACCOUNT: '9' });
    servers.push(server);
    await createUser(server, 'awa');
    for (const address of ['127.0.0.11', '127.0.0.12', '127.0.0.13']) expect((await guess(server, address, 'awa', 3, 1)).unauthorized).toBe(3);
    const refused = await loginFrom('127.0.0.14', server.url, 'awa', PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.body.rule).toBe('account');
  });

  it('ignores X-Forwarded-For unless GRIOT_TRUST_PROXY names the proxy', async () => {
    const { server: direct } = await serverWithClock();
    servers.push(direct);
    await createUser(direct, 'awa');
    // Without a trusted proxy, a header naming a new address per attempt changes nothing.
    const spoofed = await Promise.all(Array.from({ length: 8 }, (_, i) => loginFrom(ATTACKER, direct.url, 'awa', 'wrong', { 'x-forwarded-for': `203.0.113.${i + 1}` })));
    expect(spoofed.filter((r) => r.status === 401)).toHaveLength(5);

    const { server: proxied } = await serverWithClock({ GRIOT_TRUST_PROXY: 'loopback' });
    servers.push(proxied);
    await createUser(proxied, 'awa');
    // Behind a trusted proxy, the client it names is the one throttled, not the proxy.
    for (let i = 0; i < 6; i++) await loginFrom(ATTACKER, proxied.url, 'awa', 'wrong', { 'x-forwarded-for': '203.0.113.7' });
    expect((await loginFrom(ATTACKER, proxied.url, 'awa', PASSWORD, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(429);
    expect((await loginFrom(ATTACKER, proxied.url, 'awa', PASSWORD, { 'x-forwarded-for': '203.0.113.8' })).status).toBe(200);
    const audit = await proxied.admin.get('/api/audit?limit=50');
    expect(audit.body.find((e: { action: string }) => e.action === 'auth.throttled').details.address).toBe('203.0.113.7');
  });

  it('audits failures without the password, and each block once', async () => {
    const { server } = await serverWithClock();
    servers.push(server);
    await createUser(server, 'awa');
    await guess(server, ATTACKER, 'awa', 30);
    await loginFrom(ELSEWHERE, server.url, 'awa', PASSWORD);
    const audit: Array<{ action: string; actor: string; details?: Record<string, unknown> }> = (await server.admin.get('/api/audit?limit=200')).body;
    const failed = audit.filter((e) => e.action === 'auth.loginFailed');
    expect(failed).toHaveLength(5);
    expect(failed[0]).toMatchObject({ actor: 'awa', details: { address: ATTACKER } });
    expect(JSON.stringify(audit)).not.toContain('guess-');
    const blocks = audit.filter((e) => e.action === 'auth.throttled');
    expect(blocks).toEqual([expect.objectContaining({ actor: 'awa', details: { address: ATTACKER, rule: 'account+address', blockedForSeconds: 900 } })]);
    expect(audit.find((e) => e.action === 'auth.login')).toMatchObject({ actor: 'awa', details: { address: ELSEWHERE } });
  });

  it('keeps counting across a restart on the same DATA_DIR', async () => {
    const { server: first, clock } = await serverWithClock();
    await createUser(first, 'awa');
    await guess(first, ATTACKER, 'awa', 10);
    await first.stop({ keepData: true });

    const { server: again } = await serverWithClock({}, first.dataDir, clock);
    servers.push(again);
    const refused = await loginFrom(ATTACKER, again.url, 'awa', PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBe(15 * 60);
  });
});

describe('bearer token throttling', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  it('refuses every bearer token from an address that sent too many unknown ones, and audits the block', async () => {
    const { server, clock } = await serverWithClock({ GRIOT_BAD_TOKENS_PER_ADDRESS: '10' });
    servers.push(server);
    const bearer = (address: string, token: string) => requestFrom(address, server.url, 'GET', '/api/auth/me', { headers: { authorization: `Bearer ${token}` } });
    const guesses = await Promise.all(Array.from({ length: 25 }, (_, i) => bearer(ATTACKER, `griot_guess${i}`)));
    expect(guesses.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(10);
    // Once blocked, even the right token from that address is refused: a lucky guess gains nothing.
    const refused = await bearer(ATTACKER, ADMIN_TOKEN);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('token_throttled');
    expect(Number(refused.headers['retry-after'])).toBe(3600);
    expect((await bearer(ELSEWHERE, ADMIN_TOKEN)).status).toBe(200);
    // The test's admin client is on the blocked address too: read the audit from elsewhere.
    const audit = (await requestFrom(ELSEWHERE, server.url, 'GET', '/api/audit?limit=50', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).body;
    expect(audit.filter((e: { action: string }) => e.action === 'auth.throttled')).toEqual([
      expect.objectContaining({ actor: 'anonymous', target: `address:${ATTACKER}`, details: { address: ATTACKER, rule: 'bearer/address', blockedForSeconds: 3600 } }),
    ]);
    clock.ms += 3600_000 + 1000;
    expect((await bearer(ATTACKER, ADMIN_TOKEN)).status).toBe(200);
  });

  it('does not count valid tokens', async () => {
    const { server } = await serverWithClock({ GRIOT_BAD_TOKENS_PER_ADDRESS: '3' });
    servers.push(server);
    for (let i = 0; i < 20; i++) expect((await requestFrom(ATTACKER, server.url, 'GET', '/api/auth/me', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(200);
  });
});
