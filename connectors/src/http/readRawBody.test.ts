import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRawBody } from './readRawBody.ts';

const LIMIT = 64 * 1024;

/** What the server saw of each request body: the bytes (or `refused`), and how many times `done` came. */
interface Seen {
  body: string | 'refused';
  calls: number;
}

describe('readRawBody, the body of a webhook answered ahead of express', () => {
  let server: Server;
  let port: number;
  const seen = new Map<string, Seen>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const id = String(req.headers['x-id']);
      readRawBody(req, res, LIMIT, (raw) => {
        const before = seen.get(id);
        seen.set(id, { body: raw === undefined ? 'refused' : raw.toString('utf8'), calls: (before?.calls ?? 0) + 1 });
        res.writeHead(raw === undefined ? 413 : 200, { 'content-type': 'text/plain' });
        res.end(raw === undefined ? 'too large' : String(raw.length));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** Sends `parts` one write each, `gapMs` apart (chunked unless a length is given), and returns the answer. */
  const send = (id: string, parts: string[], gapMs: number, length?: number) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const headers: Record<string, string | number> = { 'x-id': id, 'content-type': 'application/json' };
      if (length !== undefined) headers['content-length'] = length;
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/jambonz/call', headers, agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      let i = 0;
      const next = () => {
        if (i === parts.length) return void req.end();
        req.write(parts[i]!);
        i += 1;
        setTimeout(next, gapMs);
      };
      next();
    });

  it('hands over a body sent in one piece, once', async () => {
    const body = JSON.stringify({ call_sid: 'c1', from: '+2290197000001', to: '1919', note: 'é'.repeat(300) });
    const answer = await send('one', [body], 0, Buffer.byteLength(body));
    expect(answer).toEqual({ status: 200, text: String(Buffer.byteLength(body)) });
    expect(seen.get('one')).toEqual({ body, calls: 1 });
  });

  it('waits for the last of a body sent in pieces, with or without its length, and hands it over whole, once', async () => {
    const body = JSON.stringify({ call_sid: 'c2', speech: { alternatives: [{ transcript: 'oui'.repeat(2000) }] } });
    const parts = [body.slice(0, 10), body.slice(10, 3000), body.slice(3000)];
    const chunked = await send('chunked', parts, 20);
    expect(chunked.status).toBe(200);
    expect(seen.get('chunked')).toEqual({ body, calls: 1 });
    const declared = await send('declared', parts, 20, Buffer.byteLength(body));
    expect(declared.status).toBe(200);
    expect(seen.get('declared')).toEqual({ body, calls: 1 });
  });

  it('refuses a body sent without a length once it passes the limit, once', async () => {
    const big = 'x'.repeat(LIMIT + 1);
    expect((await send('chunked-big', [big.slice(0, LIMIT), big.slice(LIMIT)], 20)).status).toBe(413);
    expect(seen.get('chunked-big')).toEqual({ body: 'refused', calls: 1 });
  });
});
