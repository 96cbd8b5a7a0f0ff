import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn, screenshotIfFailed } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { choose } from './support/canvas.ts';

const missing = chromiumMissing();
const DEMO = 'selfcare-1919';

type Griot = {
  documentStore: { getState(): { doc: { nodes: Array<{ id: string }>; edges: Array<{ source: string; output: string; target: string }>; locales: Array<{ code: string; name: string }> } } };
  lintStore: { getState(): { issues: Array<{ code: string; node?: string }> } };
};
const griot = (page: Page) => page.evaluate(() => (window as unknown as { __griot: Griot }).__griot.documentStore.getState().doc);

/**
 * The daily review of 2026-12-05 (daily13), replayed: a French content editor builds "Forfaits
 * internet" at 1366 × 768, tries it in the simulator, reads the Traductions table, publishes a
 * version that calls the operator's systems; a publisher reviews it and rolls production back.
 */
describe.skipIf(missing !== null)('a content editor’s day on « Forfaits internet », at 1366 × 768', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;
  let awa: { username: string; password: string };
  let kossi: { username: string; password: string };

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    awa = await createUser(server, 'awa', ['editor', 'tester']);
    kossi = await createUser(server, 'kossi', ['publisher']);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(page, server.url, awa);
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const openFlow = async (id: string, node: string) => {
    await page.goto(`${server.url}/flows/${id}`);
    await page.locator(`.react-flow__node[data-id="${node}"]`).waitFor();
  };

  it('puts a Menu added after Accueil between Accueil and Fin, reachable, and one Ctrl+Z takes it back', async () => {
    await page.getByRole('button', { name: 'Nouveau parcours' }).click();
    await page.getByRole('textbox', { name: 'Nom' }).fill('Forfaits internet');
    await page.getByRole('button', { name: 'Créer' }).click();
    await page.locator('.react-flow__node[data-id="bye"]').waitFor();
    await page.locator('.react-flow__node[data-id="welcome"]').click();
    await page.locator('.palette-item[data-node-type="menu"]').click();
    await expect.poll(async () => (await griot(page)).nodes.length).toBe(4);
    const menu = (await griot(page)).nodes.map((n) => n.id).find((id) => !['start', 'welcome', 'bye'].includes(id)) as string;
    const edges = (await griot(page)).edges.map((e) => `${e.source}.${e.output}→${e.target}`);
    expect(edges).toContain(`welcome.next→${menu}`);
    expect(edges.filter((e) => e.startsWith(`${menu}.`) && e.endsWith('→bye'))).toHaveLength(1);
    expect(edges).not.toContain('welcome.next→bye');
    // Reachable: no « Ce nœud ne peut pas être atteint depuis le début ».
    await page.waitForTimeout(600);
    const unreachable = await page.evaluate(() => (window as unknown as { __griot: Griot }).__griot.lintStore.getState().issues.filter((i) => i.code === 'node.unreachable'));
    expect(unreachable).toEqual([]);

    await page.locator('.react-flow__pane').click({ position: { x: 40, y: 300 } });
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await griot(page)).nodes.map((n) => n.id)).toEqual(['start', 'welcome', 'bye']);
    expect((await griot(page)).edges.map((e) => `${e.source}.${e.output}→${e.target}`)).toContain('welcome.next→bye');
  });

  it('gives the Traductions table the width: no palette, the side panel folded, Fon file names on one line, badges whole', async () => {
    await openFlow(DEMO, 'welcome');
    await page.locator('.react-flow__node[data-id="welcome"]').click();
    await page.locator('.side-panel-content[data-panel="inspector"]').waitFor();
    await page.locator('.editor-top label', { hasText: 'Traductions' }).click();
    await page.locator('.translation-table').waitFor();

    await expect.poll(() => page.locator('.side-panel-content').isVisible()).toBe(false);
    expect(await page.locator('.editor-palette').count()).toBe(0);
    const table = await page.locator('.translation-view').boundingBox();
    expect(table?.width).toBeGreaterThan(1200);
    // Every recording's name: one line, cut with an ellipsis if need be, whole in its tooltip.
    const names = page.locator('[data-audio-name]');
    expect(await names.count()).toBeGreaterThan(5);
    for (const name of (await names.all()).slice(0, 5)) {
      expect(await name.getAttribute('title')).toMatch(/\.wav$/);
      expect(await name.evaluate((el) => el.getBoundingClientRect().height)).toBeLessThan(24);
    }
    // The header's badges (language code, « audio seul », counts) are never cut.
    const cut = await page.locator('.translation-table th .mantine-Badge-label').evaluateAll((els) => els.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent));
    expect(cut).toEqual([]);

    // Back on the canvas, the node panel is as it was.
    await page.locator('.editor-top label', { hasText: 'Canevas' }).click();
    await expect.poll(() => page.locator('.side-panel-content[data-panel="inspector"]').isVisible()).toBe(true);
  });

  it('says on the agent card no « P999 », and names each Fon box and button for a screen reader, its text optional', async () => {
    await openFlow(DEMO, 'welcome');
    await page.locator('.react-flow__node[data-id="welcome"]').click();
    expect(await page.locator('.react-flow__node[data-id="handoff"]').textContent()).not.toContain('P999');
    const fon = (await griot(page)).locales.find((l) => l.code === 'fon')?.name as string;
    const inspector = page.locator('.side-panel-content[data-panel="inspector"]');
    const fonBox = inspector.locator('textarea[data-field="prompt.fon"]');
    await fonBox.waitFor();
    expect(await fonBox.getAttribute('placeholder')).toMatch(/^Texte facultatif/);
    const labels = await inspector.locator('[data-audio-control$="|fon"] button').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
    expect(labels.length).toBeGreaterThan(0);
    for (const label of labels) expect(label).toContain(`(${fon})`);

    // The agent node's optional message: named, not « (Français) ».
    // Gone to as the node search does (it is off screen at 1366 px).
    await page.evaluate(() => (window as unknown as { __griot: { canvasStore: { getState(): { focusNode(id: string): void } } } }).__griot.canvasStore.getState().focusNode('handoff'));
    const agentBox = inspector.locator('textarea[data-field="callbackOfferPrompt.fr"]');
    await agentBox.waitFor();
    expect(await agentBox.getAttribute('aria-label')).toMatch(/^\S.* \(Français\)$/);
  });

  it('presses the simulator’s keys with the keyboard once the call starts', async () => {
    await page.locator('[data-panel-button="simulator"]').click();
    await choose(page, 'Appels au SI', 'Aucun (erreur)');
    await page.locator('[data-action="start-simulator"]').click();
    await page.locator('[data-voice-phone]').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-voice-phone]') !== null)).toBe(true);
    await page.locator('[data-waiting]').waitFor();
    await page.keyboard.press('1');
    await expect.poll(() => page.locator('.voice-phone .bubble.caller').allTextContents()).toEqual(['1']);
    expect(await page.getByText('Astuce : tapez les chiffres au clavier', { exact: false }).count()).toBe(1);
  });

  it('tells the editor a version that calls the SI needs a publisher for staging, and asks from there', async () => {
    // Version 2 of the demo (a renamed node): no publisher has vetted it yet.
    const draft = await server.admin<{ revision: number; document: { nodes: Array<{ id: string; label?: string }> } }>('GET', `/api/flows/${DEMO}/draft`);
    const document = { ...draft.body.document, nodes: draft.body.document.nodes.map((n) => (n.id === 'welcome' ? { ...n, label: 'Accueil du 1919' } : n)) };
    expect((await server.admin('PUT', `/api/flows/${DEMO}/draft`, { revision: draft.body.revision, document })).status).toBe(200);
    expect((await server.admin('POST', `/api/flows/${DEMO}/publish`, { message: 'Accueil renommé' })).status).toBe(201);

    await openFlow(DEMO, 'welcome');
    await page.locator('[data-panel-button="versions"]').click();
    const notice = page.locator('[data-staging-needs-publisher="2"]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('La version 2 appelle le SI');
    expect(await notice.textContent()).toContain('un publieur doit la mettre en préproduction');
    await notice.locator('[data-action="request-publication-staging"]').click();
    await page.locator('[data-action="send-publication-request"]').click();
    await page.locator('[data-publication-request][data-status="pending"]').waitFor();
    // The request is with the publishers: the notice has said what it had to.
    await expect.poll(() => notice.count()).toBe(0);
  });

  it('shows the publisher the checks in proper French plurals, and names the version a rollback goes back to', async () => {
    await page.context().clearCookies();
    await signIn(page, server.url, kossi);
    await openFlow(DEMO, 'welcome');
    await page.locator('[data-panel-button="versions"]').click();
    await page.locator('[data-action="review-publication"]').click();
    const lint = page.locator('[data-check="lint"]');
    await lint.waitFor();
    expect(await lint.textContent()).toMatch(/^Vérifications : aucune erreur( \((1 avertissement|\d{2,} avertissements|[2-9] avertissements)\)|, aucun avertissement)\.$/);
    await page.keyboard.press('Escape');

    // Production ran version 1; version 2 goes there; going back names version 1.
    expect((await server.admin('POST', `/api/flows/${DEMO}/environments/production`, { version: 2 })).status).toBe(200);
    await openFlow(DEMO, 'welcome');
    await page.locator('[data-panel-button="versions"]').click();
    await page.locator('[data-action="rollback"]:not([disabled])').click();
    await expect.poll(() => page.locator('[data-rollback-to]').textContent()).toBe('La production reviendra de la version 2 à la version 1, celle qu’elle exécutait avant.');
    await page.getByRole('button', { name: 'Annuler', exact: true }).last().click();
  });

  it('says « Ce parcours n’a aucun test » before production, as the publication review does', async () => {
    const flow = {
      schemaVersion: 2,
      id: 'sans-test',
      name: 'Sans test',
      locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' } }],
      nodes: [
        { id: 'start', type: 'start', position: { x: 0, y: 0 } },
        { id: 'welcome', type: 'message', position: { x: 250, y: 0 }, prompt: { fr: { text: 'Bonjour.' } } },
        { id: 'bye', type: 'end', position: { x: 500, y: 0 } },
      ],
      edges: [
        { id: 'e1', source: 'start', output: 'next', target: 'welcome' },
        { id: 'e2', source: 'welcome', output: 'next', target: 'bye' },
      ],
    };
    expect((await server.admin('POST', '/api/flows', { document: flow })).status).toBe(201);
    expect((await server.admin('POST', '/api/flows/sans-test/publish', { message: 'v1' })).status).toBe(201);
    await openFlow('sans-test', 'welcome');
    await page.locator('[data-panel-button="versions"]').click();
    await page.getByRole('button', { name: 'Actions pour la version 1' }).click();
    await page.getByRole('menuitem', { name: 'Mettre en production' }).click();
    await page.locator('[data-production-tests="none"]').waitFor();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain('Ce parcours n’a aucun test.');
    expect(await dialog.textContent()).not.toContain('réussit');
  });
});
