import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn, screenshotIfFailed } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();
const FLOW = 'selfcare-1919';
interface Draft {
  revision: number;
  document: { nodes: Array<{ id: string; prompt?: Record<string, { text?: string; audio?: string }> }> } & Record<string, unknown>;
}

/**
 * A Fon prompt whose recording is not made yet: the flow is published all the same, for testers to
 * call it in staging; the publish dialog lists the recording to make, says what the caller hears
 * meanwhile, and that production waits for it.
 */
describe.skipIf(missing !== null)('publishing before the Fon recordings exist', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;
  let node = '';

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const awa = await createUser(server, 'awa', ['editor', 'publisher']);
    const current = (await server.admin<Draft>('GET', `/api/flows/${FLOW}/draft`)).body;
    const doc = structuredClone(current.document);
    const recorded = doc.nodes.find((n) => n.prompt?.fon?.audio && n.prompt.fon.text);
    if (!recorded?.prompt?.fon) throw new Error('the demo has no Fon prompt with a recording and a text');
    node = recorded.id;
    delete recorded.prompt.fon.audio;
    expect((await server.admin('PUT', `/api/flows/${FLOW}/draft`, { revision: current.revision, document: doc })).status).toBe(200);
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1440, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, server.url, awa);
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('publishes, listing the recording to make and what the caller hears in staging meanwhile', async () => {
    const before = (await server.admin<unknown[]>('GET', `/api/flows/${FLOW}/versions`)).body.length;
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator(`.react-flow__node[data-id="${node}"]`).waitFor();
    await page.locator('[data-action="publish"]').click();
    const publish = page.getByRole('dialog', { name: 'Publier une version' });
    const notice = publish.locator('.publish-production-only');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('1 enregistrement à faire avant la production');
    expect(await notice.textContent()).toContain('lu par la voix de synthèse de l’appel');
    expect(await notice.locator(`.publish-issue[data-code="prompt.missingAudio"][data-node="${node}"]`).count()).toBe(1);
    expect(await publish.locator('.publish-refused').count()).toBe(0);

    await publish.getByRole('textbox', { name: 'Qu’est-ce qui change ?' }).fill('Textes fon, enregistrements à venir');
    await publish.getByRole('button', { name: 'Publier' }).click();
    await expect.poll(async () => (await server.admin<unknown[]>('GET', `/api/flows/${FLOW}/versions`)).body.length).toBe(before + 1);
  });

  it('takes Fon with only the main menu recorded to staging: each missing recording a warning saying what the caller hears instead, none an error', async () => {
    // Fon just added, as an editor does: the main menu recorded, no other prompt in Fon yet.
    const current = (await server.admin<Draft>('GET', `/api/flows/${FLOW}/draft`)).body;
    const doc = structuredClone(current.document);
    for (const n of doc.nodes) if (n.id !== 'mainMenu' && n.prompt) delete n.prompt.fon;
    expect((await server.admin('PUT', `/api/flows/${FLOW}/draft`, { revision: current.revision, document: doc })).status).toBe(200);
    const before = (await server.admin<unknown[]>('GET', `/api/flows/${FLOW}/versions`)).body.length;
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="mainMenu"]').waitFor();

    await page.locator('[data-panel-button="checks"]').click();
    const missingRecordings = page.locator('.issue-row[data-code="prompt.missingRecording"]');
    await expect.poll(() => missingRecordings.count()).toBeGreaterThan(5);
    expect(await page.locator('.issue-row[data-code="prompt.missingLocale"]').count()).toBe(0);
    const sentence = await missingRecordings.first().locator('p').first().textContent();
    expect(sentence).toMatch(/^Enregistrement manquant en \S+ \(pas de synthèse vocale\) : en préproduction, l’appelant entend le message en français ; la production attend l’enregistrement$/);

    await page.locator('[data-action="publish"]').click();
    const publish = page.getByRole('dialog', { name: 'Publier une version' });
    const notice = publish.locator('.publish-production-only');
    await notice.waitFor();
    expect(await notice.locator('.publish-issue[data-code="prompt.missingRecording"]').count()).toBe(await missingRecordings.count());
    expect(await publish.locator('.publish-refused').count()).toBe(0);
    await publish.getByRole('textbox', { name: 'Qu’est-ce qui change ?' }).fill('Menu principal enregistré en fon');
    await publish.getByRole('button', { name: 'Publier' }).click();
    await expect.poll(async () => (await server.admin<unknown[]>('GET', `/api/flows/${FLOW}/versions`)).body.length).toBe(before + 1);
  });
});
