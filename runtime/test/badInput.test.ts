import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';
import { rawPost } from '@griot/connectors/messaging/testing';

const json = async (response: Response) => (await response.json()) as any;

/** `{"a":{"a":…}}` nested `depth` levels, written as text (JSON.stringify itself would overflow). */
const nestedText = (depth: number, leaf = '1') => '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);

describe('bad input on the API is a 4xx in the error shape, never a 500', () => {
  let server: TestServer;
  const send = (method: string, path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(server.url + path, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', ...headers }, body });
  const binding = (settings: string) => `{"channel":"voice","address":"1919","flowId":"hotline","settings":${settings}}`;

  beforeAll(async () => {
    server = await startTestServer();
    await server.admin.post('/api/flows', { document: testFlow() });
  });
  afterAll(() => server.stop());

  it('refuses binding settings nested 10,000 deep with 400 json_too_deep, and keeps settings of a sane depth', async () => {
    const deep = await send('POST', '/api/bindings', binding(nestedText(10_000)));
    expect(deep.status).toBe(400);
    expect(await json(deep)).toEqual({ error: { code: 'json_too_deep', message: 'the JSON nests deeper than 64 levels', field: 'body' } });
    const sane = await send('POST', '/api/bindings', binding(nestedText(40, '"ok"')));
    expect(sane.status).toBe(201);
    expect((await server.admin.get('/api/bindings')).body).toHaveLength(1);
  });

  it('answers another content type with 415 and a body over the route limit with 413', async () => {
    const form = await send('POST', '/api/tokens', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect([form.status, (await json(form)).error]).toEqual([415, expect.objectContaining({ code: 'unsupported_media_type', field: 'body' })]);
    const utf16 = await send('POST', '/api/tokens', '{"name":"x"}', { 'content-type': 'application/json; charset=utf-16' });
    expect([utf16.status, (await json(utf16)).error.code]).toEqual([415, 'unsupported_charset']);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'x'.repeat(20_000) }),
    });
    expect([login.status, (await json(login)).error.code]).toEqual([413, 'entity_too_large']);
    // A flow document may be large: the 1919 flow is 127 kB, a 1,000-node flow 438 kB.
    const big = testFlow({ id: 'big' }) as { description?: string };
    big.description = 'x'.repeat(2_000_000);
    const created = await server.admin.post('/api/flows', { document: big });
    expect(created.status).not.toBe(413);
  });

  it('answers 413 at once to a body declared over the route limit, reads none of it and closes the connection (a JSON route, the audio upload)', async () => {
    for (const [path, headers] of [
      ['/api/auth/login', { 'content-type': 'application/json' }],
      ['/api/flows/hotline/audio?name=fon/welcome.wav', { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'audio/wav' }],
    ] as const) {
      // 50 MB declared, a few bytes sent, the request kept open: before, the answer waited for the 50 MB (node's timeout: 300 s).
      const answer = await rawPost(server.url + path, 'RIFF', { declare: 50 * 1024 * 1024, headers });
      expect([answer.status, answer.headers.connection, answer.closed, JSON.parse(answer.body).error.code], path).toEqual([413, 'close', true, 'entity_too_large']);
      expect(answer.ms, path).toBeLessThan(2_000);
    }
  });

  it('never lets __proto__, constructor or prototype keys reach Object.prototype', async () => {
    const hostile = '{"__proto__":{"polluted":"yes","isAdmin":true},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"},"name":"probe"}';
    for (const [method, path] of [
      ['POST', '/api/tokens'],
      ['POST', '/api/bindings'],
      ['PUT', '/api/flows/hotline/draft'],
      ['POST', '/api/users'],
    ] as const) {
      const answer = await send(method, path, hostile);
      expect(answer.status, `${method} ${path}`).toBeLessThan(500);
    }
    const settings = await send(
      'POST',
      '/api/bindings',
      binding('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"voice":{"language":"fr-FR"}}').replace('1919', '1920'),
    );
    expect(settings.status).toBe(201);
    expect((await json(settings)).settings).toEqual({ voice: { language: 'fr-FR' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.prototype).not.toHaveProperty('isAdmin');
  });

  it('does not read the body of an anonymous request to a guarded route: 401 at once', async () => {
    const answer = await fetch(`${server.url}/api/flows`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"document":' });
    expect([answer.status, (await json(answer)).error.code]).toEqual([401, 'unauthenticated']);
  });
});

describe('found by the fuzz suite', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('answers 404, not 500, to an export of a flow id a header cannot carry', async () => {
    const answer = await server.admin.get(`/api/flows/${encodeURIComponent('Ā')}/export`);
    expect([answer.status, answer.body.error.code]).toEqual([404, 'flow_not_found']);
  });
});
