import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signIn } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { RENDER_COUNTER, type Renders } from './renderCounter.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[designer browser tests skipped] ${missing}`);

/**
 * What React draws again while an editor works on the 57-node 1919 flow, counted in the page (test/renderCounter.ts),
 * never timed: each card once when the flow opens, then only the cards a change concerns. A regression that
 * redraws every node on each click, panel or zoom makes a modest laptop crawl long before a test would time out.
 */
describe.skipIf(missing !== null)('the node cards drawn again on the 1919 flow', () => {
  let server: GriotServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const awa = await createUser(server, 'awa', ['editor', 'publisher', 'tester']);
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1440, height: 900 } });
    await context.addInitScript({ content: RENDER_COUNTER });
    page = await context.newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(page, server.url, awa, '/flows/selfcare-1919');
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  /** What was drawn since the last call, once the page has had two frames and a moment to draw what it still had to. */
  const drawnSince = async (): Promise<Renders> => {
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 300)))));
    return page.evaluate(() => {
      const counted = (window as unknown as { __renders: Renders & { reset(): void } }).__renders;
      const { commits, cards, byNode, changed } = counted;
      counted.reset();
      return { commits, cards, byNode: { ...byNode }, changed: { ...changed } };
    });
  };
  const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

  it('draws each card once when the flow opens, not again when React Flow has measured them', async () => {
    await node('welcome').waitFor();
    // The checks have run, once the server's rules and the recordings have answered: the badges of the cards with warnings
    // (8 in the demo) are drawn then, not their cards (before open32's NodeIssueBadge, 8 cards drawn twice).
    await page.waitForFunction(() => (window as unknown as { __griot: { lintStore: { getState(): { runs: number; pending: boolean } } } }).__griot.lintStore.getState().runs > 0);
    const opened = await drawnSince();
    const cards = await page.locator('.react-flow__node .flow-node').count();
    expect(cards).toBeGreaterThan(40);
    expect(Object.keys(opened.byNode)).toHaveLength(cards);
    // Before: 2 each (their measured width and height changed the props React Flow hands them).
    expect(
      Object.values(opened.byNode).filter((n) => n > 1),
      JSON.stringify(opened.changed),
    ).toEqual([]);
  });

  it('draws again only the card selected, not the others, on a click, a panel, a zoom or the side folded', async () => {
    await node('welcome').locator('.flow-node-header').click();
    await page.locator('.side-panel-content[data-panel="inspector"] input[value="welcome"]:not([type="hidden"])').waitFor();
    expect(Object.keys((await drawnSince()).byNode)).toEqual(['welcome']);

    for (const panel of ['versions', 'checks', 'languages', 'inspector']) {
      await page.locator(`[data-panel-button="${panel}"]`).click();
      await page.locator(`.side-panel-content[data-panel="${panel}"]`).waitFor();
      expect((await drawnSince()).byNode, panel).toEqual({});
    }

    const pane = (await page.locator('.react-flow').boundingBox()) as { x: number; y: number; width: number; height: number };
    await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
    await page.mouse.wheel(0, 240);
    expect((await drawnSince()).byNode, 'zoom').toEqual({});

    await page.locator('[data-panel-fold]').click();
    await page.locator('.side-panel-content[hidden]').waitFor({ state: 'attached' });
    expect((await drawnSince()).byNode, 'side folded').toEqual({});
    await page.locator('[data-panel-fold]').click();
    await page.locator('.side-panel-content:not([hidden])').waitFor();
    expect((await drawnSince()).byNode, 'side unfolded').toEqual({});
  });

  it('draws again only the card whose name is typed in the inspector', async () => {
    await node('welcome').locator('.flow-node-header').click();
    const name = page.getByRole('textbox', { name: 'Nom affiché' });
    await name.waitFor();
    await drawnSince();
    await name.fill('Accueil du 1919');
    await expect.poll(() => node('welcome').locator('.flow-node-title').textContent()).toBe('Accueil du 1919');
    expect(Object.keys((await drawnSince()).byNode)).toEqual(['welcome']);
  });
});
