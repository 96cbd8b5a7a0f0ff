import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signIn } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { selectNode } from './support/canvas.ts';

const missing = chromiumMissing();
const FLOW = 'selfcare-1919';

/**
 * The daily review (polish18): an editor renamed option 2 of the 1919 main menu, and the spoken
 * menu kept saying « 2 pour votre solde crédit et internet ». The checks panel now says that the
 * menu's message still says the old label, as she types, against the flow's latest version.
 */
describe.skipIf(missing !== null)('a menu option renamed while its prompt still says the old words', { timeout: 60_000 }, () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const awa = await createUser(server, 'awa', ['editor']);
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1440, height: 900 } })).newPage();
    await signIn(page, server.url, awa);
  }, 90_000);

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('is told in the checks panel, naming the message and the old label', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="mainMenu"]').waitFor();
    await selectNode(page, 'mainMenu');
    const label = page.locator('input[data-field="options.1.label.fr"]');
    expect(await label.inputValue()).toBe('Solde');
    await label.fill('Forfaits');
    await page.locator('[data-panel-button="checks"]').click();
    const issue = page.locator('.issue-row[data-code="menu.promptOldLabel"][data-node="mainMenu"][data-field="prompt.fr"]');
    await issue.waitFor();
    expect(await issue.textContent()).toContain('« Message » en français dit encore « Solde », l’ancien libellé de l’option 2 (devenu « Forfaits ») : mettez ses mots à jour');
  });
});
