import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from './helpers/http.ts';
import { openEventStream } from './helpers/eventStream.ts';
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

  it('refuses what another site’s page makes the browser send with the cookie: a link to the agents’ stream leaves an offline agent offline', async () => {
    await server.admin.post('/api/users', { username: 'abla', password: PASSWORD, roles: ['agent'] });
    const login = await server.anonymous.post('/api/auth/login', { username: 'abla', password: PASSWORD });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const abla = apiClient(server.url, { cookie });
    expect((await abla.get('/api/agent/presence')).body.state).toBe('offline');

    // A page elsewhere opens the stream in a window or a link the agent follows (SameSite=Lax sends the
    // cookie with a top-level navigation; no Origin on a GET): it would make her « Disponible », and
    // keep her so while the window stays open, sending her contacts while she is away.
    const navigation = { cookie, accept: 'text/html', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' };
    const opened = await fetch(`${server.url}/api/agent/events`, { headers: navigation });
    expect(opened.status).toBe(403);
    expect(((await opened.json()) as { error: { code: string } }).error.code).toBe('cross_origin_request');
    const sibling = await fetch(`${server.url}/api/agent/events`, { headers: { ...navigation, 'sec-fetch-site': 'same-site' } });
    expect(sibling.status).toBe(403);
    await sibling.body?.cancel();
    expect((await abla.get('/api/agent/presence')).body.state).toBe('offline');

    // A change the browser says another site made is refused even without an Origin.
    const change = await abla.call('PUT', '/api/agent/presence', { state: 'available' }, { 'sec-fetch-site': 'cross-site' });
    expect([change.status, change.body.error?.code]).toEqual([403, 'cross_origin_request']);
    expect((await abla.get('/api/agent/presence')).body.state).toBe('offline');

    // Her own inbox (same origin, or a bookmark: `none`) opens it and makes her available.
    const own = await openEventStream(`${server.url}/api/agent/events`, { cookie, accept: 'text/event-stream', 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' });
    try {
      expect(own.response.status).toBe(200);
      await expect.poll(async () => (await abla.get('/api/agent/presence')).body.state).toBe('available');
    } finally {
      own.close();
    }
    const typed = await abla.call('GET', '/api/auth/me', undefined, { 'sec-fetch-site': 'none' });
    expect(typed.status).toBe(200);
  });

  it('refuses a change from the same host’s plain-http page when Griot is reached over https (a page a network attacker wrote there)', async () => {
    // Behind a TLS proxy Griot trusts (X-Forwarded-Proto: https): a browser that does not count the scheme
    // in same-site sends the cookie with a form posted from http://<host>, a page anyone on the network can forge.
    const proxied = await startTestServer({ env: { GRIOT_TRUST_PROXY: 'loopback' } });
    try {
      const proxiedHost = new URL(proxied.url).host;
      const created = await proxied.admin.post('/api/users', { username: 'abena', password: PASSWORD, roles: ['admin'] });
      expect(created.status).toBe(201);
      const login = await proxied.anonymous.call('POST', '/api/auth/login', { username: 'abena', password: PASSWORD }, { 'x-forwarded-proto': 'https' });
      const abena = apiClient(proxied.url, { cookie: login.headers.get('set-cookie')!.split(';')[0]! });
      const overHttps = { 'x-forwarded-proto': 'https' };
      const downgraded = await abena.call('PATCH', `/api/users/${created.body.id}`, { displayName: 'Abena (forged)' }, { ...overHttps, origin: `http://${proxiedHost}` });
      expect([downgraded.status, downgraded.body.error?.code]).toEqual([403, 'cross_origin_request']);
      // Its own https page changes it; over plain http (no proxy saying https) the http page is Griot's own.
      expect((await abena.call('PATCH', `/api/users/${created.body.id}`, { displayName: 'Abena' }, { ...overHttps, origin: `https://${proxiedHost}` })).status).toBe(200);
      expect((await abena.call('PATCH', `/api/users/${created.body.id}`, { displayName: 'Abena A.' }, { origin: `http://${proxiedHost}` })).status).toBe(200);
      expect((await proxied.admin.get(`/api/users`)).body.find((u: { username: string }) => u.username === 'abena').displayName).toBe('Abena A.');
    } finally {
      await proxied.stop();
    }
  });

  it('lets a bearer token through whatever the Origin: it is not sent by the browser on its own', async () => {
    const token = apiClient(server.url, { token: 'test-admin-token-0123456789abcdef' });
    expect((await token.call('PATCH', `/api/users/${victimId}`, { displayName: 'Kwame' }, { origin: 'https://tools.operator.example' })).status).toBe(200);
  });
});
