// ci31 (2026-12-07): the editor loaded in a fresh context each time, in one context kept and cleared between
// loads (its HTTP cache kept), and in one persistent profile (launchPersistentContext: its disk cache and V8 code cache).
// Run from designer/: node --conditions=griot-source --import tsx ../bench/designer/ci31/contextReuse.bench.ts
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../../designer/test/support/browser.ts';
import { createUser, startGriot } from '../../../designer/test/support/griotServer.ts';

const server = await startGriot({ demo: true });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const awa = await createUser(server, 'awa', ['editor']);
const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(awa) });
const value = /griot_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1] ?? '';
const cookie = { name: 'griot_session', value, url: server.url };
const options = { viewport: { width: 1440, height: 900 }, locale: 'fr-FR' };
const kept = await browser.newContext(options);
const profile = await mkdtemp(join(tmpdir(), 'ci31-profile-'));
const persistent: BrowserContext = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, ...options });
const orders = [
  ['fresh', 'kept', 'persistent'],
  ['kept', 'persistent', 'fresh'],
  ['persistent', 'fresh', 'kept'],
];
const rounds = Number(process.env.ROUNDS ?? 6);
for (let round = 0; round < rounds; round++) {
  for (const mode of orders[round % 3] as string[]) {
    const start = performance.now();
    const context = mode === 'fresh' ? await browser.newContext(options) : mode === 'kept' ? kept : persistent;
    await context.addCookies([cookie]);
    const page = await context.newPage();
    const opened = performance.now();
    await page.goto(`${server.url}/flows/selfcare-1919`);
    const loaded = performance.now();
    await page.locator('.react-flow__node').first().waitFor({ timeout: 60_000 });
    const drawn = performance.now();
    const cached = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => (e as PerformanceResourceTiming).transferSize === 0 && e.name.endsWith('.js')).length);
    console.log(
      `round ${round} ${mode} context+page ${((opened - start) / 1000).toFixed(2)} goto ${((loaded - opened) / 1000).toFixed(2)} nodes ${((drawn - loaded) / 1000).toFixed(2)} total ${((drawn - start) / 1000).toFixed(2)} s; scripts from cache ${cached}; load ${(await import('node:os')).loadavg()[0]?.toFixed(1)}`,
    );
    if (mode === 'fresh') await context.close();
    else {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Storage.clearDataForOrigin', { origin: server.url, storageTypes: 'all' });
      await cdp.detach();
      await page.close();
      await context.clearCookies();
    }
  }
}
await persistent.close();
await rm(profile, { recursive: true, force: true });
await browser.close();
await server.stop();
