import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn, screenshotIfFailed } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { selectNode } from './support/canvas.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[designer browser tests skipped] ${missing}`);

const FLOW = 'selfcare-1919';
type Prompt = Record<string, { text?: string }>;
interface Draft {
  revision: number;
  document: { nodes: Array<{ id: string; type?: string; target?: string; prompt?: Prompt }>; edges: Array<{ id: string; source: string; output: string; target: string }> } & Record<string, unknown>;
}

/**
 * Two editors on the 1919 draft: when another editor saved first, keeping my version keeps
 * their changes I did not touch; only the fields we both changed are mine or theirs, as chosen.
 * The same holds for edits this device kept after a crash.
 */
describe.skipIf(missing !== null)('a conflicting save merges instead of overwriting', () => {
  let server: GriotServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const admin = { username: 'ama', password: '' };
  const draft = async () => (await server.admin<Draft>('GET', `/api/flows/${FLOW}/draft`)).body;
  const text = (d: Draft, node: string, locale: string) => d.document.nodes.find((n) => n.id === node)?.prompt?.[locale]?.text;
  /** Eddy, another editor, saves through the API on the current revision. */
  const eddySaves = async (edit: (nodes: Draft['document']['nodes'], edges: Draft['document']['edges']) => void) => {
    const current = await draft();
    const theirs = structuredClone(current.document);
    edit(theirs.nodes, theirs.edges);
    const put = await server.admin<{ revision: number }>('PUT', `/api/flows/${FLOW}/draft`, { revision: current.revision, document: theirs });
    expect(put.status).toBe(200);
    return put.body.revision;
  };
  const setText = (nodes: Draft['document']['nodes'], node: string, locale: string, value: string) => {
    const prompt = nodes.find((n) => n.id === node)?.prompt?.[locale];
    if (!prompt) throw new Error(`no ${locale} prompt on ${node}`);
    prompt.text = value;
  };
  // Eddy's saves go through the API with the admin token: the dialog says so in words, never « admin-token ».
  const tokenSaved = 'Le jeton d’administration du serveur (un script ou un outil de l’équipe technique)';
  const dialog = () => page.getByRole('dialog', { name: `${tokenSaved} a enregistré avant vous` });
  /** Holds the draft's saves on their way until the returned function lets them go. */
  const holdSaves = async () => {
    let letGo = () => {};
    const released = new Promise<void>((resolve) => {
      letGo = resolve;
    });
    const hold = async (route: Route) => {
      if (route.request().method() === 'PUT') await released;
      await route.fallback();
    };
    await context.route('**/api/flows/*/draft', hold);
    return async () => {
      letGo();
      await context.unroute('**/api/flows/*/draft', hold);
    };
  };

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    Object.assign(admin, await createUser(server, 'ama', ['admin', 'editor', 'publisher']));
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(page, server.url, admin);
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('“keep my version” keeps the other editor’s welcome text and changes only my English menu text', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="mainMenu"]').waitFor();
    await eddySaves((nodes) => setText(nodes, 'welcome', 'fr', 'Bienvenue (modifié par Eddy).'));

    await selectNode(page, 'mainMenu');
    await page.locator('textarea[data-field="prompt.en"]').fill('Main menu: press 1 for your PUK code.');
    await dialog().waitFor();
    expect(await dialog().textContent()).toContain(`${tokenSaved} a enregistré la révision`);
    expect(await dialog().textContent()).not.toContain('admin-token');
    // Nothing both of us changed, and "what your changes change" is my menu text only, by its canvas name.
    expect(await dialog().locator('.merge-conflict').count()).toBe(0);
    const mine = dialog().locator('.diff-view [data-diff-node]');
    await expect.poll(() => mine.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-diff-node')))).toEqual(['mainMenu']);
    expect(await mine.first().textContent()).toContain('Menu principal');
    expect(await dialog().locator('.diff-view').textContent()).not.toContain('Eddy');

    await page.locator('[data-action="overwrite-mine"]').click();
    await page.locator('[data-save-state="saved"]').waitFor();
    const saved = await draft();
    expect(text(saved, 'welcome', 'fr')).toBe('Bienvenue (modifié par Eddy).');
    expect(text(saved, 'mainMenu', 'en')).toBe('Main menu: press 1 for your PUK code.');
  });

  it('a field both changed is listed by its names, and “keep theirs” applies to it alone', async () => {
    await eddySaves((nodes) => setText(nodes, 'mainMenu', 'en', 'Main menu (Eddy).'));
    // Both edits go in one save, however slow the machine: else the conflict dialog of the first
    // would cover the canvas before the second node is chosen.
    const release = await holdSaves();
    await selectNode(page, 'welcome');
    await page.locator('textarea[data-field="prompt.en"]').fill('Welcome to 1919 (Ama).');
    await selectNode(page, 'mainMenu');
    await page.locator('textarea[data-field="prompt.en"]').fill('Main menu (Ama).');
    await release();
    await dialog().waitFor();
    const rows = dialog().locator('.merge-conflict');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().locator('td').first().textContent()).toBe('Menu principal · Message · EN · texte');
    expect(await rows.first().locator('.conflict-mine').textContent()).toBe('Main menu (Ama).');
    expect(await rows.first().locator('.conflict-theirs').textContent()).toBe('Main menu (Eddy).');

    await page.locator('[data-action="keep-theirs"]').click();
    await page.locator('[data-save-state="saved"]').waitFor();
    const saved = await draft();
    expect(text(saved, 'mainMenu', 'en')).toBe('Main menu (Eddy).');
    expect(text(saved, 'welcome', 'en')).toBe('Welcome to 1919 (Ama).');
    expect(text(saved, 'welcome', 'fr')).toBe('Bienvenue (modifié par Eddy).');
  });

  it('edits kept on this device after a crash are merged into the draft another editor saved since', async () => {
    const unreachable = (route: Route) => (route.request().method() === 'PUT' ? route.abort('internetdisconnected') : route.fallback());
    await context.route('**/api/flows/*/draft', unreachable);
    await selectNode(page, 'mainMenu');
    await page.locator('textarea[data-field="prompt.fr"]').fill('Menu principal (écrit hors ligne par Ama).');
    await page.locator('[data-save-state="offline"]').waitFor();
    // The edit is kept on this device before the tab goes.
    const keptHere = () =>
      page.evaluate(
        (flow) => Object.keys(localStorage).some((k) => k.startsWith('griot.unsent.') && k.includes(`.${flow}@`) && (localStorage.getItem(k) ?? '').includes('écrit hors ligne par Ama')),
        FLOW,
      );
    await expect.poll(keptHere, { timeout: 10_000 }).toBe(true);
    await eddySaves((nodes) => setText(nodes, 'welcome', 'en', 'Welcome to 1919 (Eddy).'));

    page.once('dialog', (d) => void d.accept());
    await page.reload();
    const offer = page.getByRole('dialog', { name: 'Modifications non envoyées retrouvées' });
    await offer.waitFor();
    await context.unroute('**/api/flows/*/draft', unreachable);
    await expect.poll(() => offer.locator('.diff-view [data-diff-node]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-diff-node')))).toEqual(['mainMenu']);
    await page.locator('[data-action="restore-unsent"]').click();
    await page.locator('[data-save-state="saved"]').waitFor();
    const saved = await draft();
    expect(text(saved, 'mainMenu', 'fr')).toBe('Menu principal (écrit hors ligne par Ama).');
    expect(text(saved, 'welcome', 'en')).toBe('Welcome to 1919 (Eddy).');
  });

  it('a jump Eddy added to the node I deleted goes with the connection into it, listed, and the saved draft names no missing node', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="endNoInput"]').waitFor();
    // Eddy sends the menu's "no match" to a jump back to the "no answer" ending…
    await eddySaves((nodes, edges) => {
      nodes.push({ id: 'eddyJump', type: 'goto', target: 'endNoInput' });
      const noMatch = edges.find((e) => e.id === 'mainMenu-noMatch');
      if (!noMatch) throw new Error('no mainMenu-noMatch connection');
      noMatch.target = 'eddyJump';
    });
    // …which I delete meanwhile.
    await selectNode(page, 'endNoInput');
    await page.locator('.react-flow__node[data-id="endNoInput"]').press('Delete');
    await dialog().waitFor();
    const rows = dialog().locator('.merge-conflict');
    await expect.poll(() => rows.evaluateAll((all) => all.map((r) => `${r.getAttribute('data-node') ?? ''}/${r.getAttribute('data-field')}`))).toContain('eddyJump/');
    const jump = dialog().locator('.merge-conflict[data-node="eddyJump"]');
    expect(await jump.locator('td').first().textContent()).toContain('le nœud entier');
    expect(await jump.locator('.conflict-mine').textContent()).toBe('supprimé');

    await page.locator('[data-action="overwrite-mine"]').click();
    await page.locator('[data-save-state="saved"]').waitFor();
    const saved = (await draft()).document;
    const ids = new Set(saved.nodes.map((n) => n.id));
    expect(ids.has('endNoInput')).toBe(false);
    expect(ids.has('eddyJump')).toBe(false);
    expect(saved.nodes.filter((n) => n.type === 'goto' && !ids.has(n.target ?? ''))).toEqual([]);
    expect(saved.edges.filter((e) => !ids.has(e.source) || !ids.has(e.target))).toEqual([]);
  });

  it('the versions panel names channels, nodes and fields as the editor knows them', async () => {
    await page.locator('[data-panel-button="versions"]').click();
    // The demo binds the 1919 to a voice number: the badge says "Voix", as the Bindings page does.
    await expect.poll(() => page.locator('.binding-row [data-channel="voice"]').first().textContent()).toBe('Voix');
    await page.getByRole('button', { name: 'Comparer' }).click();
    const menu = page.locator('.diff-view [data-diff-node="mainMenu"]');
    await menu.waitFor();
    expect(await menu.textContent()).toContain('Menu principal');
    expect(await menu.textContent()).not.toContain('mainMenu');
    expect(await menu.locator('.diff-field').allTextContents()).toEqual(expect.arrayContaining(['Message · FR · texte', 'Message · EN · texte']));
  });
});
