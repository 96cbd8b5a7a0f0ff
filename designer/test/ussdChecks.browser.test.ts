import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signIn } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { selectNode } from './support/canvas.ts';

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

  it('counts a USSD menu with the welcome said before it on the same screen, in the counter and the checks', async () => {
    await selectNode(page, 'mainMenu');
    await page.locator('[data-variants="prompt.fr"] [data-action="add-variant"]').click();
    await page.locator('[data-variant="ussd"]').click();
    // 90 characters, all in GSM's basic alphabet (a plain apostrophe: ’ would send the screen in UCS-2, 80 a screen):
    // with its four options 145, one screen; after "Bienvenue sur le 1919, le service client de Griot Telecom." 205.
    const wording = "Quel service souhaitez-vous utiliser aujourd'hui sur le 1919 de Griot Telecom ? Répondez :";
    expect(wording).toHaveLength(90);
    await page.getByRole('textbox', { name: /^Message \(.+\), variante USSD$/ }).fill(wording);
    await expect.poll(() => page.locator('[data-count="prompt.fr.variants.ussd"]').textContent()).toBe('205 / 182');
    expect(await page.locator('[data-shared-screen="prompt.fr.variants.ussd"]').textContent()).toBe('avec « Bienvenue » juste avant, sur le même écran');
    await page.locator('[data-panel-button="checks"]').click();
    const issue = page.locator('.issue-row[data-code="prompt.tooLongForChannel"][data-node="mainMenu"][data-field="prompt.fr.variants.ussd"]');
    await issue.waitFor();
    expect(await issue.textContent()).toContain('Sur USSD, l’écran compte 205 caractères en français avec « Bienvenue » affiché juste avant (un écran en tient 182)');
  });

  it('simulates USSD for a Fon subscriber in French words, offers 00 only where a next screen exists, and labels the answer box', async () => {
    await page.locator('[data-panel-button="simulator"]').click();
    await page.locator('label', { hasText: 'USSD' }).click();
    await page.locator('[data-action="start-simulator"]').click();
    const screen = page.locator('.ussd-phone [data-screen]');
    await expect.poll(() => screen.textContent()).toMatch(/\n3\. Fon/);
    const answer = page.locator('.ussd-phone').getByRole('textbox', { name: 'Réponse' });
    const send = async (text: string) => {
      const before = await screen.textContent();
      await answer.fill(text);
      await page.locator('.ussd-phone').getByRole('button', { name: 'Envoyer' }).click();
      await expect.poll(() => screen.textContent()).not.toBe(before);
    };
    await send('3');
    // The main menu fits one screen: 00 would be an answer the flow refuses, so the help does not offer it.
    await expect.poll(() => screen.textContent()).toMatch(/1\. Code PUK/);
    expect(await page.locator('.ussd-phone [data-ussd-help]').textContent()).toBe('toute autre réponse va au parcours');
    await send('4');
    await expect.poll(() => page.locator('.ussd-phone').getAttribute('data-ussd')).toBe('END');
    expect(await screen.textContent()).toMatch(/Un conseiller vous rappellera sur ce numéro dès que possible\.$/);
    expect(await screen.textContent()).not.toMatch(/agent will call|patienter/);
    expect(await page.locator('.ussd-phone [data-ussd-help]').count()).toBe(0);
  });
});
