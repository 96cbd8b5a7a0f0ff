import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from './helpers/http.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';

describe('login, sessions, tokens and roles', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('answers a page opened before login 200 with no user, not a 401 its console logs; signed in, the user', async () => {
    const before = await server.anonymous.get('/api/auth/session');
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ user: null });
    // A cookie that names no session (expired, logged out) is nobody either.
    expect((await apiClient(server.url, { cookie: 'griot_session=gone' }).get('/api/auth/session')).body).toEqual({ user: null });
    expect((await server.admin.get('/api/auth/session')).body.user).toMatchObject({ via: 'adminToken' });
  });

  it('creates admin on the first start and prints its one-time password, which logs in', async () => {
    expect(server.announcements).toHaveLength(1);
    const password = /password: (\S+)/.exec(server.announcements[0]!)?.[1];
    expect(password).toBeTruthy();
    const login = await server.anonymous.post('/api/auth/login', { username: 'admin', password });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ username: 'admin', roles: ['admin'] });
    expect(login.body.user.passwordHash).toBeUndefined();
    const setCookie = login.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^griot_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);

    const me = await apiClient(server.url, { cookie: setCookie.split(';')[0]! }).get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ username: 'admin', via: 'session' });
  });

  it('refuses a wrong password with 401 and audits the attempt', async () => {
    const login = await server.anonymous.post('/api/auth/login', { username: 'admin', password: 'not-the-password' });
    expect(login.status).toBe(401);
    expect(login.body.error.code).toBe('unauthenticated');
    const audit = await server.admin.get('/api/audit?limit=5');
    expect(audit.body.some((e: { action: string }) => e.action === 'auth.loginFailed')).toBe(true);
  });

  it('answers 401 without credentials and with a bad bearer token', async () => {
    expect((await server.anonymous.get('/api/flows')).status).toBe(401);
    expect((await server.anonymous.as({ token: 'griot_nope' }).get('/api/flows')).status).toBe(401);
  });

  it('accepts GRIOT_ADMIN_TOKEN as an admin', async () => {
    const me = await server.admin.get('/api/auth/me');
    expect(me.body.user).toMatchObject({ roles: ['admin'], via: 'adminToken' });
  });

  it('lets a viewer read but not create or publish (403)', async () => {
    const editor = await userWithRoles(server, 'edna', ['editor']);
    expect((await editor.post('/api/flows', { document: testFlow({ id: 'rolesflow' }) })).status).toBe(201);
    const viewer = await userWithRoles(server, 'victor', ['viewer']);
    expect((await viewer.get('/api/flows')).status).toBe(200);
    const publish = await viewer.post('/api/flows/rolesflow/publish', { message: 'try' });
    expect(publish.status).toBe(403);
    expect(publish.body.error.code).toBe('forbidden');
    expect((await viewer.post('/api/flows', { document: testFlow({ id: 'other' }) })).status).toBe(403);
    expect((await viewer.get('/api/users')).status).toBe(403);
  });

  it('keeps production promotion for publishers: an editor gets 403', async () => {
    const editor = await userWithRoles(server, 'eddie', ['editor']);
    await editor.post('/api/flows', { document: testFlow({ id: 'pubflow' }) });
    expect((await editor.post('/api/flows/pubflow/publish', { message: 'v1' })).status).toBe(201);
    expect((await editor.post('/api/flows/pubflow/environments/staging', { version: 1 })).status).toBe(200);
    expect((await editor.post('/api/flows/pubflow/environments/production', { version: 1 })).status).toBe(403);
    const publisher = await userWithRoles(server, 'paula', ['publisher']);
    expect((await publisher.post('/api/flows/pubflow/environments/production', { version: 1 })).status).toBe(200);
    expect((await publisher.post('/api/flows/pubflow/publish', { message: 'no' })).status).toBe(403);
  });

  it('issues API tokens shown once, usable as bearer, revocable by their owner', async () => {
    const tester = await userWithRoles(server, 'tess', ['tester']);
    const created = await tester.post('/api/tokens', { name: 'ci' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^griot_/);
    const withToken = apiClient(server.url, { token: created.body.token });
    expect((await withToken.get('/api/auth/me')).body.user).toMatchObject({ username: 'tess', via: 'token' });

    const other = await userWithRoles(server, 'otto', ['viewer']);
    expect((await other.delete(`/api/tokens/${created.body.id}`)).status).toBe(403);
    expect((await tester.delete(`/api/tokens/${created.body.id}`)).status).toBe(204);
    expect((await withToken.get('/api/auth/me')).status).toBe(401);
  });

  it('logs out: the cookie no longer works, and the audit log says who ended their session and when', async () => {
    const client = await userWithRoles(server, 'lou', ['viewer']);
    const lou = (await client.get('/api/auth/me')).body.user;
    const before = Date.now();
    const out = await client.post('/api/auth/logout');
    expect(out.status).toBe(204);
    // The browser empties its HTTP cache of the site: the next user on a shared computer finds no answer kept for Lou (the canned replies list is revalidated, not `no-store`).
    expect(out.headers.get('clear-site-data')).toBe('"cache"');
    expect((await client.get('/api/auth/me')).status).toBe(401);
    const audit = await server.admin.get('/api/audit?limit=5');
    const logout = audit.body.find((e: { action: string }) => e.action === 'auth.logout');
    expect(logout).toMatchObject({ actor: 'lou', target: `user:${lou.id}`, details: { address: '127.0.0.1' } });
    expect(Date.parse(logout.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(logout.at)).toBeLessThanOrEqual(Date.now());
    // A token ends no session: its "logout" is no logout, and is not audited as one.
    expect((await server.admin.post('/api/auth/logout')).status).toBe(204);
    expect((await server.admin.get('/api/audit?limit=5')).body.filter((e: { action: string }) => e.action === 'auth.logout')).toHaveLength(1);
  });

  it('lets an admin disable a user and change roles, but not remove the last admin', async () => {
    const list = await server.admin.get('/api/users');
    const admin = list.body.find((u: { username: string }) => u.username === 'admin');
    const refused = await server.admin.patch(`/api/users/${admin.id}`, { roles: ['viewer'] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('last_admin');

    const client = await userWithRoles(server, 'dora', ['viewer']);
    const dora = (await server.admin.get('/api/users')).body.find((u: { username: string }) => u.username === 'dora');
    expect((await server.admin.patch(`/api/users/${dora.id}`, { disabled: true })).status).toBe(200);
    expect((await client.get('/api/auth/me')).status).toBe(401);
    expect((await server.admin.post('/api/users', { username: 'dora', password: 'another password', roles: ['viewer'] })).status).toBe(409);
  });
});
