import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KeepAlivePoster } from './KeepAlivePoster.ts';

let server: Server | undefined;
let poster: KeepAlivePoster | undefined;
afterEach(async () => {
  poster?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  poster = undefined;
});

describe('KeepAlivePoster', () => {
  it('sends a body given in pieces (a multipart upload) as one body with its whole length, never joined first', async () => {
    const received: { length?: string; body?: Buffer } = {};
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.length = req.headers['content-length'];
        received.body = Buffer.concat(chunks);
        res.end('{"id":"m1"}');
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    poster = new KeepAlivePoster({ baseUrl: base, timeoutMs: 5_000 });
    const file = new Uint8Array(300_000).map((_, i) => i % 251);
    const pieces = [Buffer.from('--b\r\ncontent-disposition: form-data; name="file"; filename="é.mp3"\r\n\r\n'), file, Buffer.from('\r\n--b--\r\n')];
    const answer = await poster.post(`${base}/media`, pieces, { 'content-type': 'multipart/form-data; boundary=b' }, () => {});
    expect(answer.status).toBe(200);
    expect(received.body?.equals(Buffer.concat(pieces))).toBe(true);
    expect(received.length).toBe(String(Buffer.concat(pieces).length));
  });
});
