import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn, screenshotIfFailed } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[designer browser tests skipped] ${missing}`);

const FLOW = 'selfcare-1919';

/** The draft's revision the editor's header shows (« rév. 7 »). */
async function revisionOf(page: Page): Promise<number> {
  return Number(/rév\. (\d+)/.exec(await page.locator('.editor-top').innerText())?.[1] ?? Number.NaN);
}

/**
 * A content editor's morning on the 1919 flow, at 1366×768: a typo fixed in the French welcome
 * leaves the English and the Fon recording « à revoir »; the editor confirms them where the
 * warning shows, in the node's form. Then the publish dialog says why Publier stays greyed while
 * « Qu’est-ce qui change ? » is empty (the field is above, often scrolled out of sight).
 */
describe.skipIf(missing !== null)('an editor’s day: stale translations in the form, and publishing', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;
  const awa = { username: 'awa', password: '' };

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    Object.assign(awa, await createUser(server, 'awa', ['editor', 'publisher']));
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'fr-FR' })).newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(page, server.url, awa);
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('confirms the English and the Fon of a changed French prompt from the node’s form', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    const welcome = page.locator('.react-flow__node[data-id="welcome"]');
    await welcome.waitFor();
    await welcome.click();
    const french = page.locator('textarea[data-field="prompt.fr"]');
    await french.fill('Bienvenue sur le 1919, le service client de Griot Telecom. Les appels sont gratuits.');
    const english = page.getByRole('button', { name: 'Toujours correct (English)' });
    const fon = page.getByRole('button', { name: 'Toujours correct (Fon)' });
    // The warning is under each field, and so is what to do about it.
    await english.waitFor();
    expect(await fon.isVisible()).toBe(true);
    const englishField = page.locator('textarea[data-field="prompt.en"]');
    expect(await englishField.getAttribute('aria-invalid')).toBe('true');
    await english.click();
    await expect.poll(() => englishField.getAttribute('aria-invalid')).not.toBe('true');
    expect(await english.count()).toBe(0);
    // The Fon recording still waits for someone who listened to it.
    expect(await fon.isVisible()).toBe(true);
    await fon.click();
    await expect.poll(() => fon.count()).toBe(0);
    // One step to undo, like any edit.
    await page.getByRole('button', { name: 'Annuler', exact: true }).click();
    await fon.waitFor();
  });

  it('says why Publier is greyed until « Qu’est-ce qui change ? » is written', async () => {
    // The versions history open beside the canvas, where the new version shows once published.
    await page.locator('[data-panel-button="versions"]').click();
    await page.locator('.side-panel-content[data-panel="versions"]').waitFor();
    await page.locator('[data-action="publish"]').click();
    const publish = page.getByRole('dialog', { name: 'Publier une version' });
    const message = publish.getByRole('textbox', { name: 'Qu’est-ce qui change ?' });
    await message.waitFor();
    // Only the version's name is marked optional: the message is marked required.
    expect(await message.getAttribute('required')).not.toBeNull();
    await publish.getByRole('textbox', { name: /Nom de la version/ }).fill('Accueil : appels gratuits');
    const submit = publish.getByRole('button', { name: 'Publier', exact: true });
    expect(await submit.isDisabled()).toBe(true);
    expect(await submit.getAttribute('aria-describedby')).toBe('publish-blocked-reason');
    const reason = publish.locator('#publish-blocked-reason');
    expect(await reason.textContent()).toBe('Dites d’abord ce qui change, ci-dessus : l’historique des versions le montre à toute l’équipe.');
    // Outside a node's form, Ctrl+Z is the browser's own (in Chromium, a letter at a time here).
    await message.pressSequentially('Accueil');
    await message.press('Control+z');
    await expect
      .poll(async () => {
        const left = await message.inputValue();
        return left !== 'Accueil' && 'Accueil'.startsWith(left);
      })
      .toBe(true);
    await message.fill('Accueil : les appels sont gratuits');
    await expect.poll(() => submit.isDisabled()).toBe(false);
    expect(await reason.count()).toBe(0);
    await submit.click();
    await page.getByText('Version 2 publiée').waitFor();
    // The notice leaves the history readable: it is not drawn over the versions panel (it was, bottom right).
    const notice = await page.locator('.mantine-Notification-root', { hasText: 'Version 2 publiée' }).boundingBox();
    const history = await page.locator('.side-panel-content[data-panel="versions"]').boundingBox();
    expect(notice!.x + notice!.width, JSON.stringify({ notice, history })).toBeLessThanOrEqual(history!.x);
  });

  it('shows the draft another tab saved when this tab comes back to the front, without a conflict', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
    const second = await page.context().newPage();
    try {
      await second.goto(`${server.url}/flows/${FLOW}`);
      await second.locator('.react-flow__node[data-id="welcome"]').waitFor();
      // The first tab changes the welcome and saves it.
      await page.bringToFront();
      await page.locator('.react-flow__node[data-id="welcome"]').click();
      await page.locator('textarea[data-field="prompt.fr"]').fill('Bienvenue au 1919, depuis le premier onglet.');
      const before = await revisionOf(page);
      await page.keyboard.press('Control+s');
      await expect.poll(() => revisionOf(page)).toBeGreaterThan(before);
      const saved = await revisionOf(page);
      expect(await revisionOf(second)).toBeLessThan(saved);
      // Back in the second tab: the same words, said to have come from elsewhere; nothing to merge.
      await second.bringToFront();
      // Headless Chromium gives a background tab no blur: the window's own events, as a tab switch sends them.
      await second.evaluate(() => {
        window.dispatchEvent(new Event('blur'));
        window.dispatchEvent(new Event('focus'));
      });
      await second.getByText(`Brouillon enregistré entre-temps sous votre nom, dans un autre onglet ou sur un autre poste : la révision ${saved} est affichée.`).waitFor();
      await second.locator('.react-flow__node[data-id="welcome"]').click();
      expect(await second.locator('textarea[data-field="prompt.fr"]').inputValue()).toBe('Bienvenue au 1919, depuis le premier onglet.');
      await second.locator('textarea[data-field="prompt.en"]').fill('Welcome to 1919, from the second tab.');
      await second.keyboard.press('Control+s');
      await expect.poll(() => revisionOf(second)).toBe(saved + 1);
      // No conflict dialog, whoever it would name (« Vous avez enregistré dans un autre onglet… » here).
      expect(await second.getByRole('dialog', { name: /a enregistré avant vous|Vous avez enregistré/ }).count()).toBe(0);
    } finally {
      await second.close();
    }
  });

  it('names the colleague, swaps nothing under the publish dialog, and an undo never takes their draft back', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    const welcome = page.locator('.react-flow__node[data-id="welcome"]');
    await welcome.waitFor();
    const before = await revisionOf(page);
    const koffi = await createUser(server, 'koffi', ['editor']);
    const theirs = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'fr-FR' });
    try {
      const colleague = await theirs.newPage();
      await signIn(colleague, server.url, koffi, `/flows/${FLOW}`);
      await colleague.locator('.react-flow__node[data-id="welcome"]').click();
      await colleague.locator('textarea[data-field="prompt.fr"]').fill('Bienvenue au 1919, de la part de Koffi.');
      await colleague.keyboard.press('Control+s');
      await expect.poll(() => revisionOf(colleague)).toBeGreaterThan(before);
      const saved = await revisionOf(colleague);
      const backToTab = () =>
        page.evaluate(() => {
          window.dispatchEvent(new Event('blur'));
          window.dispatchEvent(new Event('focus'));
        });
      // Awa had the publish dialog open: what it publishes is what she read, not a draft swapped underneath.
      await page.bringToFront();
      await page.locator('[data-action="publish"]').click();
      await page.getByRole('dialog', { name: 'Publier une version' }).waitFor();
      await backToTab();
      await new Promise((r) => setTimeout(r, 1_500));
      expect(await revisionOf(page)).toBe(before);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: 'Publier une version' }).waitFor({ state: 'detached' });
      await new Promise((r) => setTimeout(r, 2_100));
      await backToTab();
      await page.getByText(`Brouillon enregistré entre-temps par koffi : la révision ${saved} est affichée.`).waitFor();
      // Ctrl+Z right after: Koffi's words stay, and nothing older is saved over them.
      await page.locator('.react-flow__pane').click();
      await page.keyboard.press('Control+z');
      await welcome.click();
      expect(await page.locator('textarea[data-field="prompt.fr"]').inputValue()).toBe('Bienvenue au 1919, de la part de Koffi.');
      expect(await page.getByRole('button', { name: 'Annuler', exact: true }).isDisabled()).toBe(true);
      expect(await revisionOf(page)).toBe(saved);
    } finally {
      await theirs.close();
    }
  });

  it('takes back a whole run of typing with Ctrl+Z in a prompt field, and redoes it with Ctrl+Shift+Z', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    const welcome = page.locator('.react-flow__node[data-id="welcome"]');
    await welcome.waitFor();
    await welcome.click();
    const english = page.locator('textarea[data-field="prompt.en"]');
    const before = await english.inputValue();
    await english.click();
    await english.press('Control+End');
    await page.keyboard.type(' Calls are free.');
    expect(await english.inputValue()).toBe(`${before} Calls are free.`);
    await english.press('Control+z');
    await expect.poll(() => english.inputValue()).toBe(before);
    // And back again, in one step.
    await english.press('Control+Shift+z');
    await expect.poll(() => english.inputValue()).toBe(`${before} Calls are free.`);
  });

  it('takes back a paste on its own with Ctrl+Z, as the browser would, not with the words typed just before', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    // Still on the flow, from the test before (a reload would offer back its unsaved typing).
    const welcome = page.locator('.react-flow__node[data-id="welcome"]');
    await welcome.waitFor();
    await welcome.click();
    const english = page.locator('textarea[data-field="prompt.en"]');
    const before = await english.inputValue();
    await page.evaluate(() => navigator.clipboard.writeText(' Press 1 for your balance.'));
    await english.click();
    await english.press('Control+End');
    await page.keyboard.type(' Calls are free.');
    await english.press('Control+v');
    await page.keyboard.type(' Thanks.');
    expect(await english.inputValue()).toBe(`${before} Calls are free. Press 1 for your balance. Thanks.`);
    await english.press('Control+z');
    await expect.poll(() => english.inputValue()).toBe(`${before} Calls are free. Press 1 for your balance.`);
    await english.press('Control+z');
    await expect.poll(() => english.inputValue()).toBe(`${before} Calls are free.`);
    await english.press('Control+z');
    await expect.poll(() => english.inputValue()).toBe(before);
  });
});
