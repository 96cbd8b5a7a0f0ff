import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signInAt } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { canvasAtRest, selectNode } from './support/canvas.ts';

const missing = chromiumMissing();
const FLOW = 'selfcare-1919';

/** The part of the page the canvas shows, less the side panel drawn over its right-hand side. */
async function visibleCanvas(page: Page): Promise<{ left: number; top: number; right: number; bottom: number }> {
  return page.evaluate(() => {
    const canvas = document.querySelector('.react-flow')!.getBoundingClientRect();
    const panel = document.querySelector('.side-panel-content')?.getBoundingClientRect();
    const right = panel && panel.left > canvas.left && panel.left < canvas.right ? panel.left : canvas.right;
    return { left: canvas.left, top: canvas.top, right, bottom: canvas.bottom };
  });
}

/**
 * A content editor copies a branch of the 1919 flow and goes to another place of it to paste it:
 * the copy lands where they are looking, not beside the original out of sight (where each Ctrl+V
 * seemed to do nothing and left one more hidden copy in the draft).
 */
describe.skipIf(missing !== null)('copying a node to another place of a large flow', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const awa = await createUser(server, 'awa', ['editor']);
    browser = await launchChromium();
    page = await signInAt(browser, server.url, awa, { viewport: { width: 1440, height: 900 }, at: `/flows/${FLOW}` });
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('pastes the copy in view after the editor went elsewhere, and a second paste beside the first', async () => {
    await selectNode(page, 'welcome');
    await page.keyboard.press('Control+c');
    // Off to the end of the flow, far below the welcome message.
    await page.keyboard.press('Control+k');
    const search = page.getByPlaceholder('Rechercher par nom, identifiant ou texte…');
    await search.fill('Au revoir');
    await page.keyboard.press('Enter');
    // Ctrl+V once the search has closed and left the keyboard on the node found (a key pressed before is lost).
    await search.waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate(() => Boolean(document.activeElement?.closest('.react-flow__node')))).toBe(true);
    await canvasAtRest(page);
    const welcome = await page.locator('.react-flow__node[data-id="welcome"]').boundingBox();
    const view = await visibleCanvas(page);
    // The original is out of sight: what the editor sees is the end of the flow.
    expect(welcome === null || welcome.y + welcome.height < view.top || welcome.y > view.bottom).toBe(true);

    await page.keyboard.press('Control+v');
    const copy = page.locator('.react-flow__node[data-id="welcome2"]');
    await copy.waitFor();
    await expect.poll(() => copy.evaluate((e) => e.classList.contains('selected'))).toBe(true);
    const seen = (await copy.boundingBox())!;
    expect(seen.x).toBeGreaterThanOrEqual(view.left);
    expect(seen.x + seen.width).toBeLessThanOrEqual(view.right);
    expect(seen.y).toBeGreaterThanOrEqual(view.top);
    expect(seen.y + seen.height).toBeLessThanOrEqual(view.bottom);

    // Pasted again: a second copy, not hidden under the first.
    await page.keyboard.press('Control+v');
    const again = page.locator('.react-flow__node[data-id="welcome3"]');
    await again.waitFor();
    const other = (await again.boundingBox())!;
    expect(Math.abs(other.x - seen.x) + Math.abs(other.y - seen.y)).toBeGreaterThan(20);
    expect(other.y + other.height).toBeLessThanOrEqual(view.bottom);
  });
});
