import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeDataDir, startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * What the API answers depends on who asks: a shared proxy must not keep a user's answer for the
 * next one, and the browser's back button after a logout must not show it again. The designer's
 * built files are the same for everyone and keep their caching.
 */
let server: TestServer;
let awa: ApiClient;

beforeAll(async () => {
  const dataDir = await makeDataDir();
  const dist = join(dataDir, 'dist');
  await mkdir(join(dist, 'assets'), { recursive: true });
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>Griot designer</title>');
  await writeFile(join(dist, 'assets', 'app-1a2b3c.js'), 'console.log(1)');
  server = await startTestServer({ dataDir, start: { designerDir: dist } });
  awa = await userWithRoles(server, 'awa', ['agent', 'viewer']);
});
afterAll(async () => {
  await server.stop();
});

const expectPrivate = (headers: Headers, what: string) => {
  expect(headers.get('cache-control'), what).toBe('no-store');
  const vary = (headers.get('vary') ?? '').split(',').map((v) => v.trim().toLowerCase());
  expect(vary, what).toEqual(expect.arrayContaining(['cookie', 'authorization']));
};

describe('answers of the API', () => {
  it('are kept by no cache, whoever asks with a cookie or a token, errors included', async () => {
    const session = await awa.get('/api/auth/session');
    expect(session.body.user).toMatchObject({ username: 'awa' });
    expectPrivate(session.headers, 'the session, with the cookie');
    expectPrivate((await awa.get('/api/flows')).headers, 'the flows, with the cookie');
    expectPrivate((await awa.get('/api/agent/queues')).headers, 'the queues, with the cookie');
    expectPrivate((await server.admin.get('/api/users')).headers, 'the users, with the admin token');
    expectPrivate((await server.anonymous.get('/api/auth/session')).headers, 'the session, anonymous');
    expectPrivate((await server.anonymous.get('/api/flows')).headers, 'a 401');
    expectPrivate((await awa.get('/api/users')).headers, 'a 403');
    expectPrivate((await awa.get('/api/no-such-route')).headers, 'a 404');
  });

  it('still answer 304 to a client that revalidates with the ETag it has', async () => {
    const first = await awa.get('/api/auth/session');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    // fetch adds `cache-control: no-cache` to a hand-made If-None-Match; a browser's revalidation does not.
    const again = await awa.call('GET', '/api/auth/session', undefined, { 'if-none-match': etag!, 'cache-control': 'max-age=0' });
    expect(again.status).toBe(304);
  });
});

describe('the designer’s built files', () => {
  it('keep their caching: hashed assets a year (a new build names new files), the page revalidated', async () => {
    const asset = await fetch(`${server.url}/assets/app-1a2b3c.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const page = await fetch(`${server.url}/agent`);
    expect(page.headers.get('cache-control')).toBe('no-cache');
  });
});
