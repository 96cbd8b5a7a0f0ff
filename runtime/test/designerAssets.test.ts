import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { acceptedEncodings } from '../src/api/designerRoutes.ts';
import { makeDataDir, startTestServer, type TestServer } from './helpers/testServer.ts';

/** One GET over plain HTTP, the bytes as they came on the wire (no client decoding them), the path sent as written. */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const { hostname, port } = new URL(url);
  const path = url.slice(url.indexOf('/', url.indexOf('//') + 2));
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * The designer's files reach an agent on a contact centre's shared link, or an editor at a branch
 * office: compressed as the browser accepts (copies made once at build), kept a year when their
 * name carries their hash, the page itself never kept (it carries a nonce, and names the current files).
 */
describe('the built designer is served compressed and cached as long as its files cannot change', () => {
  const script = `export const greeting = ${JSON.stringify('Bonjour, '.repeat(400))};\n`;
  let server: TestServer;
  let dist: string;
  beforeAll(async () => {
    const dataDir = await makeDataDir();
    dist = join(dataDir, 'dist');
    await mkdir(join(dist, 'assets'), { recursive: true });
    await writeFile(
      join(dist, 'index.html'),
      '<!doctype html><title>Griot designer</title><meta property="csp-nonce" nonce="griot-style-nonce"><script type="module" src="/assets/index-abcd1234.js"></script>',
    );
    await writeFile(join(dist, 'assets', 'index-abcd1234.js'), script);
    // As designer/precompress.ts writes them beside the file.
    await writeFile(join(dist, 'assets', 'index-abcd1234.js.br'), brotliCompressSync(script));
    await writeFile(join(dist, 'assets', 'index-abcd1234.js.gz'), gzipSync(script));
    await writeFile(join(dist, 'assets', 'tiny-abcd1234.css'), 'body{margin:0}');
    await writeFile(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    server = await startTestServer({ dataDir, start: { designerDir: dist } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('sends brotli to a browser that accepts it, gzip to one that accepts only gzip, the file as it is to the others', async () => {
    const url = `${server.url}/assets/index-abcd1234.js`;
    const chromium = await get(url, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(chromium.status).toBe(200);
    expect(chromium.headers['content-encoding']).toBe('br');
    expect(chromium.headers['content-type']).toMatch(/^text\/javascript/);
    expect(chromium.headers.vary).toMatch(/Accept-Encoding/i);
    expect(chromium.body.length).toBeLessThan(script.length / 10);
    expect(brotliDecompressSync(chromium.body).toString()).toBe(script);

    const gzipOnly = await get(url, { 'accept-encoding': 'gzip' });
    expect(gzipOnly.headers['content-encoding']).toBe('gzip');
    expect(gzipOnly.headers['content-type']).toMatch(/^text\/javascript/);
    expect(gunzipSync(gzipOnly.body).toString()).toBe(script);

    // Brotli refused by weight: gzip.
    expect((await get(url, { 'accept-encoding': 'br;q=0, gzip;q=0.5' })).headers['content-encoding']).toBe('gzip');

    const plainAsked: Record<string, string>[] = [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': '*;q=0, identity' }];
    for (const headers of plainAsked) {
      const plain = await get(url, headers);
      expect(plain.headers['content-encoding'], JSON.stringify(headers)).toBeUndefined();
      expect(plain.headers.vary, JSON.stringify(headers)).toMatch(/Accept-Encoding/i);
      expect(plain.body.toString(), JSON.stringify(headers)).toBe(script);
    }
    // A file the build did not compress (too small to gain) is sent as it is, to anyone.
    const tiny = await get(`${server.url}/assets/tiny-abcd1234.css`, { 'accept-encoding': 'br, gzip' });
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.headers['content-type']).toMatch(/^text\/css/);
    expect(tiny.body.toString()).toBe('body{margin:0}');
  });

  it('lets the browser keep the hashed files a year without asking again, and never keep the page', async () => {
    const asset = await get(`${server.url}/assets/index-abcd1234.js`, { 'accept-encoding': 'br' });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const page = await get(`${server.url}/agent`, { 'accept-encoding': 'br' });
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    // The favicon keeps its name from one build to the next: an hour.
    expect((await get(`${server.url}/favicon.svg`)).headers['cache-control']).toBe('public, max-age=3600');
  });

  it('answers 404 for a hashed file that is no more (a tab opened before an upgrade), never the page in its place', async () => {
    const gone = await get(`${server.url}/assets/EditorPage-old00000.js`, { 'accept-encoding': 'br' });
    expect(gone.status).toBe(404);
    expect(gone.headers['content-type']).not.toMatch(/html/);
    expect(gone.headers['cache-control']).toBe('no-store');
    // A client route still gets the page.
    expect((await get(`${server.url}/flows/hotline`)).body.toString()).toContain('<title>Griot designer</title>');
  });

  it('never serves a compressed copy by its own name, nor anything outside the built designer', async () => {
    for (const path of ['/assets/index-abcd1234.js.br', '/assets/index-abcd1234.js.gz', '/assets/..%2f..%2fgriot.db', '/assets/%2e%2e/index.html']) {
      const answer = await get(`${server.url}${path}`);
      expect(answer.status, path).toBe(404);
    }
  });
  it('serves the page only with its nonce, however its path is written', async () => {
    // The built index.html as a plain file would carry the placeholder and a policy refusing
    // Mantine's styles (an unstyled designer), kept an hour by the browser and any proxy.
    for (const path of ['//index.html', '/index.html%2f', '/assets/..%2findex.html', '/index.html/']) {
      const answer = await get(`${server.url}${path}`, { 'accept-encoding': 'br' });
      expect(answer.body.toString(), path).not.toContain('griot-style-nonce');
      if (answer.status === 200) expect(answer.headers['cache-control'], path).toBe('no-cache');
    }
    const copy = await get(`${server.url}/assets/index-abcd1234.js.br/`, { 'accept-encoding': 'br' });
    expect(copy.status).toBe(404);
  });
});

describe('Accept-Encoding is read as RFC 9110 says', () => {
  it('takes weights and the wildcard into account', () => {
    expect([...acceptedEncodings('gzip, deflate, br')]).toEqual(['br', 'gzip']);
    expect([...acceptedEncodings('br;q=0, gzip')]).toEqual(['gzip']);
    expect([...acceptedEncodings('*')]).toEqual(['br', 'gzip']);
    expect([...acceptedEncodings('*;q=0.1, gzip;q=0')]).toEqual(['br']);
    expect([...acceptedEncodings('x-gzip')]).toEqual(['gzip']);
    expect([...acceptedEncodings('BR ; Q=1.0')]).toEqual(['br']);
    expect([...acceptedEncodings(undefined)]).toEqual([]);
    expect([...acceptedEncodings('identity')]).toEqual([]);
  });
});
