import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookEffect } from '@griot/flows';
import { explainedWebhook, performWebhook, type WebhookTarget } from './performWebhook.ts';

const servers: Server[] = [];

/** A backend on loopback; the handler also records what reached it. */
async function backend(handle: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<string> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => handle(req, res, body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => resolve());
        }),
    ),
  );
});

function lookup(overrides: Partial<WebhookEffect> = {}): WebhookEffect {
  return {
    type: 'webhook',
    node: 'lookup',
    method: 'GET',
    backend: 'operator',
    url: '/subscribers/+22901970001',
    headers: { Authorization: 'Bearer {{secret.TOKEN}}' },
    timeoutMs: 2000,
    retries: 0,
    ...overrides,
  };
}

const target = (base: string, more: Partial<WebhookTarget> = {}): WebhookTarget => ({
  backends: { operator: base },
  secret: (name) => (name === 'TOKEN' ? 's3cret' : undefined),
  secretBackends: { TOKEN: ['operator'] },
  ...more,
});

describe('performWebhook', () => {
  it('sends the request with its secrets filled and parses a JSON answer, over kept-alive connections', async () => {
    const seen: Array<{ auth: string | undefined; socket: number }> = [];
    const sockets = new Map<unknown, number>();
    const base = await backend((req, res) => {
      if (!sockets.has(req.socket)) sockets.set(req.socket, sockets.size);
      seen.push({ auth: req.headers.authorization, socket: sockets.get(req.socket)! });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ puk: '80417263', name: 'Awa Dossou — é' }));
    });
    for (let i = 0; i < 8; i += 1) {
      expect(await performWebhook(lookup(), target(base))).toEqual({ type: 'webhook', outcome: 'response', status: 200, body: { puk: '80417263', name: 'Awa Dossou — é' } });
    }
    expect(seen.map((s) => s.auth)).toEqual(Array(8).fill('Bearer s3cret'));
    // Kept alive: eight look-ups, not eight connections (undici may open a second while the first is released).
    expect(new Set(seen.map((s) => s.socket)).size).toBeLessThanOrEqual(2);
  });

  it('posts a JSON body and keeps a text answer as text', async () => {
    let received = '';
    let type: string | undefined;
    const base = await backend((req, res, body) => {
      received = body;
      type = req.headers['content-type'];
      res.statusCode = 202;
      res.end('queued');
    });
    const event = await performWebhook(lookup({ method: 'POST', body: '{"number":"+22901970001"}' }), target(base));
    expect(event).toEqual({ type: 'webhook', outcome: 'response', status: 202, body: 'queued' });
    expect(received).toBe('{"number":"+22901970001"}');
    expect(type).toBe('application/json');
  });

  it('follows a redirect within the backend, and refuses one to another host: nothing reaches it, neither the secret nor the body', async () => {
    const elsewhere: string[] = [];
    const other = await backend((req, res, body) => {
      elsewhere.push(`${req.method} ${req.url} ${req.headers['x-api-key'] ?? ''} ${body}`);
      res.end('{"moved":true}');
    });
    const seen: Array<string | undefined> = [];
    const base = await backend((req, res) => {
      if (req.url === '/v2/subscribers/+22901970001') {
        seen.push(req.headers.authorization);
        res.end('{"puk":"80417263"}');
        return;
      }
      res.statusCode = req.url?.startsWith('/subscribers') ? 307 : 308;
      res.setHeader('location', req.url?.startsWith('/subscribers') ? '/v2/subscribers/+22901970001' : `${other}/collect`);
      res.end();
    });
    expect(await performWebhook(lookup(), target(base))).toEqual({ type: 'webhook', outcome: 'response', status: 200, body: { puk: '80417263' } });
    expect(seen).toEqual(['Bearer s3cret']);

    const leaving = lookup({ method: 'POST', url: '/moved', headers: { 'X-Api-Key': '{{secret.TOKEN}}' }, body: '{"token":"{{secret.TOKEN}}"}' });
    const event = await performWebhook(leaving, target(base));
    expect(event).toMatchObject({ type: 'webhook', outcome: 'error', message: expect.stringMatching(/redirects to 127\.0\.0\.1:\d+: Griot follows redirects only within the address it called/) });
    expect(elsewhere).toEqual([]);
  });

  it('retries a GET answered 5xx within the node’s timeout, and says timeout when the backend is too slow', async () => {
    let calls = 0;
    const flaky = await backend((_req, res) => {
      calls += 1;
      res.statusCode = calls === 1 ? 503 : 200;
      res.end(calls === 1 ? '' : '{"ok":true}');
    });
    expect(await performWebhook(lookup({ retries: 1 }), target(flaky))).toMatchObject({ outcome: 'response', status: 200 });
    expect(calls).toBe(2);

    const slow = await backend((_req, res) => void setTimeout(() => res.end('{}'), 500));
    expect(await performWebhook(lookup({ timeoutMs: 100 }), target(slow))).toEqual({ type: 'webhook', outcome: 'timeout' });
  });

  it('turns a backend that cannot be reached, or is not configured, into an error outcome', async () => {
    const closed = await backend(() => undefined);
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    expect(await performWebhook(lookup(), target(closed))).toMatchObject({ type: 'webhook', outcome: 'error', message: expect.stringContaining('ECONNREFUSED') });
    expect(await performWebhook(lookup(), { ...target(''), backends: {} })).toEqual({ type: 'webhook', outcome: 'error', message: 'backend operator has no base URL in this environment' });
  });
});

