import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpLink } from './jambonzLinks.ts';

/**
 * A server that answers the first request on each connection (kept alive), then closes the
 * connection when the next one arrives on it: what a server closing an idle keep-alive socket
 * does when a request crosses its close.
 */
function closingOnReuse(): Promise<{ server: Server; url: string; connections: () => number }> {
  let connections = 0;
  const server = createServer((socket: Socket) => {
    connections += 1;
    let requests = 0;
    socket.on('data', () => {
      requests += 1;
      if (requests > 1) {
        socket.destroy();
        return;
      }
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\n[]');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}`, connections: () => connections });
    }),
  );
}

let server: Server | undefined;
afterEach(() => server?.close());

describe('the simulated jambonz over webhooks', () => {
  it('sends a webhook again on a fresh connection when the kept-alive one was closed under it', async () => {
    const fake = await closingOnReuse();
    server = fake.server;
    const link = httpLink(fake.url);
    expect(await link.newCall({ call_sid: 'CA1' })).toEqual([]);
    expect(await link.hook('verb:hook', '/jambonz/gather', { call_sid: 'CA1', digits: '1' })).toEqual([]);
    expect(fake.connections()).toBe(2);
  });
});
