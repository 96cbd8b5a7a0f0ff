import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookEffect } from '@griot/flows';
import { performWebhook, type WebhookTarget } from './performWebhook.ts';

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
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => {
    s.closeAllConnections();
    s.close(() => resolve());
  })));
});

function lookup(overrides: Partial<WebhookEffect> = {}): WebhookEffect {
  return {
    type: 'webhook', node: 'lookup', method: 'GET', backend: 'operator', url: '/subscribers/+22901970001',
    headers: { Authorization: 'Bearer {{secret.TOKEN}}' }, timeoutMs: 2000, retries: 0, ...overrides,
  };
}

const target = (base: string): WebhookTarget => ({ backends: { operator: base }, secret: (name) => (name === 'TOKEN' ? 's3cret' : undefined) });

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

  it('follows redirects, without the credentials when they leave the backend', async () => {
    let elsewhereAuth: string | undefined = 'not called';
    const elsewhere = await backend((req, res) => {
      elsewhereAuth = req.headers.authorization;
      res.end('{"moved":true}');
    });
    const base = await backend((req, res) => {
      res.statusCode = req.url?.startsWith('/subscribers') ? 307 : 302;
      res.setHeader('location', req.url?.startsWith('/subscribers') ? '/v2/subscribers' : `${elsewhere}/final`);
      res.end();
    });
    expect(await performWebhook(lookup(), target(base))).toEqual({ type: 'webhook', outcome: 'response', status: 200, body: { moved: true } });
    expect(elsewhereAuth).toBeUndefined();
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
    expect(await performWebhook(lookup(), { backends: {}, secret: () => undefined })).toEqual({ type: 'webhook', outcome: 'error', message: 'backend operator has no base URL in this environment' });
  });
});
