import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signIn } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[designer browser tests skipped] ${missing}`);

/**
 * A tester opens the simulator on a 1366×768 office screen: « Appels au SI » said
 * « Système de préproduct… », cut off beside the test number (two fields shared the panel's width),
 * so which system answers was a guess. Each choice is shown whole.
 */
describe.skipIf(missing !== null)('the simulator’s « Appels au SI » shown whole', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const tess = await createUser(server, 'tess', ['editor', 'tester']);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'fr-FR' })).newPage();
    await signIn(page, server.url, tess, '/flows/selfcare-1919');
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('« Système de préproduction » and the test number read whole, not cut off', async () => {
    await page.locator('[data-panel-button="simulator"]').click();
    const backend = page.getByRole('textbox', { name: 'Appels au SI', exact: true });
    // A tester opens on the staging system as the demo's test SIM (simulatorDefaults.browser.test.ts).
    await expect.poll(() => backend.inputValue()).toBe('Système de préproduction');
    const testNumber = page.getByRole('textbox', { name: 'Numéro de test', exact: true });
    await expect.poll(() => testNumber.inputValue()).not.toBe('');
    // An input's text wider than its box is cut: what it scrolls over is what the tester does not see.
    const hidden = (input: Element) => (input as HTMLInputElement).scrollWidth - (input as HTMLInputElement).clientWidth;
    expect(await backend.evaluate(hidden)).toBeLessThanOrEqual(0);
    expect(await testNumber.evaluate(hidden)).toBeLessThanOrEqual(0);
  });
});
