import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signIn } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();
const FLOW = 'selfcare-1919';
interface Draft {
  revision: number;
  document: { nodes: Array<{ id: string; queue?: string }>; tests: Array<{ name: string; steps: Array<{ expect?: { handoff?: { queue?: string } } }> }> } & Record<string, unknown>;
}
type Griot = { __griot: { documentStore: { getState(): { doc: Draft['document'] } } } };
type TestCaseShape = Draft['document']['tests'][number] & { steps: Array<{ input?: unknown; expect?: { handoff?: { queue?: string } } }> };
type GriotActions = {
  __griot: { documentStore: { getState(): { doc: Draft['document']; actions: { updateTestCase(index: number, testCase: TestCaseShape): void }; undo(): void } } };
};

/**
 * The handoff now goes to a new queue, « entreprises »: the test cases expecting support-fr or
 * support-en fail. The editor accepts the current result for all of them from the Tests panel (a
 * confirmation naming the queue that changes), sees them pass, can undo it, and does the same for
 * one case from the publish dialog's list of failing tests.
 */
describe.skipIf(missing !== null)('accepting the current result of failing test cases', { timeout: 60_000 }, () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const awa = await createUser(server, 'awa', ['editor', 'publisher']);
    const current = (await server.admin<Draft>('GET', `/api/flows/${FLOW}/draft`)).body;
    const doc = structuredClone(current.document);
    const handoff = doc.nodes.find((n) => n.id === 'handoff');
    if (!handoff) throw new Error('the demo has no handoff node');
    handoff.queue = 'entreprises';
    expect((await server.admin('PUT', `/api/flows/${FLOW}/draft`, { revision: current.revision, document: doc })).status).toBe(200);
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1440, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, server.url, awa);
  }, 120_000);

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const expectedQueues = () =>
    page.evaluate(() =>
      (window as unknown as Griot).__griot.documentStore
        .getState()
        .doc.tests.flatMap((c) => c.steps.map((s) => s.expect?.handoff?.queue))
        .filter((q): q is string => q !== undefined),
    );

  it('accepts the current result for every failing case from the Tests panel, after a confirmation naming the queue, as one edit', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="handoff"]').waitFor();
    expect(await expectedQueues()).toContain('support-fr');
    await page.locator('[data-panel-button="tests"]').click();
    await page.locator('[data-action="run-tests"]').click();
    const failed = page.locator('.test-summary').getByText(/échoués?$/);
    await expect.poll(() => failed.textContent()).not.toBe('0 échoué');
    const count = Number.parseInt((await failed.textContent()) ?? '', 10);
    expect(count).toBeGreaterThan(1);

    await page.locator('[data-action="accept-results"]').click();
    expect(await page.locator('[data-action="accept-results"]').textContent()).toBe(`Accepter le résultat actuel pour les ${count} tests en échec`);
    const confirm = page.getByRole('dialog', { name: 'Accepter le résultat actuel ?' });
    await confirm.waitFor();
    const changes = await confirm.locator('[data-accepted-change="queue"]').allTextContents();
    expect(changes.some((c) => /^File attendue : support-fr → entreprises \(\d+ tests?\)$/.test(c))).toBe(true);
    await confirm.locator('[data-action="confirm-accept"]').click();

    // Checked again at once: all pass; the cases now expect « entreprises ».
    await expect.poll(() => failed.textContent()).toBe('0 échoué');
    expect(await expectedQueues()).not.toContain('support-fr');
    expect(await expectedQueues()).toContain('entreprises');

    // One edit: undo puts every case back.
    await page.getByRole('button', { name: 'Annuler', exact: true }).first().click();
    await expect.poll(expectedQueues).toContain('support-fr');
  });

  it('offers no acceptance for a case changed since it ran: « Relancez les tests », not its old result on another step', async () => {
    await page.locator('[data-action="run-tests"]').click();
    const failed = page.locator('.test-summary').getByText(/échoués?$/);
    await expect.poll(() => failed.textContent()).not.toBe('0 échoué');
    const count = Number.parseInt((await failed.textContent()) ?? '', 10);
    // A step inserted before the failing one in the first failing case, as its editor would.
    const index = await page.evaluate(() => {
      const state = (window as unknown as GriotActions).__griot.documentStore.getState();
      const k = state.doc.tests.findIndex((c) => c.steps.some((s) => s.expect?.handoff?.queue === 'support-fr'));
      const testCase = state.doc.tests[k];
      if (!testCase) return -1;
      state.actions.updateTestCase(k, { ...testCase, steps: [{ input: { digits: '9' } }, ...testCase.steps] });
      return k;
    });
    expect(index).toBeGreaterThanOrEqual(0);
    const item = page.locator('.mantine-Accordion-item[data-test]').nth(index);
    await item.locator('.mantine-Accordion-control').click();
    await item.locator('[data-accept-stale]').waitFor();
    expect(await item.locator('[data-accept-stale]').textContent()).toBe('Relancez les tests : le cas a changé depuis.');
    expect(await item.locator('[data-action="accept-result"]').count()).toBe(0);
    // Accepting all the others leaves the changed one as it is, said in the confirmation.
    const all = page.locator('[data-action="accept-results"]');
    expect(await all.textContent()).toBe(`Accepter le résultat actuel pour ${count - 1 === 1 ? 'le test en échec' : `les ${count - 1} tests en échec`}`);
    await all.click();
    const confirm = page.getByRole('dialog', { name: 'Accepter le résultat actuel ?' });
    await confirm.locator('[data-accept-stale="1"]').waitFor();
    await confirm.locator('[data-action="confirm-accept"]').click();
    const steps = await page.evaluate((k) => (window as unknown as GriotActions).__griot.documentStore.getState().doc.tests[k]?.steps.map((s) => s.expect?.handoff?.queue ?? null), index);
    expect(steps).toContain('support-fr');
    expect(steps).not.toContain('entreprises');
    // Run again: the changed case is offered again, on its own steps.
    await page.locator('[data-action="run-tests"]').click();
    await item.locator('[data-action="accept-result"]').waitFor();
    expect(await item.locator('[data-accept-stale]').count()).toBe(0);
    // Back to the draft as the demo has it, for the publish dialog below.
    await page.evaluate(() => {
      const store = (window as unknown as GriotActions).__griot.documentStore;
      store.getState().undo();
      store.getState().undo();
    });
    await expect.poll(expectedQueues).toContain('support-fr');
  });

  it('accepts one failing case from the publish dialog’s list', async () => {
    await page.locator('[data-action="publish"]').click();
    const publish = page.getByRole('dialog', { name: 'Publier une version' });
    const list = publish.locator('.publish-tests-failing .failing-test');
    await list.first().waitFor();
    const before = await list.count();
    const name = await list.first().getAttribute('data-test');
    await list.first().locator('[data-action="accept-result"]').click();
    const confirm = page.getByRole('dialog', { name: 'Accepter le résultat actuel ?' });
    // The dialog opens after the click: read it once it shows its change, not before.
    await expect.poll(() => confirm.locator('[data-accepted-change="queue"]').allTextContents()).toEqual([expect.stringMatching(/^File attendue : support-(fr|en) → entreprises \(1 test\)$/)]);
    await confirm.locator('[data-action="confirm-accept"]').click();
    await expect.poll(() => list.count()).toBe(before - 1);
    expect(await publish.locator(`.failing-test[data-test="${name}"]`).count()).toBe(0);
    expect(await publish.locator('[data-action="accept-results"]').textContent()).toBe(
      `Accepter le résultat actuel pour ${before - 1 === 1 ? 'le test en échec' : `les ${before - 1} tests en échec`}`,
    );
  });
});
