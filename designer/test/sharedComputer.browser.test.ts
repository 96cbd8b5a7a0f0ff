import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signInAt } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { selectNode } from './support/canvas.ts';

const missing = chromiumMissing();
const FLOW = 'selfcare-1919';
const AWA_TEXT = 'Bienvenue sur le 1919 : brouillon d’Awa, promo Tabaski non annoncée.';

/** What the site keeps in this browser, as anyone at the keyboard can read it (the developer tools). */
const kept = (page: Page) => page.evaluate(() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k) ?? ''])));

/**
 * One computer in the contact centre, two content editors. Awa's session ends while she edits the
 * 1919 welcome (she went to lunch); Kofi sits down and signs in on the same browser. He must not be
 * offered her unsent draft, nor paste the nodes she copied, nor find either in the site's storage.
 * Then Kofi signs out: nothing of his copies stays for whoever comes next.
 */
describe.skipIf(missing !== null)('a shared computer between two editors', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;
  let awa: { username: string; password: string };
  let kofi: { username: string; password: string };

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    awa = await createUser(server, 'awa', ['editor']);
    kofi = await createUser(server, 'kofi', ['editor']);
    browser = await launchChromium();
    page = await signInAt(browser, server.url, awa, { viewport: { width: 1366, height: 768 } });
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows Kofi nothing of what Awa copied or left unsent when her session ended', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
    await selectNode(page, 'welcome');
    await page.keyboard.press('Control+c');
    await page.context().clearCookies();
    await page.locator('.side-panel-content[data-panel="inspector"] textarea').first().fill(AWA_TEXT);
    await page.locator('[data-notice="session-expired"]').waitFor();
    // Her unsent edit waits for her on this browser; her copy does not.
    const afterExpiry = await kept(page);
    expect(Object.values(afterExpiry).some((v) => v.includes(AWA_TEXT))).toBe(true);
    expect(Object.keys(afterExpiry).filter((k) => k.startsWith('griot.clipboard'))).toEqual([]);

    // Kofi signs in on the same browser, the address still on the flow.
    await page.locator('input[name="username"]').fill(kofi.username);
    await page.locator('input[name="password"]').fill(kofi.password);
    await page.locator('button[type="submit"]').click();
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
    await page.waitForTimeout(1000);
    expect(await page.locator('[data-action="restore-unsent"]').count()).toBe(0);
    expect(Object.values(await kept(page)).some((v) => v.includes(AWA_TEXT) || v.includes('griot-nodes'))).toBe(false);

    // Ctrl+V brings back nothing of hers.
    await selectNode(page, 'welcome');
    await page.keyboard.press('Control+v');
    await page.waitForTimeout(500);
    expect(await page.locator('.react-flow__node[data-id="welcome2"]').count()).toBe(0);
  });

  it('forgets Kofi’s copy when he signs out', async () => {
    await selectNode(page, 'welcome');
    await page.keyboard.press('Control+c');
    await expect.poll(async () => Object.keys(await kept(page)).some((k) => k.startsWith('griot.clipboard'))).toBe(true);
    await page.getByRole('button', { name: 'Mon compte' }).first().click();
    await page.getByRole('menuitem', { name: 'Se déconnecter', exact: true }).click();
    await page.locator('input[name="username"]').waitFor();
    const left = await kept(page);
    expect(Object.keys(left).filter((k) => /^griot\.(clipboard|unsent|simulator)/.test(k))).toEqual([]);
    expect(Object.values(left).some((v) => v.includes('griot-nodes'))).toBe(false);
  });
});
