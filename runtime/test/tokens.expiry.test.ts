import { afterEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/auth/secrets.ts';
import { apiClient } from './helpers/http.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';

const DAY = 86_400_000;
const PASSWORD = 'correct horse battery';

/**
 * API tokens expire: after 90 days unless their maker chose another delay, never only when
 * asked for explicitly; tokens made before expiries existed keep working. An expired token gets
 * the 401 of an unknown one. A password reset by an admin revokes the user's tokens, and so does
 * a user changing their own password unless they ask to keep them (passwordChange.tokens.test.ts).
 */
describe('API tokens expire, and a reset revokes them', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  /** A server whose clock the test moves, and a user logged in on it. */
  async function setUp() {
    const clock = { ms: Date.now() };
    const server = await startTestServer({ start: { now: () => new Date(clock.ms).toISOString() } });
    servers.push(server);
    const awa = await userWithRoles(server, 'awa', ['tester']);
    /** The user logged in again (a browser session lasts hours; the test moves days). */
    const again = async () => {
      const login = await server.anonymous.post('/api/auth/login', { username: 'awa', password: PASSWORD });
      return apiClient(server.url, { cookie: login.headers.get('set-cookie')!.split(';')[0]! });
    };
    return { server, clock, awa, again };
  }
  const me = (server: TestServer, token: string) => apiClient(server.url, { token }).get('/api/auth/me');

  it('lasts 90 days by default, then gets the same 401 as an unknown token, and is listed with its expiry', async () => {
    const { server, clock, awa, again } = await setUp();
    const created = await awa.post('/api/tokens', { name: 'ci' });
    expect(created.status).toBe(201);
    expect(created.body.expiresAt).toBe(new Date(clock.ms + 90 * DAY).toISOString());
    expect((await awa.get('/api/tokens')).body).toEqual([expect.objectContaining({ id: created.body.id, expiresAt: created.body.expiresAt })]);

    clock.ms += 90 * DAY - 60_000;
    expect((await me(server, created.body.token)).status).toBe(200);
    clock.ms += 60_000;
    const refused = await me(server, created.body.token);
    const unknown = await me(server, 'griot_not-a-token');
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual(unknown.body);
    // Still listed, so that its owner sees why their script stopped, and removes it.
    expect((await (await again()).get('/api/tokens')).body).toEqual([expect.objectContaining({ id: created.body.id, expiresAt: created.body.expiresAt })]);
  });

  it('lasts the days asked for, or for ever only when asked for', async () => {
    const { server, clock, awa } = await setUp();
    const week = await awa.post('/api/tokens', { name: 'week', expiresInDays: 7 });
    expect(week.body.expiresAt).toBe(new Date(clock.ms + 7 * DAY).toISOString());
    const forever = await awa.post('/api/tokens', { name: 'monitoring', expiresInDays: null });
    expect(forever.status).toBe(201);
    expect(forever.body.expiresAt).toBeNull();
    expect((await awa.post('/api/tokens', { name: 'zero', expiresInDays: 0 })).status).toBe(400);
    expect((await awa.post('/api/tokens', { name: 'huge', expiresInDays: 100_000 })).status).toBe(400);

    clock.ms += 8 * DAY;
    expect((await me(server, week.body.token)).status).toBe(401);
    clock.ms += 3650 * DAY;
    expect((await me(server, forever.body.token)).status).toBe(200);
  });

  it('keeps a token made before expiries existed working, listed as never expiring', async () => {
    const { server, clock, awa } = await setUp();
    const userId = (await awa.get('/api/auth/me')).body.user.id;
    const token = 'griot_made-by-an-older-griot-0123456789';
    await server.store.putToken({ id: `tok_${userId}_old`, userId, name: 'old', tokenHash: sha256Hex(token), createdAt: new Date(clock.ms - 400 * DAY).toISOString() });
    expect((await me(server, token)).status).toBe(200);
    expect((await awa.get('/api/tokens')).body).toEqual([expect.objectContaining({ id: `tok_${userId}_old`, expiresAt: null })]);
  });

  it("revokes a user's tokens when an admin resets their password or sets a new one", async () => {
    const { server, awa, again } = await setUp();
    const userId = (await awa.get('/api/auth/me')).body.user.id;
    const kept = await awa.post('/api/tokens', { name: 'ci' });
    expect((await awa.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'another long passphrase', keepApiTokens: true })).status).toBe(200);
    expect((await me(server, kept.body.token)).status).toBe(200);

    expect((await server.admin.post(`/api/users/${userId}/reset-password`)).status).toBe(200);
    expect((await me(server, kept.body.token)).status).toBe(401);
    const reset = (await server.admin.get(`/api/audit?target=user:${userId}`)).body.find((e: { action: string }) => e.action === 'user.resetPassword');
    expect(reset.details).toMatchObject({ sessionsEnded: 1, tokensRevoked: 1 });

    // The admin sets a password; the user logs in with it, changes it, makes a token; the admin sets another.
    expect((await server.admin.patch(`/api/users/${userId}`, { password: PASSWORD, mustChangePassword: false })).status).toBe(200);
    const fresh = await (await again()).post('/api/tokens', { name: 'ci again' });
    expect(fresh.status).toBe(201);
    expect((await server.admin.patch(`/api/users/${userId}`, { password: 'set by the admin again' })).status).toBe(200);
    expect((await me(server, fresh.body.token)).status).toBe(401);
  });
});
