import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signInAt } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { JAMBONZ_SECRET, caller } from './support/analyticsCalls.ts';
import type { SimulatedCall } from '@griot/connectors/voice/testing';

const missing = chromiumMissing();
const LIVE = { timeout: 10_000, interval: 50 };

/**
 * A supervisor puts the wallboard on a wall screen: the busy queue first and the empty ones folded
 * at the end, then « Plein écran »: an address of its own with just the tiles, large, following the
 * calls live, at 1920 × 1080 and 1366 × 768; behind the supervisor's login.
 */
describe.skipIf(missing !== null)('designer: the wallboard on a wall screen', { timeout: 60_000 }, () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;
  let call: SimulatedCall;
  let supervisor: { username: string; password: string };

  beforeAll(async () => {
    server = await startGriot({ demo: true, env: { JAMBONZ_WEBHOOK_SECRET: JAMBONZ_SECRET } });
    supervisor = await createUser(server, 'sena', ['supervisor']);
    browser = await launchChromium();
    // An English caller asks for an agent: support-en has someone waiting, the demo's five other queues nothing today.
    call = await caller(server).dial('+2290197000123', '2');
    await call.press('4');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach((test) => screenshotIfFailed(test, page));

  const queuesOf = (scope: string) => page.locator(`${scope} [data-wallboard-queue]`).evaluateAll((tiles) => tiles.map((t) => t.getAttribute('data-wallboard-queue')));

  it('puts the busy queue first and folds the empty ones at the end', async () => {
    page = await signInAt(browser, server.url, supervisor, { viewport: { width: 1366, height: 768 }, at: '/agent/supervision' });
    await expect.poll(() => queuesOf('.wallboard > .wallboard-grid'), LIVE).toEqual(['support-en']);
    expect(await page.locator('.wallboard details.wallboard-idle summary').textContent()).toBe('5 files sans activité');
    expect(await page.locator('.wallboard details.wallboard-idle').getAttribute('open')).toBeNull();
    expect(await queuesOf('.wallboard details.wallboard-idle')).toEqual(['support-fon', 'support-fr', 'whatsapp-en', 'whatsapp-fon', 'whatsapp-fr']);
    // On a wide screen the board takes the width, its title above it aligned with it, and so does the line on the
    // operator's systems above the board (the figures below it keep a readable width).
    await page.setViewportSize({ width: 1920, height: 1080 });
    const board = await page.locator('.supervision > .mantine-Paper-root:has(.wallboard)').boundingBox();
    const systems = await page.locator('.supervision > .mantine-Paper-root:has(.operator-systems)').boundingBox();
    const heading = await page.locator('#supervision-title').boundingBox();
    expect(board!.width).toBeGreaterThan(1700);
    expect(Math.abs(board!.x - heading!.x)).toBeLessThanOrEqual(1);
    expect(systems!.width).toBe(board!.width);
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('opens « Plein écran »: its own address, just the tiles, large, following a call live', async () => {
    page.on('dialog', (d) => void d.dismiss());
    await page.locator('[data-action="wall-mode"]').click();
    await page.waitForURL(`${server.url}/agent/wallboard`);
    const wall = page.locator('.wallboard.wall');
    await wall.waitFor();
    // No app bar, no queue settings, no canned replies: the tiles.
    expect(await page.locator('header').count()).toBe(0);
    expect(await page.locator('#queue-settings-title, #canned-replies-title, [data-action="queues-csv"]').count()).toBe(0);
    await expect.poll(() => queuesOf('.wallboard.wall'), LIVE).toEqual(['support-en']);
    expect(await page.locator('.wallboard.wall .wallboard-idle').textContent()).toBe('Sans activité : support-fon, support-fr, whatsapp-en, whatsapp-fon, whatsapp-fr');
    const waiting = page.locator('.wallboard.wall [data-wallboard-queue="support-en"] [data-kpi="waiting"] dd');
    expect(await waiting.textContent()).toBe('1');

    for (const viewport of [
      { width: 1920, height: 1080 },
      { width: 1366, height: 768 },
    ]) {
      await page.setViewportSize(viewport);
      // Nothing wider than the screen; figures far larger than the supervisor's board (1.6rem).
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      expect(await waiting.evaluate((dd) => Number.parseFloat(getComputedStyle(dd).fontSize))).toBeGreaterThanOrEqual(32);
      const tile = await page.locator('.wallboard.wall [data-wallboard-queue="support-en"]').boundingBox();
      const title = await page.locator('#wallboard-title').boundingBox();
      expect(tile && title && Math.abs(tile.x - title.x)).toBeLessThanOrEqual(1);
      expect(tile!.y + tile!.height).toBeLessThanOrEqual(viewport.height);
    }

    // The caller hangs up: the wall follows without a reload.
    await call.hangup();
    await expect.poll(() => waiting.textContent(), LIVE).toBe('0');
    await expect.poll(() => page.locator('.wallboard.wall [data-wallboard-queue="support-en"] [data-kpi="abandoned"] dd').textContent(), LIVE).toBe('1');

    await page.locator('[data-action="leave-wall"]').click();
    await page.waitForURL(`${server.url}/agent/supervision`);
    await page.locator('#queue-settings-title').waitFor();
  });

  it('is an address a wall screen keeps open, behind the supervisor’s login', async () => {
    const screen = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1920, height: 1080 } })).newPage();
    screen.setDefaultTimeout(10_000);
    await screen.goto(`${server.url}/agent/wallboard?mur=1`);
    await screen.locator('input[name="username"]').fill(supervisor.username);
    expect(await screen.locator('.wallboard').count()).toBe(0);
    await screen.locator('input[name="password"]').fill(supervisor.password);
    await screen.locator('button[type="submit"]').click();
    await screen.locator('.wallboard.wall [data-wallboard-queue="support-en"]').waitFor();
    expect(new URL(screen.url()).pathname).toBe('/agent/wallboard');
    await screen.context().close();

    // An agent is not let in.
    const agent = await signInAt(browser, server.url, await createUser(server, 'awa', ['agent']), { at: '/agent/wallboard' });
    expect(await agent.locator('.wallboard').count()).toBe(0);
    await agent.context().close();
  });
});
