import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { expressClientView } from './expressClientView.ts';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** What the hot path and express each see for one request with these headers. */
async function seen(trustProxy: unknown, headers: Record<string, string>) {
  const app = express();
  app.set('trust proxy', trustProxy);
  const view = expressClientView(app);
  let hot: { ip: string | undefined; protocol: string } | undefined;
  app.get('/', (req, res) => {
    res.json({ ip: req.ip, protocol: req.protocol });
  });
  server = createServer((req: IncomingMessage, res) => {
    hot = { ip: view.ip(req), protocol: view.protocol(req) };
    app(req, res);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { headers });
  return { hot, express: await res.json() };
}

describe('expressClientView', () => {
  it('sees the socket when no proxy is trusted, whatever X-Forwarded-* claim', async () => {
    const { hot, express: viaExpress } = await seen(false, { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' });
    expect(hot).toEqual({ ip: '127.0.0.1', protocol: 'http' });
    expect(hot).toEqual(viaExpress);
  });

  it('reads X-Forwarded-For and -Proto from a trusted proxy, as express does', async () => {
    const { hot, express: viaExpress } = await seen('loopback', { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' });
    expect(hot).toEqual({ ip: '203.0.113.9', protocol: 'https' });
    expect(hot).toEqual(viaExpress);
  });
});
