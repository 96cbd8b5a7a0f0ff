import { afterEach, describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { SimulatedCall, wsLink } from '@griot/connectors/voice/testing';
import { loadConfig } from '../src/config.ts';
import express from 'express';
import { capConnections, exemptFromAddressCap, serverTimeouts } from '../src/http/connectionLimits.ts';
import { openEventStream } from './helpers/eventStream.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * The security review's first finding (step 15): one anonymous client, opening connections and
 * never finishing their requests, held them for minutes (node's own deadlines did not cut them)
 * until the process ran out of file descriptors and /healthz and every webhook failed. Raw
 * sockets here, as that client's were.
 */
let server: TestServer | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await server?.stop();
  server = undefined;
});

interface Raw {
  socket: Socket;
  /** Everything the server wrote. */
  received(): string;
  /** Settles once the server closed the connection (or the test's own timeout fails the test). */
  closed: Promise<string>;
}

function open(url: string, first?: string, localAddress?: string): Promise<Raw> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = connect({ port: Number(port), host: hostname, ...(localAddress ? { localAddress } : {}) }, () => {
      if (first) socket.write(first);
      resolve({ socket, received: () => data, closed });
    });
    sockets.push(socket);
    const closed = new Promise<string>((done) => socket.on('close', () => done(data)));
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('error', () => {});
    socket.once('error', reject);
  });
}

/** A plain GET on its own socket: the first line of the answer, or '' when the server closed it without one. */
async function get(url: string, path: string, localAddress?: string): Promise<string> {
  const raw = await open(url, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, localAddress);
  return (await raw.closed).split('\r\n')[0] ?? '';
}

