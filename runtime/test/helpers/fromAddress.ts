import { request } from 'node:http';

export interface AddressedAnswer {
  status: number;
  body: any;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * A JSON request sent from a chosen loopback address (127.0.0.2, 127.0.0.3…: every 127/8
 * address is this machine on Linux), so a test can be several clients with real, different
 * socket addresses, no proxy header involved.
 */
export function requestFrom(localAddress: string, baseUrl: string, method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<AddressedAnswer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, baseUrl),
      {
        method,
        localAddress,
        headers: { accept: 'application/json', ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const json = (res.headers['content-type'] ?? '').includes('json') && text ? JSON.parse(text) : text;
          resolve({ status: res.statusCode ?? 0, body: json, headers: res.headers });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** `POST /api/auth/login` from `localAddress`. */
export const loginFrom = (localAddress: string, baseUrl: string, username: string, password: string, headers: Record<string, string> = {}) =>
  requestFrom(localAddress, baseUrl, 'POST', '/api/auth/login', { body: { username, password }, headers });
