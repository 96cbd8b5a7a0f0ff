import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signInAt } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[designer browser tests skipped] ${missing}`);

const FLOW = 'selfcare-1919';
type Doc = { nodes: Array<{ id: string; label?: string }> };

/**
 * Daily review 19, an editor whose change a publisher rolled back: after « Retour arrière », her
 * versions panel showed the rolled-back version like any other, the draft still held the mistake,
 * and the panel invited her to « Demander la publication » of that very version. Now the version
 * is marked « Retirée de la production », the panel says the draft still starts from it (when and
 * who went back), and offers to take production's version back into the draft instead.
 */
describe.skipIf(missing !== null)('a version production was rolled back from', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page | undefined;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    browser = await launchChromium();
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('is marked, the editor is told the draft still holds it, and takes production’s version back', async () => {
    // An editor's change (the welcome node renamed) is published, put in production, then rolled back by a publisher.
    const draft = (await server.admin<{ revision: number; document: Doc }>('GET', `/api/flows/${FLOW}/draft`)).body;
    const document = structuredClone(draft.document);
    document.nodes.find((n) => n.id === 'welcome')!.label = 'Accueil par erreur';
    expect((await server.admin('PUT', `/api/flows/${FLOW}/draft`, { revision: draft.revision, document })).status).toBe(200);
    const published = await server.admin<{ number: number }>('POST', `/api/flows/${FLOW}/publish`, { message: 'Accueil renommé' });
    expect(published.status).toBe(201);
    const mistake = published.body.number;
    expect((await server.admin('POST', `/api/flows/${FLOW}/environments/production`, { version: mistake })).status).toBe(200);
    const rolledBack = await server.admin<{ environment: { version: number } }>('POST', `/api/flows/${FLOW}/environments/production/rollback`);
    expect(rolledBack.status).toBe(200);
    const production = rolledBack.body.environment.version;
    expect(production).toBeLessThan(mistake);

    const edith = await createUser(server, 'edith', ['editor']);
    page = await signInAt(browser, server.url, edith, { viewport: { width: 1440, height: 900 }, at: `/flows/${FLOW}` });
    const welcome = page.locator('.react-flow__node[data-id="welcome"]');
    await expect.poll(() => welcome.innerText()).toContain('Accueil par erreur');
    await page.locator('[data-panel-button="versions"]').click();
    await page.locator(`[data-version="${mistake}"]`).waitFor();

    // The history marks it; production's card still says what runs.
    await expect.poll(() => page!.locator(`[data-withdrawn="${mistake}"]`).count()).toBe(1);
    expect(await page.locator(`[data-withdrawn="${mistake}"]`).innerText()).toBe('Retirée de la production');
    expect(await page.locator(`[data-withdrawn="${production}"]`).count()).toBe(0);
    expect(await page.locator('[data-env-version="production"]').innerText()).toBe(`v${production}`);

    // The panel says the draft still starts from it, and does not invite a publication request for it.
    const notice = page.locator(`[data-withdrawn-notice="${mistake}"]`);
    await notice.waitFor();
    const said = (await notice.innerText()).replace(/[\u202f\u00a0]/g, ' ');
    expect(said).toContain(`La version ${mistake} a été retirée de la production : celle-ci est revenue à la version ${production} le `);
    // Rolled back with the server's admin token: named in words, as everywhere a saver is shown (undo24).
    expect(said).toContain('(Le jeton d’administration du serveur (un script ou un outil de l’équipe technique))');
    expect(said).not.toContain('admin-token');
    expect(said).toContain(`Le brouillon part encore de la version ${mistake}`);
    expect(await page.locator('[data-staging-needs-publisher]').count()).toBe(0);

    // One click (and a confirmation) takes production's version back into the draft.
    await notice.getByRole('button', { name: `Reprendre la version ${production} dans le brouillon` }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: `Reprendre la v${production}` })
      .click();
    await expect.poll(() => welcome.innerText()).not.toContain('Accueil par erreur');
    const savedLabel = async () => (await server.admin<{ document: Doc }>('GET', `/api/flows/${FLOW}/draft`)).body.document.nodes.find((n) => n.id === 'welcome')!.label;
    await expect.poll(savedLabel).not.toBe('Accueil par erreur');
  });
});
