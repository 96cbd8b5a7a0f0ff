import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn, screenshotIfFailed } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[designer browser tests skipped] ${missing}`);

const FLOW = 'selfcare-1919';

/**
 * Left 17: `GET /api/flows/{id}/versions` answers a page at a time (the newest 100 unless asked).
 * The versions panel shows the newest 100 of a flow's 230 versions, and the older ones a page at
 * a time on « Versions plus anciennes », until there are none left.
 */
describe.skipIf(missing !== null)('the versions panel of a flow with a long history', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;
  const awa = { username: 'awa', password: '' };

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    Object.assign(awa, await createUser(server, 'awa', ['editor', 'publisher']));
    const { store } = server.running;
    const published = await store.listVersions(FLOW);
    const first = await store.getVersion(FLOW, published[0]!.number);
    if (!first) throw new Error('the demo flow has no version');
    for (let number = published.length + 1; number <= 230; number++) {
      await store.putVersion({ ...first, number, message: `Version ${number}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, number)).toISOString() });
    }
    // Staging and production run the newest: the versions an environment runs are listed even older than the pages read (below).
    for (const name of ['staging', 'production'] as const) {
      const pointer = await store.getEnvironment(FLOW, name);
      await store.setEnvironment(FLOW, name, pointer?.version ?? null, { flowId: FLOW, name, version: 230, history: [], updatedAt: new Date().toISOString(), updatedBy: 'awa' });
    }
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(page, server.url, awa);
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the newest 100, then the older ones a page at a time', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
    await page.locator('[data-panel-button="versions"]').click();
    const listed = page.locator('[data-version]');
    const older = page.getByRole('button', { name: 'Versions plus anciennes' });
    await older.waitFor();
    await expect.poll(() => listed.count()).toBe(100);
    expect(await listed.first().getAttribute('data-version')).toBe('230');
    expect(await listed.last().getAttribute('data-version')).toBe('131');
    await older.click();
    await expect.poll(() => listed.count()).toBe(200);
    expect(await listed.last().getAttribute('data-version')).toBe('31');
    await older.click();
    await expect.poll(() => listed.count()).toBe(230);
    expect(await listed.last().getAttribute('data-version')).toBe('1');
    await expect.poll(() => older.count()).toBe(0);
  });

  it('opens the editor from the flow’s newest 100 versions, not all 230, and still offers the older ones', async () => {
    // Left 17b: the editor's first read (`GET /api/flows/{id}`) carried every version (up to 2,000).
    const detail = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/flows/${FLOW}` && r.request().method() === 'GET');
    await page.goto(`${server.url}/flows/${FLOW}`);
    const body = (await (await detail).json()) as { versions: unknown[]; olderVersions?: boolean };
    expect(body.versions).toHaveLength(100);
    expect(body.olderVersions).toBe(true);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
    await page.locator('[data-panel-button="versions"]').click();
    await page.getByRole('button', { name: 'Versions plus anciennes' }).waitFor();
  });

  it('offers the version production runs though it is older than the newest 100', async () => {
    const { store } = server.running;
    const at = new Date().toISOString();
    await store.setEnvironment(FLOW, 'production', (await store.getEnvironment(FLOW, 'production'))?.version ?? null, {
      flowId: FLOW,
      name: 'production',
      version: 12,
      history: [],
      updatedAt: at,
      updatedBy: 'awa',
    });
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
    await page.locator('[data-panel-button="versions"]').click();
    // The compare box opens on what production runs, not on the latest version.
    await expect.poll(() => page.locator('input[data-compare="from"], [data-compare="from"] input').first().inputValue()).toBe('v12 (production)');
    // The history lists it below the newest page, and « Versions plus anciennes » still reads the page after v131.
    const listed = page.locator('[data-version]');
    await expect.poll(() => listed.count()).toBe(101);
    expect(await listed.last().getAttribute('data-version')).toBe('12');
    await page.getByRole('button', { name: 'Versions plus anciennes' }).click();
    await expect.poll(() => listed.count()).toBe(201);
    expect(await page.locator('[data-version="31"]').count()).toBe(1);
  });
  it('a search whose older page fails says so and reads on from « Versions plus anciennes », instead of « Recherche… » for ever', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('[data-panel-button="versions"]').click();
    await page.getByRole('button', { name: 'Versions plus anciennes' }).waitFor();
    // The network drops the first older page the search reads.
    let dropped = 0;
    const older = '**/api/flows/*/versions?*before=*';
    await page.route(older, (route) =>
      dropped++ === 0 ? route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"Service indisponible"}}' }) : route.continue(),
    );
    try {
      await page.getByRole('textbox', { name: 'Chercher une version' }).fill('version 13');
      const result = page.locator('[data-version-search-result]');
      await expect.poll(() => result.innerText()).toBe('0 version trouvée');
      expect(dropped).toBe(1);
      await page.getByRole('button', { name: 'Versions plus anciennes' }).click();
      await expect.poll(() => result.innerText()).toBe('1 version trouvée');
      expect(await page.locator('[data-version]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-version')))).toEqual(['13']);
    } finally {
      await page.unroute(older);
    }
  });
});
