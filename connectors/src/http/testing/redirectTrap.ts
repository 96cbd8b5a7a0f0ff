import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CollectedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RedirectTrap {
  /** The backend a client is configured with: answers every request with `status` to `collector`. */
  url: string;
  /** What reached the place the backend pointed to (it should stay empty). */
  collected: CollectedRequest[];
  close(): Promise<void>;
}

const listen = (server: Server) => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
const closing = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/**
 * A backend that redirects (307 or 308 resend the method and the body) to a second server on
 * loopback that records whatever it receives: a client that follows the redirect hands it the
 * request's body (a client secret, a caller's data) and perhaps its credentials.
 */
export async function startRedirectTrap(status: 301 | 302 | 307 | 308 = 307): Promise<RedirectTrap> {
  const collected: CollectedRequest[] = [];
  const collector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      collected.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"sid":"stolen","id":"stolen","access_token":"stolen","expires_in":3600}');
    });
  });
  const collectorUrl = await listen(collector);
  const backend = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(status, { location: `${collectorUrl}${req.url ?? '/'}`, 'content-length': '0' }).end());
  });
  const url = await listen(backend);
  return {
    url,
    collected,
    close: async () => {
      await Promise.all([closing(backend), closing(collector)]);
    },
  };
}
