import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn, screenshotIfFailed } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[designer browser tests skipped] ${missing}`);

const FLOW = 'selfcare-1919';
interface Draft {
  revision: number;
  document: {
    nodes: Array<{ id: string; prompt?: Record<string, { text?: string; needsReview?: boolean }>; options?: Array<{ label: Record<string, string> }> }>;
  } & Record<string, unknown>;
}

/**
 * A publish blocked by one error among warnings, said as the dialog opens: the error comes first, apart, named by the
 * node's canvas label, with a button that goes to it; the warnings wait folded under one line.
 * The checks panel names the same places the same way, never `welcome · prompt.fr`.
 */
describe.skipIf(missing !== null)('a refused publish, and where the problems are', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;
  const awa = { username: 'awa', password: '' };

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    Object.assign(awa, await createUser(server, 'awa', ['editor', 'publisher']));
    // A suggested translation nobody reviewed yet: the one thing that stops publishing.
    const current = (await server.admin<Draft>('GET', `/api/flows/${FLOW}/draft`)).body;
    const doc = structuredClone(current.document);
    const welcome = doc.nodes.find((n) => n.id === 'welcome')?.prompt?.fr;
    if (!welcome) throw new Error('no welcome prompt');
    welcome.needsReview = true;
    // And a warning: the fourth option of the main menu has lost its Fon label.
    const fourth = doc.nodes.find((n) => n.id === 'mainMenu')?.options?.[3];
    if (!fourth) throw new Error('no fourth option');
    delete fourth.label.fon;
    expect((await server.admin('PUT', `/api/flows/${FLOW}/draft`, { revision: current.revision, document: doc })).status).toBe(200);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(page, server.url, awa);
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the one error first, by the node’s name, goes to it, and folds the warnings', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
    await page.locator('[data-action="publish"]').click();
    const publish = page.getByRole('dialog', { name: 'Publier une version' });
    // Shown as soon as the dialog opens, before any message is typed; Publier stays disabled, saying why.
    const refused = publish.locator('.publish-refused');
    await refused.waitFor();
    expect(await refused.getByText('Publication impossible : 1 erreur à corriger d’abord', { exact: true }).count()).toBe(1);
    await publish.getByRole('textbox', { name: 'Qu’est-ce qui change ?' }).fill('Accueil à relire');
    const submit = publish.getByRole('button', { name: 'Publier' });
    expect(await submit.isDisabled()).toBe(true);
    expect(await submit.getAttribute('aria-describedby')).toBe('publish-blocked-reason');
    expect(await publish.locator('#publish-blocked-reason').textContent()).toBe('Corrigez d’abord les erreurs ci-dessus.');
    const errors = refused.locator('.publish-errors .publish-issue');
    expect(await errors.count()).toBe(1);
    expect(await errors.first().getAttribute('data-code')).toBe('prompt.unreviewed');
    expect(await errors.first().locator('.issue-where').textContent()).toBe('Bienvenue · Message · FR');
    // The warnings are folded: only the line that counts them shows.
    const warnings = refused.locator('.publish-warnings .publish-issue');
    const missingFon = refused.locator('.publish-warnings .publish-issue[data-code="label.missingLocale"][data-node="mainMenu"]');
    expect(await missingFon.count()).toBe(1);
    expect(await warnings.first().isVisible()).toBe(false);
    await refused.locator('[data-action="toggle-warnings"]').click();
    await expect.poll(() => missingFon.isVisible()).toBe(true);
    expect(await missingFon.locator('.issue-where').textContent()).toBe('Menu principal · Option 4 · Libellé · FON');

    await errors.first().locator('[data-action="reveal-issue"]').click();
    await publish.waitFor({ state: 'hidden' });
    await page.locator('.react-flow__node[data-id="welcome"].selected').waitFor();

    await page.locator('[data-panel-button="checks"]').click();
    const row = page.locator('.issue-row[data-code="prompt.unreviewed"][data-node="welcome"]');
    expect(await row.locator('.issue-where').textContent()).toBe('Bienvenue · Message · FR');
    const option = page.locator('.issue-row[data-code="label.missingLocale"][data-node="mainMenu"]');
    expect(await option.locator('.issue-where').textContent()).toBe('Menu principal · Option 4 · Libellé · FON');
  });
});
