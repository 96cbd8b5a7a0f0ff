import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { expressClientView } from './expressClientView.ts';
import { loadConfig } from '../config.ts';

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

  it('what a client reaching Griot directly can claim with X-Forwarded-For, for each form GRIOT_TRUST_PROXY takes', async () => {
    const claim = { 'x-forwarded-for': '196.201.214.10' };
    const seenAs = async (setting: string) => {
      const { hot } = await seen(loadConfig({ GRIOT_TRUST_PROXY: setting }).trustProxy, claim);
      // One server at a time: `seen` keeps only the last for afterEach.
      server?.closeAllConnections();
      await new Promise<void>((resolve) => server?.close(() => resolve()));
      server = undefined;
      return hot?.ip;
    };
    // A hop count believes any peer: the client chose its address (start-up warns in production).
    expect(await seenAs('1')).toBe('196.201.214.10');
    // The proxy named by address or range: a client from elsewhere is its own address.
    expect(await seenAs('192.0.2.10')).toBe('127.0.0.1');
    expect(await seenAs('10.0.0.0/8, fd00::/8')).toBe('127.0.0.1');
    expect(await seenAs('uniquelocal')).toBe('127.0.0.1');
    expect(await seenAs('0')).toBe('127.0.0.1');
    // `loopback` names this machine, which this test's client is: a proxy here is believed.
    expect(await seenAs('loopback')).toBe('196.201.214.10');
    expect(() => loadConfig({ GRIOT_TRUST_PROXY: 'true' })).toThrow(/GRIOT_TRUST_PROXY/);
  });
});
