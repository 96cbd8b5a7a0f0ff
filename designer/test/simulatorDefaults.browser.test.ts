import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn, screenshotIfFailed } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { choose } from './support/canvas.ts';

const missing = chromiumMissing();
const FLOW = 'selfcare-1919';
/** The demo's test SIM, listed as a tester on 1919 (runtime/src/demo/demoDefaults.ts). */
const DEMO_TEST_NUMBER = '+2290197000090';

/**
 * Daily review: the simulator opened on "Appels au SI : Aucun (erreur)" and a subscriber's number,
 * so a tester's first call of 1919 went down the error path. Now it opens on the staging system
 * and the test SIM, and what the tester changes is kept for the flow.
 */
describe.skipIf(missing !== null)('simulator defaults: the staging system and a test number', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;

  const openSimulator = async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
    await page.locator('[data-panel-button="simulator"]').click();
  };
  const backend = () => page.getByRole('textbox', { name: 'Appels au SI', exact: true }).inputValue();

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const tester = await createUser(server, 'theo', ['tester']);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(page, server.url, tester);
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens on the staging system, as the test SIM, on a version a publisher vetted', async () => {
    await openSimulator();
    await expect.poll(backend).toBe('Système de préproduction');
    await expect.poll(() => page.getByRole('textbox', { name: 'Numéro de test', exact: true }).inputValue()).toBe(DEMO_TEST_NUMBER);
    // A tester's draft is not offered the staging system: what staging runs (a publisher put it there) is.
    expect(await page.getByRole('textbox', { name: 'Version', exact: true }).inputValue()).toBe('Préproduction');
  });

  it('remembers the tester’s own choice for this flow', async () => {
    await choose(page, 'Version', 'Production');
    await openSimulator();
    await page.getByRole('textbox', { name: 'Appels au SI', exact: true }).waitFor();
    await expect.poll(() => page.getByRole('textbox', { name: 'Version', exact: true }).inputValue()).toBe('Production');
    expect(await backend()).toBe('Système de préproduction');
    await choose(page, 'Appels au SI', 'Aucun (erreur)');
    await openSimulator();
    await expect.poll(backend).toBe('Aucun (erreur)');
  });
});
