import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signIn } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[designer browser tests skipped] ${missing}`);

/**
 * The simulator's phone screen for a voice call is dark (a gradient): its notes, the keys line
 * « ⌨ 1 Français · 2 English · 3 Fon » that tells the editor which key to press, were drawn in the
 * page's dimmed grey (Mantine's `c="dimmed"`, an inline colour), 1.9:1 on that screen: unreadable
 * on an office screen. Each line is measured against both ends of the gradient, as drawn.
 */
describe.skipIf(missing !== null)('the voice simulator’s notes on its dark screen', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const awa = await createUser(server, 'awa', ['editor']);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'fr-FR' })).newPage();
    await signIn(page, server.url, awa, '/flows/selfcare-1919');
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the keys line reads at 4.5:1 or more over the whole screen', async () => {
    await page.locator('[data-panel-button="simulator"]').click();
    await page.getByRole('button', { name: 'Appeler' }).first().click();
    const keys = page.locator('.phone-screen.voice .sim-note', { hasText: '⌨' }).first();
    await keys.waitFor();
    const ratios = await keys.evaluate((note) => {
      const channels = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
      const luminance = ([r, g, b]: number[]) =>
        [r, g, b]
          .map((v) => {
            const c = (v ?? 0) / 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
          })
          .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i]!, 0);
      const [r = 0, g = 0, b = 0, a = 1] = channels(getComputedStyle(note).color);
      const screen = note.closest('.phone-screen') as Element;
      const stops = (getComputedStyle(screen).backgroundImage.match(/rgba?\([^)]*\)/g) ?? []).map(channels);
      return stops.map((under) => {
        const text = [r, g, b].map((v, i) => v * a + (under[i] ?? 0) * (1 - a));
        const [light, dark] = [luminance(text), luminance(under)].sort((x, y) => y - x);
        return Math.round(((light! + 0.05) / (dark! + 0.05)) * 100) / 100;
      });
    });
    expect(ratios.length).toBe(2);
    for (const ratio of ratios) expect(ratio).toBeGreaterThanOrEqual(4.5);
  });
});
