import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import selfCare from '../../flows/examples/templates/self-care.json' with { type: 'json' };
import { chromiumMissing, launchChromium, screenshotIfFailed, signIn } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { selectNode } from './support/canvas.ts';

const missing = chromiumMissing();

/**
 * The daily review (daily19): a second line made from the « Service client » template hands over
 * to support-{{caller.locale}}, the queues of 1919, and nothing said that 1919's agents would
 * receive the new line's callers. The handoff node's inspector now names the flows sharing its queues.
 */
describe.skipIf(missing !== null)('a second line handing over to the first line’s queues', { timeout: 60_000 }, () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const created = await server.admin('POST', '/api/flows', { document: { ...selfCare, id: 'ligne-2', name: 'Ligne 2 — Service client' } });
    expect(created.status).toBe(201);
    const awa = await createUser(server, 'awa', ['editor']);
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1440, height: 900 } })).newPage();
    await signIn(page, server.url, awa);
  }, 90_000);

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('is told in the handoff node’s inspector that 1919’s agents receive this line’s callers too', async () => {
    await page.goto(`${server.url}/flows/ligne-2`);
    await page.locator('.react-flow__node[data-id="agent"]').waitFor();
    await selectNode(page, 'agent');
    const notice = page.locator('[data-shared-queue="support-fr"]');
    await notice.waitFor();
    expect(await notice.textContent()).toBe('Les conseillers de la file support-fr reçoivent aussi les appelants de « 1919 — Service client Griot Telecom ».');
    expect(await page.locator('[data-shared-queue="support-en"]').textContent()).toContain('« 1919 — Service client Griot Telecom »');
    // Its own queue: the notice goes once the draft is saved.
    await page.locator('input[data-field="queue"]').fill('ligne2-{{caller.locale}}');
    await page.locator('[data-shared-queues]').waitFor({ state: 'detached' });
  });
});
