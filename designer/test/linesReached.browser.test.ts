import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn, screenshotIfFailed } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[designer browser tests skipped] ${missing}`);

const FLOW = 'selfcare-1919';
interface Draft {
  revision: number;
  document: { nodes: Array<{ id: string; prompt?: Record<string, { text?: string; variants?: Record<string, { text?: string }> }> }> } & Record<string, unknown>;
}

/**
 * The daily review's editor changed only the USSD wording of the 1919 main menu, then promoted to
 * every line without being told which. Now the dialogs that put a version somewhere list the
 * lines it reaches (channel, address; for staging the test numbers routed there), from when each
 * serves it (the next call, the next USSD session, a new conversation) and what changes for that
 * channel; with no line, they say nobody will hear it. The 1919 demo in French, the real server.
 */
describe.skipIf(missing !== null)('the lines a version reaches, in the dialogs that put it there', () => {
  let server: GriotServer;
  let browser: Browser;
  let awa: Page;
  let edith: Page;
  let paul: Page;

  beforeAll(async () => {
    // Not the documented default (30): the dialogs say what this server does.
    server = await startGriot({ demo: true, env: { GRIOT_SESSION_TTL_MINUTES: '20' } });
    browser = await launchChromium();
    const page = async (user: { username: string; password: string }) => {
      const p = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
      p.on('pageerror', (e) => console.error('[page error]', e.message));
      await signIn(p, server.url, user);
      return p;
    };
    awa = await page(await createUser(server, 'awa', ['editor', 'publisher']));
    edith = await page(await createUser(server, 'edith', ['editor']));
    paul = await page(await createUser(server, 'paul', ['publisher']));
    // Only the USSD wording of the main menu changes, published as version 2 (production and staging run 1).
    const draft = (await server.admin<Draft>('GET', `/api/flows/${FLOW}/draft`)).body;
    const menu = draft.document.nodes.find((n) => n.id === 'mainMenu');
    if (!menu?.prompt?.fr) throw new Error('no French main menu');
    menu.prompt.fr.variants = { ...menu.prompt.fr.variants, ussd: { text: 'Griot *919# :' } };
    expect((await server.admin('PUT', `/api/flows/${FLOW}/draft`, { revision: draft.revision, document: draft.document })).status).toBe(200);
    expect((await server.admin('POST', `/api/flows/${FLOW}/publish`, { message: 'Menu principal : variante USSD', revision: draft.revision + 1 })).status).toBe(201);
  });

  afterEach(async (test) => {
    for (const [name, p] of [
      ['', awa],
      [' (editor)', edith],
      [' (publisher)', paul],
    ] as const) {
      if (p) await screenshotIfFailed({ task: { ...test.task, name: `${test.task.name}${name}` } }, p);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Each line of the table: channel, address, from when, what changes. */
  const rowsOf = async (table: ReturnType<Page['locator']>) => (await table.locator('tbody tr').all()).map(async (row) => (await row.locator('td').allTextContents()).map((c) => c.trim()));
  const read = async (table: ReturnType<Page['locator']>) => Promise.all(await rowsOf(table));

  const openPromotion = async (item: 'Mettre en préproduction' | 'Mettre en production') => {
    await awa.getByRole('button', { name: 'Actions pour la version 2' }).click();
    await awa.getByRole('menuitem', { name: item }).click();
    const dialog = awa.getByRole('dialog', { name: item === 'Mettre en production' ? 'Promouvoir en Production' : 'Promouvoir en Préproduction' });
    await dialog.waitFor();
    return dialog;
  };

  it('publishing and promoting to production list the three lines, when each takes it, and that only the USSD changes', async () => {
    await awa.goto(`${server.url}/flows/${FLOW}`);
    await awa.locator('.react-flow__node[data-id="welcome"]').waitFor();
    // Publishing changes no line: the dialog says so, and what production would change, line by line.
    await awa.getByRole('button', { name: 'Publier', exact: true }).first().click();
    const publish = awa.getByRole('dialog', { name: 'Publier une version' });
    const publishTable = publish.locator('[data-lines-reached="production"] table');
    await publishTable.waitFor({ timeout: 10_000 });
    await publish.getByText('Publier ne change encore aucune ligne. Une fois mise en Production, la version servira :').waitFor();
    expect(await read(publishTable)).toEqual([
      ['USSD', '*919#', 'prochaine session', '1 texte modifié'],
      ['Voix', '1919', 'prochain appel', 'inchangé'],
      ['WhatsApp', '100000000000001', 'nouvelle conversation (fin, ou 20 min sans message)', 'inchangé'],
    ]);
    await publish.getByRole('button', { name: 'Annuler' }).click();
    await publish.waitFor({ state: 'hidden' });

    await awa.locator('[data-panel-button="versions"]').click();
    await awa.locator('[data-env-version="production"]').waitFor();

    const dialog = await openPromotion('Mettre en production');
    const table = dialog.locator('[data-lines-reached="production"] table');
    await table.waitFor({ timeout: 10_000 });
    expect(await dialog.getByText('Lignes qui serviront la version en Production').count()).toBe(1);
    expect(await table.locator('th').allTextContents()).toEqual(['Canal', 'Ligne', 'À partir de', 'Ce qui change (depuis v1)']);
    expect(await read(table)).toEqual([
      ['USSD', '*919#', 'prochaine session', '1 texte modifié'],
      ['Voix', '1919', 'prochain appel', 'inchangé'],
      ['WhatsApp', '100000000000001', 'nouvelle conversation (fin, ou 20 min sans message)', 'inchangé'],
    ]);
    // Nothing says "from the next calls" for USSD and WhatsApp any more: what is in progress is said once.
    expect(await dialog.textContent()).not.toContain('prochains appels');
    await dialog.getByText('Un appel, une session USSD ou une conversation en cours finit sur la version où il a commencé', { exact: false }).waitFor();
    expect(await dialog.locator('[data-lines-reached="production"]').textContent()).toContain(
      'sur une ligne sans inactivité réglée, une conversation recommence après 20 min sans message (réglage de ce serveur).',
    );
    expect(await dialog.textContent()).not.toContain('GRIOT_SESSION_TTL_MINUTES');
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('putting it in staging names the test numbers routed there, not the lines’ callers', async () => {
    const dialog = await openPromotion('Mettre en préproduction');
    const table = dialog.locator('[data-lines-reached="staging"] table');
    await table.waitFor({ timeout: 10_000 });
    expect(await read(table)).toEqual([['Voix', '1919 · pour 1 numéro de test', 'prochain appel', 'inchangé']]);
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('an editor asking for production sees the lines too, and so does the publisher who approves', async () => {
    await edith.goto(`${server.url}/flows/${FLOW}`);
    await edith.locator('.react-flow__node[data-id="welcome"]').waitFor();
    await edith.locator('[data-action="request-publication"]').click();
    const ask = edith.getByRole('dialog', { name: 'Demander la publication' });
    await ask.locator('[data-target="production"]').check();
    const production = ask.locator('[data-lines-reached="production"] table');
    await production.waitFor({ timeout: 10_000 });
    // The draft is version 2: against production's version 1, the USSD wording alone.
    expect(await read(production)).toEqual([
      ['USSD', '*919#', 'prochaine session', '1 texte modifié'],
      ['Voix', '1919', 'prochain appel', 'inchangé'],
      ['WhatsApp', '100000000000001', 'nouvelle conversation (fin, ou 20 min sans message)', 'inchangé'],
    ]);
    expect(await read(ask.locator('[data-lines-reached="staging"] table'))).toEqual([['Voix', '1919 · pour 1 numéro de test', 'prochain appel', 'inchangé']]);
    await ask.getByRole('textbox', { name: 'Message pour le publieur' }).fill('Variante USSD du menu');
    await ask.locator('[data-action="send-publication-request"]').click();
    await ask.waitFor({ state: 'hidden' });

    await paul.goto(server.url);
    const bell = paul.getByRole('button', { name: '1 demande de publication en attente' });
    await bell.waitFor();
    await bell.click();
    await paul.locator('[data-open-request]').click();
    const review = paul.getByRole('dialog', { name: /^Demande de publication — / });
    const reviewed = review.locator('[data-lines-reached="production"] table');
    await reviewed.waitFor({ timeout: 10_000 });
    expect(await read(reviewed)).toEqual([
      ['USSD', '*919#', 'prochaine session', '1 texte modifié'],
      ['Voix', '1919', 'prochain appel', 'inchangé'],
      ['WhatsApp', '100000000000001', 'nouvelle conversation (fin, ou 20 min sans message)', 'inchangé'],
    ]);
    await paul.keyboard.press('Escape');
    await review.waitFor({ state: 'hidden' });
  });

  it('rolling production back lists the lines that go back to the previous version, and what changes on each', async () => {
    expect((await server.admin('POST', `/api/flows/${FLOW}/environments/production`, { version: 2 })).status).toBe(200);
    await awa.goto(`${server.url}/flows/${FLOW}`);
    await awa.locator('.react-flow__node[data-id="welcome"]').waitFor();
    await awa.locator('[data-panel-button="versions"]').click();
    await awa.locator('[data-env-version="production"]', { hasText: 'v2' }).waitFor();
    await awa.locator('[data-action="rollback"]').click();
    const dialog = awa.getByRole('dialog', { name: 'Retour arrière en production' });
    const table = dialog.locator('[data-lines-reached="production"] table');
    await table.waitFor({ timeout: 10_000 });
    expect(await table.locator('th').allTextContents()).toEqual(['Canal', 'Ligne', 'À partir de', 'Ce qui change (depuis v2)']);
    // Going back to version 1 undoes the USSD wording alone.
    expect(await read(table)).toEqual([
      ['USSD', '*919#', 'prochaine session', '1 texte modifié'],
      ['Voix', '1919', 'prochain appel', 'inchangé'],
      ['WhatsApp', '100000000000001', 'nouvelle conversation (fin, ou 20 min sans message)', 'inchangé'],
    ]);
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await server.admin('POST', `/api/flows/${FLOW}/environments/production/rollback`)).status).toBe(200);
  });

  it('with no line bound, promoting says nobody will hear it', async () => {
    const bindings = (await server.admin<Array<{ id: string; flowId: string }>>('GET', '/api/bindings')).body.filter((b) => b.flowId === FLOW);
    for (const b of bindings) expect((await server.admin('DELETE', `/api/bindings/${b.id}`)).status).toBe(204);
    await awa.reload();
    await awa.locator('[data-panel-button="versions"]').click();
    await awa.locator('[data-env-version="production"]').waitFor();
    const dialog = await openPromotion('Mettre en production');
    const none = dialog.locator('[data-lines-reached="production"][data-no-lines]');
    await none.waitFor({ timeout: 10_000 });
    expect(await none.textContent()).toBe(
      'Aucune ligne n’utilise encore ce parcours en production : la version sera prête mais personne ne l’entendra. Un administrateur relie une ligne (numéro, code USSD, numéro WhatsApp) au parcours dans Administration › Raccordements.',
    );
    await dialog.getByRole('button', { name: 'Annuler' }).click();
  });
});
