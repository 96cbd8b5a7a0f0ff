import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { selectNode } from './support/canvas.ts';
import { watchCspViolations } from './support/cspViolations.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[content security policy browser tests skipped] ${missing}`);

const FLOW = 'selfcare-1919';

/**
 * The designer and the agent inbox, as the server serves them with its Content-Security-Policy:
 * an editor signs in, opens the 1919 flow, selects a node and runs the simulator; an agent signs
 * in to the inbox. Nothing they use is refused by the policy, and the policy is in force (a
 * script injected into the page does not run).
 */
describe.skipIf(missing !== null)('the pages work under their Content-Security-Policy', { timeout: 60_000 }, () => {
  let server: GriotServer;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const open = async (): Promise<{ context: BrowserContext; page: Page; violations: () => Promise<string[]> }> => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1440, height: 900 } });
    context.setDefaultTimeout(10_000);
    const violations = await watchCspViolations(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return { context, page, violations };
  };

  /** Whether a script injected into the page (as an XSS would) runs: it must not. */
  const injectedScriptRuns = async (page: Page) => {
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injectedRan = true';
      document.head.append(script);
    });
    return page.evaluate(() => (window as unknown as { __injectedRan?: boolean }).__injectedRan === true);
  };

  /** Whether a `<style>` element or a `style` attribute injected into the page (as an XSS would) takes effect: neither must. */
  const injectedStylesApply = async (page: Page) =>
    page.evaluate(async () => {
      const style = document.createElement('style');
      style.textContent = 'body { outline: 7px solid rgb(255, 0, 0) !important; }';
      document.head.append(style);
      const probe = document.createElement('div');
      probe.innerHTML = '<span style="outline: 5px solid rgb(0, 255, 0)">x</span>';
      document.body.append(probe);
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const applied = getComputedStyle(document.body).outlineWidth === '7px' || getComputedStyle(probe.firstElementChild as Element).outlineWidth === '5px';
      style.remove();
      probe.remove();
      return applied;
    });

  /** The page's policy allows its own style files and the `<style>` elements with its nonce only: no `'unsafe-inline'`. */
  const styleSourcesOf = async (page: Page) => {
    const response = await page.request.get(page.url());
    return /style-src ([^;]*)/.exec(response.headers()['content-security-policy'] ?? '')?.[1] ?? '';
  };

  it('the editor opens a flow, inspects a node and simulates a call', async () => {
    const { context, page, violations } = await open();
    const awa = await createUser(server, 'awa', ['editor', 'publisher', 'tester']);
    await signIn(page, server.url, awa);
    await page.locator(`tr[data-flow-id="${FLOW}"] a[href="/flows/${FLOW}"]`).click();
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
    await selectNode(page, 'welcome');
    expect(await page.locator('textarea[data-field="prompt.fr"]').inputValue()).not.toBe('');
    // Mantine's styles took effect: its buttons are not the browser's grey ones.
    const background = await page.locator('[data-panel-button="inspector"]').evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(background).not.toBe('rgb(239, 239, 239)');
    await page.locator('[data-panel-button="simulator"]').click();
    await page.locator('[data-action="start-simulator"]').click();
    await page.locator('.bubble.flow').first().waitFor();

    // The flow's figures (Mantine's grids write their media queries in <style> elements).
    await page.goto(`${server.url}/flows/${FLOW}?view=analytics`);
    await page.locator('.kpi-cards').waitFor();

    expect(await violations()).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(await styleSourcesOf(page)).toMatch(/^'self' 'nonce-[A-Za-z0-9+/]{22}=='$/);
    expect(await injectedScriptRuns(page)).toBe(false);
    // …and the watcher does see a refusal.
    await expect.poll(violations).toEqual([expect.stringMatching(/^script-src-elem inline$/), expect.stringMatching(/^console: Executing inline script violates/)]);
    // An injected style does not apply either.
    expect(await injectedStylesApply(page)).toBe(false);
    await expect.poll(async () => (await violations()).filter((v) => /^style-src-(elem|attr) inline$/.test(v)).sort()).toEqual(['style-src-attr inline', 'style-src-elem inline']);
    await context.close();
  });

  it('the agent signs in to the inbox', async () => {
    const { context, page, violations } = await open();
    const kofi = await createUser(server, 'kofi', ['agent']);
    await page.goto(`${server.url}/`);
    await page.getByLabel("Nom d'utilisateur").fill(kofi.username);
    await page.getByLabel('Mot de passe').fill(kofi.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.locator('#inbox-queues').waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/agent/);

    expect(await violations()).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(await injectedScriptRuns(page)).toBe(false);
    await context.close();
  });
  it('the supervisor opens the supervision page and the wall screen', async () => {
    const { context, page, violations } = await open();
    const sena = await createUser(server, 'sena', ['supervisor']);
    await page.goto(`${server.url}/`);
    await page.getByLabel("Nom d'utilisateur").fill(sena.username);
    await page.getByLabel('Mot de passe').fill(sena.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.locator('main').first().waitFor();
    await page.goto(`${server.url}/agent/supervision`);
    await page.locator('#queue-settings-title').waitFor();
    await page.locator('.wallboard').waitFor();
    await page.goto(`${server.url}/agent/wallboard`);
    await page.locator('.wallboard.wall').waitFor();

    expect(await violations()).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(await styleSourcesOf(page)).toMatch(/^'self' 'nonce-/);
    expect(await injectedStylesApply(page)).toBe(false);
    await context.close();
  });

  it('a visitor opens the web chat page: styled from its own sheet, nothing inline', async () => {
    const binding = await server.admin<{ id: string }>('POST', '/api/bindings', { channel: 'webchat', address: 'site-csp', flowId: FLOW, environment: 'production' });
    expect(binding.status).toBe(201);
    const { context, page, violations } = await open();
    await page.goto(`${server.url}/chat/${binding.body.id}`);
    await page.getByRole('button', { name: 'Français' }).click();
    await page.locator('.bubble.me').waitFor();
    // Its styles took effect: the green header, the visitor's bubble on the right.
    expect(await page.locator('header').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(7, 94, 84)');
    expect(
      await page
        .locator('.bubble.me')
        .first()
        .evaluate((e) => getComputedStyle(e).alignSelf),
    ).toBe('flex-end');

    expect(await violations()).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(await styleSourcesOf(page)).toBe("'self'");
    expect(await injectedScriptRuns(page)).toBe(false);
    expect(await injectedStylesApply(page)).toBe(false);
    await context.close();
  });

  it('the admin goes through the administration screens and opens a form', async () => {
    const { context, page, violations } = await open();
    const ama = await createUser(server, 'ama', ['admin']);
    await page.goto(`${server.url}/`);
    await page.getByLabel("Nom d'utilisateur").fill(ama.username);
    await page.getByLabel('Mot de passe').fill(ama.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.locator('main').first().waitFor();
    for (const path of ['/admin/bindings', '/admin/audit', '/admin/backups', '/admin/users']) {
      await page.goto(`${server.url}${path}`);
      await page.locator(`.admin-page[data-screen="${path.split('/').pop()}"]`).waitFor();
    }
    // The new user's form: its roles in a grid.
    await page.getByRole('button', { name: 'Nouvel utilisateur' }).click();
    await page.getByRole('dialog').waitFor();

    expect(await violations()).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(await injectedStylesApply(page)).toBe(false);
    await context.close();
  });
});
