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
 * A content editor duplicates the 1919 flow for a new campaign (« Dupliquer » in the flow list).
 * The copy brings its tests and the Fon recordings its prompts play (Fon has no text-to-speech), so
 * it can go to production once its own changes are made; it brings no line: the 1919 short code,
 * its tester numbers and its environments stay the original's. Before, the copy held none of the
 * 34 recordings: 47 prompts named files it did not have, and production refused it until each
 * was recorded again.
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
    // Copying 34 recordings takes a few seconds: the editor is told at once, not left to click again.
    await page.getByText('Copie de « 1919 — Service client Griot Telecom » et de ses enregistrements…').waitFor();
    await page.getByText(`Parcours dupliqué : ${COPY}`).waitFor({ timeout: 30_000 });
    await page.locator('tr', { hasText: COPY }).waitFor();

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
});
