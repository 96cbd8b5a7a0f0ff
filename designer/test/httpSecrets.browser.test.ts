import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();

/**
 * An editor opens the demo 1919 flow whose look-up was pointed at backend `crm`: the server
 * binds OPERATOR_API_TOKEN to `operator` only. The pure checks cannot know it; the designer
 * asks the server (GET /api/backends) and badges the node before anyone tries to publish.
 */
describe.skipIf(missing !== null)('designer: where a look-up may send its secret', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const draft = await server.admin<{ revision: number; document: { nodes: Array<Record<string, unknown>> } }>('GET', '/api/flows/selfcare-1919/draft');
    const lookup = draft.body.document.nodes.find((n) => n.id === 'lookupSubscriber')!;
    lookup.backend = 'crm';
    const saved = await server.admin('PUT', '/api/flows/selfcare-1919/draft', { revision: draft.body.revision, document: draft.body.document });
    expect(saved.status).toBe(200);
    const editor = await createUser(server, 'mallory', ['editor']);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await signIn(page, server.url, editor);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('badges the look-up and says, in French, which backend the secret may go to', async () => {
    await page.goto(`${server.url}/flows/selfcare-1919`);
    await page.locator('.react-flow__node[data-id="lookupSubscriber"]').waitFor({ state: 'attached' });
    await page.locator('[data-panel-button="checks"]').click();
    const row = page.locator('.issue-row[data-code="secret.notBound"][data-node="lookupSubscriber"][data-field="headers.Authorization"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('Le secret OPERATOR_API_TOKEN ne peut être envoyé qu’au système operator, pas à crm');
    await expect.poll(() => page.locator('.react-flow__node[data-id="lookupSubscriber"] .node-badge.error [aria-hidden="true"]').textContent()).toBe('1');

    // Back to the bound backend: the badge goes.
    await row.click();
    const backend = page.locator('input[data-field="backend"]');
    await backend.fill('operator');
    await expect.poll(() => row.count()).toBe(0);
    await expect.poll(() => page.locator('.react-flow__node[data-id="lookupSubscriber"] .node-badge.error').count()).toBe(0);
  });
});
