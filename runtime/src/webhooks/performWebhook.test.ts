import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { renderTemplate, type WebhookEffect } from '@griot/flows';
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
    expect(event).toEqual({ type: 'webhook', outcome: 'error', message: 'cannot reach http://is.example/s?key=•••' });
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

describe('performWebhook: a look-up stays under its backend’s base path, with its token', () => {
  /** A gateway on loopback: the backend under /operator/v1, other services beside it; every request recorded. */
  async function gateway(answer: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end('{}')) {
    const got: Array<{ line: string; host: string | undefined; forwarded: string | undefined; auth: string | undefined }> = [];
    const url = await backend((req, res) => {
      got.push({ line: `${req.method} ${req.url}`, host: req.headers.host, forwarded: req.headers['x-forwarded-for'] as string | undefined, auth: req.headers.authorization });
      answer(req, res);
    });
    return { base: `${url}/operator/v1`, got };
  }
  const outsideBase = (got: Array<{ line: string }>) => got.filter((r) => !r.line.split(' ')[1]!.startsWith('/operator/v1/'));

  it.each([['/../readyz'], ['/../../internal-admin/users'], ['/%2e%2e/x'], ['/x/%2E%2E/%2e%2e/y'], ['/a%2F..%2F..%2Fadmin'], ['/a\\..\\..\\admin']])(
    'refuses %j before sending: nothing reaches the gateway',
    async (url) => {
      const gw = await gateway();
      const refused: string[] = [];
      const explained = await explainedWebhook(lookup({ url, retries: 2 }), target(gw.base, { onRefused: (_e, reason) => refused.push(reason) }));
      expect(explained.failure).toEqual({ code: 'http.pathEscape', params: { backend: 'operator' } });
      expect(explained.event).toMatchObject({ type: 'webhook', outcome: 'error', message: expect.stringContaining("the URL must be a path under backend operator's address") });
      expect(refused).toHaveLength(1);
      expect(gw.got).toEqual([]);
    },
  );

  it('refuses a caller’s typed `..` or `../admin` as the flow writes it into the path, and sends an ordinary answer', async () => {
    const gw = await gateway();
    const urlWith = (answer: string) =>
      renderTemplate('/subscribers/{{answer}}/puk', { values: { lookup: () => answer, isSensitive: () => false }, spellDigits: false, escape: 'url', keepSecrets: true }).text;
    for (const typed of ['..', '../admin', '%2e%2e', '..%2f..']) {
      expect((await explainedWebhook(lookup({ url: urlWith(typed) }), target(gw.base))).failure, typed).toMatchObject({ code: 'http.pathEscape' });
    }
    expect(gw.got).toEqual([]);
    expect(await performWebhook(lookup({ url: urlWith('+229 01.97') }), target(gw.base))).toMatchObject({ outcome: 'response', status: 200 });
    expect(gw.got.map((r) => r.line)).toEqual(['GET /operator/v1/subscribers/%2B229%2001.97/puk']);
  });

  it('refuses a Host or X-Forwarded-For header, in any case, before sending', async () => {
    const gw = await gateway();
    const rerouting: Array<Record<string, string>> = [
      { Host: 'admin.gateway.internal' },
      { 'x-forwarded-for': '127.0.0.1' },
      { 'Transfer-Encoding': 'chunked' },
      { 'Proxy-Authorization': 'Basic eA==' },
    ];
    for (const headers of rerouting) {
      const explained = await explainedWebhook(lookup({ headers: { ...headers, Authorization: 'Bearer {{secret.TOKEN}}' } }), target(gw.base));
      const [name] = Object.keys(headers);
      expect(explained.failure).toEqual({ code: 'http.routingHeader', params: { header: name } });
    }
    expect(gw.got).toEqual([]);
  });

  it('follows no redirect that leaves the base path, even at the same origin', async () => {
    const gw = await gateway((req, res) => {
      res.statusCode = 302;
      res.setHeader('location', req.url === '/operator/v1/moved' ? '/operator/v1/here' : req.url === '/operator/v1/here' ? '/internal-admin/users' : '/');
      res.end();
    });
    const explained = await explainedWebhook(lookup({ url: '/moved' }), target(gw.base));
    expect(explained.failure).toMatchObject({ code: 'http.redirectElsewhere' });
    expect(gw.got.map((r) => r.line)).toEqual(['GET /operator/v1/moved', 'GET /operator/v1/here']);
    expect(outsideBase(gw.got)).toEqual([]);
  });

  it('sends the credentials written in the backend’s address as Basic authentication', async () => {
    const gw = await gateway();
    const withCredentials = gw.base.replace('http://', 'http://griot:p%40ss@');
    expect(await performWebhook(lookup({ headers: {} }), target(withCredentials))).toMatchObject({ outcome: 'response', status: 200 });
    expect(gw.got.map((r) => r.auth)).toEqual([`Basic ${Buffer.from('griot:p@ss').toString('base64')}`]);
  });

  it('follows no redirect to a `..;` segment, which Tomcat or Spring behind the gateway reads as `..`', async () => {
    const gw = await gateway((req, res) => {
      res.statusCode = 302;
      res.setHeader('location', req.url === '/operator/v1/moved' ? '/operator/v1/..;/internal-admin/users' : '/');
      res.end();
    });
    const explained = await explainedWebhook(lookup({ url: '/moved' }), target(gw.base));
    expect(explained.failure).toMatchObject({ code: 'http.redirectElsewhere' });
    expect(gw.got.map((r) => r.line)).toEqual(['GET /operator/v1/moved']);
  });

  it('masks the token however the backend escapes it (PHP’s `\\/`, `\\u00e9`, a form’s `+`), and in a refused redirect’s target', async () => {
    const token = 'tök/en secret';
    const gw = await gateway((req, res) => {
      if (req.url!.includes('moved')) {
        res.statusCode = 302;
        res.setHeader('location', `/operator/v1/..;/${encodeURIComponent(token)}`);
        return res.end();
      }
      res.setHeader('content-type', req.url!.includes('form') ? 'application/x-www-form-urlencoded' : 'application/json');
      if (req.url!.includes('form')) return res.end(`t=${encodeURIComponent(token).replace(/%20/g, '+')}`);
      res.end('{"t":"t\\u00f6k\\/en secret","t\\u00f6k\\/en secret":1}');
    });
    const echoing = target(gw.base, { secret: (name) => (name === 'TOKEN' ? token : undefined), secretValues: [token] });
    const answers = [await explainedWebhook(lookup({ url: '/php' }), echoing), await explainedWebhook(lookup({ url: '/form' }), echoing), await explainedWebhook(lookup({ url: '/moved' }), echoing)];
    expect(answers[0]!.event).toMatchObject({ outcome: 'response', body: { t: '•••', '•••': 1 } });
    expect(answers[1]!.event).toMatchObject({ outcome: 'response', body: 't=•••' });
    expect(answers[2]!.failure).toMatchObject({ code: 'http.redirectElsewhere' });
    for (const answer of answers) {
      expect(JSON.stringify(answer)).not.toContain('secret');
      expect(JSON.stringify(answer)).not.toContain(encodeURIComponent(token));
    }
  });

  it('masks the token in whatever the backend echoes: the path, a header, JSON, whatever the request used', async () => {
    const token = 'tok/en+with=odd&"chars';
    const gw = await gateway((req, res) => {
      res.statusCode = req.url!.includes('nope') ? 404 : 200;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ error: `Cannot GET ${req.url}`, auth: req.headers.authorization, raw: token, key: req.headers['x-key'] }));
    });
    const echoing = target(gw.base, { secret: (name) => (name === 'TOKEN' ? token : undefined), secretValues: [token, 'other-secret-value'] });
    const answers = [
      await performWebhook(lookup({ url: '/nope/x?key={{secret.TOKEN}}' }), echoing),
      await performWebhook(lookup({ url: '/ok', headers: { 'X-Key': '{{secret.TOKEN}}' } }), echoing),
      // A request without the secret: a backend quoting it all the same is masked too.
      await performWebhook(lookup({ url: '/ok', headers: {} }), echoing),
    ];
    // The backend received the real token; what comes back shows none of it, in any form.
    expect(gw.got[0]!.line).toContain(encodeURIComponent(token));
    const shown = JSON.stringify(answers);
    for (const form of [token, encodeURIComponent(token), JSON.stringify(token).slice(1, -1), Buffer.from(token).toString('base64')]) expect(shown).not.toContain(form);
    expect(answers[0]).toMatchObject({ status: 404, body: { error: 'Cannot GET /operator/v1/nope/x?key=•••', raw: '•••', auth: 'Bearer •••' } });
    expect(answers[1]).toMatchObject({ status: 200, body: { key: '•••' } });
    expect(answers[2]).toMatchObject({ status: 200, body: { raw: '•••' } });
  });

  it('masks Basic credentials made from a secret, and the password inside them', async () => {
    const gw = await gateway((req, res) => {
      const credentials = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8');
      res.end(`you sent ${req.headers.authorization}, that is ${credentials}, password ${credentials.split(':')[1]}`);
    });
    const credentials = Buffer.from('griot:p4ssw0rd-basic').toString('base64');
    const basic = target(gw.base, { secret: (name) => (name === 'TOKEN' ? credentials : undefined) });
    expect(await performWebhook(lookup({ headers: { Authorization: 'Basic {{secret.TOKEN}}' } }), basic)).toMatchObject({
      body: 'you sent Basic •••, that is •••, password •••',
    });
  });

  it('fails a look-up whose answer is too large, without reading the rest', async () => {
    let written = 0;
    let closed = false;
    const endless = await backend((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url!.endsWith('/announced')) {
        res.setHeader('content-length', String(64 * 1024 * 1024));
        res.write('{"a":"');
        return;
      }
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const pump = () => {
        while (!closed && written < 64 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => (closed = true));
      pump();
    });
    const capped = target(`${endless}/operator/v1`, { maxResponseBytes: 256 * 1024 });
    const streamed = await explainedWebhook(lookup({ retries: 2 }), capped);
    expect(streamed).toEqual({
      event: { type: 'webhook', outcome: 'error', message: `127.0.0.1:${new URL(endless).port} answered more than 262144 bytes, more than a look-up reads (GRIOT_HTTP_MAX_RESPONSE_BYTES)` },
      failure: { code: 'http.tooLarge', params: { host: `127.0.0.1:${new URL(endless).port}`, limit: '262144' } },
    });
    // The connection was cut: the backend wrote what the sockets' buffers took, not its 64 MiB.
    await expect.poll(() => closed, { timeout: 30_000 }).toBe(true);
    expect(written).toBeLessThan(16 * 1024 * 1024);
    // A size announced too large fails at once, from the headers: this backend never sends the rest,
    // so a client that waited for it would end in a time-out after a minute, not in this failure.
    expect(await explainedWebhook(lookup({ url: '/announced', timeoutMs: 60_000 }), capped)).toMatchObject({ failure: { code: 'http.tooLarge' } });
    // Within the limit, the answer is read as before.
    const small = await backend((_req, res) => res.end('{"ok":true}'));
    expect(await performWebhook(lookup({ headers: {} }), target(small, { maxResponseBytes: 1024 }))).toMatchObject({ status: 200, body: { ok: true } });
  });
});
