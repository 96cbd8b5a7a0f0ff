import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium, screenshotIfFailed, signInAt } from './browser.ts';
import { createUser, startGriot, type GriotServer } from './griotServer.ts';

/** A French prompt. */
export const fr = (text: string) => ({ fr: { text } });

/** A scenario's server and browser, and its page once signed in (screenshotted when a test fails). */
export interface DraftScenario {
  server: GriotServer;
  browser: Browser;
  page?: Page;
}

/**
 * The hooks of a scenario on a new flow's draft: the demo server with `document` created as a
 * new flow, one Chromium, a screenshot of a failed test, both stopped after. Call inside `describe`.
 */
export function draftScenario(document: { id: string }): DraftScenario {
  const scenario = {} as DraftScenario;
  beforeAll(async () => {
    scenario.server = await startGriot({ demo: true });
    scenario.browser = await launchChromium();
    expect((await scenario.server.admin('POST', '/api/flows', { document })).status).toBe(201);
  });
  afterEach((test) => screenshotIfFailed(test, scenario.page));
  afterAll(async () => {
    await scenario.browser?.close();
    await scenario.server?.stop();
  });
  return scenario;
}

/**
 * An editor (`username`) opens the flow `flowId`, waits for `node` on the canvas, opens the
 * simulator on WhatsApp and starts the conversation; `write` sends a message as the subscriber.
 */
export async function whatsAppSimulator(scenario: DraftScenario, username: string, flowId: string, node: string): Promise<{ page: Page; panel: Locator; write(text: string): Promise<void> }> {
  const { server, browser } = scenario;
  const page = await signInAt(browser, server.url, await createUser(server, username, ['editor']), { viewport: { width: 1440, height: 900 } });
  scenario.page = page;
  await page.goto(`${server.url}/flows/${flowId}`);
  await page.locator(`.react-flow__node[data-id="${node}"]`).waitFor();
  await page.locator('[data-panel-button="simulator"]').click();
  const panel = page.locator('aside').last();
  await panel.getByText('WhatsApp', { exact: true }).first().click();
  await panel.getByRole('button', { name: 'Démarrer la conversation' }).click();
  const write = async (text: string) => {
    const box = panel.getByPlaceholder('Message');
    await box.fill(text);
    await box.press('Enter');
  };
  return { page, panel, write };
}
