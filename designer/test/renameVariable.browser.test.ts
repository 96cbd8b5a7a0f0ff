import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Flow, lintFlow, renameVariable } from '@griot/flows';
import { chromiumMissing, launchChromium, signIn, screenshotIfFailed } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { selectNode } from './support/canvas.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[designer browser tests skipped] ${missing}`);

const FLOW = 'selfcare-1919';

/**
 * Awa renames « balanceAirtime » to « soldeCredit » in the flow's settings, as an editor does:
 * every use follows (the look-up's mapping, the readout's prompt in French, English and Fon), she
 * is told how many, and one « Annuler » takes it all back, one « Rétablir » does it again.
 */
describe.skipIf(missing !== null)('renaming a variable with its uses, and its undo', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;
  const draft = async () => Flow.parse((await server.admin<{ document: unknown }>('GET', `/api/flows/${FLOW}/draft`)).body.document);
  /** Ctrl+S (the autosave may be first): the server's draft is soon the one the editor shows. */
  const saveUntil = async (saved: (flow: Flow) => boolean) => {
    await page.locator('.react-flow__pane').click();
    await page.keyboard.press('Control+s');
    await expect.poll(async () => saved(await draft()), { timeout: 15_000 }).toBe(true);
    await page.locator('[data-save-state="saved"]').waitFor();
  };
  const names = (flow: Flow) => flow.variables.map((v) => v.name);
  /** Everything but the declarations (which keep the former names, for callers' memory). */
  const usesText = (flow: Flow) => JSON.stringify({ nodes: flow.nodes, tests: flow.tests });
  const openFlowPanel = async (variable: string) => {
    await page.locator('[data-panel-button="flow"]').click();
    await page.locator(`[data-variable="${variable}"]`).waitFor();
  };
  const readout = async () => {
    await selectNode(page, 'balanceReadout');
    return page.locator('textarea[data-field="prompt.fr"]').inputValue();
  };
  const dangling = (flow: Flow) => lintFlow(flow).filter((i) => i.code === 'variable.undefined' || i.code === 'variable.undeclared');

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const awa = await createUser(server, 'awa', ['editor']);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'fr-FR' })).newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(page, server.url, awa);
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('« Renommer » renames every use and says how many; a name taken or reserved is refused as it is typed', async () => {
    const before = await draft();
    const expected = renameVariable(before, 'balanceAirtime', 'soldeCredit');
    if (!expected.ok) throw new Error(expected.message);
    expect(expected.uses).toBeGreaterThanOrEqual(3);
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="mainMenu"]').waitFor();
    expect(await readout()).toContain('{{balanceAirtime}}');

    await openFlowPanel('balanceAirtime');
    const row = page.locator('[data-variable="balanceAirtime"]');
    await row.getByLabel('Nom').fill('caller');
    expect(await row.innerText()).toContain('« caller » est un nom réservé');
    await row.getByLabel('Nom').fill('momoBalance');
    expect(await row.innerText()).toContain('Une autre variable s’appelle déjà « momoBalance »');
    expect(await row.getByRole('button', { name: 'Renommer' }).isDisabled()).toBe(true);
    await row.getByLabel('Nom').fill('soldeCredit');
    await row.getByRole('button', { name: 'Renommer' }).click();
    const renamed = page.locator('[data-variable="soldeCredit"]');
    await renamed.getByRole('status').waitFor();
    expect(await renamed.getByRole('status').innerText()).toBe(`${expected.uses} utilisations mises à jour (ancien nom : balanceAirtime)`);
    expect(await readout()).toContain('{{soldeCredit}}');
    await saveUntil((flow) => names(flow).includes('soldeCredit'));
    const saved = await draft();
    expect(usesText(saved)).not.toContain('balanceAirtime');
    // The same variable (type, marking, memory), renamed, its old name kept for what callers remember.
    expect(saved.variables.find((v) => v.name === 'soldeCredit')).toEqual({ ...before.variables.find((v) => v.name === 'balanceAirtime'), name: 'soldeCredit', formerNames: ['balanceAirtime'] });
    expect(dangling(saved)).toEqual([]);
  });

  it('one « Annuler » puts the name and every use back, one « Rétablir » renames them all again', async () => {
    // On from the rename above, saved.
    expect(await readout()).toContain('{{soldeCredit}}');
    await page.locator('.editor-top').getByRole('button', { name: 'Annuler', exact: true }).click();
    expect(await readout()).toContain('{{balanceAirtime}}');
    await openFlowPanel('balanceAirtime');
    expect(await page.locator('[data-variable="balanceAirtime"]').getByLabel('Nom').inputValue()).toBe('balanceAirtime');
    await saveUntil((flow) => names(flow).includes('balanceAirtime'));
    expect(usesText(await draft())).not.toContain('soldeCredit');
    expect(dangling(await draft())).toEqual([]);

    // « Rétablir »: renamed everywhere again.
    await page.locator('.editor-top').getByRole('button', { name: 'Rétablir', exact: true }).click();
    expect(await readout()).toContain('{{soldeCredit}}');
    await saveUntil((flow) => names(flow).includes('soldeCredit'));
    expect(usesText(await draft())).not.toContain('balanceAirtime');
  });

  it('from the keyboard alone: a name with an accent or a space is refused in words an editor understands, Échap puts the name back, Entrée renames', async () => {
    // On from the rename above, redone and saved.
    await openFlowPanel('soldeCredit');
    const row = page.locator('[data-variable="soldeCredit"]');
    const field = row.getByLabel('Nom');
    await field.focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('crédit');
    expect(await row.innerText()).toContain('Lettres sans accent');
    await page.keyboard.press('Enter');
    expect(await field.inputValue()).toBe('crédit');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('mon solde');
    expect(await row.innerText()).toContain('sans espace');
    await page.keyboard.press('Escape');
    expect(await field.inputValue()).toBe('soldeCredit');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('soldeAirtime');
    await page.keyboard.press('Enter');
    await page.locator('[data-variable="soldeAirtime"]').getByRole('status').waitFor();
    expect(await readout()).toContain('{{soldeAirtime}}');
    await saveUntil((flow) => names(flow).includes('soldeAirtime'));
    // Newest first: the name before, then the one before that.
    expect((await draft()).variables.find((v) => v.name === 'soldeAirtime')?.formerNames).toEqual(['soldeCredit', 'balanceAirtime']);
  });
});
