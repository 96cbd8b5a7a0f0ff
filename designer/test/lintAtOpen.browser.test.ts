import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signIn } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[designer browser tests skipped] ${missing}`);

/**
 * The checks (lint) of the 57-node 1919 flow take ~150 ms of the main thread: counted, never timed. Opening it lints it once,
 * not once more per answer of the server (its rules and bindings, the latest version, the recordings); what a dialog shows
 * is still the flow as it is, even edited a moment before; the test cases' ids do not move across reloads and edits.
 */
describe.skipIf(missing !== null)('the checks and the test cases’ ids when the 1919 flow opens', () => {
  let server: GriotServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  // Counts the check runs from the page's start (the editor's stores appear on `window.__griot` with its code): a run is
  // a new list of issues found, not a list cleared for another flow.
  const COUNT_RUNS = `(() => {
    const watch = () => {
      const lint = window.__griot && window.__griot.lintStore;
      if (!lint) return setTimeout(watch, 5);
      window.__lintRuns = 0;
      lint.subscribe((state, previous) => { if (state.issues !== previous.issues && state.durationMs > 0) window.__lintRuns += 1; });
    };
    watch();
  })();`;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const awa = await createUser(server, 'awa', ['editor', 'publisher', 'tester']);
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1440, height: 900 } });
    await context.addInitScript({ content: COUNT_RUNS });
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

  const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
  const runs = () => page.evaluate(() => (window as unknown as { __lintRuns: number }).__lintRuns);
  const testIds = () =>
    page.evaluate(() =>
      (window as unknown as { __griot: { documentStore: { getState(): { doc: { tests: Array<{ id?: string; name: string }> } } } } }).__griot.documentStore.getState().doc.tests.map((t) => t.id ?? ''),
    );
  /** Every answer at open has arrived (the page's requests done) and a moment more for what follows them. */
  const settled = async () => {
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(2_000);
  };

  it('lints the flow once when it opens, with what the server says, and shows what the checks find now', async () => {
    await node('welcome').waitFor();
    await settled();
    // Before: 4 (at once, then again as the server's rules, the latest version and the recordings arrived).
    expect(await runs()).toBe(1);
    // The list shown is the one the checks give now, with every answer the server gave (none left out by waiting).
    const now = await page.evaluate(() => {
      type Issue = { code: string; node?: string };
      const griot = (
        window as unknown as {
          __griot: {
            documentStore: { getState(): { doc: { id: string } } };
            lintStore: { getState(): { issues: Issue[]; pending: boolean } };
            serverRulesStore: { getState(): { rules: unknown; latest: unknown; recordings: unknown; contextFor(id: string): unknown } };
            lintDocument(doc: unknown, context: unknown): Issue[];
          };
        }
      ).__griot;
      const doc = griot.documentStore.getState().doc;
      const server = griot.serverRulesStore.getState();
      const codes = (issues: Issue[]) => issues.map((i) => `${i.code}@${i.node ?? ''}`);
      return {
        known: [server.rules, server.latest, server.recordings].map((known) => known !== null),
        pending: griot.lintStore.getState().pending,
        shown: codes(griot.lintStore.getState().issues),
        found: codes(griot.lintDocument(doc, server.contextFor(doc.id))),
      };
    });
    expect(now.known).toEqual([true, true, true]);
    expect(now.pending).toBe(false);
    expect(now.shown).toEqual(now.found);
  });

  it('lints at once when the server’s rules fail (a 500, a request that never reaches it), not after the 10 s wait', async () => {
    const failing = await context.newPage();
    // The rules answer 500, the bindings never arrive (offline): the checks run without them, as soon as both have failed.
    await failing.route('**/api/backends', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal"}}' }));
    await failing.route('**/api/bindings', (route) => route.abort('internetdisconnected'));
    await failing.goto(`${server.url}/flows/selfcare-1919`);
    await failing.locator('.react-flow__node[data-id="welcome"]').waitFor();
    const shownAt = Date.now();
    await expect.poll(() => failing.evaluate(() => (window as unknown as { __lintRuns: number }).__lintRuns), { timeout: 5_000 }).toBe(1);
    // Well before OPEN_WAIT_MS (10 s): the failed answers count as answered.
    expect(Date.now() - shownAt).toBeLessThan(5_000);
    const now = await failing.evaluate(() => {
      type Issue = { code: string; node?: string };
      const griot = (
        window as unknown as {
          __griot: {
            documentStore: { getState(): { doc: { id: string } } };
            lintStore: { getState(): { issues: Issue[]; pending: boolean } };
            serverRulesStore: { getState(): { rules: unknown; contextFor(id: string): unknown } };
            lintDocument(doc: unknown, context: unknown): Issue[];
          };
        }
      ).__griot;
      const doc = griot.documentStore.getState().doc;
      const codes = (issues: Issue[]) => issues.map((i) => `${i.code}@${i.node ?? ''}`);
      const server = griot.serverRulesStore.getState();
      return { rules: server.rules, pending: griot.lintStore.getState().pending, shown: codes(griot.lintStore.getState().issues), found: codes(griot.lintDocument(doc, server.contextFor(doc.id))) };
    });
    expect(now.rules).toBeNull();
    expect(now.pending).toBe(false);
    expect(now.shown.length).toBeGreaterThan(0);
    expect(now.shown).toEqual(now.found);
    await failing.close();
  });

  it('keeps the test cases’ ids across a reload and an edit', async () => {
    const opened = await testIds();
    expect(opened.length).toBeGreaterThan(20);
    expect(opened.every((id) => /^t[0-9a-f]{8}/.test(id))).toBe(true);
    await page.reload();
    await node('welcome').waitFor();
    expect(await testIds()).toEqual(opened);
    // The first case renamed (its content changes, not its id), saved, the page reloaded: every row keeps its id.
    await page.evaluate(() => {
      const store = (
        window as unknown as {
          __griot: { documentStore: { getState(): { doc: { tests: Array<{ name: string }> }; actions: { updateTestCase(i: number, t: unknown): void } } } };
        }
      ).__griot.documentStore;
      const first = store.getState().doc.tests[0] as { name: string };
      store.getState().actions.updateTestCase(0, { ...first, name: `${first.name} (revu)` });
    });
    await page.locator('[data-action="save"], button:has-text("Enregistrer")').first().click();
    await expect.poll(async () => (await server.admin<{ revision: number }>('GET', '/api/flows/selfcare-1919/draft')).body.revision).toBeGreaterThan(1);
    await page.reload();
    await node('welcome').waitFor();
    expect(await testIds()).toEqual(opened);
  });

  it('shows an error made right after the flow opens in the publication dialog, Publier kept disabled', async () => {
    await page.reload();
    await node('welcome').waitFor();
    await settled();
    // The edge leaving the welcome message deleted, and Publier clicked at once (before the checks' pause after an edit is over).
    const seen = await page.evaluate(async () => {
      const griot = (
        window as unknown as {
          __griot: {
            documentStore: { getState(): { doc: { edges: Array<{ id: string; source: string }> }; actions: { deleteEdges(ids: string[]): void } } };
            lintDocument(doc: unknown): Array<{ severity: string }>;
          };
        }
      ).__griot;
      const store = griot.documentStore;
      store.getState().actions.deleteEdges(
        store
          .getState()
          .doc.edges.filter((e) => e.source === 'welcome')
          .map((e) => e.id),
      );
      const errors = griot.lintDocument(store.getState().doc).filter((i) => i.severity === 'error').length;
      (document.querySelector('[data-action="publish"]') as HTMLButtonElement).click();
      await new Promise((done) => setTimeout(done, 50));
      return { errors, listed: document.querySelectorAll('.publish-issue.error').length };
    });
    expect(seen.errors).toBeGreaterThan(0);
    // Before: none of the 55 listed for 250 ms (the checks' last run was on the flow as it was).
    expect(seen.listed).toBe(seen.errors);
    await page.getByRole('dialog').getByRole('textbox').first().fill('Sans le message de bienvenue');
    await expect.poll(() => page.getByRole('dialog').getByRole('button', { name: 'Publier' }).isDisabled()).toBe(true);
  });
});
