import { describe, expect, it } from 'vitest';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeDataDir, startTestServer } from './helpers/testServer.ts';

/**
 * The designer and the agent inbox act with the logged-in user's cookie: another site must not
 * show them in a frame of its own (clickjacking a "Publish" or a "Disable user"), and their files
 * are not to be read as anything but the type they are served as.
 */
/** `a x y; b z` → `{ a: [x, y], b: [z] }`. */
function directivesOf(policy: string): Record<string, string[]> {
  const directives: Record<string, string[]> = {};
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives[name] = values;
  }
  return directives;
}

describe('the designer and agent pages refuse to be framed by another site, and to run what they did not ship', () => {
  const refusesFraming = (headers: Headers, what: string) => {
    expect(headers.get('x-frame-options'), what).toBe('DENY');
    expect(headers.get('content-security-policy'), what).toContain("frame-ancestors 'none'");
    expect(headers.get('x-content-type-options'), what).toBe('nosniff');
    // An injected script runs nowhere: only the page's own files, nothing inline, no eval, no plugin.
    const policy = directivesOf(headers.get('content-security-policy') ?? '');
    expect(policy, what).toMatchObject({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    });
    expect(policy['img-src'], what).toEqual(["'self'", 'data:', 'blob:']);
    expect(policy['media-src'], what).toEqual(["'self'", 'blob:', 'data:']);
    return policy;
  };
  /** A page's style policy: its own files, and the `<style>` elements carrying the nonce written in that very page; never `'unsafe-inline'`. */
  const stylesOnlyWithNonce = async (page: Response, what: string) => {
    const [self, nonce, ...rest] = refusesFraming(page.headers, what)['style-src'] ?? [];
    expect([self, rest], what).toEqual(["'self'", []]);
    // 128 random bits, new for each page.
    expect(nonce, what).toMatch(/^'nonce-[A-Za-z0-9+/]{22}=='$/);
    const value = nonce!.slice("'nonce-".length, -1);
    expect(await page.text(), what).toContain(`nonce="${value}"`);
    return value;
  };

  it('on every page of a built designer, deep links and assets included', async () => {
    const dataDir = await makeDataDir();
    const dist = join(dataDir, 'dist');
    await mkdir(join(dist, 'assets'), { recursive: true });
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>Griot designer</title><meta property="csp-nonce" nonce="griot-style-nonce">');
    await writeFile(join(dist, 'assets', 'app.js'), 'console.log(1)');
    const server = await startTestServer({ dataDir, start: { designerDir: dist } });
    try {
      const nonces = new Set<string>();
      for (const path of ['/', '/index.html', '/flows/hotline/edit', '/admin/users', '/agent', '/agent/contacts/c-1', '/agent/supervision']) {
        const page = await fetch(`${server.url}${path}`);
        expect(page.status, path).toBe(200);
        expect(page.headers.get('cache-control'), path).toBe('no-cache');
        nonces.add(await stylesOnlyWithNonce(page, path));
      }
      // A new nonce for each page served.
      expect(nonces.size).toBe(7);
      // A file that is no page allows no inline style at all.
      const script = await fetch(`${server.url}/assets/app.js`);
      expect(await script.text()).toBe('console.log(1)');
      expect(refusesFraming(script.headers, '/assets/app.js')['style-src']).toEqual(["'self'"]);
    } finally {
      await server.stop();
    }
  });

  it('serves the new page after the designer is built again while the server runs, each with its own nonce', async () => {
    const dataDir = await makeDataDir();
    const dist = join(dataDir, 'dist');
    await mkdir(join(dist, 'assets'), { recursive: true });
    const built = (asset: string) => `<!doctype html><title>Griot designer</title><meta property="csp-nonce" nonce="griot-style-nonce"><script type="module" src="/assets/${asset}"></script>`;
    await writeFile(join(dist, 'index.html'), built('index-aaaa1111.js'));
    await writeFile(join(dist, 'assets', 'index-aaaa1111.js'), 'console.log("old")');
    const server = await startTestServer({ dataDir, start: { designerDir: dist } });
    try {
      expect(await (await fetch(`${server.url}/flows/hotline/edit`)).text()).toContain('/assets/index-aaaa1111.js');
      // The build empties dist and writes new hashed assets and a new index.html, of the same length.
      await rm(join(dist, 'index.html'));
      await rm(join(dist, 'assets', 'index-aaaa1111.js'));
      await writeFile(join(dist, 'assets', 'index-bbbb2222.js'), 'console.log("new")');
      await writeFile(join(dist, 'index.html'), built('index-bbbb2222.js'));
      for (const path of ['/', '/flows/hotline/edit', '/agent']) {
        const page = await fetch(`${server.url}${path}`);
        const nonce = await stylesOnlyWithNonce(page.clone(), path);
        const html = await page.text();
        expect(html, path).toContain('/assets/index-bbbb2222.js');
        expect(html, path).not.toContain('index-aaaa1111.js');
        expect(html, path).toContain(`nonce="${nonce}"`);
      }
      expect(await (await fetch(`${server.url}/assets/index-bbbb2222.js`)).text()).toBe('console.log("new")');
    } finally {
      await server.stop();
    }
  });

  it('serves the designer built after the server started, where it said how to build it', async () => {
    const dataDir = await makeDataDir();
    const dist = join(dataDir, 'dist');
    const server = await startTestServer({ dataDir, start: { designerDir: dist } });
    try {
      expect(await (await fetch(`${server.url}/`)).text()).toContain('The designer has not been built');
      await mkdir(dist, { recursive: true });
      await writeFile(join(dist, 'index.html'), '<!doctype html><title>Griot designer</title><meta property="csp-nonce" nonce="griot-style-nonce">');
      const page = await fetch(`${server.url}/`);
      await stylesOnlyWithNonce(page.clone(), '/');
      expect(await page.text()).toContain('<title>Griot designer</title>');
    } finally {
      await server.stop();
    }
  });

  it('on the page that says the designer is not built', async () => {
    const server = await startTestServer();
    try {
      for (const path of ['/', '/agent']) await stylesOnlyWithNonce(await fetch(`${server.url}${path}`), path);
    } finally {
      await server.stop();
    }
  });
});
