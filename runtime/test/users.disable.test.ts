import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from './helpers/http.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

const PASSWORD = 'correct horse battery';

/**
 * An admin disables an account (a lost laptop, someone leaving): the browsers logged in as them
 * are logged out and their API tokens revoked for good, not merely refused until the account is
 * enabled again.
 */
describe('disabling a user', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('ends their sessions: enabling the account again does not bring the old cookie back', async () => {
    const created = await server.admin.post('/api/users', { username: 'kofi', password: PASSWORD, roles: ['editor'] });
    const login = await server.anonymous.post('/api/auth/login', { username: 'kofi', password: PASSWORD });
    const stolen = apiClient(server.url, { cookie: login.headers.get('set-cookie')!.split(';')[0]! });
    expect((await stolen.get('/api/flows')).status).toBe(200);

    expect((await server.admin.patch(`/api/users/${created.body.id}`, { disabled: true })).status).toBe(200);
    expect((await stolen.get('/api/flows')).status).toBe(401);
    expect((await server.admin.patch(`/api/users/${created.body.id}`, { disabled: false })).status).toBe(200);

    expect((await stolen.get('/api/flows')).status).toBe(401);
    // The user logs in again with their password.
    expect((await server.anonymous.post('/api/auth/login', { username: 'kofi', password: PASSWORD })).status).toBe(200);
  });

  it('revokes their API tokens: enabling the account again does not bring a script back in', async () => {
    const created = await server.admin.post('/api/users', { username: 'ama', password: PASSWORD, roles: ['editor'] });
    const login = await server.anonymous.post('/api/auth/login', { username: 'ama', password: PASSWORD });
    const ama = apiClient(server.url, { cookie: login.headers.get('set-cookie')!.split(';')[0]! });
    const made = await ama.post('/api/tokens', { name: 'nightly export' });
    expect(made.status).toBe(201);
    const script = apiClient(server.url, { token: made.body.token });
    expect((await script.get('/api/flows')).status).toBe(200);

    expect((await server.admin.patch(`/api/users/${created.body.id}`, { disabled: true })).status).toBe(200);
    expect((await script.get('/api/flows')).status).toBe(401);
    expect((await server.admin.patch(`/api/users/${created.body.id}`, { disabled: false })).status).toBe(200);

    expect((await script.get('/api/flows')).status).toBe(401);
    const tokens: Array<{ userId: string }> = (await server.admin.get('/api/tokens')).body;
    expect(tokens.filter((t) => t.userId === created.body.id)).toEqual([]);
    const audit: Array<{ action: string; target: string; details: Record<string, unknown> }> = (await server.admin.get('/api/audit?limit=50')).body;
    const disabling = audit.find((e) => e.action === 'user.update' && e.target === `user:${created.body.id}` && e.details.disabled === true);
    expect(disabling?.details).toMatchObject({ sessionsEnded: 1, tokensRevoked: 1 });
  });
});
