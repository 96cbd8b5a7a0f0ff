import { afterEach, describe, expect, it } from 'vitest';
import { loginFrom, requestFrom } from './helpers/fromAddress.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

const PASSWORD = 'correct horse battery';
/** Ten addresses guessing five times each: the account-wide limit (50) without any address's (5). */
const GUESSERS = Array.from({ length: 10 }, (_, i) => `127.0.0.${20 + i}`);
const OWNER = '127.0.0.5';
const ELSEWHERE = '127.0.0.6';

/** The `griot_device` cookie a login answer sets, as a browser would send it back. */
function deviceCookieOf(headers: Record<string, string | string[] | undefined>): string {
  const setCookie = ([] as string[]).concat(headers['set-cookie'] ?? []);
  const device = setCookie.find((c) => c.startsWith('griot_device='));
  expect(device).toMatch(/HttpOnly/i);
  expect(device).toMatch(/Path=\/api\/auth/);
  return device!.split(';')[0]!;
}

async function lockAccountWide(server: TestServer, username: string) {
  for (const address of GUESSERS) {
    for (let i = 0; i < 5; i++) expect((await loginFrom(address, server.url, username, `guess-${i}`)).status).toBe(401);
  }
}

describe('known devices and the account-wide login limit', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  it('lets a browser that signed in before log in during an account-wide block; others stay blocked', { timeout: 60_000 }, async () => {
    const server = await startTestServer();
    servers.push(server);
    for (const username of ['awa', 'kofi']) expect((await server.admin.post('/api/users', { username, password: PASSWORD, roles: ['admin'] })).status).toBe(201);

    const awaBefore = await loginFrom(OWNER, server.url, 'awa', PASSWORD);
    expect(awaBefore.status).toBe(200);
    const awaDevice = deviceCookieOf(awaBefore.headers);
    const kofiDevice = deviceCookieOf((await loginFrom(OWNER, server.url, 'kofi', PASSWORD)).headers);

    await lockAccountWide(server, 'awa');

    // An unknown browser, even from the owner's usual address, is refused by the account rule.
    const unknown = await loginFrom(OWNER, server.url, 'awa', PASSWORD);
    expect(unknown.status).toBe(429);
    expect(unknown.body.rule).toBe('account');
    expect(Number(unknown.headers['retry-after'])).toBe(3600);

    // The browser awa signed in from before gets in, from any address.
    const known = await loginFrom(ELSEWHERE, server.url, 'awa', PASSWORD, { cookie: awaDevice });
    expect(known.status).toBe(200);
    expect(known.body.user.username).toBe('awa');

    // Kofi's device cookie is no help for awa's account, nor is a made-up or altered one.
    expect((await loginFrom(ELSEWHERE, server.url, 'awa', PASSWORD, { cookie: kofiDevice })).body.rule).toBe('account');
    const [deviceId, signature] = awaDevice.slice('griot_device='.length).split('.') as [string, string];
    const forged = [`griot_device=${'A'.repeat(22)}.${signature}`, `griot_device=${deviceId}.${'A'.repeat(22)}`, `griot_device=${deviceId}`];
    for (const cookie of forged) {
      const refused = await loginFrom(ELSEWHERE, server.url, 'awa', PASSWORD, { cookie });
      expect(refused.status).toBe(429);
      expect(refused.body.rule).toBe('account');
    }

    // The account-wide lock is in the audit log, for admins to see; the known device's login too.
    const audit: Array<{ action: string; actor: string; details?: Record<string, unknown> }> = (await server.admin.get('/api/audit?limit=200')).body;
    expect(audit.filter((e) => e.action === 'auth.throttled' && e.details?.rule === 'account')).toEqual([
      expect.objectContaining({ actor: 'awa', details: expect.objectContaining({ rule: 'account', blockedForSeconds: 3600 }) }),
    ]);
    expect(audit.find((e) => e.action === 'auth.login' && e.details?.address === ELSEWHERE)).toMatchObject({ actor: 'awa', details: { knownDevice: true } });
  });

  it('holds a known device to its own failure limit', async () => {
    const server = await startTestServer();
    servers.push(server);
    expect((await server.admin.post('/api/users', { username: 'awa', password: PASSWORD, roles: ['viewer'] })).status).toBe(201);
    const device = deviceCookieOf((await loginFrom(OWNER, server.url, 'awa', PASSWORD)).headers);
    // Five wrong passwords from five addresses with the same cookie: the device's own limit.
    for (let i = 0; i < 5; i++) expect((await loginFrom(GUESSERS[i]!, server.url, 'awa', 'wrong', { cookie: device })).status).toBe(401);
    const refused = await loginFrom(ELSEWHERE, server.url, 'awa', PASSWORD, { cookie: device });
    expect(refused.status).toBe(429);
    expect(refused.body.rule).toBe('account+device');
    // Without the cookie the account itself is not blocked.
    expect((await loginFrom(ELSEWHERE, server.url, 'awa', PASSWORD)).status).toBe(200);
  });

  it('honours no cookie minted before a password change or an admin reset', { timeout: 120_000 }, async () => {
    const server = await startTestServer();
    servers.push(server);
    const created = await server.admin.post('/api/users', { username: 'awa', password: PASSWORD, roles: ['viewer'] });
    expect(created.status).toBe(201);
    const first = await loginFrom(OWNER, server.url, 'awa', PASSWORD);
    const beforeChange = deviceCookieOf(first.headers);
    const session = ([] as string[])
      .concat(first.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('griot_session='))!
      .split(';')[0]!;

    // Awa changes her password (say it was phished): the cookie minted with the old one is spent.
    const NEW_PASSWORD = 'a password of my own';
    const changed = await requestFrom(OWNER, server.url, 'POST', '/api/auth/password', { body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, headers: { cookie: session } });
    expect(changed.status).toBe(200);
    const afterChange = deviceCookieOf((await loginFrom(OWNER, server.url, 'awa', NEW_PASSWORD)).headers);

    // An admin then resets it: the cookie minted after the change is spent as well.
    const reset = await server.admin.post(`/api/users/${created.body.id}/reset-password`, {});
    expect(reset.status).toBe(200);
    const printed: string = reset.body.password;

    await lockAccountWide(server, 'awa');
    for (const cookie of [beforeChange, afterChange]) {
      const refused = await loginFrom(ELSEWHERE, server.url, 'awa', printed, { cookie });
      expect(refused.status).toBe(429);
      expect(refused.body.rule).toBe('account');
    }
  });

  it('refuses a cookie issued more than 180 days ago, whatever the browser kept', { timeout: 60_000 }, async () => {
    const clock = { ms: Date.parse('2026-01-01T00:00:00Z') };
    const server = await startTestServer({ start: { now: () => new Date(clock.ms).toISOString() } });
    servers.push(server);
    expect((await server.admin.post('/api/users', { username: 'awa', password: PASSWORD, roles: ['viewer'] })).status).toBe(201);
    const device = deviceCookieOf((await loginFrom(OWNER, server.url, 'awa', PASSWORD)).headers);

    clock.ms += 181 * 86_400_000;
    await lockAccountWide(server, 'awa');
    const refused = await loginFrom(ELSEWHERE, server.url, 'awa', PASSWORD, { cookie: device });
    expect(refused.status).toBe(429);
    expect(refused.body.rule).toBe('account');
  });

  it('does not honour the cookie of an earlier user of the same name', { timeout: 60_000 }, async () => {
    // The same key (GRIOT_ANALYTICS_KEY) and username, but the user made anew: another id, another password hash.
    const env = { GRIOT_ANALYTICS_KEY: 'known-device-test-key-0123456789abcdef' };
    const before = await startTestServer({ env });
    servers.push(before);
    expect((await before.admin.post('/api/users', { username: 'awa', password: PASSWORD, roles: ['viewer'] })).status).toBe(201);
    const device = deviceCookieOf((await loginFrom(OWNER, before.url, 'awa', PASSWORD)).headers);

    const server = await startTestServer({ env });
    servers.push(server);
    expect((await server.admin.post('/api/users', { username: 'awa', password: PASSWORD, roles: ['viewer'] })).status).toBe(201);
    const fresh = deviceCookieOf((await loginFrom(OWNER, server.url, 'awa', PASSWORD)).headers);
    await lockAccountWide(server, 'awa');
    const refused = await loginFrom(ELSEWHERE, server.url, 'awa', PASSWORD, { cookie: device });
    expect(refused.status).toBe(429);
    expect(refused.body.rule).toBe('account');
    // The new user's own cookie still works.
    expect((await loginFrom(ELSEWHERE, server.url, 'awa', PASSWORD, { cookie: fresh })).status).toBe(200);
  });
});