describe('performWebhook: where a secret may go', () => {
  /** A server that must never be reached: every request it gets is recorded. */
  async function attacker(): Promise<{ url: string; got: string[] }> {
    const got: string[] = [];
    const url = await backend((req, res, body) => {
      got.push(`${req.method} ${req.url} ${JSON.stringify(req.headers)} ${body}`);
      res.end('{}');
    });
    return { url, got };
  }

  it('never sends a secret to an address written in the flow, in a header, the query or the body', async () => {
    const evil = await attacker();
    const everywhere = { allowedHosts: ['127.0.0.1'] };
    for (const effect of [
      lookup({ backend: undefined, url: `${evil.url}/collect` }),
      lookup({ backend: undefined, url: `${evil.url}/collect?t={{secret.TOKEN}}`, headers: {} }),
      lookup({ backend: undefined, url: `${evil.url}/collect`, method: 'POST', headers: {}, body: '{"t":"{{secret.TOKEN}}"}' }),
    ]) {
      expect(await performWebhook(effect, target('http://unused', everywhere))).toEqual({
        type: 'webhook',
        outcome: 'error',
        message: 'secret TOKEN is not sent: lookup calls an address written in the flow, and secrets go only to a named backend',
      });
    }
    expect(evil.got).toEqual([]);
  });

  it('sends a secret only to the backends it is bound to', async () => {
    const crm = await attacker();
    const toCrm = (more: Partial<WebhookTarget>) => target('http://unused', { backends: { operator: 'http://unused', crm: crm.url }, ...more });
    const inBody = lookup({ backend: 'crm', method: 'POST', headers: {}, body: '{"t":"{{secret.TOKEN}}"}' });
    expect(await performWebhook(inBody, toCrm({}))).toEqual({ type: 'webhook', outcome: 'error', message: 'secret TOKEN may be sent only to backend operator, not to crm (GRIOT_FLOW_SECRETS)' });
    expect(await performWebhook(lookup({ backend: 'crm', url: '/x?t={{secret.TOKEN}}', headers: {} }), toCrm({}))).toMatchObject({ outcome: 'error' });
    expect(await performWebhook(lookup({ backend: 'crm' }), toCrm({ secretBackends: {} }))).toEqual({
      type: 'webhook',
      outcome: 'error',
      message: 'secret TOKEN is not configured (list it in GRIOT_FLOW_SECRETS as TOKEN@crm, and set it)',
    });
    expect(crm.got).toEqual([]);
    // Bound to crm too, or listed without a backend (the older form): crm receives it.
    expect(await performWebhook(inBody, toCrm({ secretBackends: { TOKEN: ['operator', 'crm'] } }))).toMatchObject({ outcome: 'response', status: 200 });
    expect(await performWebhook(inBody, toCrm({ secretBackends: { TOKEN: '*' } }))).toMatchObject({ outcome: 'response', status: 200 });
    expect(crm.got).toHaveLength(2);
    expect(crm.got[0]).toContain('{"t":"s3cret"}');
  });

  it('escapes a secret for where it goes: it cannot change the URL nor break the JSON body', async () => {
    let received: { url?: string; body?: string } = {};
    const base = await backend((req, res, body) => {
      received = { url: req.url, body };
      res.end('{}');
    });
    const awkward = target(base, { secret: () => 'a&b"c#/d' });
    await performWebhook(lookup({ url: '/s?key={{secret.TOKEN}}&n=1', method: 'POST', body: '{"key":"{{secret.TOKEN}}"}' }), awkward);
    expect(new URLSearchParams(received.url?.split('?')[1]).get('key')).toBe('a&b"c#/d');
    expect(new URLSearchParams(received.url?.split('?')[1]).get('n')).toBe('1');
    expect(JSON.parse(received.body ?? '')).toEqual({ key: 'a&b"c#/d' });
  });

  it('keeps secret values out of the error message it returns', async () => {
    const failing = target('http://is.example', {
      transport: async (url) => {
        throw new Error(`cannot reach ${url}`);
      },
    });
    const event = await performWebhook(lookup({ url: '/s?key={{secret.TOKEN}}' }), failing);
    expect(event).toEqual({ type: 'webhook', outcome: 'error', message: 'cannot reach http://is.example/s?key={{secret.TOKEN}}' });
  });
});

