import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signIn } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();
const FLOW = 'selfcare-1919';

/**
 * The demo binds *919# to the 1919 flow, whose Fon prompts are recordings: the Vérif panel says,
 * as the server does, what USSD subscribers who chose Fon read instead.
 */
describe.skipIf(missing !== null)('designer: the checks of the channels a flow is bound to', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const editor = await createUser(server, 'awa', ['editor']);
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1440, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, server.url, editor);
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists, in the Vérif panel, the Fon recordings a USSD subscriber cannot hear, as the server does', async () => {
    const serverLint = (await server.admin<{ lint: Array<{ code: string }> }>('GET', `/api/flows/${FLOW}/draft`)).body.lint;
    expect(serverLint.filter((i) => i.code === 'prompt.audioOnly')).toHaveLength(1);
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="mainMenu"]').waitFor({ state: 'attached' });
    await page.locator('[data-panel-button="checks"]').click();
    const row = page.locator('.issue-row[data-code="prompt.audioOnly"][data-field="locales.fon"]');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/^En USSD, \d+ messages en Fon ne sont que des enregistrements : le texte en français est affiché à la place/);
  });
});
