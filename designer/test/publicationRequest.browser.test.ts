import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn, screenshotIfFailed } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[designer browser tests skipped] ${missing}`);

const FLOW = 'selfcare-1919';
const COMMENT = 'Nouveau message d’accueil pour la promo : à mettre en préproduction';
interface Draft {
  revision: number;
  document: { nodes: Array<{ id: string; prompt?: Record<string, { text?: string; audio?: string }> }> } & Record<string, unknown>;
}

/**
 * Four eyes on the 1919 demo, in French: Edith (editor) cannot publish to staging a version with
 * look-ups, so she asks; Paul (publisher) sees the request waiting in the header, opens it with
 * its checks and what changes, approves it; staging runs the new version, and Edith sees the
 * outcome. Two users, two browser contexts, the real server.
 */
describe.skipIf(missing !== null)('asking a publisher to publish, and their approval', () => {
  let server: GriotServer;
  let browser: Browser;
  let edith: Page;
  let paul: Page;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const editor = await createUser(server, 'edith', ['editor']);
    const publisher = await createUser(server, 'paul', ['publisher']);
    browser = await launchChromium();
    const page = async () => {
      const p = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
      p.on('pageerror', (e) => console.error('[page error]', e.message));
      return p;
    };
    edith = await page();
    paul = await page();
    await signIn(edith, server.url, editor);
    await signIn(paul, server.url, publisher);
  });

  afterEach(async (test) => {
    await screenshotIfFailed(test, edith);
    await screenshotIfFailed({ task: { ...test.task, name: `${test.task.name} (publisher)` } }, paul);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the editor asks, the publisher approves from the request, and staging runs the new version', async () => {
    // Edith's change to the welcome, saved (editing itself is covered by the editor's tests).
    const draft = (await server.admin<Draft>('GET', `/api/flows/${FLOW}/draft`)).body;
    const welcome = draft.document.nodes.find((n) => n.id === 'welcome');
    if (!welcome?.prompt?.fr) throw new Error('no French welcome');
    welcome.prompt.fr.text = 'Bienvenue chez Griot Telecom ! Profitez de la promo de fin d’année.';
    expect((await server.admin('PUT', `/api/flows/${FLOW}/draft`, { revision: draft.revision, document: draft.document })).status).toBe(200);

    await edith.goto(`${server.url}/flows/${FLOW}`);
    await edith.locator('.react-flow__node[data-id="welcome"]').waitFor();
    // An editor does not publish to staging what calls the backends: she asks.
    await edith.locator('[data-action="request-publication"]').click();
    const ask = edith.getByRole('dialog', { name: 'Demander la publication' });
    await ask.getByRole('textbox', { name: 'Message pour le publieur' }).fill(COMMENT);
    expect(await ask.locator('[data-target="staging"]').isChecked()).toBe(true);
    await ask.locator('[data-action="send-publication-request"]').click();
    await ask.waitFor({ state: 'hidden' });
    await edith.getByText('Demande envoyée aux publieurs.').waitFor();

    // Paul, on the flow list, sees one request waiting, and opens it from there.
    await paul.reload();
    const bell = paul.getByRole('button', { name: '1 demande de publication en attente' });
    await bell.waitFor();
    await bell.click();
    await paul.locator('[data-open-request]').click();
    const review = paul.getByRole('dialog', { name: /^Demande de publication — / });
    await review.waitFor();
    expect(await review.locator('[data-request-comment]').textContent()).toBe(COMMENT);
    await review.locator('[data-check="tests"]').waitFor();
    // The flow's tests expect the old welcome: the publisher learns production would refuse it, staging not.
    expect(await review.locator('[data-check="tests"]').textContent()).toMatch(/^\d+ tests? sur \d+ échouent : la production refusera cette version\.$/);
    expect(await review.locator('[data-check="lint"]').textContent()).toMatch(/^Vérifications : aucune erreur/);
    // What changes against what staging runs: the versions panel's own diff view.
    await review.locator('[data-action="show-request-diff"]').click();
    await review.getByText('Différences entre la version 1 et le brouillon demandé :').waitFor();
    expect(await review.getByText('Bienvenue', { exact: false }).count()).toBeGreaterThan(0);
    await review.locator('[data-action="approve-publication"]').click();
    await review.waitFor({ state: 'hidden' });
    await paul.getByText('Version 2 publiée et mise en Préproduction.').waitFor();

    // Staging runs version 2, put there by Paul; production still runs version 1.
    const environments = (await server.admin<{ staging: { version: number; updatedBy: string }; production: { version: number } }>('GET', `/api/flows/${FLOW}/environments`)).body;
    expect(environments.staging).toMatchObject({ version: 2, updatedBy: 'paul' });
    expect(environments.production.version).toBe(1);
    await paul.locator('[data-panel-button="versions"]').click();
    await expect.poll(() => paul.locator('[data-env-version="staging"]').textContent()).toBe('v2');
    // The history names who wrote the change beside who published it.
    await expect.poll(() => paul.locator('[data-version-meta="2"]').textContent()).toMatch(/ · écrite par edith · publiée par paul$/);

    // Edith sees the outcome in the versions panel.
    await edith.reload();
    await edith.locator('.react-flow__node[data-id="welcome"]').waitFor();
    await edith.locator('[data-panel-button="versions"]').click();
    const outcome = edith.locator('[data-publication-request][data-status="approved"] [data-request-outcome]');
    await outcome.waitFor();
    expect(await outcome.textContent()).toBe('Approuvée par paul : version 2 publiée.');
  });

  it('a request for production while Fon recordings are missing is warned when asking and in the review; staging alone may be asked', async () => {
    // The Fon welcome's recording is replaced by a text: production will refuse it (422 recordings_missing).
    const draft = (await server.admin<Draft>('GET', `/api/flows/${FLOW}/draft`)).body;
    const welcome = draft.document.nodes.find((n) => n.id === 'welcome');
    if (!welcome?.prompt?.fon) throw new Error('no Fon welcome');
    welcome.prompt.fon = { text: 'Kúdéwú' };
    expect((await server.admin('PUT', `/api/flows/${FLOW}/draft`, { revision: draft.revision, document: draft.document })).status).toBe(200);

    await edith.goto(`${server.url}/flows/${FLOW}`);
    await edith.locator('.react-flow__node[data-id="welcome"]').waitFor();
    await edith.locator('[data-action="request-publication"]').click();
    const ask = edith.getByRole('dialog', { name: 'Demander la publication' });
    await ask.locator('[data-target="production"]').check();
    const warning = ask.locator('[data-recordings-missing]');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('production : enregistrement manquant (1)');
    expect(await warning.locator('.publish-issue[data-node="welcome"]').count()).toBe(1);
    expect(await ask.locator('[data-action="send-publication-request"]').isDisabled()).toBe(true);
    // Staging only: no warning, the request goes.
    await ask.locator('[data-target="production"]').uncheck();
    await warning.waitFor({ state: 'detached' });
    expect(await ask.locator('[data-action="send-publication-request"]').isDisabled()).toBe(false);
    await ask.getByRole('button', { name: 'Annuler' }).click();

    // A request for production made anyway (through the API): the publisher sees what is missing before approving.
    const saved = (await server.admin<Draft>('GET', `/api/flows/${FLOW}/draft`)).body;
    const asked = await server.admin('POST', `/api/flows/${FLOW}/publication-requests`, { targets: ['production'], comment: 'Pour la production', revision: saved.revision });
    expect(asked.status).toBe(201);
    await paul.goto(server.url);
    const bell = paul.getByRole('button', { name: '1 demande de publication en attente' });
    await bell.waitFor();
    await bell.click();
    await paul.locator('[data-open-request]').click();
    const review = paul.getByRole('dialog', { name: /^Demande de publication — / });
    const missing = review.locator('[data-recordings-missing]');
    await missing.waitFor();
    expect(await missing.textContent()).toContain('production : enregistrement manquant (1)');
    expect(await missing.locator('.publish-issue[data-node="welcome"]').count()).toBe(1);
  });
});
