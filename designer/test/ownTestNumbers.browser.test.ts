import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn, screenshotIfFailed } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { choose } from './support/canvas.ts';

const missing = chromiumMissing();
const OWN_SIM = '+2290197000077';

type Binding = { id: string; channel: string; address: string; testers: Array<{ number: string; addedBy?: string; confirmedBy?: string }> };

/**
 * Daily review: a tester opened Raccordements and read "Lecture seule", so they could not route
 * their own SIM to staging without an admin. Now they add it themselves (staging only) and remove
 * it. Security review (sec13a): anyone can type a subscriber's number, so it stays « en attente de
 * confirmation » (its calls run production) until an admin confirms it in one click, and it never
 * joins the test numbers a preview may read real data as.
 */
describe.skipIf(missing !== null)('a tester lists their own SIM as a test number of 1919', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;
  let adminPage: Page;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const tester = await createUser(server, 'tina', ['tester']);
    const admin = await createUser(server, 'ada', ['admin']);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    adminPage = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    for (const p of [page, adminPage]) p.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(page, server.url, tester);
    await signIn(adminPage, server.url, admin);
  });

  afterEach(async (test) => {
    await screenshotIfFailed(test, page);
    await screenshotIfFailed(test, adminPage);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('adds their number to the voice line’s staging routing, pending until an admin confirms it in one click, and removes it', async () => {
    await page.goto(`${server.url}/admin/bindings`);
    await page.locator('.bindings-page tr[data-binding="voice:1919"]').waitFor();
    const section = page.locator('.own-test-numbers');
    await section.waitFor();
    await choose(page, 'Raccordement', 'Voix 1919');
    await section.getByRole('textbox', { name: 'Mon numéro', exact: true }).fill('01 97 00 00 77');
    await section.getByRole('button', { name: 'Ajouter mon numéro' }).click();
    const row = section.locator(`[data-own-test-number="${OWN_SIM}"]`);
    await row.waitFor();
    // Daily 18: which version it hears, not only the environment; pending, the line's (production), like a subscriber (fix18b).
    expect(await row.textContent()).toContain('Voix 1919 → Production · v1');
    expect(await row.textContent()).toContain('en attente de confirmation');
    expect(await section.textContent()).toContain('ses appels joignent l’environnement de la ligne');
    // Not one of the test numbers previews may read real data as.
    await page.locator('.test-numbers [data-test-number="+2290197000090"]').waitFor();
    expect(await page.locator(`.test-numbers [data-test-number="${OWN_SIM}"]`).count()).toBe(0);
    const voice = async () => (await server.admin<Binding[]>('GET', '/api/bindings')).body.find((b) => b.channel === 'voice' && b.address === '1919')!;
    expect((await voice()).testers).toContainEqual({ number: OWN_SIM, addedBy: 'tina' });

    // The admin sees it pending where they manage bindings, and confirms it in one click.
    await adminPage.goto(`${server.url}/admin/bindings`);
    const review = adminPage.locator('.own-test-numbers-review');
    const pending = review.locator(`[data-own-test-number="${OWN_SIM}"]`);
    await pending.waitFor();
    expect(await pending.textContent()).toContain('tina');
    expect(await pending.textContent()).toContain('en attente de confirmation');
    await review.getByRole('button', { name: `Confirmer ${OWN_SIM} pour Voix 1919` }).click();
    await review.locator(`[data-own-test-number="${OWN_SIM}"]:not([data-pending])`).waitFor();
    expect(await pending.textContent()).toContain('confirmé par ada');
    expect((await voice()).testers).toContainEqual(expect.objectContaining({ number: OWN_SIM, addedBy: 'tina', confirmedBy: 'ada' }));

    // The tester sees it confirmed.
    await page.reload();
    await section.locator(`[data-own-test-number="${OWN_SIM}"]:not([data-pending])`).waitFor();
    expect(await row.textContent()).toContain('confirmé');
    expect(await row.textContent()).toContain('Voix 1919 → Préproduction · v1');
    expect(await row.textContent()).not.toContain('en attente');

    await section.getByRole('button', { name: `Retirer ${OWN_SIM} de Voix 1919` }).click();
    await row.waitFor({ state: 'detached' });
  });
});
