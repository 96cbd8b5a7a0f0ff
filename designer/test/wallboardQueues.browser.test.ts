import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signInAt } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();

/**
 * A supervisor opens the board of the 1919 demo before the first caller: the wallboard lists the
 * queues the flow hands over to (`support-{{caller.locale}}` gives support-fr and support-en) at
 * zero, and "Régler une autre file" is a pick-list of those names; only an admin may type a name.
 */
describe.skipIf(missing !== null)('designer: the wallboard with no traffic', () => {
  let server: GriotServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function board(roles: string[], name: string): Promise<Page> {
    const user = await createUser(server, name, roles);
    const page = await signInAt(browser, server.url, user, { viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.url}/agent/supervision`);
    return page;
  }

  it('shows the flows’ queues with zeros, and picks a queue to set up from them', async () => {
    const page = await board(['supervisor'], 'sena');
    const tile = page.locator('.wallboard [data-wallboard-queue="support-fr"]');
    await tile.waitFor();
    expect(await tile.locator('[data-kpi="waiting"] dd').textContent()).toBe('0');
    expect(await page.locator('.wallboard [data-wallboard-queue="support-en"] [data-kpi="waiting"] dd').textContent()).toBe('0');
    expect(await page.locator('.wallboard').textContent()).not.toContain('Aucune file pour le moment');

    const pick = page.getByLabel('Régler une autre file');
    const options = await pick.locator('option').allTextContents();
    expect(options).toEqual(expect.arrayContaining(['support-fr', 'support-en']));
    await pick.selectOption('support-en');
    await page.locator('form').filter({ has: pick }).getByRole('button', { name: 'Ouvrir' }).click();
    await page.locator('.queue-settings form.settings-form[data-queue="support-en"]').waitFor();
    // A supervisor cannot type a queue name no flow produces.
    expect(await page.locator('[data-field="new-queue"]').count()).toBe(0);
  });

  it('lets an admin type a new name, labelled as such', async () => {
    const page = await board(['admin'], 'ayo');
    await page.locator('.wallboard [data-wallboard-queue="support-fr"]').waitFor();
    const free = page.getByLabel('Nouvelle file, nom libre (administrateurs)');
    await free.fill('vip-fr');
    await page.locator('form').filter({ has: free }).getByRole('button', { name: 'Ouvrir' }).click();
    await page.locator('.queue-settings form.settings-form[data-queue="vip-fr"]').waitFor();
  });
});
