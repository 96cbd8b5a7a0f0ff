import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signInAt } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { choose } from './support/canvas.ts';

const missing = chromiumMissing();
const FLOW = 'selfcare-1919';
type Doc = { nodes: Array<{ id: string; prompt?: { fr?: { text?: string } } }> };

/**
 * An editor looks for last month's « Tabaski 2026 » among the 1919's versions to see what changed
 * since. Before, the compare box's lists named each version « v39 » only (not its name) and could
 * not be searched, and a version found in the history could not be compared from there: one
 * scrolled back up to the box and hunted its number among hundreds. Now a version's menu offers
 * « Comparer avec le brouillon » (to a tester too, who has no other action there), and the lists
 * show and find a version by its name. The simulator's « Version » said « Préproduction » without
 * the version it runs: a line under it now says « Préproduction : la v6 répond. », so a tester knows which one answers.
 */
describe.skipIf(missing !== null)('finding an old version and comparing it with the draft', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;

  /** Publishes the draft with the French welcome changed, as the weekly updates did. */
  const publishWelcome = async (text: string, extra: { label?: string } = {}) => {
    const draft = (await server.admin<{ revision: number; document: Doc }>('GET', `/api/flows/${FLOW}/draft`)).body;
    const welcome = draft.document.nodes.find((n) => n.id === 'welcome')!;
    welcome.prompt!.fr!.text = text;
    expect((await server.admin('PUT', `/api/flows/${FLOW}/draft`, { revision: draft.revision, document: draft.document })).status).toBe(200);
    const published = await server.admin<{ number: number }>('POST', `/api/flows/${FLOW}/publish`, { message: `Accueil : ${text}`, ...extra });
    expect(published.status).toBe(201);
    return published.body.number;
  };

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const koffi = await createUser(server, 'koffi', ['tester']);
    await publishWelcome('Bonne fête de Tabaski !', { label: 'Tabaski 2026' });
    for (let week = 1; week <= 4; week += 1) await publishWelcome(`Semaine ${week} : nos offres.`);
    // A publisher put the week 4 update in staging; production still runs the demo's v1.
    expect((await server.admin('POST', `/api/flows/${FLOW}/environments/staging`, { version: 6 })).status).toBe(200);
    browser = await launchChromium();
    page = await signInAt(browser, server.url, koffi, { viewport: { width: 1366, height: 768 } });
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('compares a version with the draft from its menu, and finds it by name in the compare lists', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('[data-panel-button="versions"]').click();
    await page.locator('[data-version="2"]').scrollIntoViewIfNeeded();
    await page.getByRole('button', { name: 'Actions pour la version 2' }).click();
    await page.getByRole('menuitem', { name: 'Comparer avec le brouillon' }).click();

    // The box takes v2 against the draft and shows the welcome as it was and as it is.
    const from = page.getByLabel('De', { exact: true }).and(page.locator('input'));
    await expect.poll(() => from.inputValue()).toBe('v2 · Tabaski 2026');
    expect(await page.getByLabel('À', { exact: true }).and(page.locator('input')).inputValue()).toBe('Brouillon');
    const welcome = page.locator('.diff-view [data-diff-node="welcome"]');
    await welcome.waitFor();
    expect(await welcome.locator('.diff-before', { hasText: 'Bonne fête de Tabaski !' }).count()).toBe(1);
    expect(await welcome.locator('.diff-after', { hasText: 'Semaine 4 : nos offres.' }).count()).toBe(1);
    expect(await page.locator('[data-compare-box]').isVisible()).toBe(true);

    // Typing the name in a list finds the version.
    await page.getByLabel('À', { exact: true }).and(page.locator('input')).click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('tabaski');
    const options = page.getByRole('option');
    await expect.poll(() => options.allInnerTexts()).toEqual(['v2 · Tabaski 2026']);
  });

  it('the simulator says which version answers in staging and in production', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('[data-panel-button="simulator"]').click();
    const answers = page.locator('[data-simulator-answers]');
    await expect.poll(() => answers.innerText()).toBe('Préproduction : la v6 répond.');
    await choose(page, 'Version', 'Production');
    await expect.poll(() => answers.innerText()).toBe('Production : la v1 répond.');
  });

  it('finds a version in the history by its name or a word of its message', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('[data-panel-button="versions"]').click();
    await page.locator('[data-version="6"]').waitFor();
    const search = page.getByRole('textbox', { name: 'Chercher une version' });
    await search.fill('tabaski');
    await expect.poll(() => page.locator('[data-version]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-version')))).toEqual(['2']);
    expect(await page.locator('[data-version-search-result]').innerText()).toBe('1 version trouvée');
    await search.fill('semaine 4');
    await expect.poll(() => page.locator('[data-version]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-version')))).toEqual(['6']);
    await search.fill('');
    await expect.poll(() => page.locator('[data-version]').count()).toBe(6);
  });

  it('the simulator names the version a colleague just promoted in another tab, not the one this tab read when it opened', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('[data-panel-button="versions"]').click();
    await page.locator('[data-version="6"]').waitFor();
    // The tab read staging v6; meanwhile a publisher puts v5 there.
    expect((await server.admin('POST', `/api/flows/${FLOW}/environments/staging`, { version: 5 })).status).toBe(200);
    await page.locator('[data-panel-button="simulator"]').click();
    await choose(page, 'Version', 'Préproduction');
    const answers = page.locator('[data-simulator-answers]');
    await expect.poll(() => answers.innerText()).toBe('Préproduction : la v5 répond.');
    // Staging moves again while the panel is open: the next call says the version that answers it.
    await choose(page, 'Appels au SI', 'Aucun (erreur)');
    expect((await server.admin('POST', `/api/flows/${FLOW}/environments/staging`, { version: 4 })).status).toBe(200);
    await page.locator('[data-action="start-simulator"]').click();
    await expect.poll(() => answers.innerText()).toBe('Préproduction : la v4 répond.');
  });
});
