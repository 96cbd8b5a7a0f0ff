import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEventStream } from './helpers/eventStream.ts';
import { apiClient, type ApiClient } from './helpers/http.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

const PASSWORD = 'correct horse battery';

let server: TestServer;
const ids = new Map<string, string>();
beforeAll(async () => {
  server = await startTestServer();
  for (const [username, roles] of [
    ['kofi', ['agent']],
    ['awa', ['editor']],
    ['boss', ['admin']],
    ['sup', ['supervisor']],
  ] as const) {
    const created = await server.admin.post('/api/users', { username, password: PASSWORD, roles });
    expect(created.status).toBe(201);
    ids.set(username, created.body.id);
  }
});
afterAll(() => server.stop());

async function cookieOf(username: string): Promise<string> {
  const login = await server.anonymous.post('/api/auth/login', { username, password: PASSWORD });
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  return login.headers.get('set-cookie')!.split(';')[0]!;
}
const logIn = async (username: string): Promise<ApiClient> => apiClient(server.url, { cookie: await cookieOf(username) });

describe("an admin ends another user's sessions (Kofi's laptop was stolen)", () => {
  it('logs Kofi out on every computer, ends his inbox stream at once, and leaves him able to sign in again', async () => {
    const laptop = await cookieOf('kofi');
    const office = await logIn('kofi');
    const colleague = await logIn('awa');
    const stream = await openEventStream(`${server.url}/api/agent/events`, { cookie: laptop });
    expect(stream.response.status).toBe(200);
    const boss = await logIn('boss');
    const ended = await boss.post(`/api/users/${ids.get('kofi')}/end-sessions`, {});
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body).toEqual({ sessionsEnded: 2, tokensRevoked: 0 });
    // The inbox on the stolen laptop stops hearing of contacts now, not at its next keep-alive (20 s).
    expect(await stream.within(5000)).toBe('ended');
    expect((await apiClient(server.url, { cookie: laptop }).get('/api/agent/queues')).status).toBe(401);
    expect((await office.get('/api/auth/me')).status).toBe(401);
    expect((await colleague.get('/api/auth/me')).status).toBe(200);
    expect((await boss.get('/api/auth/me')).status).toBe(200);
    // Not disabled: his password opens a new session.
    const users = await server.admin.get('/api/users');
    expect(users.body.find((u: { username: string }) => u.username === 'kofi').disabled).toBe(false);
    expect((await (await logIn('kofi')).get('/api/auth/me')).body.user.username).toBe('kofi');
    const audit = await server.admin.get('/api/audit?limit=50');
    expect(audit.body.find((e: { action: string }) => e.action === 'user.endSessions')).toMatchObject({
      actor: 'boss',
      target: `user:${ids.get('kofi')}`,
      details: { username: 'kofi', sessionsEnded: 2, tokensRevoked: 0 },
    });
  });

  it('revokes his API tokens only when asked', async () => {
    const kofi = await logIn('kofi');
    const made = await kofi.post('/api/tokens', { name: 'wallboard' });
    expect(made.status).toBe(201);
    const script = apiClient(server.url, { token: made.body.token });
    expect((await server.admin.post(`/api/users/${ids.get('kofi')}/end-sessions`, {})).body).toMatchObject({ tokensRevoked: 0 });
    expect((await script.get('/api/auth/me')).status).toBe(200);
    expect((await server.admin.post(`/api/users/${ids.get('kofi')}/end-sessions`, { revokeApiTokens: true })).body).toEqual({ sessionsEnded: 0, tokensRevoked: 1 });
    expect((await script.get('/api/auth/me')).status).toBe(401);
  });

  it('is for admins only, not for one’s own sessions, and says when the user does not exist', async () => {
    const kofi = await logIn('kofi');
    for (const username of ['awa', 'sup', 'kofi']) {
      const client = await logIn(username);
      expect((await client.post(`/api/users/${ids.get('awa')}/end-sessions`, {})).status).toBe(403);
    }
    expect((await server.anonymous.post(`/api/users/${ids.get('kofi')}/end-sessions`, {})).status).toBe(401);
    expect((await kofi.get('/api/auth/me')).status).toBe(200);
    const boss = await logIn('boss');
    const own = await boss.post(`/api/users/${ids.get('boss')}/end-sessions`, {});
    expect(own.status).toBe(400);
    expect(own.body.error.code).toBe('own_sessions');
    expect((await boss.get('/api/auth/me')).status).toBe(200);
    const missing = await boss.post('/api/users/no-such-user/end-sessions', {});
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('user_not_found');
    expect((await boss.post(`/api/users/${ids.get('kofi')}/end-sessions`, { everyone: true })).status).toBe(400);
    expect((await kofi.get('/api/auth/me')).status).toBe(200);
  });
});
