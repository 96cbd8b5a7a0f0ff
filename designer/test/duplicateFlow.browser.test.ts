import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signInAt } from './support/browser.ts';
import { ADMIN_TOKEN, createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();
const FROM = 'selfcare-1919';
const COPY = 'selfcare-1919-copy';

type Flow = { flow: unknown; lint: Array<{ code: string; blocks?: string }>; environments: { staging: unknown; production: unknown } };
type Binding = { flowId: string; testers?: unknown[] };

/** A recording's bytes as the server serves it (the admin token counts as a designer's user). */
async function recording(server: GriotServer, flowId: string, name: string): Promise<{ status: number; bytes: Buffer }> {
  const response = await fetch(`${server.url}/audio/${flowId}/${name}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}

/**
 * A content editor duplicates the 1919 flow for a new campaign (« Dupliquer » in the flow list), or
 * starts one from last month's version (« Dupliquer cette version » in the version history). The
 * copy brings its tests and the Fon recordings its prompts play (Fon has no text-to-speech), copied
 * by the server in one request (before, the browser downloaded and uploaded each recording again:
 * slow over a poor link, and a tab closed halfway left a copy lacking some); it brings no line: the
 * 1919 short code, its tester numbers and its environments stay the original's.
 */
describe.skipIf(missing !== null)('duplicating a flow for a new campaign', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const awa = await createUser(server, 'awa', ['editor']);
    browser = await launchChromium();
    page = await signInAt(browser, server.url, awa, { viewport: { width: 1366, height: 768 } });
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('brings the recordings and the tests, and no binding, tester number or environment', async () => {
    const originals = (await server.admin<Array<{ name: string }>>('GET', `/api/flows/${FROM}/audio`)).body.map((a) => a.name);
    expect(originals.length).toBeGreaterThan(0);

    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: /Actions pour 1919/ }).click();
    await page.getByRole('menuitem', { name: 'Dupliquer' }).click();
    // The copy's name is asked, the first free « … (copie) » offered.
    const dialog = page.getByRole('dialog', { name: 'Dupliquer « 1919 — Service client Griot Telecom »' });
    await expect.poll(() => dialog.getByRole('textbox', { name: 'Nom de la copie' }).inputValue()).toBe('1919 — Service client Griot Telecom (copie)');
    await dialog.getByRole('button', { name: 'Dupliquer' }).click();
    await page.getByText(`Copie créée : « 1919 — Service client Griot Telecom (copie) », avec ses ${originals.length} enregistrements`).waitFor();
    await page.locator('tr', { hasText: '1919 — Service client Griot Telecom (copie)' }).waitFor();
    expect(await dialog.count()).toBe(0);

    // The copy's library holds the same takes, byte for byte.
    const copied = (await server.admin<Array<{ name: string }>>('GET', `/api/flows/${COPY}/audio`)).body.map((a) => a.name);
    expect(copied.length).toBeGreaterThan(0);
    const welcome = 'fon/welcome.wav';
    expect(copied).toContain(welcome);
    expect((await recording(server, COPY, welcome)).bytes.equals((await recording(server, FROM, welcome)).bytes)).toBe(true);

    // Nothing keeps the copy from production for want of a recording, as the editor's checks say.
    const copy = (await server.admin<Flow & { draft: { document: { tests?: unknown[] } } }>('GET', `/api/flows/${COPY}`)).body;
    expect(copy.lint.filter((issue) => issue.code.startsWith('prompt.recording') || issue.code === 'prompt.missingAudio')).toEqual([]);
    expect(copy.draft.document.tests?.length).toBeGreaterThan(0);

    // The lines stay the original's: no binding, no tester route, no environment for the copy.
    const bindings = (await server.admin<Binding[]>('GET', '/api/bindings')).body;
    expect(bindings.filter((b) => b.flowId === COPY)).toEqual([]);
    expect(bindings.filter((b) => b.flowId === FROM).length).toBeGreaterThan(0);
    expect(copy.environments).toEqual({ staging: null, production: null });

    // The editor opens the copy: its checks list no missing recording.
    await page.goto(`${server.url}/flows/${COPY}`);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
    await page.getByText('Vérif.', { exact: true }).click();
    await page.locator('.mantine-Badge-label', { hasText: /^\d+ alertes?$/ }).waitFor();
    expect(await page.getByText('n’est pas dans les enregistrements du parcours', { exact: false }).count()).toBe(0);
  });

  it('says in the dialog when another flow bears the name, and makes no second copy', async () => {
    const before = (await server.admin<unknown[]>('GET', '/api/flows')).body.length;
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'Actions pour 1919 — Service client Griot Telecom', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Dupliquer' }).click();
    const dialog = page.getByRole('dialog');
    const name = dialog.getByRole('textbox', { name: 'Nom de la copie' });
    // The first copy holds « (copie) »: the next free name is offered.
    await expect.poll(() => name.inputValue()).toBe('1919 — Service client Griot Telecom (copie 2)');
    await name.fill('1919 — service client Griot Telecom (COPIE)');
    await dialog.getByRole('button', { name: 'Dupliquer' }).click();
    await dialog.getByRole('alert').getByText(`Le parcours ${COPY} porte déjà le nom « 1919 — Service client Griot Telecom (copie) » : choisissez-en un autre pour la copie.`).waitFor();
    expect(await name.inputValue()).toBe('1919 — service client Griot Telecom (COPIE)');
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    expect((await server.admin<unknown[]>('GET', '/api/flows')).body.length).toBe(before);
  });

  it('« Dupliquer cette version »: a new campaign from version 1, with the recording version 1 plays, not the draft’s', async () => {
    // Since version 1 the draft's welcome plays a new take under another name.
    const take = await fetch(`${server.url}/api/flows/${FROM}/audio?name=fon/welcome-ramadan.wav&locale=fon`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'audio/wav' },
      body: new Uint8Array((await recording(server, FROM, 'fon/welcome.wav')).bytes.subarray(0, 4000)),
    });
    expect(take.status).toBe(201);
    type Draft = { revision: number; document: { nodes: Array<{ id: string; prompt?: Record<string, { audio?: string }> }> } };
    const draft = (await server.admin<Draft>('GET', `/api/flows/${FROM}/draft`)).body;
    const welcome = draft.document.nodes.find((n) => n.id === 'welcome')!;
    welcome.prompt!.fon = { ...welcome.prompt!.fon, audio: 'fon/welcome-ramadan.wav' };
    expect((await server.admin('PUT', `/api/flows/${FROM}/draft`, { revision: draft.revision, document: draft.document })).status).toBe(200);

    await page.goto(`${server.url}/flows/${FROM}`);
    await page.locator('[data-panel-button="versions"]').click();
    await page.getByRole('button', { name: 'Actions pour la version 1' }).click();
    await page.getByRole('menuitem', { name: 'Dupliquer cette version' }).click();
    const dialog = page.getByRole('dialog', { name: 'Dupliquer la version 1 de « 1919 — Service client Griot Telecom »' });
    await expect.poll(() => dialog.getByRole('textbox', { name: 'Nom de la copie' }).inputValue()).toBe('1919 — Service client Griot Telecom — v1 (copie)');
    await dialog.getByRole('textbox', { name: 'Nom de la copie' }).fill('Campagne Tabaski 2027');
    await dialog.getByRole('button', { name: 'Dupliquer' }).click();
    await page
      .getByText(/^Copie créée : « Campagne Tabaski 2027 », avec ses \d+ enregistrements/)
      .first()
      .waitFor();

    const created = (await server.admin<Array<{ id: string; name: string }>>('GET', '/api/flows')).body.find((f) => f.name === 'Campagne Tabaski 2027');
    expect(created?.id).toBe(`${COPY}2`);
    const copy = (await server.admin<Draft>('GET', `/api/flows/${COPY}2/draft`)).body;
    expect(copy.document.nodes.find((n) => n.id === 'welcome')?.prompt?.fon?.audio).toBe('fon/welcome.wav');
    expect((await recording(server, `${COPY}2`, 'fon/welcome.wav')).bytes.equals((await recording(server, FROM, 'fon/welcome.wav')).bytes)).toBe(true);
    expect((await recording(server, `${COPY}2`, 'fon/welcome-ramadan.wav')).status).toBe(404);

    // The editor opens the new campaign from the notice.
    await page.locator(`[data-open-copy="${COPY}2"]`).click();
    await page.waitForURL(`${server.url}/flows/${COPY}2`);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
  });

  it('by keyboard only: a flow named with 200 characters is duplicated under a name that fits, Escape closes the dialog', async () => {
    const long = `Campagne ${'N'.repeat(191)}`;
    const doc = (await server.admin<{ document: Record<string, unknown> }>('GET', `/api/flows/${FROM}/draft`)).body.document;
    expect((await server.admin('POST', '/api/flows', { document: { ...doc, id: 'longname', name: long } })).status).toBe(201);
    await page.goto(`${server.url}/`);
    const actions = page.getByRole('button', { name: `Actions pour ${long}`, exact: true });
    await actions.focus();
    await page.keyboard.press('Enter');
    const item = page.getByRole('menuitem', { name: 'Dupliquer' });
    await item.waitFor();
    for (let i = 0; i < 10 && !(await item.evaluate((el) => el === document.activeElement)); i += 1) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    const name = dialog.getByRole('textbox', { name: 'Nom de la copie' });
    await expect.poll(() => name.evaluate((el) => el === document.activeElement)).toBe(true);
    // Escape: nothing made.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // Back on the « … » button it came from, not at the page's start: the next Tab goes on from there.
    await expect.poll(() => actions.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await item.waitFor();
    for (let i = 0; i < 10 && !(await item.evaluate((el) => el === document.activeElement)); i += 1) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => name.evaluate((el) => el === document.activeElement)).toBe(true);
    const offered = await name.inputValue();
    expect(offered.length).toBeLessThanOrEqual(200);
    expect(offered.endsWith(' (copie)')).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByText(`Copie créée : « ${offered} »`, { exact: false }).waitFor();
    await expect.poll(() => actions.evaluate((el) => el === document.activeElement)).toBe(true);
    const flows = (await server.admin<Array<{ id: string; name: string }>>('GET', '/api/flows')).body;
    expect(flows.find((f) => f.id === 'longname-copy')?.name).toBe(offered);
  });
});
