import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { canvasAtRest, choose, connect, edgesOf, selectNode } from './support/canvas.ts';
import { newFlowDocument } from '../src/flowList/newFlowDocument.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[designer browser tests skipped] ${missing}`);

/**
 * An editor builds a small IVR in the browser against the real server: a menu with two
 * options, prompts in French and English, the missing translation flagged then fixed, publish,
 * staging, a call in the simulator; and a second editor on the same draft gets the conflict.
 */
describe.skipIf(missing !== null)('designer in Chromium against the Griot server', () => {
  let server: GriotServer;
  let browser: Browser;
  let first: BrowserContext;
  let page: Page;
  const awa = { username: 'awa', password: '' };
  const koffi = { username: 'koffi', password: '' };

  beforeAll(async () => {
    server = await startGriot();
    Object.assign(awa, await createUser(server, 'awa', ['editor', 'publisher']));
    Object.assign(koffi, await createUser(server, 'koffi', ['editor']));
    browser = await launchChromium();
    first = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await first.newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(page, server.url, awa);
  });

  afterEach(async (context) => {
    // A failed step leaves a picture of the page behind for whoever reads the log.
    if (context.task.result?.state === 'fail' && page) {
      const file = `${process.env.GRIOT_TEST_ARTIFACTS ?? '/tmp'}/designer-${context.task.name.replace(/\W+/g, '-')}.png`;
      await page.screenshot({ path: file }).catch(() => {});
      console.error(`[screenshot] ${file}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates a flow and draws a menu with two options', async () => {
    await page.getByRole('button', { name: 'Nouveau parcours' }).click();
    await page.getByRole('textbox', { name: 'Nom' }).fill('Service client test');
    await expect.poll(() => page.getByRole('textbox', { name: 'Identifiant' }).inputValue()).toBe('service-client-test');
    await page.getByRole('button', { name: 'Créer' }).click();
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
    expect(new URL(page.url()).pathname).toBe('/flows/service-client-test');

    await page.locator('.palette-item[data-node-type="menu"]').click();
    await page.locator('.react-flow__node[data-id="menu"]').waitFor();
    await page.getByRole('button', { name: 'Disposition automatique' }).click();
    await canvasAtRest(page);
    await connect(page, 'welcome', 'next', 'menu');
    for (const output of ['o1', 'o2', 'noInput', 'noMatch']) await connect(page, 'menu', output, 'bye');
    expect(await edgesOf(page)).toEqual(expect.arrayContaining(['start.next→welcome', 'welcome.next→menu', 'menu.o1→bye', 'menu.o2→bye', 'menu.noInput→bye', 'menu.noMatch→bye']));
    // The menu's options are its output handles.
    await expect.poll(() => page.locator('.react-flow__node[data-id="menu"] .react-flow__handle.source').count()).toBe(4);
  });

  it('writes the French prompt, and the missing English one is flagged', async () => {
    await selectNode(page, 'menu');
    await page.locator('textarea[data-field="prompt.fr"]').fill('Tapez 1 pour votre solde, 2 pour un conseiller.');
    await page.locator('input[data-field="options.0.label.fr"]').fill('Solde');
    await page.locator('input[data-field="options.1.label.fr"]').fill('Conseiller');
    await page.locator('input[data-field="options.0.label.en"]').fill('Balance');
    await page.locator('input[data-field="options.1.label.en"]').fill('Agent');
    // On the canvas, the option handles show the French labels.
    await expect.poll(() => page.locator('.react-flow__node[data-id="menu"] [data-output="o1"]').textContent()).toContain('1 · Solde');

    await page.locator('[data-panel-button="checks"]').click();
    await page.locator('.issue-row[data-code="prompt.missingLocale"][data-node="menu"][data-field="prompt.en"]').waitFor();
    await expect.poll(() => page.locator('.issue-row[data-node="menu"][data-field="prompt.fr"]').count()).toBe(0);

    await page.locator('label', { hasText: 'Traductions' }).click();
    const cell = page.locator('[data-cell="menu|prompt|en"]');
    await expect.poll(() => cell.getAttribute('data-missing')).toBe('text');
    await page.locator('label', { hasText: 'Manquants seulement' }).click();
    await expect.poll(() => page.locator('tr[data-row]').count()).toBe(1);

    await page.locator('textarea[data-cell-input="menu|prompt|en"]').fill('Press 1 for your balance, 2 for an agent.');
    await expect.poll(() => cell.getAttribute('data-missing')).toBeNull();
    await page.locator('[data-panel-button="checks"]').click();
    await page.getByText('Aucun problème').waitFor();
  });

  it('saves, publishes and promotes to staging', async () => {
    await page.locator('label', { hasText: 'Canevas' }).click();
    await page.locator('[data-action="save"]').click();
    await page.locator('[data-save-state="saved"]').waitFor();

    await page.locator('[data-action="publish"]').click();
    await page.getByRole('dialog').getByRole('textbox', { name: 'Qu’est-ce qui change ?' }).fill('Premier menu : solde et conseiller');
    await page.getByRole('dialog').getByRole('button', { name: 'Publier' }).click();
    await page.getByText('Version 1 publiée').waitFor();

    await page.locator('[data-panel-button="versions"]').click();
    await page.getByRole('button', { name: 'Actions pour la version 1' }).click();
    await page.getByRole('menuitem', { name: 'Mettre en préproduction' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Promouvoir' }).click();
    await expect.poll(() => page.locator('[data-env-version="staging"]').textContent()).toBe('v1');
    const environments = await server.admin<{ staging: { version: number } | null }>('GET', '/api/flows/service-client-test/environments');
    expect(environments.body.staging?.version).toBe(1);
  });

  it('runs staging in the simulator through a path, highlighted on the canvas', async () => {
    await page.locator('[data-panel-button="simulator"]').click();
    await choose(page, 'Version', 'Préproduction');
    await page.locator('[data-action="start-simulator"]').click();
    await page.locator('.bubble.flow', { hasText: 'Bienvenue.' }).waitFor();
    await page.locator('.bubble.flow', { hasText: 'Tapez 1 pour votre solde' }).waitFor();
    await expect.poll(() => page.locator('.flow-node.sim-current').getAttribute('data-node-id')).toBe('menu');

    await page.getByRole('button', { name: 'Touche 2' }).click();
    await page.locator('.bubble.caller', { hasText: '2' }).waitFor();
    await page.locator('.bubble.flow', { hasText: 'Au revoir.' }).waitFor();
    await page.locator('.sim-end').waitFor();
    await expect.poll(() => page.locator('.flow-node.sim-path[data-node-id="welcome"]').count()).toBe(1);
    await expect.poll(() => page.locator('.react-flow__edge.sim-path').count()).toBeGreaterThanOrEqual(3);
  });

  it('runs the same version as a USSD session: one 182-character screen at a time, CON then END', async () => {
    await page.locator('label', { hasText: 'USSD' }).click();
    await page.getByRole('button', { name: 'Recommencer' }).click();
    const screen = page.locator('.ussd-phone [data-screen]');
    await expect.poll(() => screen.textContent()).toMatch(/^Bienvenue\.\n\nTapez 1 pour votre solde[\s\S]*\n1\. /);
    expect(await page.locator('.ussd-phone').getAttribute('data-ussd')).toBe('CON');
    expect((await screen.textContent())?.length).toBeLessThanOrEqual(182);
    await page.locator('[data-ussd-answer]').fill('2');
    await page.locator('.ussd-phone').getByRole('button', { name: 'Envoyer' }).click();
    await expect.poll(() => screen.textContent()).toBe('Au revoir.');
    expect(await page.locator('.ussd-phone').getAttribute('data-ussd')).toBe('END');
  });

  it('a second editor on the same draft gets the conflict instead of overwriting', async () => {
    const second = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const other = await second.newPage();
    await signIn(other, server.url, koffi, '/flows/service-client-test');
    await other.locator('.react-flow__node[data-id="bye"]').waitFor();

    // Awa renames the goodbye and saves first.
    await selectNode(page, 'bye');
    await page.getByRole('textbox', { name: 'Nom affiché' }).fill('Au revoir (Awa)');
    await page.locator('[data-action="save"]').click();
    await page.locator('[data-save-state="saved"]').waitFor();
    const saved = await server.admin<{ revision: number; document: { nodes: Array<{ id: string; label?: string }> } }>('GET', '/api/flows/service-client-test/draft');

    // Koffi, on the older revision, changes the same node and saves.
    await selectNode(other, 'bye');
    await other.getByRole('textbox', { name: 'Nom affiché' }).fill('Fin (Koffi)');
    await other.locator('[data-action="save"]').click();
    await other.locator('[data-action="overwrite-mine"]').waitFor();
    await other.getByRole('dialog').getByText('awa').first().waitFor();
    const untouched = await server.admin<typeof saved.body>('GET', '/api/flows/service-client-test/draft');
    expect(untouched.body.revision).toBe(saved.body.revision);
    expect(untouched.body.document.nodes.find((n) => n.id === 'bye')?.label).toBe('Au revoir (Awa)');

    // He decides: his version on top of hers.
    await other.locator('[data-action="overwrite-mine"]').click();
    await other.locator('[data-save-state="saved"]').waitFor();
    const after = await server.admin<typeof saved.body>('GET', '/api/flows/service-client-test/draft');
    expect(after.body.revision).toBe(saved.body.revision + 1);
    expect(after.body.document.nodes.find((n) => n.id === 'bye')?.label).toBe('Fin (Koffi)');
    await second.close();
  });

  it('an agent answering on WhatsApp: the callback output becomes “continued”, and it connects', async () => {
    // Koffi's version is now the draft: Awa's next edit would meet it in the conflict dialog, so she reloads first.
    await page.reload();
    await page.locator('.react-flow__node[data-id="bye"]').waitFor();
    await page.locator('.palette-item[data-node-type="handoff"]').click();
    await page.locator('.react-flow__node[data-id="conseiller"]').waitFor();
    await page.getByRole('button', { name: 'Disposition automatique' }).click();
    await canvasAtRest(page);
    const outputs = () => page.locator('.react-flow__node[data-id="conseiller"] .react-flow__handle.source').evaluateAll((handles) => handles.map((h) => h.getAttribute('data-handleid')));
    await connect(page, 'conseiller', 'callback', 'bye');

    await selectNode(page, 'conseiller');
    await page.locator('[data-field="continueOn"] label', { hasText: 'WhatsApp' }).click();
    await expect.poll(outputs).toEqual(['continued', 'done', 'unavailable']);
    expect(await edgesOf(page)).not.toContain('conseiller.callback→bye');
    await page.locator('textarea[data-field="continueMessage.fr"]').fill('Un conseiller vous répond ici sur WhatsApp.');
    // Same card size, new handle: the edge from it is drawn.
    await connect(page, 'conseiller', 'continued', 'bye');
    expect(await edgesOf(page)).toContain('conseiller.continued→bye');
    await expect.poll(() => page.locator('.react-flow__edge[aria-label$="(Suite sur WhatsApp) vers « Fin (Koffi) »"]').count()).toBe(1);
  });

  it('pages a long USSD turn as the handset does: 00 for the next screen, 0 back, the last screen closes without a key to press', async () => {
    const document = newFlowDocument('info-ussd', 'Info USSD', ['fr']);
    const welcome = document.nodes.find((n) => n.id === 'welcome') as { prompt: Record<string, { text: string }> };
    // Every word in GSM's basic alphabet (no ê, ô, ç, ’): 182 characters a screen, three screens.
    const sentences = [
      'Griot Telecom vous informe : votre forfait Internet est renouvelé chaque mois à date fixe.',
      'Les appels vers les numéros Griot sont gratuits le soir après vingt heures.',
      'Pour garder votre numéro, rechargez au moins une fois tous les trois mois.',
      'Le code PUK est donné au 1919, sur présentation de votre pièce.',
      'Votre solde reste visible à tout moment en composant le 1919 depuis votre mobile.',
    ];
    welcome.prompt = { fr: { text: sentences.join(' ') } };
    expect((await server.admin('POST', '/api/flows', { document })).status).toBe(201);
    const phone = await first.newPage();
    await phone.goto(`${server.url}/flows/info-ussd`);
    await phone.locator('.react-flow__node[data-id="welcome"]').waitFor();
    await phone.locator('[data-panel-button="simulator"]').click();
    await phone.locator('label', { hasText: 'USSD' }).click();
    await phone.locator('[data-action="start-simulator"]').click();
    const handset = phone.locator('.ussd-phone');
    const screen = handset.locator('[data-screen]');
    const answer = async (typed: string) => {
      await handset.locator('[data-ussd-answer]').fill(typed);
      await handset.getByRole('button', { name: 'Envoyer' }).click();
    };
    const shown: string[] = [];
    await expect.poll(() => screen.textContent()).toMatch(/^Griot Telecom vous informe/);
    shown.push((await screen.textContent()) ?? '');
    expect(shown[0]).toMatch(/\n00 Suite$/);
    expect(await handset.getAttribute('data-ussd')).toBe('CON');
    await answer('00');
    await expect.poll(() => screen.textContent()).not.toBe(shown[0]);
    shown.push((await screen.textContent()) ?? '');
    expect(shown[1]).toMatch(/\n00 Suite\n0 Retour$/);
    await answer('0');
    await expect.poll(() => screen.textContent()).toBe(shown[0]);
    await answer('00');
    await expect.poll(() => screen.textContent()).toBe(shown[1]);
    await answer('00');
    await expect.poll(() => handset.getAttribute('data-ussd')).toBe('END');
    shown.push((await screen.textContent()) ?? '');
    // An END screen takes no answer: it offers no key, and the handset has no field for one.
    expect(shown[2]).toMatch(/Au revoir\.$/);
    expect(await handset.locator('[data-ussd-answer]').count()).toBe(0);
    // Every screen fits the 182 characters, and together they say every word of the flow.
    expect(shown.every((s) => s.length <= 182)).toBe(true);
    const said = shown
      .map((s) => s.replace(/(\n00 Suite|\n0 Retour)+$/, ''))
      .join(' ')
      .replace(/\s+/g, ' ');
    for (const sentence of sentences) expect(said).toContain(sentence);
    await phone.close();
  });
});
