import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn, screenshotIfFailed } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { choose } from './support/canvas.ts';

const missing = chromiumMissing();
const OWN_SIM = '+2290197000077';

type Binding = { id: string; channel: string; address: string; testers: Array<{ number: string; addedBy?: string }> };

/**
 * Daily review: a tester opened Raccordements and read "Lecture seule", so they could not route
 * their own SIM to staging without an admin. Now they add it themselves (staging only), see it in
 * the test numbers, and remove it.
 */
describe.skipIf(missing !== null)('a tester lists their own SIM as a test number of 1919', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const tester = await createUser(server, 'tina', ['tester']);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(page, server.url, tester);
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('adds their number to the voice line’s staging routing, and removes it', async () => {
    await page.goto(`${server.url}/admin/bindings`);
    await page.locator('.bindings-page tr[data-binding="voice:1919"]').waitFor();
    const section = page.locator('.own-test-numbers');
    await section.waitFor();
    await choose(page, 'Raccordement', 'Voix 1919');
    await section.getByRole('textbox', { name: 'Mon numéro', exact: true }).fill('01 97 00 00 77');
    await section.getByRole('button', { name: 'Ajouter mon numéro' }).click();
    await section.locator(`[data-own-test-number="${OWN_SIM}"]`).waitFor();
    expect(await section.locator(`[data-own-test-number="${OWN_SIM}"]`).textContent()).toContain('Voix 1919 → Préproduction');
    // Listed with the approved test numbers: its calls reach staging, and previews may use it.
    await page.locator(`.test-numbers [data-test-number="${OWN_SIM}"]`).waitFor();
    const voice = (await server.admin<Binding[]>('GET', '/api/bindings')).body.find((b) => b.channel === 'voice' && b.address === '1919')!;
    expect(voice.testers).toContainEqual({ number: OWN_SIM, addedBy: 'tina' });

    await section.getByRole('button', { name: `Retirer ${OWN_SIM} de Voix 1919` }).click();
    await section.locator(`[data-own-test-number="${OWN_SIM}"]`).waitFor({ state: 'detached' });
    await page.locator(`.test-numbers [data-test-number="${OWN_SIM}"]`).waitFor({ state: 'detached' });
  });
});
