import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Request, Route } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn, screenshotIfFailed } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { choose, selectNode } from './support/canvas.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[designer browser tests skipped] ${missing}`);

const FLOW = 'selfcare-1919';
const WELCOME = 'textarea[data-field="prompt.fr"]';

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

  afterEach((test) => screenshotIfFailed(test, page));

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
    // The server cannot be reached for saves (the page itself still loads).
    const unreachable = (route: Route) => (route.request().method() === 'PUT' ? route.abort('internetdisconnected') : route.fallback());
    await context.route('**/api/flows/*/draft', unreachable);
    await page.locator(WELCOME).fill('Bienvenue sur le 1919 (écrit hors ligne).');
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
    expect(await page.locator(WELCOME).inputValue()).toBe('Bienvenue sur le 1919 (écrit hors ligne).');

    // Closing or reloading the tab: the browser asks; the page goes anyway (as after a crash).
    const asked = new Promise<string>((resolve) =>
      page.once('dialog', (d) => {
        resolve(d.type());
        void d.accept();
      }),
    );
    await page.reload();
    expect(await asked).toBe('beforeunload');
    expect(welcomeText(await draft())).toBe('Bienvenue sur le 1919. Nouveau : le solde en un appel.');

    // Opened again, the unsent edit is offered back, with when it was made and what it changes.
    const offer = page.getByRole('dialog', { name: 'Modifications non envoyées retrouvées' });
    await offer.waitFor();
    await offer.locator('.diff-view').getByText('Bienvenue', { exact: true }).first().waitFor();
    await context.unroute('**/api/flows/*/draft', unreachable);
    await page.locator('[data-action="restore-unsent"]').click();
    await page.locator('[data-save-state="saved"]').waitFor();
    expect(welcomeText(await draft())).toBe('Bienvenue sur le 1919 (écrit hors ligne).');
  });

  it('when another editor saved first, the autosave shows the conflict and overwrites nothing', async () => {
    const current = await draft();
    const theirs = structuredClone(current.document);
    const welcome = theirs.nodes.find((n) => n.id === 'welcome');
    if (!welcome?.prompt?.fr) throw new Error('no welcome prompt');
    welcome.prompt.fr.text = 'Bienvenue sur le 1919 (version de Koffi).';
    const put = await server.admin<{ revision: number }>('PUT', `/api/flows/${FLOW}/draft`, { revision: current.revision, document: theirs });
    expect(put.status).toBe(200);

    await selectNode(page, 'welcome');
    await page.locator(WELCOME).fill('Bienvenue sur le 1919 (version d’Awa).');
    await page.locator('[data-save-state="conflict"]').waitFor();
    await page.locator('[data-action="overwrite-mine"]').waitFor();
    const after = await draft();
    expect(after.revision).toBe(put.body.revision);
    expect(welcomeText(after)).toBe('Bienvenue sur le 1919 (version de Koffi).');

    // Closed without choosing, the header still says so (the autosave waits for a choice) and nothing is sent.
    const sent: string[] = [];
    const onRequest = (request: Request) => {
      if (request.method() === 'PUT' && request.url().endsWith('/draft')) sent.push(request.url());
    };
    page.on('request', onRequest);
    await page.keyboard.press('Escape');
    await page.locator('[data-action="overwrite-mine"]').waitFor({ state: 'detached' });
    expect(await page.locator('[data-save-state="conflict"]').isVisible()).toBe(true);
    expect((await draft()).revision).toBe(put.body.revision);
    await page.locator('[data-save-state="conflict"]').click();
    await page.locator('[data-action="reload-theirs"]').click();
    await page.locator('[data-save-state="saved"]').waitFor();
    page.off('request', onRequest);
    expect(sent).toEqual([]);
    await selectNode(page, 'welcome');
    expect(await page.locator(WELCOME).inputValue()).toBe('Bienvenue sur le 1919 (version de Koffi).');
  });

  it('records a call through the subscriber look-up as a test that replays green, PUK made up', async () => {
    await page.locator('[data-panel-button="simulator"]').click();
    await choose(page, 'Appels au SI', 'Système de préproduction');
    await page.locator('[data-action="start-simulator"]').click();
    await page.locator('.bubble.flow', { hasText: 'Pour le français, tapez 1' }).waitFor();
    await page.getByRole('button', { name: 'Touche 1' }).click();
    await page.locator('.bubble.flow', { hasText: 'Choisissez un service' }).waitFor();
    await page.getByRole('button', { name: 'Touche 1' }).click();
    // The look-up is shown with its answer, and the flow goes on to read the code.
    await expect.poll(() => page.locator('[data-lookup-note="lookupSubscriber"]').textContent()).toContain('HTTP 200');
    await page.locator('.bubble.flow', { hasText: 'Votre code PUK est' }).waitFor();
    await expect.poll(() => page.locator('.flow-node.sim-current').getAttribute('data-node-id')).toBe('pukMenu');

    await page.getByRole('button', { name: 'Enregistrer comme cas de test' }).click();
    const dialog = page.getByRole('dialog', { name: 'Enregistrer comme cas de test' });
    await dialog.getByRole('textbox', { name: 'Nom du test' }).fill('PUK enregistré');
    await dialog.locator('[data-lookup="lookupSubscriber"]').waitFor();
    // The sensitive values the look-up answered are made up, and the editor is told so.
    expect(await dialog.locator('[data-synthetic]').getAttribute('data-synthetic')).toContain('puk');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await page.locator('[data-save-state="saved"]').waitFor();
    const saved = (await draft()).document as unknown as { tests: Array<{ name: string; fixtures: Record<string, { status: number; body: { puk: string } }> }> };
    const recorded = saved.tests.find((c) => c.name === 'PUK enregistré');
    expect(recorded?.fixtures.lookupSubscriber?.status).toBe(200);
    expect(recorded?.fixtures.lookupSubscriber?.body.puk).toMatch(/^\d{8}$/);
    expect(JSON.stringify(recorded)).not.toContain('12345678');

    await page.locator('[data-panel-button="tests"]').click();
    const item = page.locator('[data-test="PUK enregistré"]');
    await item.locator('.mantine-Accordion-control').click();
    await item.locator('[data-action="run-test"]').click();
    await item.locator('[data-case-outcome="passed"]').waitFor();
  });

  it('edits the test: a wrong expectation shows where it diverged on the canvas; fixed, it passes', async () => {
    const item = page.locator('[data-test="PUK enregistré"]');
    await item.locator('[data-action="edit-test"]').click();
    const editor = page.getByRole('dialog', { name: 'Modifier le test « PUK enregistré »' });
    await editor.waitFor();
    // Step 3 is the PUK choice: expect the code to be read, and (wrongly) to be back at the main menu.
    await editor.getByRole('textbox', { name: 'Messages attendus, étape 3' }).fill('Votre code PUK est');
    await editor.getByRole('textbox', { name: 'Nœud attendu, étape 3' }).fill('mainMenu');
    await page.getByRole('option', { name: 'mainMenu', exact: true }).click();
    await editor.locator('[data-action="run-edited-test"]').click();
    await editor.locator('[data-case-outcome="failed"]').waitFor();
    expect(await editor.locator('[data-diverged-node]').getAttribute('data-diverged-node')).toBe('pukMenu');
    await editor.locator('.test-step.diverged[data-step="3"]').waitFor();
    await expect.poll(() => page.locator('.flow-node.test-diverged').getAttribute('data-node-id')).toBe('pukMenu');

    await editor.getByRole('textbox', { name: 'Nœud attendu, étape 3' }).fill('pukMenu');
    await page.getByRole('option', { name: 'pukMenu', exact: true }).click();
    await editor.locator('[data-action="run-edited-test"]').click();
    await editor.locator('[data-case-outcome="passed"]').waitFor();
    await expect.poll(() => page.locator('.flow-node.test-diverged').count()).toBe(0);
    await editor.locator('[data-action="save-test"]').click();
    await page.locator('[data-save-state="saved"]').waitFor();
    const saved = (await draft()).document as unknown as { tests: Array<{ name: string; steps: Array<{ expect?: { promptContains?: string[]; at?: string } }> }> };
    expect(saved.tests.find((c) => c.name === 'PUK enregistré')?.steps[2]?.expect).toEqual({ at: 'pukMenu', promptContains: ['Votre code PUK est'] });

    await page.getByRole('button', { name: /Lancer les \d+ tests/ }).click();
    await expect.poll(() => page.locator('.test-summary').textContent()).toContain('0 échoué');
  });

  it('publishes, and production accepts the version with the recorded test', async () => {
    await page.locator('[data-action="publish"]').click();
    await page.getByRole('dialog').getByRole('textbox', { name: 'Qu’est-ce qui change ?' }).fill('Accueil revu, test du code PUK');
    await page.getByRole('dialog').getByRole('button', { name: 'Publier' }).click();
    await page.getByText('Version 2 publiée').waitFor();
    await page.locator('[data-panel-button="versions"]').click();
    await page.getByRole('button', { name: 'Actions pour la version 2' }).click();
    await page.getByRole('menuitem', { name: 'Mettre en production' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Promouvoir' }).click();
    await expect.poll(async () => (await server.admin<{ production: { version: number } | null }>('GET', `/api/flows/${FLOW}/environments`)).body.production?.version).toBe(2);
    await expect.poll(() => page.locator('[data-env-version="production"]').textContent()).toBe('v2');
  });
});
