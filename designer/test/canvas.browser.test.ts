import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn, screenshotIfFailed } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { canvasAtRest, connect, edgesOf } from './support/canvas.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[designer browser tests skipped] ${missing}`);

const FLOW = 'selfcare-1919';
type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The 61-node 1919 tree in the canvas, as an editor meets it every day. */
describe.skipIf(missing !== null)('the canvas on a large tree', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const awa = await createUser(server, 'awa', ['editor', 'publisher', 'tester']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(page, server.url, awa);
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Every drawn node's box on the screen. */
  const boxes = () =>
    page.locator('.react-flow__node').evaluateAll((nodes) =>
      nodes
        .filter((n) => (n as HTMLElement).offsetParent !== null && !n.classList.contains('react-flow__node-frame'))
        .map((n) => {
          const r = n.getBoundingClientRect();
          return { id: n.getAttribute('data-id') ?? '', x: r.x, y: r.y, width: r.width, height: r.height };
        }),
    );

  it('opens on the start at a zoom where the nodes can be read', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="mainMenu"]').waitFor();
    const zoom = await page.locator('.react-flow__viewport').evaluate((v) => new DOMMatrixReadOnly(getComputedStyle(v).transform).a);
    expect(zoom).toBeGreaterThanOrEqual(0.75);
    expect(await page.locator('.react-flow.low-detail').count()).toBe(0);
    const pane = (await page.locator('.react-flow').boundingBox()) as Box;
    for (const [id, label] of [
      ['start', 'Appel ou message entrant'],
      ['language', 'Choix de la langue'],
      ['welcome', 'Bienvenue'],
      ['mainMenu', 'Menu principal'],
    ] as const) {
      const title = page.locator(`.react-flow__node[data-id="${id}"] .flow-node-title`);
      await expect.poll(() => title.textContent()).toBe(label);
      const box = (await title.boundingBox()) as Box;
      // On screen, inside the canvas, and written at least 10 px high.
      expect(box.height).toBeGreaterThanOrEqual(10);
      expect(box.x).toBeGreaterThanOrEqual(pane.x);
      expect(box.y + box.height).toBeLessThanOrEqual(pane.y + pane.height);
      expect(await title.evaluate((e) => getComputedStyle(e).visibility)).toBe('visible');
    }
    // The main menu's prompt is painted, not an empty box.
    expect(await page.locator('.react-flow__node[data-id="mainMenu"] .flow-node-body').innerText()).toContain('Choisissez un service');
  });

  it('puts a new node next to the selected one, on top of none, and it can be connected', async () => {
    await page.locator('.react-flow__node[data-id="welcome"]').click();
    await page.locator('.palette-item[data-node-type="message"]').click();
    await page.locator('.react-flow__node[data-id="message"]').waitFor();
    await canvasAtRest(page);
    const all = await boxes();
    const added = all.find((b) => b.id === 'message') as Box;
    const welcome = all.find((b) => b.id === 'welcome') as Box;
    expect(added.x).toBeGreaterThan(welcome.x + welcome.width);
    expect(all.filter((b) => b.id !== 'message' && overlap(b, added)).map((b) => (b as { id: string }).id)).toEqual([]);
    await connect(page, 'welcome', 'next', 'message');
    expect(await edgesOf(page)).toContain('welcome.next→message');
  });

  it('groups nodes into a section that folds into one card, and keeps a sticky note', async () => {
    await page.locator('.react-flow__node[data-id="language"]').click();
    await page.locator('.react-flow__node[data-id="welcome"]').click({ modifiers: ['Shift'] });
    await page.locator('.react-flow__node[data-id="mainMenu"]').click({ modifiers: ['Shift'] });
    await page.locator('[data-action="group-selection"]').click();
    const frame = page.locator('.section-frame');
    await frame.waitFor();
    await frame.locator('.section-frame-title').click();
    await page.getByRole('textbox', { name: 'Nom de la section' }).fill('Accueil');
    await page.keyboard.press('Enter');
    await expect.poll(() => frame.locator('.section-frame-title').textContent()).toContain('Accueil');
    // The frame lies over its nodes (its title bar is never covered): they still take the mouse.
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(0);
    await page.locator('.react-flow__node[data-id="welcome"]').click({ timeout: 5_000 });
    await expect.poll(() => page.locator('.react-flow__node[data-id="welcome"]').getAttribute('class')).toContain('selected');

    await page.getByRole('button', { name: 'Replier la section Accueil' }).click();
    const card = page.locator('.section-card[data-section]');
    await card.waitFor();
    expect(await card.textContent()).toContain('3 nœuds');
    await expect.poll(() => page.locator('.react-flow__node[data-id="mainMenu"]').isVisible()).toBe(false);
    // The connections into and out of the section are drawn to and from its card.
    await expect.poll(() => page.locator('.react-flow__edge.via-section').count()).toBeGreaterThanOrEqual(2);

    await page.locator('[data-action="add-note"]').click();
    await page.getByRole('textbox', { name: 'Texte de la note' }).fill('À relire avec le service client avant Ramadan.');
    await page.locator('[data-save-state="saved"]').waitFor();
    const saved = await server.admin<{ document: { layout?: { groups: Array<{ label: string; nodes: string[]; collapsed?: boolean }>; notes: Array<{ text: string }> } } }>(
      'GET',
      `/api/flows/${FLOW}/draft`,
    );
    expect(saved.body.document.layout?.groups).toEqual([expect.objectContaining({ label: 'Accueil', nodes: ['language', 'welcome', 'mainMenu'], collapsed: true })]);
    expect(saved.body.document.layout?.notes.map((n) => n.text)).toEqual(['À relire avec le service client avant Ramadan.']);

    // Found by the search while folded: the section opens on it.
    await page.getByRole('button', { name: 'Rechercher un nœud' }).click();
    await page.getByPlaceholder('Rechercher par nom, identifiant ou texte…').fill('Menu principal');
    await page.locator('[data-result="mainMenu"]').click();
    await expect.poll(() => page.locator('.react-flow__node[data-id="mainMenu"]').isVisible()).toBe(true);
  });

  it('search puts the node named exactly as typed first', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+k');
    await page.getByPlaceholder('Rechercher par nom, identifiant ou texte…').fill('Conseiller');
    await expect.poll(() => page.locator('[data-result]').first().getAttribute('data-result')).toBe('handoff');
    await page.getByPlaceholder('Rechercher par nom, identifiant ou texte…').fill('Au revoir');
    await expect.poll(() => page.locator('[data-result]').first().getAttribute('data-result')).toBe('goodbye');
    await page.keyboard.press('Escape');
  });
});
