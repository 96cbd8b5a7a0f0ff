import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from './helpers/http.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';

const PASSWORD = 'correct horse battery';

/**
 * A browser sends the session cookie (SameSite=Lax) with a request another page of the same site
 * makes (`https://www.operator.bj` beside `https://griot.operator.bj`): a form posted from there
 * must not change anything in Griot. Such a request carries the page's `Origin`.
 */
describe('a change asked from another origin with the session cookie is refused', () => {
  let server: TestServer;
  let admin: ApiClient;
  let victimId = '';
  let host = '';
  beforeAll(async () => {
    server = await startTestServer();
    host = new URL(server.url).host;
    admin = await userWithRoles(server, 'adjoa', ['admin']);
    const victim = await server.admin.post('/api/users', { username: 'kwame', password: PASSWORD, roles: ['editor'] });
    victimId = victim.body.id;
  });
  afterAll(() => server.stop());

  const kwameCanLogIn = async () => (await server.anonymous.post('/api/auth/login', { username: 'kwame', password: PASSWORD })).status === 200;

  it('refuses a form posted from a sibling site, and changes nothing', async () => {
    const forged = await admin.call('POST', `/api/users/${victimId}/reset-password`, 'x=1', { origin: 'https://www.operator.example', 'content-type': 'application/x-www-form-urlencoded' });
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('cross_origin_request');
    expect(await kwameCanLogIn()).toBe(true);
    const json = await admin.call('PATCH', `/api/users/${victimId}`, { disabled: true }, { origin: 'null' });
    expect(json.status).toBe(403);
    expect(await kwameCanLogIn()).toBe(true);
  });

  it('lets the designer, on Griot’s own origin, and clients that send no Origin make changes', async () => {
    const own = await admin.call('PATCH', `/api/users/${victimId}`, { displayName: 'Kwame A.' }, { origin: `http://${host}` });
    expect(own.status).toBe(200);
    expect((await admin.patch(`/api/users/${victimId}`, { displayName: 'Kwame' })).status).toBe(200);
    // A read from elsewhere changes nothing: the browser keeps its answer from the other page.
    expect((await admin.call('GET', '/api/auth/me', undefined, { origin: 'https://www.operator.example' })).status).toBe(200);
  });

  it('lets a bearer token through whatever the Origin: it is not sent by the browser on its own', async () => {
    const token = apiClient(server.url, { token: 'test-admin-token-0123456789abcdef' });
    expect((await token.call('PATCH', `/api/users/${victimId}`, { displayName: 'Kwame' }, { origin: 'https://tools.operator.example' })).status).toBe(200);
  });
});
