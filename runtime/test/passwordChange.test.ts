import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from './helpers/http.ts';
import { loginFrom, requestFrom } from './helpers/fromAddress.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

const PASSWORD = 'correct horse battery';

/** Logs in over the API; the client carries the session cookie. */
async function logIn(server: TestServer, username: string, password: string): Promise<ApiClient> {
  const login = await server.anonymous.post('/api/auth/login', { username, password });
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  return apiClient(server.url, { cookie: login.headers.get('set-cookie')!.split(';')[0]! });
}

const printedPassword = (server: TestServer) => /password: (\S+)/.exec(server.announcements[0]!)![1]!;

describe('a printed password must be changed before anything else', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('lets the first admin in with the printed password, but only to say who they are, log out or change it', async () => {
    const admin = await logIn(server, 'admin', printedPassword(server));
    const me = await admin.get('/api/auth/me');
    expect(me.body.user).toMatchObject({ username: 'admin', mustChangePassword: true });
    for (const [method, path, body] of [
      ['GET', '/api/flows'],
      ['GET', '/api/users'],
      ['POST', '/api/users', { username: 'mallory', password: PASSWORD, roles: ['admin'] }],
      ['GET', '/api/tokens'],
      ['POST', '/api/tokens', { name: 'sneaky' }],
      ['GET', '/api/bindings'],
      ['GET', '/api/agent/queues'],
    ] as const) {
      const answer = await admin.call(method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.body.error.code, `${method} ${path}`).toBe('password_change_required');
    }
    expect((await server.admin.get('/api/users')).body.map((u: { username: string }) => u.username)).toEqual(['admin']);
    expect((await admin.post('/api/auth/logout')).status).toBe(204);
    expect((await admin.get('/api/auth/me')).status).toBe(401);
  });

  it('refuses a wrong current password (403 wrong_password, audited), the same password again, and a short one', async () => {
    const admin = await logIn(server, 'admin', printedPassword(server));
    const wrong = await admin.post('/api/auth/password', { currentPassword: 'not it', newPassword: 'a password of my own' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toMatchObject({ code: 'wrong_password', field: 'currentPassword' });
    const same = await admin.post('/api/auth/password', { currentPassword: printedPassword(server), newPassword: printedPassword(server) });
    expect(same.status).toBe(400);
    expect(same.body.error.code).toBe('same_password');
    const short = await admin.post('/api/auth/password', { currentPassword: printedPassword(server), newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.field).toBe('newPassword');
    expect((await admin.get('/api/auth/me')).body.user.mustChangePassword).toBe(true);
    const audit = await server.admin.get('/api/audit?limit=20');
    expect(audit.body.filter((e: { action: string }) => e.action === 'user.passwordChangeFailed')).toHaveLength(1);
    expect(JSON.stringify(audit.body)).not.toContain('a password of my own');
  });

  it('changes it: the session goes on with every route, other sessions are logged out, the old password no longer works', async () => {
    const other = await logIn(server, 'admin', printedPassword(server));
    const admin = await logIn(server, 'admin', printedPassword(server));
    const changed = await admin.post('/api/auth/password', { currentPassword: printedPassword(server), newPassword: 'my own admin password' });
    expect(changed.status).toBe(200);
    expect(changed.body.user).toMatchObject({ username: 'admin', mustChangePassword: false });
    expect(changed.body.user.passwordHash).toBeUndefined();

    expect((await admin.get('/api/auth/me')).body.user.mustChangePassword).toBe(false);
    expect((await admin.get('/api/flows')).status).toBe(200);
    expect((await admin.get('/api/users')).status).toBe(200);
    expect((await other.get('/api/auth/me')).status).toBe(401);
    expect((await server.anonymous.post('/api/auth/login', { username: 'admin', password: printedPassword(server) })).status).toBe(401);
    expect((await server.anonymous.post('/api/auth/login', { username: 'admin', password: 'my own admin password' })).status).toBe(200);

    const [entry] = (await server.admin.get('/api/audit?limit=50')).body.filter((e: { action: string }) => e.action === 'user.changePassword');
    expect(entry).toMatchObject({ actor: 'admin', details: { via: 'session' } });
    // `other`, and the one the previous test left open.
    expect(entry.details.sessionsEnded).toBe(2);
  });

  it('is not for the admin token, which has no password', async () => {
    const answer = await server.admin.post('/api/auth/password', { currentPassword: 'whatever', newPassword: 'a new long password' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('no_user');
  });
});

describe('passwords an admin hands over', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('makes one up for a new user when none is typed, shows it once, and the user must change it', async () => {
    const created = await server.admin.post('/api/users', { username: 'kofi', displayName: 'Kofi', roles: ['agent'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'kofi', mustChangePassword: true });
    expect(created.body.password).toMatch(/^\S{20}$/);
    expect((await server.admin.get('/api/users')).body.find((u: { username: string }) => u.username === 'kofi').password).toBeUndefined();
    const kofi = await logIn(server, 'kofi', created.body.password);
    expect((await kofi.get('/api/agent/queues')).body.error.code).toBe('password_change_required');
    expect((await kofi.post('/api/auth/password', { currentPassword: created.body.password, newPassword: 'kofi chose this one' })).status).toBe(200);
    expect((await kofi.get('/api/agent/queues')).status).toBe(200);
  });

  it('keeps a typed password as it is unless told the user must change it', async () => {
    const typed = await server.admin.post('/api/users', { username: 'ama', password: PASSWORD, roles: ['viewer'] });
    expect(typed.body).toMatchObject({ mustChangePassword: false });
    expect(typed.body.password).toBeUndefined();
    expect((await (await logIn(server, 'ama', PASSWORD)).get('/api/flows')).status).toBe(200);
    const flagged = await server.admin.post('/api/users', { username: 'yao', password: PASSWORD, roles: ['viewer'], mustChangePassword: true });
    expect(flagged.body.mustChangePassword).toBe(true);
    expect((await (await logIn(server, 'yao', PASSWORD)).get('/api/flows')).status).toBe(403);
  });

  it('resets a password: a new one shown once, the old one and open sessions gone, a change required', async () => {
    const created = await server.admin.post('/api/users', { username: 'edna', password: PASSWORD, roles: ['editor'] });
    const session = await logIn(server, 'edna', PASSWORD);
    const token = (await session.post('/api/tokens', { name: 'ci' })).body.token as string;

    const reset = await server.admin.post(`/api/users/${created.body.id}/reset-password`);
    expect(reset.status).toBe(200);
    expect(reset.body.user).toMatchObject({ username: 'edna', mustChangePassword: true });
    expect(reset.body.password).toMatch(/^\S{20}$/);
    expect((await session.get('/api/auth/me')).status).toBe(401);
    expect((await server.anonymous.post('/api/auth/login', { username: 'edna', password: PASSWORD })).status).toBe(401);
    const again = await logIn(server, 'edna', reset.body.password);
    expect((await again.get('/api/flows')).body.error.code).toBe('password_change_required');
    // A reset follows a takeover as often as a forgotten password: a token the intruder made goes too.
    expect((await apiClient(server.url, { token }).get('/api/flows')).status).toBe(401);

    const audit = await server.admin.get(`/api/audit?target=user:${created.body.id}`);
    expect(audit.body.find((e: { action: string }) => e.action === 'user.resetPassword')).toMatchObject({ actor: 'admin-token', details: { username: 'edna', sessionsEnded: 1, tokensRevoked: 1 } });
    expect(JSON.stringify(audit.body)).not.toContain(reset.body.password);
    expect((await server.admin.post('/api/users/no-such-user/reset-password')).status).toBe(404);
  });

  it('asks for a change after an admin sets a password over PATCH, unless the admin says not to', async () => {
    const created = await server.admin.post('/api/users', { username: 'paula', password: PASSWORD, roles: ['viewer'] });
    const open = await logIn(server, 'paula', PASSWORD);
    expect((await server.admin.patch(`/api/users/${created.body.id}`, { password: 'set by the admin' })).body.mustChangePassword).toBe(true);
    expect((await open.get('/api/auth/me')).status).toBe(401);
    expect((await server.admin.patch(`/api/users/${created.body.id}`, { password: 'set by the admin too', mustChangePassword: false })).body.mustChangePassword).toBe(false);
    expect((await (await logIn(server, 'paula', 'set by the admin too')).get('/api/flows')).status).toBe(200);
  });
});

describe('guessing the current password through the change route', () => {
  let server: TestServer;
  afterEach(() => server?.stop());

  it('counts like failed logins: blocked after the limit, right password or not, and the login is blocked too', async () => {
    server = await startTestServer({ env: { GRIOT_LOGIN_MAX_FAILURES: '3' } });
    await server.admin.post('/api/users', { username: 'awa', password: PASSWORD, roles: ['viewer'], mustChangePassword: false });
    const login = await loginFrom('127.0.0.5', server.url, 'awa', PASSWORD);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const change = (currentPassword: string) => requestFrom('127.0.0.5', server.url, 'POST', '/api/auth/password', { body: { currentPassword, newPassword: 'the one I wanted' }, headers: { cookie } });

    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await change(`guess-${i}`)).status);
    expect(statuses).toEqual([403, 403, 403]);
    const blocked = await change(PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('login_throttled');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await loginFrom('127.0.0.5', server.url, 'awa', PASSWORD)).status).toBe(429);
    // The password did not change: from another address the old one still logs in.
    expect((await loginFrom('127.0.0.6', server.url, 'awa', PASSWORD)).status).toBe(200);
    const audit = await server.admin.get('/api/audit?limit=20');
    expect(audit.body.filter((e: { action: string }) => e.action === 'user.passwordChangeFailed')).toHaveLength(3);
    expect(audit.body.find((e: { action: string }) => e.action === 'auth.throttled')).toMatchObject({ details: { rule: 'account+address', address: '127.0.0.5' } });
  });
});

describe('API tokens, listed', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it("shows a user their own tokens and an admin everyone's with the owner, never the token or its hash", async () => {
    await server.admin.post('/api/users', { username: 'tess', password: PASSWORD, roles: ['tester'] });
    await server.admin.post('/api/users', { username: 'ada', password: PASSWORD, roles: ['admin'] });
    const tess = await logIn(server, 'tess', PASSWORD);
    const ada = await logIn(server, 'ada', PASSWORD);
    const ci = await tess.post('/api/tokens', { name: 'ci' });
    const bench = await tess.post('/api/tokens', { name: 'bench' });
    const ops = await ada.post('/api/tokens', { name: 'ops' });

    const own = await tess.get('/api/tokens');
    expect(own.status).toBe(200);
    expect(own.body.map((t: { name: string }) => t.name).sort()).toEqual(['bench', 'ci']);
    expect(own.body[0]).toEqual({
      id: expect.stringMatching(/^tok_/),
      name: expect.any(String),
      createdAt: expect.any(String),
      userId: expect.any(String),
      username: 'tess',
      expiresAt: expect.any(String),
    });
    const all = await ada.get('/api/tokens');
    expect(all.body.map((t: { name: string; username: string }) => `${t.username}:${t.name}`).sort()).toEqual(['ada:ops', 'tess:bench', 'tess:ci']);
    for (const secret of [ci.body.token, bench.body.token, ops.body.token]) {
      expect(JSON.stringify(all.body)).not.toContain(secret);
      expect(JSON.stringify(all.body)).not.toMatch(/[0-9a-f]{64}/);
    }

    expect((await tess.delete(`/api/tokens/${ci.body.id}`)).status).toBe(204);
    expect((await tess.get('/api/tokens')).body.map((t: { name: string }) => t.name)).toEqual(['bench']);
    expect((await tess.delete(`/api/tokens/${ops.body.id}`)).status).toBe(403);
  });
});