describe('performWebhook: addresses written in a flow (server-side request forgery)', () => {
  async function loopbackServer(): Promise<{ port: number; hits: () => number }> {
    let hits = 0;
    const url = await backend((_req, res) => {
      hits += 1;
      res.end('{"internal":true}');
    });
    return { port: Number(new URL(url).port), hits: () => hits };
  }
  // Retries allowed: a refusal is final all the same.
  const outside = (url: string) => lookup({ backend: undefined, url, headers: {}, retries: 2 });

  it('calls no absolute URL when no host is allowed, and only the allowed hosts otherwise', async () => {
    const internal = await loopbackServer();
    expect(await performWebhook(outside(`http://127.0.0.1:${internal.port}/admin`), target('http://unused'))).toEqual({
      type: 'webhook',
      outcome: 'error',
      message: '127.0.0.1 is not called: this server calls no address outside its named backends (GRIOT_HTTP_ALLOWED_HOSTS is empty)',
    });
    expect(await performWebhook(outside(`http://127.0.0.1:${internal.port}/admin`), target('http://unused', { allowedHosts: ['api.example.com'] }))).toEqual({
      type: 'webhook',
      outcome: 'error',
      message: '127.0.0.1 is not called: it is not among the hosts flows may call (GRIOT_HTTP_ALLOWED_HOSTS)',
    });
    expect(internal.hits()).toBe(0);
  });

  it.each([
    ['a loopback address', (port: number) => `http://127.0.0.1:${port}/admin`, ['127.0.0.1'], /^127\.0\.0\.1 is in the loopback range/],
    ['a name that resolves to loopback', (port: number) => `http://localhost:${port}/admin`, ['localhost'], /^localhost resolves to (127\.0\.0\.1|::1), which is in the loopback range/],
    ['an IPv4-mapped IPv6 loopback', (port: number) => `http://[::ffff:127.0.0.1]:${port}/admin`, ['[::ffff:7f00:1]'], /is in the loopback range/],
    ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data/iam/', ['169.254.169.254'], /^169\.254\.169\.254 is in the linkLocal range/],
    ['a private address', () => 'http://10.1.2.3/', ['10.1.2.3'], /^10\.1\.2\.3 is in the private range/],
    ['the unspecified address', (port: number) => `http://0.0.0.0:${port}/`, ['0.0.0.0'], /^0\.0\.0\.0 is in the unspecified range/],
  ])('refuses %s when connecting, even when its host is allowed', async (_what, url, allowedHosts, message) => {
    const internal = await loopbackServer();
    const event = await performWebhook(outside(url(internal.port)), target('http://unused', { allowedHosts }));
    expect(event).toMatchObject({ type: 'webhook', outcome: 'error', message: expect.stringMatching(message) });
    expect((event as { message: string }).message).toContain('requests outside the named backends go only to public addresses');
    expect(internal.hits()).toBe(0);
  });

  it('still calls a named backend on loopback', async () => {
    const internal = await loopbackServer();
    const event = await performWebhook(lookup({ headers: {} }), target(`http://127.0.0.1:${internal.port}`));
    expect(event).toEqual({ type: 'webhook', outcome: 'response', status: 200, body: { internal: true } });
    expect(internal.hits()).toBe(1);
  });

  it('says which rule refused a request, or that the backend could not be reached, as codes the designer translates', async () => {
    const reasonOf = async (effect: WebhookEffect, to: WebhookTarget) => (await explainedWebhook(effect, to)).failure;
    expect(await reasonOf(lookup({ backend: 'crm' }), target('http://unused', { backends: { crm: 'http://unused' } }))).toEqual({
      code: 'secret.notBound',
      params: { secret: 'TOKEN', allowed: 'operator', backend: 'crm' },
    });
    expect(await reasonOf(lookup({ headers: { 'X-Key': '{{secret.OTHER}}' } }), target('http://unused'))).toEqual({ code: 'secret.notConfigured', params: { secret: 'OTHER', backend: 'operator' } });
    expect(await reasonOf(lookup({ backend: 'billing', headers: {} }), target('http://unused'))).toEqual({ code: 'backend.noUrl', params: { backend: 'billing' } });
    expect(await reasonOf(outside('https://api.elsewhere.example/x'), target('http://unused', { allowedHosts: ['api.example.com'] }))).toEqual({
      code: 'http.hostNotAllowed',
      params: { host: 'api.elsewhere.example' },
    });
    expect(await reasonOf(outside('http://10.1.2.3/'), target('http://unused', { allowedHosts: ['10.1.2.3'] }))).toEqual({
      code: 'http.privateAddress',
      params: { host: '10.1.2.3', address: '10.1.2.3', range: 'private' },
    });
    // A port nothing listens on: refused by the system, not by a rule.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    expect(await reasonOf(lookup({ headers: {} }), target(`http://127.0.0.1:${port}`))).toEqual({ code: 'http.unreachable', params: { cause: 'ECONNREFUSED' } });
    // An answer, even a 401, is no failure to explain: its status says it.
    const answering = await loopbackServer();
    expect(await explainedWebhook(lookup({ headers: {} }), target(`http://127.0.0.1:${answering.port}`))).toEqual({
      event: { type: 'webhook', outcome: 'response', status: 200, body: { internal: true } },
    });
  });
});
