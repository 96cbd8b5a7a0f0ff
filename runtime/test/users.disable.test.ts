import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from './helpers/http.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

const PASSWORD = 'correct horse battery';

/**
 * An admin disables an account (a lost laptop, someone leaving): the browsers logged in as them
 * are logged out for good, not merely refused until the account is enabled again.
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
});