describe('a slow client does not hold the server', () => {
  it('has deadlines of its own by default: 10 s for the headers, 5 minutes for a request (uploads over a slow uplink), looked at every 5 s', () => {
    const config = loadConfig({ DATA_DIR: '/tmp/unused' });
    expect(serverTimeouts(config.connections)).toEqual({ headersTimeout: 10_000, requestTimeout: 300_000, connectionsCheckingInterval: 5000 });
    expect(config.connections).toMatchObject({ maxConnections: 10_000, maxConnectionsPerAddress: 256 });
  });

  it('closes a connection whose headers never end, and one whose webhook body comes a byte at a time, with 408', { timeout: 20_000 }, async () => {
    server = await startTestServer({ env: { GRIOT_HEADERS_TIMEOUT_SECONDS: '1', GRIOT_REQUEST_TIMEOUT_SECONDS: '2' } });
    const headers = await open(server.url, 'POST /whatsapp/webhook HTTP/1.1\r\nHost: x\r\n');
    const body = await open(server.url, 'POST /whatsapp/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
    // The body keeps coming, slowly: it is the request's deadline, not an idle one, that ends it.
    const trickle = setInterval(() => body.socket.writable && body.socket.write(' '), 200);
    try {
      expect((await headers.closed).split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
      expect((await body.closed).split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    } finally {
      clearInterval(trickle);
    }
    expect(await get(server.url, '/healthz')).toBe('HTTP/1.1 200 OK');
  });

  it('cuts an API request whose body stops coming (408) within the headers’ deadline, long before the request’s', { timeout: 20_000 }, async () => {
    server = await startTestServer({ env: { GRIOT_HEADERS_TIMEOUT_SECONDS: '1' } });
    const stalled = await open(
      server.url,
      `POST /api/flows/import HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"flow":`,
    );
    // A body still coming, slowly, is not cut by the idle deadline: only one that stops.
    const moving = await open(server.url, `POST /api/flows/import HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{`);
    let sent = 1;
    const trickle = setInterval(() => {
      if (sent < 19 && moving.socket.writable) moving.socket.write(' ');
      else if (sent === 19 && moving.socket.writable) moving.socket.write('}');
      sent++;
    }, 300);
    try {
      expect((await stalled.closed).split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
      for (const deadline = Date.now() + 15_000; sent <= 19 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));
      for (const deadline = Date.now() + 5000; !moving.received() && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(moving.received()).not.toMatch(/^HTTP\/1\.1 408/);
      expect(moving.received()).toMatch(/^HTTP\/1\.1 \d{3}/);
    } finally {
      clearInterval(trickle);
    }
  });

  it('keeps the jambonz WebSocket open past the request deadline: a call goes on after slow requests were cut', { timeout: 20_000 }, async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1', GRIOT_HEADERS_TIMEOUT_SECONDS: '1', GRIOT_REQUEST_TIMEOUT_SECONDS: '1' } });
    const wsUrl = `${server.url.replace(/^http/, 'ws')}/jambonz/ws`;
    const call = new SimulatedCall(await wsLink(wsUrl), { callSid: 'CA-slow-clients', from: '+2290197000001', to: '1919' });
    await call.start();
    expect(call.heard.join(' ')).toContain('Pour le français, tapez 1');
    // A slow client opened after the call: once the server has cut it, the deadlines were checked with the call's socket there.
    const slow = await open(server.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\n');
    await slow.closed;
    const mark = call.heard.length;
    await call.press('1');
    expect(call.heardSince(mark)).toContain('Choisissez');
    call.close();
  });

  it('keeps an agent’s live-update stream open past the request deadline: it still hears changes after slow requests were cut', { timeout: 20_000 }, async () => {
    server = await startTestServer({ env: { GRIOT_HEADERS_TIMEOUT_SECONDS: '1', GRIOT_REQUEST_TIMEOUT_SECONDS: '1' } });
    expect((await server.admin.post('/api/users', { username: 'afi', password: 'correct horse battery', roles: ['agent'] })).status).toBe(201);
    const login = await server.anonymous.post('/api/auth/login', { username: 'afi', password: 'correct horse battery' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const stream = await openEventStream(`${server.url}/api/agent/events`, { cookie });
    expect(stream.response.status).toBe(200);
    try {
      // A slow client opened after the stream: once the server has cut it, the deadlines were checked with the stream there.
      const slow = await open(server.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\n');
      await slow.closed;
      const settings = { callbackAfterSeconds: 60, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [] };
      expect((await server.admin.put('/api/agent/queues/support-fr/settings', settings)).status).toBe(200);
      expect(await stream.next()).toMatchObject({ type: 'settings', data: { queue: 'support-fr' } });
    } finally {
      stream.close();
    }
  });

  it('caps the connections one address holds (GRIOT_MAX_CONNECTIONS_PER_ADDRESS); other addresses are served', { timeout: 20_000 }, async () => {
    // This machine is never capped per address (a local proxy carries everyone): the cap on a plain server, loopback not exempt.
    const limits = loadConfig({ DATA_DIR: '/tmp/unused', GRIOT_MAX_CONNECTIONS_PER_ADDRESS: '3' }).connections;
    const refused: string[] = [];
    const plain = createServer((_req, res) => res.end('ok'));
    capConnections(
      plain,
      limits,
      () => false,
      (reason, address) => refused.push(`${reason} ${address}`),
    );
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
    try {
      const held = [await open(url), await open(url), await open(url)];
      // The fourth from the same address is closed at once, unanswered.
      expect(await get(url, '/')).toBe('');
      expect(refused).toEqual(['perAddress 127.0.0.1']);
      // Another client (another address) is served all the same.
      expect(await get(url, '/', '127.0.0.2')).toBe('HTTP/1.1 200 OK');
      // One let go: the address may open one again.
      held[0]!.socket.destroy();
      await held[0]!.closed;
      let answer = '';
      for (const deadline = Date.now() + 5000; answer === '' && Date.now() < deadline; ) answer = await get(url, '/');
      expect(answer).toBe('HTTP/1.1 200 OK');
    } finally {
      for (const socket of sockets.splice(0)) socket.destroy();
      await new Promise((resolve) => plain.close(resolve));
    }
  });

  it('counts an IPv6 client by its address, its /64 up to four times that, and an IPv4-mapped one as its IPv4 address', () => {
    // No second IPv6 network on loopback: node's 'connection' event with the sockets it would hand over.
    // Review 16: counting by the /64 alone held every host of a cloud network (jambonz feature servers) to one host's cap.
    const limits = loadConfig({ DATA_DIR: '/tmp/unused', GRIOT_MAX_CONNECTIONS_PER_ADDRESS: '4' }).connections;
    const plain = createServer();
    const refused: string[] = [];
    capConnections(
      plain,
      limits,
      () => false,
      (reason, address) => refused.push(`${reason} ${address}`),
    );
    const connect = (remoteAddress: string) => {
      const socket = Object.assign(new EventEmitter(), { remoteAddress, parser: {}, destroyed: false, destroy: () => (socket.destroyed = true) });
      plain.emit('connection', socket);
      return socket;
    };
    // One host of the /64 is held to the address's cap.
    const oneHost = Array.from({ length: 5 }, () => connect('2001:db8:1:2::1'));
    expect(oneHost.map((s) => s.destroyed)).toEqual([false, false, false, false, true]);
    expect(refused).toEqual(['perAddress 2001:db8:1:2::1']);
    // 20 addresses of the /64, two connections each: each is kept up to its cap, the /64 up to 16 in all.
    const sameNetwork = Array.from({ length: 20 }, (_, i) => [0, 1].map(() => connect(`2001:db8:1:2::${(i + 2).toString(16)}`))).flat();
    expect(sameNetwork.filter((s) => !s.destroyed)).toHaveLength(16 - 4);
    expect(sameNetwork.slice(0, 12).every((s) => !s.destroyed)).toBe(true);
    expect(refused[1]).toBe('perNetwork 2001:db8:1:2::8');
    // One let go: the /64 has room for one again.
    sameNetwork[0]!.emit('close');
    expect(connect('2001:db8:1:2::ff').destroyed).toBe(false);
    expect(connect('2001:db8:1:2::fe').destroyed).toBe(true);
    // The next /64 is another network.
    expect(connect('2001:db8:1:3::1').destroyed).toBe(false);
    // One IPv4 client, whether node reports it plain or IPv4-mapped (a dual-stack listener).
    const v4 = [connect('192.0.2.7'), connect('::ffff:192.0.2.7'), connect('192.0.2.7'), connect('::ffff:c000:207'), connect('192.0.2.7')];
    expect(v4.map((s) => s.destroyed)).toEqual([false, false, false, false, true]);
  });

  it('does not count a WebSocket once upgraded (jambonz opens one per call, all from its feature server)', { timeout: 20_000 }, async () => {
    const limits = loadConfig({ DATA_DIR: '/tmp/unused', GRIOT_MAX_CONNECTIONS_PER_ADDRESS: '2' }).connections;
    const plain = createServer((_req, res) => res.end('ok'));
    // An upgrade taken, as the jambonz WebSocket takes an authenticated one: the socket stays open.
    const taken: Array<{ destroy(): void }> = [];
    plain.on('upgrade', (_req, socket) => taken.push(socket) && socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'));
    capConnections(
      plain,
      limits,
      () => false,
      () => {},
    );
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
    const upgrade = 'GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n';
    try {
      const calls: Raw[] = [];
      // One after the other, each taken before the next comes (a call's upgrade is answered at once).
      for (let i = 0; i < 3; i++) {
        const call = await open(url, upgrade);
        for (const deadline = Date.now() + 5000; !call.received().startsWith('HTTP/1.1 101') && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 10));
        expect(call.received()).toMatch(/^HTTP\/1\.1 101/);
        calls.push(call);
      }
      // Three calls open from one address with a cap of 2, and a plain request is still served.
      expect(await get(url, '/')).toBe('HTTP/1.1 200 OK');
      expect(calls.every((call) => !call.socket.destroyed)).toBe(true);
    } finally {
      for (const socket of sockets.splice(0)) socket.destroy();
      for (const socket of taken) socket.destroy();
      await new Promise((resolve) => plain.close(resolve));
    }
  });

  it('does not cap this machine per address (a proxy on the same host carries every client)', { timeout: 20_000 }, async () => {
    server = await startTestServer({ env: { GRIOT_MAX_CONNECTIONS_PER_ADDRESS: '2' } });
    for (let i = 0; i < 3; i++) await open(server.url);
    expect(await get(server.url, '/healthz')).toBe('HTTP/1.1 200 OK');
  });

  it('caps every peer per address when GRIOT_TRUST_PROXY is a hop count; only proxies it names by address are exempt', () => {
    const exempt = (setting: string) => {
      const config = loadConfig({ DATA_DIR: '/tmp/unused', GRIOT_TRUST_PROXY: setting });
      const app = express();
      app.set('trust proxy', config.trustProxy);
      return exemptFromAddressCap(config.trustProxy, app.get('trust proxy fn'));
    };
    // `1` (deploy.md's compose): express trusts any sender for a hop count, which must not lift the cap.
    expect(exempt('1')('203.0.113.7')).toBe(false);
    expect(exempt('1')('10.0.0.5')).toBe(false);
    expect(exempt('1')('127.0.0.1')).toBe(true);
    expect(exempt('10.0.0.0/8, 192.0.2.10')('10.0.0.5')).toBe(true);
    expect(exempt('10.0.0.0/8, 192.0.2.10')('192.0.2.10')).toBe(true);
    expect(exempt('10.0.0.0/8, 192.0.2.10')('203.0.113.7')).toBe(false);
  });

  it('caps the connections open at once (GRIOT_MAX_CONNECTIONS): more are closed, and served again once some go', { timeout: 20_000 }, async () => {
    server = await startTestServer({ env: { GRIOT_MAX_CONNECTIONS: '2', GRIOT_MAX_CONNECTIONS_PER_ADDRESS: '0' } });
    const held = [await open(server.url), await open(server.url, undefined, '127.0.0.2')];
    expect(await get(server.url, '/healthz', '127.0.0.3')).toBe('');
    held[1]!.socket.destroy();
    await held[1]!.closed;
    let answer = '';
    for (const deadline = Date.now() + 5000; answer === '' && Date.now() < deadline; ) answer = await get(server.url, '/healthz', '127.0.0.3');
    expect(answer).toBe('HTTP/1.1 200 OK');
  });

  it('closes a refused WebSocket upgrade even when its client keeps its side open: refused upgrades hold no connection', { timeout: 20_000 }, async () => {
    // An upgrade's socket leaves node's HTTP parser (and the per-address count, as a WebSocket) before it is
    // refused; ended only on Griot's side, it stayed open as long as the client kept its own side open
    // (no deadline applies to it any more): anyone could fill GRIOT_MAX_CONNECTIONS without credentials.
    server = await startTestServer({
      env: { GRIOT_DEMO: '1', GRIOT_MAX_CONNECTIONS: '6', JAMBONZ_WEBHOOK_SECRET: 'whsec-slow-clients', JAMBONZ_WS_USERNAME: 'jambonz', JAMBONZ_WS_PASSWORD: 'a-long-ws-password' },
    });
    const { port } = new URL(server.url);
    const refusedUpgrade = (path: string) =>
      new Promise<{ answer: string }>((resolve) => {
        let data = '';
        // The client never closes its side (allowHalfOpen): only the server can end the connection.
        const socket = connect({ port: Number(port), host: '127.0.0.1', allowHalfOpen: true }, () => {
          socket.write(
            `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: ws.jambonz.org\r\n\r\n`,
          );
        });
        sockets.push(socket);
        socket.on('error', () => {});
        socket.on('data', (chunk) => {
          data += chunk.toString();
          if (data.includes('\r\n\r\n')) resolve({ answer: data.split('\r\n')[0] ?? '' });
        });
      });
    const refused = await Promise.all([...Array.from({ length: 3 }, () => refusedUpgrade('/jambonz/ws')), ...Array.from({ length: 3 }, () => refusedUpgrade('/elsewhere'))]);
    expect(refused.map((r) => r.answer)).toEqual([...Array(3).fill('HTTP/1.1 401 Unauthorized'), ...Array(3).fill('HTTP/1.1 404 Not Found')]);
    // Six refused upgrades held open by their client, GRIOT_MAX_CONNECTIONS 6: the server still answers others.
    let answer = '';
    for (const deadline = Date.now() + 5000; answer === '' && Date.now() < deadline; ) answer = await get(server.url, '/healthz');
    expect(answer).toBe('HTTP/1.1 200 OK');
  });
});
