import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { BODY_DEADLINES, readRawBody } from './readRawBody.ts';

/**
 * A webhook's body read ahead of express (`HotRoutes`) has deadlines of its own: a client
 * sending it a byte now and then, or not at all, gets 408 and its connection closed, rather
 * than holding it for as long as it likes (the security review of step 15 held one 331 s).
 */
let server: Server | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function serve(deadlines: { idleMs: number; totalMs: number }): Promise<{ port: number; bodies: string[] }> {
  const bodies: string[] = [];
  server = createServer((req, res) =>
    readRawBody(
      req,
      res,
      1024,
      (raw) => {
        bodies.push(raw?.toString() ?? '(too large)');
        res.end('ok');
      },
      deadlines,
    ),
  );
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { port: (server!.address() as AddressInfo).port, bodies };
}

/** Sends the start of a POST; `closed` settles with all the server wrote once it closes the connection. */
function post(port: number, start: string): { socket: Socket; closed: Promise<string> } {
  const socket = connect(port, '127.0.0.1', () => socket.write(`POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n${start}`));
  sockets.push(socket);
  let data = '';
  socket.on('data', (chunk) => (data += chunk.toString()));
  socket.on('error', () => {});
  return { socket, closed: new Promise((resolve) => socket.on('close', () => resolve(data))) };
}

describe('readRawBody', () => {
  it('waits 10 s for the next byte and 30 s for the whole body by default', () => {
    expect(BODY_DEADLINES).toEqual({ idleMs: 10_000, totalMs: 30_000 });
  });

  it('answers 408 and closes the connection when the body stops coming', { timeout: 10_000 }, async () => {
    const { port, bodies } = await serve({ idleMs: 300, totalMs: 60_000 });
    const answer = await post(port, '{"a":').closed;
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    expect(answer).toContain('request_timeout');
    expect(bodies).toEqual([]);
  });

  it('answers 408 and closes the connection when the body comes a byte at a time past the whole deadline', { timeout: 10_000 }, async () => {
    const { port, bodies } = await serve({ idleMs: 60_000, totalMs: 800 });
    const client = post(port, '{');
    const trickle = setInterval(() => client.socket.writable && client.socket.write(' '), 100);
    try {
      expect((await client.closed).split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    } finally {
      clearInterval(trickle);
    }
    expect(bodies).toEqual([]);
  });

  it('hands over a body that comes in time, in pieces', async () => {
    const { port, bodies } = await serve({ idleMs: 2000, totalMs: 5000 });
    const socket = connect(port, '127.0.0.1', () => {
      socket.write('POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\nConnection: close\r\n\r\n{"a":');
      setImmediate(() => socket.write('1}'));
    });
    sockets.push(socket);
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    await new Promise((resolve) => socket.on('close', resolve));
    expect(data.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(bodies).toEqual(['{"a":1}']);
  });
});
