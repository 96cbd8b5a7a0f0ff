import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { selectNode } from './support/canvas.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[designer browser tests skipped] ${missing}`);

const FLOW = 'selfcare-1919';
const WELCOME = 'textarea[aria-label="prompt fr"]';

interface Draft {
  revision: number;
  updatedBy?: string;
  document: { nodes: Array<{ id: string; prompt?: Record<string, { text?: string }> }> } & Record<string, unknown>;
}

/**
 * A day in the editor on the demo's 1919 flow, against the real server: edits saved without a
 * click, nothing lost when leaving, going offline or closing the tab, and a conflicting save
 * never overwriting the other editor's draft.
 */
describe.skipIf(missing !== null)('editing all day without losing work', () => {
  let server: GriotServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const awa = { username: 'awa', password: '' };
  const draft = async () => (await server.admin<Draft>('GET', `/api/flows/${FLOW}/draft`)).body;
  const welcomeText = (d: Draft) => d.document.nodes.find((n) => n.id === 'welcome')?.prompt?.fr?.text;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    Object.assign(awa, await createUser(server, 'awa', ['editor', 'publisher', 'tester']));
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(page, server.url, awa);
  });

  afterEach(async (test) => {
    if (test.task.result?.state === 'fail' && page && !page.isClosed()) {
      const file = `${process.env.GRIOT_TEST_ARTIFACTS ?? '/tmp'}/designer-${test.task.name.replace(/\W+/g, '-')}.png`;
      await page.screenshot({ path: file }).catch(() => {});
      console.error(`[screenshot] ${file}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const openFlow = async () => {
    await page.locator(`tr[data-flow-id="${FLOW}"] a[href="/flows/${FLOW}"]`).click();
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
  };

  it('saves a changed prompt by itself; back to the flows and again: it is there', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
    const before = await draft();
    await selectNode(page, 'welcome');
    await page.locator(WELCOME).fill('Bienvenue sur le 1919. Nouveau : le solde en un appel.');
    await page.locator('[data-save-state="unsaved"]').waitFor();
    // No click on Save: the draft goes to the server a moment after the typing stops.
    await page.locator('[data-save-state="saved"]').waitFor();
    const saved = await draft();
    expect(saved.revision).toBe(before.revision + 1);
    expect(welcomeText(saved)).toBe('Bienvenue sur le 1919. Nouveau : le solde en un appel.');

    await page.getByRole('button', { name: 'Retour aux parcours' }).click();
    await page.locator('.flow-list-page').waitFor();
    expect(await page.locator('[data-dialog="leave-editor"]').count()).toBe(0);
    await openFlow();
    await selectNode(page, 'welcome');
    expect(await page.locator(WELCOME).inputValue()).toBe('Bienvenue sur le 1919. Nouveau : le solde en un appel.');
  });

  it('offline, the edit is kept on the device; leaving asks, in the app and when closing the tab', async () => {
    await context.setOffline(true);
    await page.locator(WELCOME).fill('Bienvenue (écrit hors ligne).');
    await page.locator('[data-save-state="offline"]').waitFor();

    await page.getByRole('button', { name: 'Retour aux parcours' }).click();
    await page.getByRole('dialog', { name: 'Modifications non enregistrées' }).waitFor();
    await page.locator('[data-action="stay"]').click();
    await page.getByRole('dialog', { name: 'Modifications non enregistrées' }).waitFor({ state: 'hidden' });
    expect(new URL(page.url()).pathname).toBe(`/flows/${FLOW}`);

    // The browser's back button asks too, and staying keeps the editor and its address.
    await page.goBack();
    await page.getByRole('dialog', { name: 'Modifications non enregistrées' }).waitFor();
    await page.locator('[data-action="stay"]').click();
    expect(new URL(page.url()).pathname).toBe(`/flows/${FLOW}`);
    expect(await page.locator(WELCOME).inputValue()).toBe('Bienvenue (écrit hors ligne).');

    // Closing the tab: the browser asks; the tab closes anyway (as after a crash).
    const asked = new Promise<string>((resolve) => page.once('dialog', (d) => { resolve(d.type()); void d.accept(); }));
    await page.close({ runBeforeUnload: true });
    expect(await asked).toBe('beforeunload');
    await context.setOffline(false);
    expect(welcomeText(await draft())).toBe('Bienvenue sur le 1919. Nouveau : le solde en un appel.');

    // Reopened, the unsent edit is offered back, with when it was made and what it changes.
    page = await context.newPage();
    await page.goto(`${server.url}/flows/${FLOW}`);
    const offer = page.getByRole('dialog', { name: 'Modifications non envoyées retrouvées' });
    await offer.waitFor();
    await offer.locator('.diff-view').getByText('welcome').first().waitFor();
    await page.locator('[data-action="restore-unsent"]').click();
    await page.locator('[data-save-state="saved"]').waitFor();
    expect(welcomeText(await draft())).toBe('Bienvenue (écrit hors ligne).');
  });

  it('when another editor saved first, the autosave shows the conflict and overwrites nothing', async () => {
    const current = await draft();
    const theirs = structuredClone(current.document);
    const welcome = theirs.nodes.find((n) => n.id === 'welcome');
    if (!welcome?.prompt?.fr) throw new Error('no welcome prompt');
    welcome.prompt.fr.text = 'Bienvenue (version de Koffi).';
    const put = await server.admin<{ revision: number }>('PUT', `/api/flows/${FLOW}/draft`, { revision: current.revision, document: theirs });
    expect(put.status).toBe(200);

    await selectNode(page, 'welcome');
    await page.locator(WELCOME).fill('Bienvenue (version d’Awa).');
    await page.locator('[data-save-state="conflict"]').waitFor();
    await page.locator('[data-action="overwrite-mine"]').waitFor();
    const after = await draft();
    expect(after.revision).toBe(put.body.revision);
    expect(welcomeText(after)).toBe('Bienvenue (version de Koffi).');

    // Closed without choosing, the header still says so and nothing is sent.
    await page.keyboard.press('Escape');
    await page.locator('[data-action="overwrite-mine"]').waitFor({ state: 'detached' });
    await page.waitForTimeout(2500);
    expect((await draft()).revision).toBe(put.body.revision);
    await page.locator('[data-save-state="conflict"]').click();
    await page.locator('[data-action="reload-theirs"]').click();
    await page.locator('[data-save-state="saved"]').waitFor();
    await selectNode(page, 'welcome');
    expect(await page.locator(WELCOME).inputValue()).toBe('Bienvenue (version de Koffi).');
  });
});
