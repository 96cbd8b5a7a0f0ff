import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { chromiumMissing, downloadedBytes, launchChromium } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { JAMBONZ_SECRET, caller, placeAnalyticsCalls } from './support/analyticsCalls.ts';
import { choose } from './support/canvas.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[analytics browser tests skipped] ${missing}`);

/**
 * What callers did, read off the page: six real calls to the 1919 demo over signed jambonz
 * webhooks (contained with a 4, transferred to Awa then a 5, hung up at the menu, hung up while
 * waiting for an agent, contained with a 2 by a caller who then calls back and hangs up at the
 * survey). A viewer reads them on the canvas (each node's visits and drop-offs, each output's
 * count, edges as thick as they were taken, the worst nodes ringed) and on the flow's dashboard
 * (figures, chart tables, drop-off nodes, versions, a CSV download, filters, English); the
 * supervisor reads the day's queue figures on the wallboard, which follows a new call live.
 */
const FLOW = 'selfcare-1919';
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });
/** Intl writes French with (narrow) no-break spaces: read the page with plain ones. */
const plain = (text: string | null) =>
  (text ?? '')
    .replace(/[\u202f\u00a0]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const textOf = async (locator: Locator) => plain(await locator.textContent());
const pageErrors: string[] = [];

/** Signs in at `at` (the page that address names once signed in; `/` unless told). */
async function signInAt(browser: Browser, url: string, user: { username: string; password: string }, { at = '/' }: { at?: string } = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${user.username}: ${e.message}`));
  await page.goto(`${url}${at}`);
  await page.getByLabel("Nom d'utilisateur").fill(user.username);
  await page.getByLabel('Mot de passe').fill(user.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.locator('main').first().waitFor();
  return page;
}

describe.skipIf(missing !== null)('analytics in the designer, after real calls', { timeout: 60_000 }, () => {
  let server: GriotServer;
  let browser: Browser;
  let editor: Page;
  let sena: Page;

  beforeAll(async () => {
    server = await startGriot({ demo: true, env: { JAMBONZ_WEBHOOK_SECRET: JAMBONZ_SECRET } });
    const awa = await createUser(server, 'awa', ['agent']);
    await placeAnalyticsCalls(server, awa);
    browser = await launchChromium();
    editor = await signInAt(browser, server.url, await createUser(server, 'vera', ['viewer']), { at: `/flows/${FLOW}` });
    await editor.locator('.react-flow__node[data-id="mainMenu"]').waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const node = (id: string) => editor.locator(`[data-node-traffic="${id}"]`);
  const outputCount = (id: string, output: string) => editor.locator(`.react-flow__node[data-id="${id}"] [data-output="${output}"] [data-output-traffic]`);
  const edgeWidth = async (source: string, output: string) => {
    const id = await editor.evaluate(
      ([s, o]) => {
        const griot = (window as unknown as { __griot: { documentStore: { getState(): { doc: { edges: Array<{ id: string; source: string; output: string }> } } } } }).__griot;
        return griot.documentStore.getState().doc.edges.find((e) => e.source === s && e.output === o)?.id;
      },
      [source, output] as const,
    );
    if (!id) throw new Error(`no edge from ${source}.${output}`);
    const width = await editor.locator(`.react-flow__edge[data-id="${id}"] path.react-flow__edge-path`).evaluate((path) => getComputedStyle(path).strokeWidth);
    return Number.parseFloat(width);
  };

  it('shows on the canvas each node’s visits and drop-offs, each output’s count, and edges as thick as they were taken', async () => {
    expect(await node('mainMenu').count()).toBe(0);
    await editor.locator('label', { hasText: 'Fréquentation' }).click();
    expect(await editor.getByRole('switch', { name: 'Fréquentation' }).isChecked()).toBe(true);
    await poll(() => textOf(node('mainMenu'))).toBe('6 visites1 abandon (16,7 %)');
    await poll(() => editor.locator('[data-overlay-contacts]').getAttribute('data-overlay-contacts')).toBe('6');
    expect(await textOf(editor.locator('[data-overlay-contacts]'))).toBe('6 contacts, 7 derniers jours');
    // The returning caller passed through the language node without being asked: 6 visits.
    expect(await node('language').getAttribute('data-visits')).toBe('6');
    expect(await textOf(node('handoff'))).toBe('2 visites1 abandon (50 %)');
    expect(await textOf(node('satisfaction'))).toBe('4 visites1 abandon (25 %)');
    expect(await textOf(node('goodbye'))).toBe('3 visites');
    // Nobody reached the PUK read-out this week: shown at zero, not left out.
    expect(await textOf(node('pukReadout'))).toBe('0 visite');
    expect(await node('pukReadout').getAttribute('class')).toContain('none');

    expect(await textOf(outputCount('mainMenu', 'balance'))).toBe('3');
    expect(await textOf(outputCount('mainMenu', 'agent'))).toBe('2');
    expect(await textOf(outputCount('mainMenu', 'puk'))).toBe('0');
    expect(await textOf(outputCount('satisfaction', 'answered'))).toBe('3');
    const [balance, agent, puk] = [await edgeWidth('mainMenu', 'balance'), await edgeWidth('mainMenu', 'agent'), await edgeWidth('mainMenu', 'puk')];
    expect(balance).toBeGreaterThan(agent);
    expect(agent).toBeGreaterThan(puk);
    expect(puk).toBe(1);
    expect(await editor.locator('.react-flow__edge.with-traffic').count()).toBeGreaterThan(5);
  });

  it('rings the worst nodes and lists them, worst first; a click shows the node', async () => {
    const worst = editor.locator('ol.worst-nodes [data-worst-node]');
    await poll(() => worst.evaluateAll((items) => items.map((i) => i.getAttribute('data-worst-node')))).toEqual(['handoff', 'satisfaction', 'mainMenu']);
    expect(await textOf(worst.first())).toBe('Conseiller50 % d’abandons (1/2)');
    // Whole names, not cut short.
    expect(await editor.locator('.worst-node-name').evaluateAll((names) => names.filter((n) => getComputedStyle(n).whiteSpace === 'nowrap' || n.scrollWidth > n.clientWidth + 1).length)).toBe(0);
    // Links are read with the outputs' names as the node cards show them, never a raw id.
    const pukEdge = await editor.evaluate(() => {
      const griot = (window as unknown as { __griot: { documentStore: { getState(): { doc: { edges: Array<{ id: string; source: string; output: string }> } } } } }).__griot;
      return griot.documentStore.getState().doc.edges.find((e) => e.source === 'mainMenu' && e.output === 'puk')?.id;
    });
    const pukLabel = await editor.locator(`.react-flow__edge[data-id="${pukEdge}"]`).getAttribute('aria-label');
    expect(pukLabel).toMatch(/^Menu principal, sortie \d · /);
    expect(pukLabel).not.toContain('sortie puk');
    expect(await node('handoff').getAttribute('data-worst')).toBe('dropOff');
    expect(await editor.locator('.react-flow__node[data-id="handoff"] .node-traffic-ring').count()).toBe(1);
    expect(await editor.locator('.react-flow__node[data-id="goodbye"] .node-traffic-ring').count()).toBe(0);
    await worst.first().click();
    await poll(() => editor.locator('.react-flow__node[data-id="handoff"]').getAttribute('class')).toContain('selected');
  });

  it('gives the dashboard’s figures, charts with their tables, the drop-off nodes and the versions', async () => {
    await editor.locator('label', { hasText: 'Statistiques' }).click();
    const kpi = (id: string) => editor.locator(`[data-kpi="${id}"]`);
    await poll(() => textOf(kpi('contacts').locator('[data-value]'))).toBe('6');
    expect(await textOf(kpi('containmentRaw').locator('[data-value]'))).toBe('33,3 %');
    expect(await textOf(kpi('containmentRaw').locator('[data-detail]'))).toBe('2 contacts traités');
    expect(await textOf(kpi('containmentCorrected').locator('[data-value]'))).toBe('16,7 %');
    expect(await textOf(kpi('containmentCorrected').locator('[data-detail]'))).toBe('1 revenu sous 24 h');
    expect(await textOf(kpi('containmentCorrected'))).toContain('provisoire');
    expect(await textOf(kpi('transferred').locator('[data-value]'))).toBe('1');
    expect(await textOf(kpi('abandoned').locator('[data-value]'))).toBe('3');
    expect(await textOf(kpi('abandoned').locator('[data-detail]'))).toBe('50 %');
    expect(await textOf(kpi('csat').locator('[data-value]'))).toBe('3,67 / 5');
    expect(await textOf(kpi('csat').locator('[data-detail]'))).toBe('3 réponses · taux 75 %');
    // What a figure means opens from the keyboard too.
    await kpi('contacts').getByText('Contacts', { exact: true }).click();
    await editor.keyboard.press('Tab');
    await poll(() =>
      kpi('containmentRaw')
        .getByRole('button', { name: 'Traités (brut)' })
        .evaluate((b) => b === document.activeElement),
    ).toBe(true);
    await editor.getByRole('tooltip').filter({ hasText: 'sans demander de conseiller' }).waitFor();
    await editor.keyboard.press('Escape');

    // Each chart says what it shows, and its figures are a table (for screen readers, and on request).
    const contacts = editor.locator('[data-chart="contacts"]');
    expect(await contacts.getByRole('img').getAttribute('aria-label')).toMatch(/^6 contacts ; le plus : 6 à /);
    const hiddenRows = await contacts.locator('table tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.lastElementChild?.textContent)));
    expect(hiddenRows.reduce((a, b) => a + b, 0)).toBe(6);
    await contacts.getByRole('button', { name: 'Voir le tableau' }).click();
    await contacts.getByRole('table').waitFor();
    expect(await contacts.getByRole('img').count()).toBe(0);
    const outcomes = editor.locator('[data-chart="outcomes"]');
    await outcomes.getByRole('button', { name: 'Voir le tableau' }).click();
    const header = await outcomes.locator('thead th').allTextContents();
    expect(header.slice(1)).toEqual(['Traités par le parcours', 'Transférés', 'Abandons']);
    const totals = await outcomes.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => Number(td.textContent))));
    expect(totals.reduce((sum, row) => sum.map((n, i) => n + (row[i] ?? 0)), [0, 0, 0])).toEqual([2, 1, 3]);
    expect(await editor.locator('[data-chart="containment"]').getByRole('img').getAttribute('aria-label')).toBe(
      'Sur la période : brut 33,3 %, corrigé 16,7 % (appelants revenus sous 24 h retirés)'.replace(/ %/g, '\u00a0%'),
    );
    const csat = editor.locator('[data-chart="csat"]');
    await csat.getByRole('button', { name: 'Voir le tableau' }).click();
    expect((await csat.locator('tbody tr').first().locator('th, td').allTextContents()).map(plain)).toEqual(['v1', '3,67 / 5', '3', '66,7 %', '75 %']);
    // An agent's own scores are for supervisors (below): a viewer of the flow sees none.
    expect(await csat.locator('[data-csat-by-agent]').count()).toBe(0);

    const dropOffs = editor.locator('.drop-off-table tbody tr');
    expect(await dropOffs.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-drop-off-node')))).toEqual(['handoff', 'satisfaction', 'mainMenu']);
    expect((await dropOffs.first().locator('th, td').allTextContents()).map(plain)).toEqual(['Conseiller', '2', '1', '50 %', '0']);

    const versions = editor.locator('.versions-side-by-side');
    expect(await versions.locator('[data-version-column]').allTextContents()).toEqual(['v1']);
    expect(await textOf(versions.locator('[data-version-row="contacts"] td'))).toBe('6');
    expect(await textOf(versions.locator('[data-version-row="containmentCorrected"] td'))).toBe('16,7 %');
    expect(await textOf(versions.locator('[data-version-row="csatAverage"] td'))).toBe('3,67 / 5');
    // Every contact is in a row: the ones still going too (« En cours »); rows no version has are left out.
    expect(await textOf(versions.locator('[data-version-row="unfinished"] th'))).toBe('En cours');
    expect(await textOf(versions.locator('[data-version-row="unfinished"] td'))).toBe('0 (0 %)');
    expect(await versions.locator('[data-version-row="callback"]').count()).toBe(0);
  });

  it('downloads a table a French spreadsheet opens with the dashboard’s figures, labels, local times and the filters in its name', async () => {
    /** The file read as French Excel reads it: a BOM for UTF-8, `;` between cells, decimal commas. */
    const asFrenchExcel = async (table: string) => {
      await editor.locator('[data-action="csv"]').click();
      const [download] = await Promise.all([editor.waitForEvent('download'), editor.locator(`[data-csv-table="${table}"]`).click()]);
      const bytes = await downloadedBytes(download);
      expect([...bytes.subarray(0, 3)], 'a UTF-8 BOM').toEqual([0xef, 0xbb, 0xbf]);
      const [header, ...lines] = bytes.subarray(3).toString('utf8').trim().split('\r\n');
      const names = header!.split(';');
      return { name: download.suggestedFilename(), rows: lines.map((l) => Object.fromEntries(l.split(';').map((v, i) => [names[i], v.replace(/^"|"$/g, '')]))) };
    };
    const kpi = async (id: string) => textOf(editor.locator(`[data-kpi="${id}"] [data-value]`));
    const summary = await asFrenchExcel('summary');
    expect(summary.name).toMatch(new RegExp(`^${FLOW}_resume_du-\\d{4}-\\d\\d-\\d\\d-\\d\\dh\\d\\d_au-.*_appelants\\.csv$`));
    const [row] = summary.rows;
    expect(row!.contacts).toBe(await kpi('contacts'));
    expect(row!['traités (brut)']).toBe(await kpi('containmentRaw'));
    expect(row!['traités (corrigé)']).toBe(await kpi('containmentCorrected'));
    expect(row!.transférés).toBe(await kpi('transferred'));
    expect(row!.abandons).toBe(await kpi('abandoned'));
    // The period as the dashboard writes it, in the browser's time zone, ending when read (never in the future).
    const period = await textOf(editor.locator('[data-period]'));
    expect(period).toContain(`Du ${row!.du} au `);
    const [, shownEnd, readAt] = /au (\S+ \S+) · lues à (\S+ \S+)/.exec(period) ?? [];
    expect(shownEnd).toBe(readAt);
    expect(row!.au.slice(0, 10)).toBe(shownEnd!.slice(0, 10));
    // The cards add up to every contact: « en cours » is shown too.
    expect(Number(row!['en cours'])).toBe(Number(await kpi('unfinished')));
    const [contained, transferred, abandoned, unfinished] = [row!['traités par le parcours'], await kpi('transferred'), await kpi('abandoned'), await kpi('unfinished')].map(Number);
    expect(contained! + transferred! + abandoned! + unfinished!).toBe(Number(await kpi('contacts')));

    const nodes = await asFrenchExcel('nodes');
    const mainMenu = nodes.rows.find((r) => r['nœud (id)'] === 'mainMenu');
    expect(mainMenu).toMatchObject({ nœud: 'Menu principal', visites: '6', abandons: '1', 'sortie 2 · Solde': '3', 'sortie 4 · Un conseiller': '2' });
    expect(nodes.name).toMatch(new RegExp(`^${FLOW}_noeuds_`));
  });

  it('follows the filters, and speaks English with English numbers', async () => {
    const contacts = editor.locator('[data-kpi="contacts"] [data-value]');
    const traffic = (label: string) => editor.locator('.analytics-filters label', { hasText: label });
    await choose(editor, 'Canal', 'WhatsApp');
    await poll(() => textOf(contacts)).toBe('0');
    await editor.getByText('Aucun contact sur cette période avec ces filtres.').waitFor();
    await choose(editor, 'Canal', 'Voix');
    await poll(() => textOf(contacts)).toBe('6');
    // Preview traffic is kept apart: with callers and the simulator ticked, the same 6 (nobody previewed).
    await traffic('Simulateur').click();
    await poll(() => editor.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('traffic=live%2Cpreview')))).toBe(true);
    expect(await textOf(contacts)).toBe('6');
    await traffic('Appelants').click();
    await poll(() => textOf(contacts)).toBe('0');
    await traffic('Appelants').click();
    await traffic('Simulateur').click();
    await poll(() => textOf(contacts)).toBe('6');

    const language = (code: string) => editor.locator('.editor-header .mantine-SegmentedControl-label', { hasText: new RegExp(`^${code}$`) }).click();
    await language('EN');
    await poll(() => textOf(editor.locator('[data-kpi="containmentRaw"] [data-value]'))).toBe('33.3%');
    expect(await textOf(editor.locator('[data-kpi="csat"] [data-value]'))).toBe('3.67 / 5');
    expect(await textOf(editor.locator('[data-kpi="csat"] [data-detail]'))).toBe('3 answers · rate 75%');
    expect(await editor.getByRole('heading', { name: 'Analytics — 1919 — Service client Griot Telecom' }).count()).toBe(1);
    await language('FR');
    await poll(() => textOf(editor.locator('[data-kpi="containmentRaw"] [data-value]'))).toBe('33,3 %');
  });

  it('opens a drop-off node from the dashboard on the canvas, the overlay on', async () => {
    await editor.locator('.drop-off-table [data-drop-off-node="satisfaction"] button').click();
    await editor.locator('.react-flow__node[data-id="satisfaction"].selected').waitFor();
    expect(await editor.getByRole('switch', { name: 'Fréquentation' }).isChecked()).toBe(true);
    expect(await textOf(node('satisfaction'))).toBe('4 visites1 abandon (25 %)');
    expect(pageErrors).toEqual([]);
  });

  it('gives the supervisor today’s figures per queue on the wallboard, following calls live', async () => {
    sena = await signInAt(browser, server.url, await createUser(server, 'sena', ['supervisor']));
    await sena.getByRole('heading', { name: 'Aujourd’hui, par file' }).waitFor();
    const tile = sena.locator('[data-wallboard-queue="support-fr"]');
    const figure = (kpi: string) => textOf(tile.locator(`[data-kpi="${kpi}"] dd`));
    await poll(() => figure('offered')).toBe('2');
    expect(await figure('answered')).toBe('1');
    expect(await figure('abandoned')).toBe('1');
    expect(await figure('serviceLevel')).toBe('50 %');
    // With its unit: « 0:05 » read as five minutes as well as five seconds.
    expect(await figure('averageWait')).toMatch(/^\d s$/);
    expect(await figure('waiting')).toBe('0');
    expect(await figure('callbacksPending')).toBe('0');
    expect(await tile.getByRole('heading', { name: 'support-fr' }).count()).toBe(1);

    // A caller asks for an agent: the wallboard shows them waiting and offered, without a reload.
    const { dial } = caller(server);
    const call = await dial('+2290197000077');
    await call.press('4');
    await poll(() => figure('waiting')).toBe('1');
    expect(await figure('longest')).toMatch(/^\d+ s$/);
    await poll(() => figure('offered')).toBe('3');
    // They hang up while waiting: one more abandoned, and the service level falls to 1 in 3.
    await call.hangup();
    await poll(() => figure('abandoned')).toBe('2');
    expect(await figure('waiting')).toBe('0');
    await poll(() => figure('serviceLevel')).toBe('33,3 %');
    expect(pageErrors).toEqual([]);
  });

  it('lets the supervisor choose the wallboard’s period, export it for a spreadsheet, open a flow’s figures, and use a wall screen’s width', async () => {
    const tile = sena.locator('[data-wallboard-queue="support-fr"]');
    const figure = (kpi: string) => textOf(tile.locator(`[data-kpi="${kpi}"] dd`));
    await sena.getByRole('radiogroup', { name: 'Période du tableau' }).getByText('Hier').click();
    await sena.getByRole('heading', { name: 'Hier, par file' }).waitFor();
    // Every call of this test was today: yesterday had none (the live « En ce moment » stays).
    await poll(() => figure('offered')).toBe('0');
    await sena.getByRole('radiogroup', { name: 'Période du tableau' }).getByText('24 dernières heures').click();
    await poll(() => figure('offered')).toBe('3');
    expect(await textOf(tile)).toContain('24 dernières heures');

    // The same figures as a file French Excel opens in columns.
    const [download] = await Promise.all([sena.waitForEvent('download'), sena.locator('[data-action="queues-csv"]').click()]);
    expect(download.suggestedFilename()).toMatch(/^files_resume_du-.*_appelants\.csv$/);
    const bytes = await downloadedBytes(download);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...lines] = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    const names = header!.split(';');
    const row = lines.map((l) => Object.fromEntries(l.split(';').map((v, i) => [names[i], v]))).find((r) => r.file === 'support-fr');
    expect(row).toMatchObject({ présentés: await figure('offered'), répondus: await figure('answered'), abandonnés: await figure('abandoned'), 'niveau de service': await figure('serviceLevel') });

    // On a 1920 px wall screen the board takes the width.
    await sena.setViewportSize({ width: 1920, height: 1080 });
    await poll(() => sena.locator('.wallboard').evaluate((e) => e.getBoundingClientRect().width)).toBeGreaterThan(1700);

    // From the board to a flow's dashboard.
    await sena.locator('[data-action="flow-stats"]').click();
    await sena.locator(`[data-flow-stats="${FLOW}"]`).click();
    await poll(() => textOf(sena.locator('[data-kpi="contacts"] [data-value]'))).toBe('7');
    expect(new URL(sena.url()).pathname).toBe(`/flows/${FLOW}`);
    // The supervisor reads the satisfaction per agent under the chart: Awa's caller answered a 5.
    const csat = sena.locator('[data-chart="csat"]');
    expect(await textOf(csat.locator('[data-csat-by-agent] p').first())).toBe('Satisfaction par conseiller');
    expect((await csat.locator('[data-csat-by-agent] thead th').allTextContents()).map(plain)).toEqual(['Conseiller', 'Réponses', 'Note moyenne']);
    expect((await csat.locator('[data-csat-agent="awa"] th, [data-csat-agent="awa"] td').allTextContents()).map(plain)).toEqual(['awa', '1', '5 / 5']);
    expect(pageErrors).toEqual([]);
  });
});
