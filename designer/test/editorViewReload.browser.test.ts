import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signIn } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[designer browser tests skipped] ${missing}`);

const FLOW = 'selfcare-1919';

/**
 * An editor translating the 1919 flow in « Traductions » reloads the page (the network dropped, a
 * colleague's change announced, a habit): she is back in the table she was working in, not on the
 * canvas to find the tab again; the address she copies for a colleague opens the same table.
 */
describe.skipIf(missing !== null)('the editor’s view survives a reload', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const awa = await createUser(server, 'awa', ['editor']);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'fr-FR' })).newPage();
    await signIn(page, server.url, awa, `/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** The view the header's switch shows chosen. */
  const activeView = () => page.locator('.editor-top input[type="radio"]:checked').first().getAttribute('value');

  it('« Traductions » stays open after a reload, and « Canevas » after going back to it', async () => {
    await page.locator('.mantine-SegmentedControl-label', { hasText: /^Traductions$/ }).click();
    await page.locator('[data-cell-input="welcome|prompt|fr"]').waitFor();

    await page.reload();
    await page.locator('[data-cell-input="welcome|prompt|fr"]').waitFor();
    expect(await activeView()).toBe('translations');

    // Back on the canvas, a reload leaves it there (the address no longer asks for the table).
    await page.locator('.mantine-SegmentedControl-label', { hasText: /^Canevas$/ }).click();
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
    await page.reload();
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
    expect(await activeView()).toBe('canvas');
    expect(await page.locator('[data-cell-input="welcome|prompt|fr"]').count()).toBe(0);
  });
});
