import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { encodingFor } from '../src/api/designerRoutes.ts';
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

  it('weighs the encodings as the browser asks: the higher weight first, `*` for the unnamed, and the file refused when it says identity;q=0', async () => {
    const url = `${server.url}/assets/index-abcd1234.js`;
    const encodingOf = async (acceptEncoding: string, path = url) => {
      const answer = await get(path, { 'accept-encoding': acceptEncoding });
      return { status: answer.status, encoding: answer.headers['content-encoding'], vary: answer.headers.vary, body: answer.body };
    };
    // A client that says it prefers gzip gets gzip, even though brotli is smaller.
    expect((await encodingOf('gzip;q=1, br;q=0.5')).encoding).toBe('gzip');
    // Named gzip at full weight beats the rest at half weight.
    expect((await encodingOf('*;q=0.5, gzip')).encoding).toBe('gzip');
    // Everything by `*`: the smallest copy.
    expect((await encodingOf('*')).encoding).toBe('br');
    // The file as it is weighed like the copies: preferred to gzip here.
    expect((await encodingOf('identity, gzip;q=0.5')).encoding).toBeUndefined();
    // identity;q=0: a copy it accepts, never the file as it is.
    expect((await encodingOf('identity;q=0, gzip')).encoding).toBe('gzip');
    // A file with no compressed copy, to a client that refuses it as it is: 406, not bytes it said it cannot read.
    const tiny = `${server.url}/assets/tiny-abcd1234.css`;
    for (const header of ['identity;q=0', 'gzip, identity;q=0']) {
      const refused = await encodingOf(header, tiny);
      expect(refused.status, header).toBe(406);
      expect(refused.encoding, header).toBeUndefined();
      expect(refused.vary, header).toMatch(/Accept-Encoding/i);
      expect(refused.body.toString(), header).not.toContain('margin');
    }
    // The same file to a client that names identity with a weight: as it is.
    expect((await encodingOf('gzip, identity;q=0.1', tiny)).status).toBe(200);
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
  const both = ['br', 'gzip'];
  it('takes weights, the wildcard and refusals into account, the smallest copy between equals', () => {
    expect(encodingFor('gzip, deflate, br', both)).toBe('br');
    expect(encodingFor('gzip, deflate, br', ['gzip'])).toBe('gzip');
    expect(encodingFor('br;q=0, gzip', both)).toBe('gzip');
    expect(encodingFor('gzip;q=0.9, br;q=0.8', both)).toBe('gzip');
    expect(encodingFor('*', both)).toBe('br');
    expect(encodingFor('*;q=0.1, gzip;q=0', both)).toBe('br');
    expect(encodingFor('*;q=0.5, gzip', both)).toBe('gzip');
    expect(encodingFor('x-gzip', both)).toBe('gzip');
    expect(encodingFor('BR ; Q=1.0', both)).toBe('br');
    expect(encodingFor(undefined, both)).toBe('identity');
    expect(encodingFor('', both)).toBe('identity');
    expect(encodingFor('identity', both)).toBe('identity');
    expect(encodingFor('identity;q=0', both)).toBe(false);
    expect(encodingFor('identity;q=0, gzip', both)).toBe('gzip');
    expect(encodingFor('identity;q=0, br', ['gzip'])).toBe(false);
    expect(encodingFor('br;q=0.5, identity', both)).toBe('identity');
  });
});
