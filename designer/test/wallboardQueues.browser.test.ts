import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signInAt, untilStill } from './support/browser.ts';
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
    const page = await signInAt(browser, server.url, user, { viewport: { width: 1280, height: 900 }, at: '/agent/supervision' });
    page.setDefaultTimeout(15_000);
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

  /** A save reaches the other pages by the live stream: seconds on a loaded machine, not vitest's default 1 s. */
  const LIVE = { timeout: 10_000, interval: 50 };

  it('shows the display name a supervisor gives a queue on the wallboard and in an agent’s open inbox, its name on hover', async () => {
    const agent = await signInAt(browser, server.url, await createUser(server, 'awa', ['agent']), { viewport: { width: 1280, height: 900 } });
    // With nobody waiting, the queue is among those folded under « N files sans attente »: the agent unfolds them.
    await agent.locator('details.empty-queues summary').click();
    const heading = agent.locator('section.queue[data-queue="support-en"] h3');
    await heading.waitFor();
    expect(await heading.textContent()).toBe('support-en');

    const page = await board(['supervisor'], 'kossi');
    const pick = page.getByLabel('Régler une autre file');
    await pick.selectOption('support-en');
    await page.locator('form').filter({ has: pick }).getByRole('button', { name: 'Ouvrir' }).click();
    const form = page.locator('.queue-settings form.settings-form[data-queue="support-en"]');
    await untilStill(form);
    await form.getByLabel('Nom affiché').fill('Assistance en anglais');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    const tile = page.locator('.wallboard [data-wallboard-queue="support-en"] h4');
    await expect.poll(() => tile.textContent(), LIVE).toBe('Assistance en anglais');
    expect(await tile.locator('[data-queue-name]').getAttribute('title')).toBe('support-en');
    // The agent's inbox, open meanwhile, follows without a reload.
    await expect.poll(() => heading.textContent(), LIVE).toBe('Assistance en anglais');

    // Emptied, the queue reads by its name again.
    await form.getByLabel('Nom affiché').fill('');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => heading.textContent(), LIVE).toBe('support-en');
    await agent.context().close();
  });

  it('removes a queue’s settings after saying what the defaults are, and says so when someone removed them first', async () => {
    const body = { callbackAfterSeconds: 600, timezone: 'Europe/Paris', weeklyHours: { mon: [{ open: '08:00', close: '18:00' }] }, holidays: ['2026-12-25'], displayName: 'Assistance VIP' };
    expect((await server.admin('PUT', '/api/agent/queues/support-fr/settings', body)).status).toBe(200);
    const page = await board(['supervisor'], 'yao');
    const item = page.locator('.queue-settings [data-queue="support-fr"]').first();
    await item.waitFor();
    expect(await item.locator('.settings-summary').textContent()).toContain('rappel après 10 min');
    await item.locator('button').first().click();
    const form = page.locator('.queue-settings form.settings-form[data-queue="support-fr"]');
    await untilStill(form);
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await form.getByRole('button', { name: 'Supprimer les réglages' }).click();
    await expect.poll(() => form.getByRole('status').textContent(), LIVE).toBe('Réglages de support-fr supprimés : la file a les valeurs par défaut.');
    expect(asked).toContain('Supprimer les réglages de la file Assistance VIP ?');
    expect(asked).toContain('toujours ouverte, sans jours fériés, rappel proposé après 2 min d’attente, fuseau du serveur (Africa/Porto-Novo)');
    // The list reads the defaults at once; the form too, and the button is gone.
    await expect.poll(() => item.locator('.settings-summary').textContent(), LIVE).toBe('· rappel après 2 min · toujours ouverte · Africa/Porto-Novo');
    expect(await item.locator('.mantine-Accordion-control strong').textContent()).toBe('support-fr');
    expect(await form.getByLabel('minutes', { exact: true }).inputValue()).toBe('2');
    expect(await form.getByRole('button', { name: 'Supprimer les réglages' }).count()).toBe(0);
    const listed = (await server.admin<{ queue: string; settings: { updatedBy: string } }[]>('GET', '/api/agent/queues')).body;
    expect(listed.find((q) => q.queue === 'support-fr')?.settings.updatedBy).toBe('default');

    // Set up again; another supervisor removes them while this one confirms: the refusal in French.
    expect((await server.admin('PUT', '/api/agent/queues/support-fr/settings', body)).status).toBe(200);
    const remove = form.getByRole('button', { name: 'Supprimer les réglages' });
    await remove.waitFor();
    page.once('dialog', (dialog) => {
      void server.admin('DELETE', '/api/agent/queues/support-fr/settings').then(() => dialog.accept());
    });
    await remove.click();
    await expect.poll(() => form.locator('.settings-error').textContent(), LIVE).toBe('Cette file n’a pas de réglages : rien à supprimer.');
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
