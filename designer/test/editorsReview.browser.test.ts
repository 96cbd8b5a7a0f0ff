import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn, screenshotIfFailed } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { choose, edgesOf } from './support/canvas.ts';

const missing = chromiumMissing();
const FLOW = 'selfcare-1919';
/** The demo's test SIM, listed as a tester on 1919 (runtime/src/demo/demoDefaults.ts). */
const DEMO_TEST_NUMBER = '+2290197000090';

type Griot = {
  documentStore: {
    getState(): {
      doc: {
        edges: Array<{ id: string; source: string; output: string; target: string }>;
        nodes: Array<{ id: string; type: string; options?: Array<{ id: string; key: string; label: Record<string, string> }> }>;
      };
      actions: { deleteEdges(ids: string[]): void };
    };
  };
};

/**
 * A product review at 1440 px, for content editors and testers: long texts in the translation
 * table read whole, a node added next to a menu with a free output is connected to it, issues
 * name the option as the canvas does, and Préproduction starts on the staging system as a test number.
 */
describe.skipIf(missing !== null)('what content editors and testers noticed', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const awa = await createUser(server, 'awa', ['editor', 'publisher', 'tester']);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(page, server.url, awa, `/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows a long text whole in the translation table, with no hidden end', async () => {
    await page.locator('label', { hasText: 'Traductions' }).click();
    const cell = page.locator('textarea[data-cell-input="welcome|prompt|fr"]');
    await cell.waitFor();
    const long = Array.from({ length: 12 }, (_, i) => `Ligne ${i + 1} du message d’accueil.`).join('\n');
    await cell.fill(long);
    await expect.poll(() => cell.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeLessThanOrEqual(1);
    expect(await cell.inputValue()).toContain('Ligne 12');
    await page.locator('label', { hasText: 'Canevas' }).click();
  });

  it('names a free menu option by its label, and connects a node added next to it from the palette', async () => {
    const option = await page.evaluate(() => {
      const store = (window as unknown as { __griot: Griot }).__griot.documentStore;
      const { doc, actions } = store.getState();
      const menu = doc.nodes.find((n) => n.id === 'mainMenu')!;
      const last = menu.options![menu.options!.length - 1]!;
      actions.deleteEdges(doc.edges.filter((e) => e.source === 'mainMenu' && e.output === last.id).map((e) => e.id));
      return { id: last.id, key: last.key, label: last.label.fr! };
    });
    await page.locator('[data-panel-button="checks"]').click();
    const issue = page.locator(`.issue-row[data-code="output.unconnected"][data-node="mainMenu"]`);
    await issue.waitFor();
    expect(await issue.textContent()).toContain(`La sortie « ${option.key} · ${option.label} » n’est reliée à rien`);

    await issue.click();
    await page.locator('.side-panel-content[data-panel="inspector"] input[value="mainMenu"]').waitFor();
    const before = new Set(await page.evaluate(() => (window as unknown as { __griot: Griot }).__griot.documentStore.getState().doc.nodes.map((n) => n.id)));
    await page.locator('.palette-item[data-node-type="message"]').click();
    await expect.poll(async () => (await edgesOf(page)).filter((e) => e.startsWith(`mainMenu.${option.id}→`))).toHaveLength(1);
    const target = (await edgesOf(page)).find((e) => e.startsWith(`mainMenu.${option.id}→`))!.split('→')[1]!;
    expect(before.has(target)).toBe(false);
    // The new node is drawn on the canvas and the issue is gone.
    await page.locator(`.react-flow__node[data-id="${target}"]`).waitFor();
    await page.locator('[data-panel-button="checks"]').click();
    await issue.waitFor({ state: 'detached' });
  });

  it('starts a Préproduction preview on the staging system as the tester’s first test number', async () => {
    await page.locator('[data-panel-button="simulator"]').click();
    await choose(page, 'Version', 'Préproduction');
    await expect.poll(() => page.getByRole('textbox', { name: 'Appels au SI', exact: true }).inputValue()).toBe('Système de préproduction');
    await expect.poll(() => page.getByRole('textbox', { name: 'Numéro de test', exact: true }).inputValue()).toBe(DEMO_TEST_NUMBER);
  });
});
