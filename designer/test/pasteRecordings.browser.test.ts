import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signInAt } from './support/browser.ts';
import { ADMIN_TOKEN, createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { selectNode } from './support/canvas.ts';

const missing = chromiumMissing();
const FROM = 'selfcare-1919';
const TO = 'ligne-2';

type Doc = { nodes: Array<{ id: string; type: string; prompt?: Record<string, { audio?: string }> }>; edges: unknown[] };

/** A recording's bytes as the server serves it (the admin token counts as a designer's user). */
async function recording(server: GriotServer, flowId: string, name: string): Promise<{ status: number; bytes: Buffer }> {
  const response = await fetch(`${server.url}/audio/${flowId}/${name}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}

/**
 * A content editor copies the 1919 welcome, whose Fon prompt is a recording (Fon has no
 * text-to-speech), into a second line's flow: the recording comes along into that flow's library,
 * and the second line's own Fon welcome stays as it was. Before, the pasted node named a file only
 * 1919 held: the editor saw a play button on a silent prompt, and a Fon caller would hear nothing.
 */
describe.skipIf(missing !== null)('pasting nodes with recordings into another flow', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;
  let ownTake: Buffer;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const awa = await createUser(server, 'awa', ['editor']);
    const demo = await server.admin<{ document: Doc & Record<string, unknown> }>('GET', `/api/flows/${FROM}/draft`);
    const start = demo.body.document.nodes.find((n) => n.type === 'start')!;
    expect((await server.admin('POST', '/api/flows', { document: { ...demo.body.document, id: TO, name: 'Ligne 2 — Service client', nodes: [start], edges: [] } })).status).toBe(201);
    // Ligne 2 has a Fon welcome of its own, under the name 1919 uses for its.
    const theirs = await recording(server, FROM, 'fon/welcome.wav');
    ownTake = Buffer.from(theirs.bytes);
    ownTake[ownTake.length - 1] = (ownTake[ownTake.length - 1]! + 1) % 256;
    const upload = await fetch(`${server.url}/api/flows/${TO}/audio?name=fon/welcome.wav&locale=fon`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'audio/wav' },
      body: Uint8Array.from(ownTake),
    });
    expect(upload.status).toBeLessThan(300);

    browser = await launchChromium();
    page = await signInAt(browser, server.url, awa, { viewport: { width: 1440, height: 900 } });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('copies the Fon recording into the other flow under a free name, and keeps that flow’s own', async () => {
    await page.goto(`${server.url}/flows/${FROM}`);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
    await selectNode(page, 'welcome');
    await page.keyboard.press('Control+c');

    await page.goto(`${server.url}/flows/${TO}`);
    await page.locator('.react-flow__node[data-id="start"]').waitFor();
    await page.locator('.react-flow__pane').click({ position: { x: 300, y: 300 } });
    await page.keyboard.press('Control+v');
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();

    // Saved in the draft (autosave), pointing at a recording Ligne 2 holds: the same take as 1919's.
    const pasted = async () => {
      const draft = await server.admin<{ document: Doc }>('GET', `/api/flows/${TO}/draft`);
      return draft.body.document.nodes.find((n) => n.id === 'welcome')?.prompt?.fon?.audio ?? null;
    };
    await expect.poll(pasted).not.toBeNull();
    const name = (await pasted())!;
    expect(name).not.toBe('fon/welcome.wav');
    const copy = await recording(server, TO, name);
    expect(copy.status).toBe(200);
    expect(copy.bytes.equals((await recording(server, FROM, 'fon/welcome.wav')).bytes)).toBe(true);
    expect((await recording(server, TO, 'fon/welcome.wav')).bytes.equals(ownTake)).toBe(true);
  });

  /**
   * Copying writes the system clipboard later, when the browser allows it: not at all with no
   * permission to read or write it (asked once, refused), over plain HTTP, or when the next flow was
   * opened before the browser got to it. The editor who copied in 1919 and opened Ligne 3 at once,
   * in a browser that keeps its clipboard to itself, pressed Ctrl+V and got nothing, not a word.
   */
  it('pastes into a flow opened right after the copy, with no access to the system clipboard', async () => {
    const demo = await server.admin<{ document: Doc & Record<string, unknown> }>('GET', `/api/flows/${FROM}/draft`);
    const start = demo.body.document.nodes.find((n) => n.type === 'start')!;
    expect((await server.admin('POST', '/api/flows', { document: { ...demo.body.document, id: 'ligne-3', name: 'Ligne 3', nodes: [start], edges: [] } })).status).toBe(201);
    const kofi = await createUser(server, 'kofi', ['editor']);
    const own = await signInAt(browser, server.url, kofi, { viewport: { width: 1440, height: 900 }, at: `/flows/${FROM}` });
    try {
      await own.locator('.react-flow__node[data-id="welcome"]').waitFor();
      await selectNode(own, 'welcome');
      await own.keyboard.press('Control+c');
      await own.goto(`${server.url}/flows/ligne-3`);
      await own.locator('.react-flow__node[data-id="start"]').waitFor();
      await own.locator('.react-flow__pane').click({ position: { x: 300, y: 300 } });
      await own.keyboard.press('Control+v');
      await own.locator('.react-flow__node[data-id="welcome"]').waitFor();
      const draft = async () => (await server.admin<{ document: Doc }>('GET', '/api/flows/ligne-3/draft')).body.document.nodes.map((n) => n.id);
      await expect.poll(draft).toContain('welcome');
    } finally {
      await own.context().close();
    }
  });
});
