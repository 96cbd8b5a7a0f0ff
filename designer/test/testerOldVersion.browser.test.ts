import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn, screenshotIfFailed } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[designer browser tests skipped] ${missing}`);

const FLOW = 'selfcare-1919';
const TESTER = '+2290197000042';

interface Binding {
  channel: string;
  address: string;
  flowId: string;
  testers: Array<{ number: string; version?: number }>;
}

/**
 * Left 17c: `GET /api/flows/{id}` carries a flow's newest 100 versions only, and the binding's
 * tester-version picker read its choices there: an admin could no longer pin a tester to v12 of 230.
 * The picker offers every version (searchable), and a tester pinned to an old one saves again as it is.
 */
describe.skipIf(missing !== null)('pinning a tester to an old version of a flow with a long history', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;
  const ada = { username: 'ada', password: '' };

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    Object.assign(ada, await createUser(server, 'ada', ['admin']));
    const { store } = server.running;
    const published = await store.listVersions(FLOW);
    const first = await store.getVersion(FLOW, published[0]!.number);
    if (!first) throw new Error('the demo flow has no version');
    for (let number = published.length + 1; number <= 230; number++) {
      await store.putVersion({ ...first, number, message: `Version ${number}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, number)).toISOString() });
    }
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(page, server.url, ada);
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const voice1919 = async () => (await server.admin<Binding[]>('GET', '/api/bindings')).body.find((b) => b.channel === 'voice' && b.address === '1919')!;

  const openBinding = async () => {
    await page.goto(`${server.url}/admin/bindings`);
    const row = page.locator('.bindings-page tr[data-binding="voice:1919"]');
    await row.waitFor();
    await row.getByRole('button', { name: /^Modifier le raccordement/ }).click();
    const dialog = page.getByRole('dialog');
    // The section is open when the binding has testers already.
    const testers = dialog.getByRole('button', { name: /^Testeurs \(\d+\)$/ });
    await testers.waitFor();
    if ((await testers.getAttribute('aria-expanded')) !== 'true') await testers.click();
    return dialog;
  };

  it('pins a tester to v12 of 230, and the binding keeps it when saved again', async () => {
    expect((await voice1919()).flowId).toBe(FLOW);
    const dialog = await openBinding();
    await dialog.getByRole('button', { name: 'Ajouter un testeur' }).click();
    const n = await dialog.locator('[data-tester-row]').count();
    await dialog.getByLabel(`Numéro du testeur ${n}`).fill('01 97 00 00 42');
    const version = dialog.getByRole('textbox', { name: `Version du testeur ${n}`, exact: true });
    await version.click();
    await page.getByRole('option', { name: 'v12', exact: true }).click();
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect((await voice1919()).testers).toContainEqual(expect.objectContaining({ number: TESTER, version: 12 }));

    // Opened again, the old version stays shown and the binding saves as it is (not « Ce parcours n’a pas de version 12. »).
    const again = await openBinding();
    const row = again.locator(`[data-tester-row]`).filter({ has: page.locator(`input[value="${TESTER}"], input[value="01 97 00 00 42"]`) });
    await row.waitFor();
    const shown = row.getByRole('textbox', { name: /^Version du testeur/ });
    expect(await shown.inputValue()).toBe('v12');
    await again.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => again.count()).toBe(0);
    expect((await voice1919()).testers).toContainEqual(expect.objectContaining({ number: TESTER, version: 12 }));
  });
});
