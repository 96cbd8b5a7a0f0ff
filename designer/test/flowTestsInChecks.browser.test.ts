import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signIn } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { selectNode } from './support/canvas.ts';

const missing = chromiumMissing();
const FLOW = 'selfcare-1919';

/**
 * Review of walk24: an editor added an option « Mon solde » beside « Solde » in the 1919 main menu.
 * « je voudrais mon solde » then names two options and is asked again: two of the flow's speech
 * cases failed, said only when production's publication replayed them. « Vérif. » now runs the
 * flow's cases on the document on screen and names those that fail.
 */
describe.skipIf(missing !== null)('an edit that breaks the flow’s test cases, told in « Vérif. » at 1366×768', { timeout: 90_000 }, () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const awa = await createUser(server, 'awa', ['editor']);
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1366, height: 768 } })).newPage();
    await signIn(page, server.url, awa);
  }, 90_000);

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('names the cases « Mon solde » beside « Solde » breaks, and leads to « Tests »', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="mainMenu"]').waitFor();
    await page.locator('[data-panel-button="checks"]').click();
    const check = page.locator('.flow-tests-check');
    // As published, the flow's cases pass.
    await expect.poll(() => check.getAttribute('data-failing'), { timeout: 20_000 }).toBe('0');
    expect(await check.textContent()).toContain('tests du parcours passent');
    await selectNode(page, 'mainMenu');
    await page.getByRole('button', { name: 'Ajouter une option' }).click();
    await page.locator('input[data-field="options.4.label.fr"]').fill('Mon solde');
    await page.locator('[data-panel-button="checks"]').click();
    // The French caller's « je voudrais connaître mon solde » now names two options (the English label is still empty).
    await expect.poll(() => check.getAttribute('data-failing'), { timeout: 20_000 }).toBe('1');
    const text = await check.textContent();
    expect(text).toContain('1 test du parcours sur 36 échoue');
    expect(text).toContain('Appelant francophone connu : il saute le menu des langues et parle');
    expect(text).toContain('la mise en production sera refusée');
    await check.getByRole('button', { name: 'Voir dans « Tests »' }).click();
    await expect.poll(() => page.locator('.side-panel-content').getAttribute('data-panel')).toBe('tests');
  });
});
