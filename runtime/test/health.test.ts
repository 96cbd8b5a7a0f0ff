import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { Router } from 'express';
import { join } from 'node:path';
import { makeDataDir, startTestServer, type TestServer } from './helpers/testServer.ts';

describe('health, readiness, designer and shutdown', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('answers /healthz and /readyz without auth', async () => {
    expect((await server.anonymous.get('/healthz')).body).toEqual({ ok: true });
    const ready = await server.anonymous.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ ok: true, store: 'sqlite' });
  });

  it('explains how to build the designer when it is not built', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('npm run build -w @griot/designer');
  });

  it('serves a built designer with the single-page fallback, never for /api', async () => {
    const dataDir = await makeDataDir();
    const dist = join(dataDir, 'dist');
    await mkdir(join(dist, 'assets'), { recursive: true });
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>Griot designer</title>');
    await writeFile(join(dist, 'assets', 'app.js'), 'console.log(1)');
    const withDesigner = await startTestServer({ dataDir, start: { designerDir: dist } });
    try {
      expect(await (await fetch(`${withDesigner.url}/`)).text()).toContain('Griot designer');
      expect(await (await fetch(`${withDesigner.url}/flows/hotline/edit`)).text()).toContain('Griot designer');
      // The agent inbox and its deep links are pages of the designer too.
      for (const path of ['/agent', '/agent/contacts/c-1', '/agent/supervision']) expect(await (await fetch(`${withDesigner.url}${path}`)).text(), path).toContain('Griot designer');
      expect(await (await fetch(`${withDesigner.url}/assets/app.js`)).text()).toBe('console.log(1)');
      expect((await withDesigner.anonymous.get('/api/flows')).status).toBe(401);
    } finally {
      await withDesigner.stop();
    }
  });

  it('lets an in-flight request finish on close, then refuses new connections', async () => {
    // The request is under way (its handler runs) when the close begins: no guess at how long it takes to get there.
    let arrived!: () => void;
    const underWay = new Promise<void>((resolve) => (arrived = resolve));
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const slow = () => {
      const router = Router();
      router.get('/slow', async (_req, res) => {
        arrived();
        await finished;
        res.json({ done: true });
      });
      return router;
    };
    const other = await startTestServer({ start: { extraRouters: [slow] } });
    const inFlight = fetch(`${other.url}/slow`);
    await underWay;
    const closing = other.stop();
    // Closing waits for it: it finishes after the close began.
    setTimeout(finish, 100);
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ done: true });
    await closing;
    await expect(fetch(`${other.url}/healthz`)).rejects.toThrow();
  });

  it('on close, answers /readyz 503 first and goes on serving for GRIOT_DRAIN_SECONDS, then stops accepting', async () => {
    const draining = await startTestServer({ env: { GRIOT_DRAIN_SECONDS: '1' } });
    const stoppedAt = Date.now();
    let closed = 0;
    const closing = draining.stop().then(() => (closed = Date.now()));
    // At once: unready, so the balancer stops sending new work here…
    const ready = await fetch(`${draining.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ shuttingDown: true, reason: 'shutting_down' });
    expect(ready.headers.get('retry-after')).toBe('5');
    // Its connection is not kept: the next request opens one the balancer sends elsewhere.
    expect(ready.headers.get('connection')).toBe('close');
    // …while what still arrives (a jambonz hook the balancer sent a moment ago) is served.
    // (At once, not after a pause: on a loaded machine a pause could outlast the drain itself.)
    const served = await draining.admin.get('/api/flows');
    expect(served.status).toBe(200);
    expect(closed).toBe(0);
    await closing;
    expect(closed - stoppedAt).toBeGreaterThanOrEqual(1000);
    await expect(fetch(`${draining.url}/healthz`)).rejects.toThrow();
  });
});
