import { describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
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
    expect(policy['style-src'], what).toEqual(["'self'", "'unsafe-inline'"]);
  };

  it('on every page of a built designer, deep links and assets included', async () => {
    const dataDir = await makeDataDir();
    const dist = join(dataDir, 'dist');
    await mkdir(join(dist, 'assets'), { recursive: true });
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>Griot designer</title>');
    await writeFile(join(dist, 'assets', 'app.js'), 'console.log(1)');
    const server = await startTestServer({ dataDir, start: { designerDir: dist } });
    try {
      for (const path of ['/', '/index.html', '/flows/hotline/edit', '/admin/users', '/agent', '/agent/contacts/c-1', '/agent/supervision', '/assets/app.js']) {
        const page = await fetch(`${server.url}${path}`);
        expect(page.status, path).toBe(200);
        refusesFraming(page.headers, path);
      }
    } finally {
      await server.stop();
    }
  });

  it('on the page that says the designer is not built', async () => {
    const server = await startTestServer();
    try {
      for (const path of ['/', '/agent']) refusesFraming((await fetch(`${server.url}${path}`)).headers, path);
    } finally {
      await server.stop();
    }
  });
});
