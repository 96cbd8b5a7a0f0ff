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
  document: { nodes: Array<{ id: string; prompt?: Prompt }> };
}

/** The draft's revision the editor's header shows (« rév. 7 »). */
async function revisionOf(page: Page): Promise<number> {
  return Number(/rév\. (\d+)/.exec(await page.locator('.editor-top').innerText())?.[1] ?? Number.NaN);
}

/**
 * Ama and Eddy, two content editors, on the 1919 draft. After the conflict dialog merged Eddy's
 * draft with Ama's edits (or Ama put back edits kept on her computer), her Ctrl+Z takes back her
 * own step on the merged draft, and the save that follows keeps Eddy's words. An undo that would
 * erase them is refused, and said. The dialog names who saved first, Ama herself in another tab too.
 */
describe.skipIf(missing !== null)('undo after a merge never takes back a colleague’s saved work', () => {
  let server: GriotServer;
  let browser: Browser;
  let amas: BrowserContext;
  let eddys: BrowserContext;
  let ama: Page;
  let eddy: Page;
  const draft = async () => (await server.admin<Draft>('GET', `/api/flows/${FLOW}/draft`)).body;
  const textOf = (d: Draft, node: string, locale: string) => d.document.nodes.find((n) => n.id === node)?.prompt?.[locale]?.text;
  const savedText = async (node: string, locale: string) => textOf(await draft(), node, locale);
  /**
   * Eddy writes in a node's prompt and saves, as his editor does (the draft PUT with its revision,
   * in his signed-in session): what these tests check is Ama's side. His editor was loaded and
   * drawn anew for each of his saves (a fifth of the file's time under load) only to send this.
   */
  const eddyWrites = async (node: string, locale: string, text: string) => {
    const current = (await (await eddys.request.get(`${server.url}/api/flows/${FLOW}/draft`)).json()) as Draft;
    const target = current.document.nodes.find((n) => n.id === node);
    if (!target?.prompt) throw new Error(`no prompt on ${node}`);
    target.prompt[locale] = { ...target.prompt[locale], text };
    const saved = await eddys.request.put(`${server.url}/api/flows/${FLOW}/draft`, { data: { revision: current.revision, document: current.document } });
    expect(saved.status()).toBe(200);
    expect((await draft()).revision).toBeGreaterThan(current.revision);
  };
  const openOnAma = async () => {
    await ama.goto(`${server.url}/flows/${FLOW}`);
    await ama.locator('.react-flow__node[data-id="mainMenu"]').waitFor();
  };
  /** Ctrl+Z (or Ctrl+Shift+Z) on the canvas, as the editor does after a dialog. */
  const press = async (keys: string) => {
    await ama.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await ama.keyboard.press(keys);
  };
  /** Ama's saves wait on their way until the returned function lets them go. */
  const holdAmasSaves = async () => {
    let letGo = () => {};
    const released = new Promise<void>((resolve) => {
      letGo = resolve;
    });
    const hold = async (route: Route) => {
      if (route.request().method() === 'PUT') await released;
      await route.fallback();
    };
    await amas.route('**/api/flows/*/draft', hold);
    return async () => {
      letGo();
      await amas.unroute('**/api/flows/*/draft', hold);
    };
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

  it('after « Enregistrer les deux », Ctrl+Z takes back Ama’s menu text only, and Ctrl+Shift+Z puts it back; Eddy’s welcome stays saved', async () => {
    await openOnAma();
    const englishMenu = await savedText('mainMenu', 'en');
    await eddyWrites('welcome', 'fr', 'Bienvenue au 1919 (écrit par Eddy).');

    await selectNode(ama, 'mainMenu');
    await ama.locator('textarea[data-field="prompt.en"]').fill('Main menu (Ama).');
    const dialog = ama.getByRole('dialog', { name: 'eddy a enregistré avant vous' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('eddy a enregistré la révision');
    await dialog.locator('[data-action="overwrite-mine"]').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => savedText('mainMenu', 'en')).toBe('Main menu (Ama).');
    expect(await savedText('welcome', 'fr')).toBe('Bienvenue au 1919 (écrit par Eddy).');
    const merged = await revisionOf(ama);

    await press('Control+z');
    // The autosave sends the undo on the merged revision: Ama's menu text goes, Eddy's welcome stays.
    await expect.poll(() => revisionOf(ama)).toBe(merged + 1);
    await ama.locator('[data-save-state="saved"]').waitFor();
    expect(await savedText('mainMenu', 'en')).toBe(englishMenu);
    expect(await savedText('welcome', 'fr')).toBe('Bienvenue au 1919 (écrit par Eddy).');
    await selectNode(ama, 'welcome');
    expect(await ama.locator('textarea[data-field="prompt.fr"]').inputValue()).toBe('Bienvenue au 1919 (écrit par Eddy).');

    await press('Control+Shift+z');
    await expect.poll(() => revisionOf(ama)).toBe(merged + 2);
    await ama.locator('[data-save-state="saved"]').waitFor();
    expect(await savedText('mainMenu', 'en')).toBe('Main menu (Ama).');
    expect(await savedText('welcome', 'fr')).toBe('Bienvenue au 1919 (écrit par Eddy).');
  });

  it('edits put back from this computer, merged again after Eddy’s save, are taken back by Ctrl+Z without Eddy’s words', async () => {
    await openOnAma();
    // Ama writes offline: the edit is kept on her computer, never sent.
    const offline = (route: Route) => (route.request().method() === 'PUT' ? route.abort('internetdisconnected') : route.fallback());
    await amas.route('**/api/flows/*/draft', offline);
    await selectNode(ama, 'mainMenu');
    await ama.locator('textarea[data-field="prompt.fr"]').fill('Menu principal (écrit hors ligne par Ama).');
    await ama.locator('[data-save-state="offline"]').waitFor();
    const keptHere = () =>
      ama.evaluate((flow) => Object.keys(localStorage).some((k) => k.startsWith('griot.unsent.') && k.includes(`.${flow}@`) && (localStorage.getItem(k) ?? '').includes('hors ligne par Ama')), FLOW);
    await expect.poll(keptHere).toBe(true);
    await eddyWrites('welcome', 'en', 'Welcome to 1919 (Eddy, first).');

    ama.once('dialog', (d) => void d.accept());
    await ama.reload();
    await amas.unroute('**/api/flows/*/draft', offline);
    const offer = ama.getByRole('dialog', { name: 'Modifications non envoyées retrouvées' });
    await offer.waitFor();
    // Put back while Eddy saves again: Ama's save meets his new draft, and the dialog merges.
    const release = await holdAmasSaves();
    await offer.locator('[data-action="restore-unsent"]').click();
    await eddyWrites('welcome', 'fr', 'Bienvenue au 1919 (Eddy, ensuite).');
    await release();
    const dialog = ama.getByRole('dialog', { name: 'eddy a enregistré avant vous' });
    await dialog.waitFor();
    await dialog.locator('[data-action="overwrite-mine"]').click();
    await expect.poll(() => savedText('mainMenu', 'fr')).toBe('Menu principal (écrit hors ligne par Ama).');
    const merged = await revisionOf(ama);

    await press('Control+z');
    await expect.poll(() => revisionOf(ama)).toBe(merged + 1);
    await ama.locator('[data-save-state="saved"]').waitFor();
    expect(await savedText('mainMenu', 'fr')).not.toBe('Menu principal (écrit hors ligne par Ama).');
    expect(await savedText('welcome', 'en')).toBe('Welcome to 1919 (Eddy, first).');
    expect(await savedText('welcome', 'fr')).toBe('Bienvenue au 1919 (Eddy, ensuite).');
  });

  it('back to her tab after Eddy saved, Ama still undoes her own earlier step, on Eddy’s draft', async () => {
    await openOnAma();
    const englishWelcome = await savedText('welcome', 'en');
    await selectNode(ama, 'welcome');
    await ama.locator('textarea[data-field="prompt.en"]').fill('Welcome to 1919 (Ama, before lunch).');
    await ama.keyboard.press('Control+s');
    await expect.poll(() => savedText('welcome', 'en')).toBe('Welcome to 1919 (Ama, before lunch).');
    await eddyWrites('mainMenu', 'fr', 'Menu principal (Eddy, après).');
    const eddys = (await draft()).revision;
    // Ama comes back to her tab: it shows Eddy's draft, named.
    await ama.evaluate(() => {
      window.dispatchEvent(new Event('blur'));
      window.dispatchEvent(new Event('focus'));
    });
    await ama.getByText(`Brouillon enregistré entre-temps par eddy : la révision ${eddys} est affichée.`).waitFor();

    await press('Control+z');
    await expect.poll(() => revisionOf(ama)).toBe(eddys + 1);
    await ama.locator('[data-save-state="saved"]').waitFor();
    expect(await savedText('welcome', 'en')).toBe(englishWelcome);
    expect(await savedText('mainMenu', 'fr')).toBe('Menu principal (Eddy, après).');
  });

  it('after « Garder ma version » on the text Eddy also changed, Ctrl+Z is refused, said: it would have saved the text from before them both', async () => {
    await openOnAma();
    const original = await savedText('mainMenu', 'fr');
    await eddyWrites('mainMenu', 'fr', 'Menu principal (Eddy, corrigé).');

    await selectNode(ama, 'mainMenu');
    await ama.locator('textarea[data-field="prompt.fr"]').fill('Menu principal (Ama, corrigé).');
    const dialog = ama.getByRole('dialog', { name: 'eddy a enregistré avant vous' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Garder ma version de ces champs' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => savedText('mainMenu', 'fr')).toBe('Menu principal (Ama, corrigé).');
    const merged = await revisionOf(ama);

    await press('Control+z');
    await ama.getByText('Impossible d’annuler « Modifier un nœud »', { exact: false }).waitFor();
    await new Promise((r) => setTimeout(r, 2_000));
    // Neither Eddy's words nor the text from before them both (« ${original} ») went over Ama's chosen text.
    expect(await revisionOf(ama)).toBe(merged);
    expect(await savedText('mainMenu', 'fr')).toBe('Menu principal (Ama, corrigé).');
    expect(await savedText('mainMenu', 'fr')).not.toBe(original);
    await selectNode(ama, 'mainMenu');
    expect(await ama.locator('textarea[data-field="prompt.fr"]').inputValue()).toBe('Menu principal (Ama, corrigé).');
  });

  it('in Ama’s other tab: the dialog says she saved there herself, and an undo that would erase it is refused, said', async () => {
    await openOnAma();
    const other = await amas.newPage();
    try {
      await other.goto(`${server.url}/flows/${FLOW}`);
      await selectNode(other, 'welcome');
      const before = await revisionOf(other);
      await other.locator('textarea[data-field="prompt.en"]').fill('Welcome (Ama, other tab).');
      await other.keyboard.press('Control+s');
      await expect.poll(() => revisionOf(other)).toBeGreaterThan(before);

      await selectNode(ama, 'welcome');
      await ama.locator('textarea[data-field="prompt.en"]').fill('Welcome (Ama, this tab).');
      const dialog = ama.getByRole('dialog', { name: 'Vous avez enregistré dans un autre onglet ou sur un autre poste' });
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('dans un autre onglet ou sur un autre poste, pendant que vous le modifiiez ici');
      expect(await dialog.textContent()).not.toContain('Quelqu’un');
      expect(await dialog.locator('th').allTextContents()).toEqual(['', 'Ici', 'Enregistrée ailleurs']);
      await dialog.getByRole('button', { name: 'Garder la version enregistrée ailleurs pour ces champs' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(() => savedText('welcome', 'en')).toBe('Welcome (Ama, other tab).');
      // The draft held that text before the merge too: wait for this tab's own save of the merge to
      // come back (all saved, at the draft's revision), or a late save would read as the undo's.
      await expect.poll(async () => (await ama.locator('.editor-top').innerText()).includes('Tout est enregistré') && (await revisionOf(ama)) === (await draft()).revision).toBe(true);
      const merged = await revisionOf(ama);

      // Her step changed the field the other tab's text now holds: undoing it would erase that text.
      await press('Control+z');
      await ama.getByText('Impossible d’annuler « Modifier un nœud »', { exact: false }).waitFor();
      expect(await ama.getByRole('button', { name: 'Annuler', exact: true }).isDisabled()).toBe(true);
      await new Promise((r) => setTimeout(r, 2_000));
      expect(await revisionOf(ama)).toBe(merged);
      expect(await savedText('welcome', 'en')).toBe('Welcome (Ama, other tab).');
    } finally {
      await other.close();
    }
  });
});
