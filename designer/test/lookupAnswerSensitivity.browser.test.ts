import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Flow } from '@griot/flows';
import { chromiumMissing, launchChromium, signIn, screenshotIfFailed } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[designer browser tests skipped] ${missing}`);

const FLOW = 'selfcare-1919';

/**
 * data30: a look-up's answer is sensitive by default. Awa maps the account owner's name into a new
 * variable « ownerName » without marking it: the flow's settings show it « Sensible », saying
 * which look-up fills it and why; she says it is not account data by turning the switch off, and
 * the draft keeps that (`keptInClear`).
 */
describe.skipIf(missing !== null)('the sensitivity of a look-up’s answer, in the flow’s settings', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;
  const draft = async () => (await server.admin<{ revision: number; document: Flow }>('GET', `/api/flows/${FLOW}/draft`)).body;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const awa = await createUser(server, 'awa', ['editor']);
    const current = await draft();
    const doc = structuredClone(current.document);
    doc.variables.push({ name: 'ownerName', type: 'string', sensitive: false, persist: false });
    const lookup = doc.nodes.find((n) => n.id === 'lookupSubscriber') as Extract<Flow['nodes'][number], { type: 'http' }>;
    lookup.responseMapping.push({ variable: 'ownerName', path: '$.name' });
    expect((await server.admin('PUT', `/api/flows/${FLOW}/draft`, { revision: current.revision, document: doc })).status).toBe(200);
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

  it('shows it sensitive by default, and keeps it in clear once the editor says so', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="mainMenu"]').waitFor();
    await page.locator('[data-panel-button="flow"]').click();
    const row = page.locator('[data-variable="ownerName"]');
    await row.waitFor();
    const sensitive = row.getByRole('switch', { name: 'Sensible' });
    expect(await sensitive.isChecked()).toBe(true);
    expect(await row.innerText()).toContain('Réponse de la consultation « lookupSubscriber » : sensible par défaut');
    // The segment, remembered across contacts, is said to be kept in clear; the PUK is marked as before.
    expect(await page.locator('[data-variable="segment"]').innerText()).toContain('mémorisée : conservée en clair');
    expect(await page.locator('[data-variable="puk"]').getByRole('switch', { name: 'Sensible' }).isChecked()).toBe(true);

    await row.getByText('Sensible', { exact: true }).click();
    expect(await sensitive.isChecked()).toBe(false);
    expect(await row.innerText()).toContain('déclarée non sensible : conservée en clair');
    await page.locator('.react-flow__pane').click();
    await page.keyboard.press('Control+s');
    await expect.poll(async () => (await draft()).document.variables.find((v) => v.name === 'ownerName')?.keptInClear, { timeout: 15_000 }).toBe(true);

    // On again: the word taken back, the variable saved as a new one is (not `sensitive: true`).
    await row.getByText('Sensible', { exact: true }).click();
    expect(await sensitive.isChecked()).toBe(true);
    expect(await row.innerText()).toContain('sensible par défaut');
    await page.locator('.react-flow__pane').click();
    await page.keyboard.press('Control+s');
    await expect.poll(async () => (await draft()).document.variables.find((v) => v.name === 'ownerName'), { timeout: 15_000 }).toEqual(expect.not.objectContaining({ keptInClear: true }));
    const saved = (await draft()).document.variables.find((v) => v.name === 'ownerName') as Record<string, unknown>;
    expect(saved.sensitive).not.toBe(true);
    expect('keptInClear' in saved).toBe(false);
  });
});
