import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn, screenshotIfFailed } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { selectNode } from './support/canvas.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[designer browser tests skipped] ${missing}`);

const FLOW = 'selfcare-1919';
interface Draft {
  revision: number;
  document: { name: string; variables: Array<{ name: string; sensitive?: boolean }>; nodes: Array<{ id: string; prompt?: Record<string, { text?: string }> }> };
}

/** The draft's revision the editor's header shows (« rév. 7 »). */
async function revisionOf(page: Page): Promise<number> {
  return Number(/rév\. (\d+)/.exec(await page.locator('.editor-top').innerText())?.[1] ?? Number.NaN);
}

/**
 * Ama and Eddy, two content editors, on the 1919 draft, with what a merge (the conflict dialog's
 * « Enregistrer les deux », « Reprendre sa version ») must not do behind their backs: put one's
 * change on another item of a list, forget the undo history, or show the server's token by its
 * internal name.
 */
describe.skipIf(missing !== null)('merges and undo on lists, as two editors see them', () => {
  let server: GriotServer;
  let browser: Browser;
  let amas: BrowserContext;
  let eddys: BrowserContext;
  let ama: Page;
  let eddy: Page;
  const draft = async () => (await server.admin<Draft>('GET', `/api/flows/${FLOW}/draft`)).body;
  const savedText = async (node: string, locale: string) => (await draft()).document.nodes.find((n) => n.id === node)?.prompt?.[locale]?.text;
  const open = async (page: Page) => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="mainMenu"]').waitFor();
  };
  /** Edits, then Ctrl+S (the autosave may be first): the edits are saved. */
  const editAndSave = async (page: Page, edit: () => Promise<void>) => {
    const before = await revisionOf(page);
    await edit();
    await page.keyboard.press('Control+s');
    await expect.poll(() => revisionOf(page)).toBeGreaterThan(before);
    await page.locator('[data-save-state="saved"]').waitFor();
  };
  const openFlowPanel = async (page: Page) => {
    await page.locator('[data-panel-button="flow"]').click();
    await page.locator('[data-variable="segment"]').waitFor();
  };

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const amaUser = await createUser(server, 'ama', ['editor']);
    const eddyUser = await createUser(server, 'eddy', ['editor']);
    browser = await launchChromium();
    amas = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'fr-FR' });
    eddys = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'fr-FR' });
    ama = await amas.newPage();
    eddy = await eddys.newPage();
    for (const page of [ama, eddy]) page.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(ama, server.url, amaUser);
    await signIn(eddy, server.url, eddyUser);
  });

  afterEach((test) => screenshotIfFailed(test, ama));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the versions panel names a version published with the server’s token in words, as the conflict dialog does', async () => {
    const current = await draft();
    const document = { ...current.document, name: `${current.document.name} (script)` };
    expect((await server.admin('PUT', `/api/flows/${FLOW}/draft`, { revision: current.revision, document })).status).toBe(200);
    const published = await server.admin<{ number: number; author: string }>('POST', `/api/flows/${FLOW}/publish`, { message: 'Publié par le script de l’équipe technique' });
    expect(published.status).toBe(201);
    expect(published.body.author).toBe('admin-token');

    await open(ama);
    await ama.locator('[data-panel-button="versions"]').click();
    const meta = ama.locator(`[data-version-meta="${published.body.number}"]`);
    await meta.waitFor();
    expect(await meta.innerText()).toContain('Le jeton d’administration du serveur (un script ou un outil de l’équipe technique)');
    expect(await ama.locator('.side-panel-content[data-panel="versions"]').innerText()).not.toContain('admin-token');
  });

  it('Ama marks « segment » sensitive while Eddy removes the variable above it and adds one: « Enregistrer les deux » keeps « segment » sensitive', async () => {
    await open(ama);
    // Eddy, in his browser: « service » goes, a new variable comes at the end; he saves.
    await open(eddy);
    await openFlowPanel(eddy);
    await editAndSave(eddy, async () => {
      await eddy.locator('[data-variable="service"]').getByRole('button', { name: 'Retirer' }).click();
      await eddy.getByRole('button', { name: 'Ajouter une variable' }).click();
    });
    const eddysDraft = (await draft()).document.variables;
    const eddys = eddysDraft.map((v) => v.name);
    expect(eddys).not.toContain('service');
    const sensitiveForEddy = new Set(eddysDraft.filter((v) => v.sensitive).map((v) => v.name));
    expect(sensitiveForEddy.has('segment')).toBe(false);

    await openFlowPanel(ama);
    await ama.locator('[data-variable="segment"]').getByText('Sensible').click();
    const dialog = ama.getByRole('dialog', { name: 'eddy a enregistré avant vous' });
    await dialog.waitFor();
    // Nothing both changed: by position, « segment » went quietly back to plain.
    await dialog.locator('[data-action="overwrite-mine"]').click();
    await dialog.waitFor({ state: 'detached' });
    await ama.locator('[data-save-state="saved"]').waitFor();
    const saved = (await draft()).document.variables;
    expect(saved.map((v) => v.name)).toEqual(eddys);
    expect(saved.find((v) => v.name === 'segment')?.sensitive).toBe(true);
    // Every other variable as Eddy left it.
    expect(saved.filter((v) => v.sensitive).map((v) => v.name)).toEqual(eddys.filter((name) => name === 'segment' || sensitiveForEddy.has(name)));
  }, 120_000);

  it('after « Reprendre sa version », Ctrl+Z still takes back Ama’s saved step on Eddy’s draft, and his words stay', async () => {
    await open(ama);
    const welcome = await savedText('welcome', 'fr');
    await selectNode(ama, 'welcome');
    const before = await revisionOf(ama);
    await ama.locator('textarea[data-field="prompt.fr"]').fill('Bienvenue au 1919 (Ama).');
    await expect.poll(() => revisionOf(ama)).toBeGreaterThan(before);
    await ama.locator('[data-save-state="saved"]').waitFor();

    // Eddy saves a new main-menu text in his session, the draft PUT his editor sends (what is
    // checked is Ama's side: his editor was loaded and drawn only to send it).
    const hers = (await (await eddys.request.get(`${server.url}/api/flows/${FLOW}/draft`)).json()) as Draft;
    const menu = hers.document.nodes.find((n) => n.id === 'mainMenu');
    if (!menu?.prompt) throw new Error('no prompt on mainMenu');
    menu.prompt.fr = { ...menu.prompt.fr, text: 'Menu principal (Eddy).' };
    expect((await eddys.request.put(`${server.url}/api/flows/${FLOW}/draft`, { data: { revision: hers.revision, document: hers.document } })).status()).toBe(200);

    // Ama goes on typing elsewhere, meets Eddy's save, and gives up her unsent words.
    await selectNode(ama, 'mainMenu');
    await ama.locator('textarea[data-field="prompt.en"]').fill('Main menu (Ama, given up).');
    const dialog = ama.getByRole('dialog', { name: 'eddy a enregistré avant vous' });
    await dialog.waitFor();
    await dialog.locator('[data-action="reload-theirs"]').click();
    await dialog.waitFor({ state: 'detached' });
    const theirs = await revisionOf(ama);

    await ama.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await ama.keyboard.press('Control+z');
    // The history had been wiped: Ctrl+Z did nothing, her welcome could no longer be taken back.
    await expect.poll(() => revisionOf(ama)).toBe(theirs + 1);
    await ama.locator('[data-save-state="saved"]').waitFor();
    expect(await savedText('welcome', 'fr')).toBe(welcome);
    expect(await savedText('mainMenu', 'fr')).toBe('Menu principal (Eddy).');
    expect(await savedText('mainMenu', 'en')).not.toBe('Main menu (Ama, given up).');
  }, 120_000);

  it('Ctrl+Z of a node Ama deleted brings back the connection into it that Eddy saved meanwhile, which the merge had dropped', async () => {
    await open(ama);
    await ama.locator('.react-flow__node[data-id="endNoInput"]').waitFor();
    // Eddy (a script of his, with the server's token) sends the main menu's « no match » to the « no answer » ending…
    const current = await draft();
    const document = structuredClone(current.document) as Draft['document'] & { edges: Array<{ id: string; source: string; output: string; target: string }> };
    const noMatch = document.edges.find((e) => e.id === 'mainMenu-noMatch');
    if (!noMatch) throw new Error('no mainMenu-noMatch connection');
    noMatch.target = 'endNoInput';
    expect((await server.admin('PUT', `/api/flows/${FLOW}/draft`, { revision: current.revision, document })).status).toBe(200);
    // …which Ama deletes meanwhile, and keeps her version: his connection goes with the node, listed.
    await selectNode(ama, 'endNoInput');
    await ama.locator('.react-flow__node[data-id="endNoInput"]').press('Delete');
    const dialog = ama.getByRole('dialog', { name: /a enregistré avant vous/ });
    await dialog.waitFor();
    await dialog.locator('[data-action="overwrite-mine"]').click();
    await dialog.waitFor({ state: 'detached' });
    await ama.locator('[data-save-state="saved"]').waitFor();
    const edgesOf = async () => ((await draft()).document as typeof document).edges;
    expect((await edgesOf()).some((e) => e.id === 'mainMenu-noMatch')).toBe(false);
    const merged = await revisionOf(ama);

    await ama.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await ama.keyboard.press('Control+z');
    await expect.poll(() => revisionOf(ama)).toBe(merged + 1);
    await ama.locator('[data-save-state="saved"]').waitFor();
    const edges = await edgesOf();
    // The node and Ama's own connection into it came back; Eddy's was lost for good.
    expect(edges.find((e) => e.id === 'mainMenu-noInput')?.target).toBe('endNoInput');
    expect(edges.find((e) => e.id === 'mainMenu-noMatch')).toMatchObject({ source: 'mainMenu', output: 'noMatch', target: 'endNoInput' });
    await ama.locator('.react-flow__edge[data-id="mainMenu-noMatch"]').waitFor({ state: 'attached' });
  }, 120_000);
});
