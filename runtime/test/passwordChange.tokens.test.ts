import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from './helpers/http.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';

const PASSWORD = 'correct horse battery';

/** Logs in over the API; the client carries the session cookie. */
async function logIn(server: TestServer, username: string, password: string): Promise<ApiClient> {
  const login = await server.anonymous.post('/api/auth/login', { username, password });
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  return apiClient(server.url, { cookie: login.headers.get('set-cookie')!.split(';')[0]! });
}

/**
 * After an account was taken over, the owner changing their password must shut the intruder out
 * for good: their browser sessions and the API tokens they minted alike.
 */
describe('changing one’s own password after a takeover', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await server.admin.post('/api/users', { username: 'ed1', password: PASSWORD, roles: ['editor'] });
    await server.admin.post('/api/flows', { document: testFlow({ id: 'selfcare-1919' }) });
  });
  afterAll(() => server.stop());

  it('revokes the API tokens the intruder minted, with their session, and says how many in the answer and the audit log', async () => {
    const attacker = await logIn(server, 'ed1', PASSWORD);
    const minted = await attacker.post('/api/tokens', { name: 'backup-sync' });
    expect(minted.status).toBe(201);
    const asToken = apiClient(server.url, { token: minted.body.token });
    expect((await asToken.get('/api/flows/selfcare-1919/draft')).status).toBe(200);

    const victim = await logIn(server, 'ed1', PASSWORD);
    const changed = await victim.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'only the owner knows this' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ user: { username: 'ed1' }, sessionsEnded: 1, tokensRevoked: 1 });

    expect((await attacker.get('/api/auth/me')).status).toBe(401);
    expect((await asToken.get('/api/auth/me')).status).toBe(401);
    expect((await asToken.get('/api/flows/selfcare-1919/draft')).status).toBe(401);
    // The owner's own session goes on, with no token left.
    expect((await victim.get('/api/flows/selfcare-1919/draft')).status).toBe(200);
    expect((await victim.get('/api/tokens')).body).toEqual([]);

    const userId = changed.body.user.id as string;
    const entry = (await server.admin.get(`/api/audit?target=user:${userId}`)).body.find((e: { action: string }) => e.action === 'user.changePassword');
    expect(entry).toMatchObject({ actor: 'ed1', details: { via: 'session', sessionsEnded: 1, tokensRevoked: 1 } });
    expect(entry.details.keptApiTokens).toBeUndefined();
  });

  it('keeps them only when asked explicitly (keepApiTokens), and says so in the audit log', async () => {
    const owner = await logIn(server, 'ed1', 'only the owner knows this');
    const ci = await owner.post('/api/tokens', { name: 'ci' });
    const kept = await owner.post('/api/auth/password', { currentPassword: 'only the owner knows this', newPassword: 'rotated every quarter', keepApiTokens: true });
    expect(kept.status).toBe(200);
    expect(kept.body.tokensRevoked).toBe(0);
    expect((await apiClient(server.url, { token: ci.body.token }).get('/api/auth/me')).status).toBe(200);
    const entry = (await server.admin.get(`/api/audit?target=user:${kept.body.user.id}`)).body.find((e: { action: string }) => e.action === 'user.changePassword');
    expect(entry.details).toMatchObject({ tokensRevoked: 0, keptApiTokens: true });
    expect((await owner.post('/api/auth/password', { currentPassword: 'rotated every quarter', newPassword: 'rotated once more', keepApiTokens: 'yes' })).status).toBe(400);
  });

  it('lets no token mint another: only a signed-in session makes tokens', async () => {
    const owner = await logIn(server, 'ed1', 'rotated every quarter');
    const made = await owner.post('/api/tokens', { name: 'nightly' });
    const asToken = apiClient(server.url, { token: made.body.token });
    const refused = await asToken.post('/api/tokens', { name: 'persistence', expiresInDays: null });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('token_needs_session');
    const names = (await owner.get('/api/tokens')).body.map((t: { name: string }) => t.name).sort();
    expect(names).toEqual(['ci', 'nightly']);
  });

  it('still asks for the current password, even from a token, and then revokes that token too', async () => {
    const owner = await logIn(server, 'ed1', 'rotated every quarter');
    const made = await owner.post('/api/tokens', { name: 'script' });
    const asToken = apiClient(server.url, { token: made.body.token });
    const guessed = await asToken.post('/api/auth/password', { currentPassword: 'a guess', newPassword: 'the intruder wants this' });
    expect(guessed.status).toBe(403);
    expect(guessed.body.error.code).toBe('wrong_password');
    const changed = await asToken.post('/api/auth/password', { currentPassword: 'rotated every quarter', newPassword: 'changed from a script' });
    expect(changed.status).toBe(200);
    // ci, nightly and script; and every browser session (the three the tests above opened since
    // the last change), none being the caller's.
    expect(changed.body).toMatchObject({ tokensRevoked: 3, sessionsEnded: 3 });
    expect((await asToken.get('/api/auth/me')).status).toBe(401);
    expect((await owner.get('/api/auth/me')).status).toBe(401);
  });
});

/**
 * The users screen's PATCH asks for no current password and keeps one's own tokens: an admin's own
 * password changes only where the intruder's tokens and sessions end (POST /api/auth/password).
 */
describe('an admin setting their own password through PATCH /api/users/:id', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await server.admin.post('/api/users', { username: 'ad1', password: PASSWORD, roles: ['admin'], mustChangePassword: false });
  });
  afterAll(() => server.stop());

  it('is refused, pointing to /api/auth/password, which then shuts the intruder’s token out', async () => {
    const attacker = await logIn(server, 'ad1', PASSWORD);
    const minted = await attacker.post('/api/tokens', { name: 'backup-sync' });
    expect(minted.status).toBe(201);
    const asToken = apiClient(server.url, { token: minted.body.token });

    const victim = await logIn(server, 'ad1', PASSWORD);
    const me = (await victim.get('/api/auth/me')).body;
    const ownId = (me.user?.id ?? me.id) as string;
    const refused = await victim.patch(`/api/users/${ownId}`, { password: 'only the owner knows this' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('own_password_change');
    expect(refused.body.error.message).toContain('/api/auth/password');
    // Nothing changed: the old password still signs in; the intruder could not change it this way either.
    expect((await attacker.patch(`/api/users/${ownId}`, { password: 'the intruder wants this' })).status).toBe(400);
    await logIn(server, 'ad1', PASSWORD);

    const changed = await victim.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'only the owner knows this' });
    expect(changed.status).toBe(200);
    expect((await asToken.get('/api/auth/me')).status).toBe(401);
    expect((await attacker.get('/api/auth/me')).status).toBe(401);
  });

  it('still lets an admin set someone else’s password there, which revokes that user’s tokens', async () => {
    const other = await server.admin.post('/api/users', { username: 'ad2', password: PASSWORD, roles: ['admin'], mustChangePassword: false });
    const ad2 = await logIn(server, 'ad2', PASSWORD);
    const token = (await ad2.post('/api/tokens', { name: 'ci' })).body.token as string;
    const ad1 = await logIn(server, 'ad1', 'only the owner knows this');
    expect((await ad1.patch(`/api/users/${other.body.id}`, { password: 'set by ad1' })).status).toBe(200);
    expect((await apiClient(server.url, { token }).get('/api/auth/me')).status).toBe(401);
  });
});
