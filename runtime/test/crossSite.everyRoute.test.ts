import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedRoutes, type DocumentedRoute } from './helpers/documentedRoutes.ts';
import { fonWelcomeFlow } from './fixtures/fonWelcomeFlow.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import { toneWav } from '../src/audio/toneWav.ts';

const API_DOC = fileURLToPath(new URL('../../docs/api.md', import.meta.url));
const ELSEWHERE = 'https://www.operator.example';
const FLOW = 'crosssite';

/**
 * Every route docs/api.md lists that a signed-in user's session cookie opens, called with that
 * cookie as another site's page makes the browser send it: a change from another origin
 * (`Origin`), and any request the browser marks `Sec-Fetch-Site: cross-site`. None may act with
 * the cookie: 403 `cross_origin_request`, or (a read that serves the public too) the answer
 * anyone gets, never what only the user may see.
 */
describe('the session cookie sent by another site’s page opens no route', () => {
  let server: TestServer;
  let cookie = '';
  let routes: DocumentedRoute[];
  beforeAll(async () => {
    server = await startTestServer();
    await userWithRoles(server, 'akosua', ['admin']);
    const login = await server.anonymous.post('/api/auth/login', { username: 'akosua', password: 'correct horse battery' });
    cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    routes = documentedRoutes(API_DOC).filter((r) => r.access !== 'channel' && r.access !== 'public');
    expect((await server.admin.post('/api/flows', { document: fonWelcomeFlow(FLOW, 'fon/welcome.wav') })).status).toBe(201);
  }, 60_000);
  afterAll(() => server.stop());

  const send = async (route: DocumentedRoute, headers: Record<string, string>) => {
    const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === 'id' || name === 'flowId' ? FLOW : `no-such-${name}`));
    const init: RequestInit = { method: route.method.toUpperCase(), headers: { accept: 'application/json', cookie, ...headers } };
    if (route.method !== 'get') {
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
      init.body = '{}';
    }
    const response = await fetch(server.url + path, init);
    const text = await response.text();
    const code = /"code":"(\w+)"/.exec(text)?.[1];
    return `${response.status} ${code}`;
  };

  it('refuses every documented change posted from another origin, and every request another site makes', async () => {
    const problems: string[] = [];
    for (const route of routes) {
      const key = `${route.method.toUpperCase()} ${route.path} (docs/api.md:${route.line})`;
      if (route.method !== 'get') {
        const answer = await send(route, { origin: ELSEWHERE });
        if (answer !== '403 cross_origin_request') problems.push(`${key} from another origin: ${answer}`);
      }
      const answer = await send(route, { 'sec-fetch-site': 'cross-site', ...(route.method !== 'get' ? { origin: ELSEWHERE } : {}) });
      if (answer !== '403 cross_origin_request') problems.push(`${key} made by another site: ${answer}`);
    }
    expect(problems).toEqual([]);
    expect(routes.filter((r) => r.method !== 'get').length).toBeGreaterThan(40);
  }, 120_000);

  it('serves a draft’s take to no page of another site (a signed-in user’s cookie sent along), as to anyone without a session', async () => {
    const take = Buffer.from(toneWav(0.3));
    const uploaded = await fetch(`${server.url}/api/flows/${FLOW}/audio?name=fon/welcome.wav&locale=fon`, { method: 'POST', headers: { cookie, 'content-type': 'audio/wav' }, body: take });
    expect(uploaded.status).toBe(201);
    const url = `${server.url}/audio/${FLOW}/fon/welcome.wav`;
    const own = await fetch(url, { headers: { cookie, 'sec-fetch-site': 'same-origin' } });
    expect([own.status, Buffer.from(await own.arrayBuffer()).equals(take)]).toEqual([200, true]);
    for (const site of ['cross-site', 'same-site']) {
      const embedded = await fetch(url, { headers: { cookie, 'sec-fetch-site': site, 'sec-fetch-dest': 'audio' } });
      expect(embedded.status, site).toBe(404);
      await embedded.body?.cancel();
    }
  });
});
