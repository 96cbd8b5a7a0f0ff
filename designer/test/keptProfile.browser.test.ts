import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium, signIn } from './support/browser.ts';
import { createUser, type GriotServer, startGriot } from './support/griotServer.ts';
import { KEEP_PROFILE, keptProfileLaunches } from './support/keptProfile.ts';

const missing = chromiumMissing();

/** The designer's scripts this page got from the browser's cache rather than from the server. */
function scriptsFromCache(page: Page): Promise<number> {
  return page.evaluate(() => performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('.js') && (entry as PerformanceResourceTiming).transferSize === 0).length);
}

/** What a page of this origin finds of a previous visit: its storage, permissions, network. */
function leftovers(page: Page) {
  return page.evaluate(async () => ({
    localStorage: localStorage.getItem('left'),
    sessionStorage: sessionStorage.getItem('left'),
    indexedDB: (await indexedDB.databases()).map((database) => database.name),
    caches: await caches.keys(),
    clipboard: (await navigator.permissions.query({ name: 'clipboard-read' as PermissionName })).state,
    online: navigator.onLine,
    routed: (await fetch('/api/left-behind')).status === 299,
  }));
}

/**
 * The harness itself (test/support/keptProfile.ts): the tests' contexts are lent from a profile each
 * worker keeps, so that the designer's scripts are compiled once per worker; a test must still find
 * nothing of the one before (its session, storage, permissions, routes), as in a new context.
 */
// Only with DESIGNER_TEST_KEEP_PROFILE set: without it every test gets a new context, as before the kept
// profile, and the second and third tests would fail (no script from the cache).
describe.skipIf(missing !== null || process.env[KEEP_PROFILE] === undefined)('the browser tests’ kept profile', () => {
  let server: GriotServer;
  let browser: Browser;
  let awa: { username: string; password: string };
  let launches = 0;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    awa = await createUser(server, 'awa', ['editor']);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a test signs in and leaves storage, a permission, a route and offline mode behind', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    expect(page.viewportSize()).toEqual({ width: 1440, height: 900 });
    await signIn(page, server.url, awa);
    await context.grantPermissions(['clipboard-read'], { origin: server.url });
    await context.route('**/api/left-behind', (route) => route.fulfill({ status: 299, body: 'left' }));
    await page.evaluate(async () => {
      localStorage.setItem('left', 'behind');
      sessionStorage.setItem('left', 'behind');
      await new Promise((resolve, reject) => {
        const opening = indexedDB.open('left-behind', 1);
        opening.onupgradeneeded = () => opening.result.createObjectStore('things');
        opening.onsuccess = () => {
          opening.result.close();
          resolve(undefined);
        };
        opening.onerror = () => reject(opening.error);
      });
      await caches.open('left-behind');
    });
    expect(await leftovers(page)).toEqual({ localStorage: 'behind', sessionStorage: 'behind', indexedDB: ['left-behind'], caches: ['left-behind'], clipboard: 'granted', online: true, routed: true });
    await context.setOffline(true);
    launches = keptProfileLaunches;
    // Closed as most tests do, through the page.
    await page.context().close();
  });

  it('the next test finds none of it, and the designer’s scripts already in the cache', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    expect(page.viewportSize()).toEqual({ width: 1280, height: 720 });
    expect(await context.cookies()).toEqual([]);
    await page.goto(`${server.url}/flows/selfcare-1919`);
    // Signed out: the login page, not the editor.
    await page.locator('input[name="username"]').waitFor();
    expect((await page.request.get(`${server.url}/api/auth/me`)).status()).toBe(401);
    expect(await leftovers(page)).toEqual({ localStorage: null, sessionStorage: null, indexedDB: [], caches: [], clipboard: 'prompt', online: true, routed: false });
    // The point of it: a new off-the-record context downloads and compiles them all again.
    expect(await scriptsFromCache(page)).toBeGreaterThan(0);
    expect(keptProfileLaunches).toBe(launches);
    await context.close();
  });

  it('a context changed beyond what can be undone (an init script) is not lent again: its Chromium restarts on the same profile', async () => {
    const changed = await browser.newContext({ locale: 'fr-FR' });
    await changed.addInitScript(() => {
      (window as unknown as { leftBehind?: boolean }).leftBehind = true;
    });
    const before = await changed.newPage();
    await before.goto(server.url);
    expect(await before.evaluate(() => (window as unknown as { leftBehind?: boolean }).leftBehind)).toBe(true);
    await changed.close();

    const next = await browser.newContext({ locale: 'fr-FR' });
    const page = await next.newPage();
    await page.goto(server.url);
    await page.locator('input[name="username"]').waitFor();
    expect(await page.evaluate(() => (window as unknown as { leftBehind?: boolean }).leftBehind)).toBeUndefined();
    expect(keptProfileLaunches).toBe(launches + 1);
    expect(await scriptsFromCache(page)).toBeGreaterThan(0);
    await next.close();
  });

  it('two users at once: the second gets a context of its own, signed out', async () => {
    const first = await browser.newContext({ locale: 'fr-FR' });
    const second = await browser.newContext({ locale: 'fr-FR' });
    expect(second).not.toBe(first);
    const awaPage = await first.newPage();
    await signIn(awaPage, server.url, awa);
    const other = await second.newPage();
    await other.goto(server.url);
    await other.locator('input[name="username"]').waitFor();
    expect(await second.cookies()).toEqual([]);
    await second.close();
    await first.close();
  });
});
