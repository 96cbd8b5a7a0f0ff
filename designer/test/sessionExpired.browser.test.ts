import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signInAt } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { selectNode } from './support/canvas.ts';

const missing = chromiumMissing();
const FLOW = 'selfcare-1919';

/**
 * A content editor's session ends while they edit the 1919 welcome (it expired, or an
 * administrator revoked it). The login page used to replace the editor without a word, the
 * username empty, as if they had signed out: now it says the session expired and that unsent
 * changes are kept, asks only for the password, and takes them back to the flow with the change
 * offered back.
 */
describe.skipIf(missing !== null)('a session that expires while editing', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;
  let awa: { username: string; password: string };

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    awa = await createUser(server, 'awa', ['editor']);
    browser = await launchChromium();
    page = await signInAt(browser, server.url, awa, { viewport: { width: 1366, height: 768 } });
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('says the session expired, asks only for the password, and offers the unsent change back', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
    await selectNode(page, 'welcome');
    await page.context().clearCookies();
    const french = page.locator('.side-panel-content[data-panel="inspector"] textarea').first();
    await french.fill('Bienvenue sur le 1919, écrit après la fin de la session.');

    // Autosave meets the ended session: the login page, saying why.
    const notice = page.locator('[data-notice="session-expired"]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Votre session a expiré');
    expect(await notice.textContent()).toContain('gardées sur cet appareil');
    expect(await page.locator('input[name="username"]').inputValue()).toBe(awa.username);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('password');
    await page.keyboard.type(awa.password);
    await page.keyboard.press('Enter');

    // Back on the flow, the change offered back.
    await page.locator('[data-action="restore-unsent"]').click();
    await selectNode(page, 'welcome');
    await expect.poll(() => french.inputValue()).toBe('Bienvenue sur le 1919, écrit après la fin de la session.');
  });

  it('says nothing of an expired session to someone who signed out', async () => {
    await page.getByRole('button', { name: 'Mon compte' }).click();
    await page.getByRole('menuitem', { name: 'Se déconnecter', exact: true }).click();
    await page.locator('input[name="username"]').waitFor();
    expect(await page.locator('[data-notice="session-expired"]').count()).toBe(0);
  });
});
