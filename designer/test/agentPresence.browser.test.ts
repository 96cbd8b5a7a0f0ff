import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signInAt } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { seedWaitingContact } from './support/waitingContact.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[agent presence browser test skipped] ${missing}`);

/**
 * A supervisor sees who is there, in Chromium against the real server: a subscriber waits in
 * support-fr with nobody on shift (the board and the wallboard say « Personne de disponible »);
 * Awa opens her inbox and is « Disponible » on the supervisor's board; she takes a break
 * (« En pause »), the warning comes back and her « Prendre le suivant » is greyed with the reason; the
 * supervisor sets her « Hors ligne » and her inbox tells her who did; she comes back « Disponible ».
 */
const VIEWPORT = { width: 1366, height: 900 };
const LIVE = { timeout: 20_000, interval: 100 };

describe.skipIf(missing !== null)('agents’ presence on the supervisor’s board, in Chromium', { timeout: 90_000 }, () => {
  let server: GriotServer;
  let browser: Browser;
  let supervisor: Page;
  let agent: Page | undefined;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const sena = await createUser(server, 'sena', ['supervisor']);
    browser = await launchChromium();
    supervisor = await signInAt(browser, server.url, sena, { viewport: VIEWPORT, at: '/agent/supervision' });
  }, 120_000);
  afterEach(async (context) => {
    await screenshotIfFailed(context, agent ?? supervisor);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const boardRow = () => supervisor.locator('table.supervisor-board tr[data-queue="support-fr"]');
  const tile = () => supervisor.locator('.wallboard [data-wallboard-queue="support-fr"]');
  const awaOnBoard = () => boardRow().locator('[data-agent="awa"]');

  it('warns when a subscriber waits and nobody is available', async () => {
    await seedWaitingContact(server, { caller: '+2290197000061', variables: { request: 'agent' } });
    await expect.poll(() => tile().locator('[data-kpi="waiting"] dd').textContent(), LIVE).toBe('1');
    await expect.poll(() => tile().locator('[data-no-agent-available]').textContent(), LIVE).toBe('Personne de disponible');
    expect(await tile().locator('[data-kpi="available"] dd').textContent()).toBe('0');
    expect(await boardRow().locator('[data-no-agent-available]').textContent()).toBe('Personne de disponible');
    expect(await boardRow().locator('[data-agents-present]').textContent()).toContain('Personne');
  });

  it('shows an agent « Disponible » once her inbox is open, and the warning goes', async () => {
    agent = await signInAt(browser, server.url, await createUser(server, 'awa', ['agent']), { viewport: VIEWPORT, at: '/agent' });
    const control = agent.locator('.presence-control');
    await expect.poll(() => control.getAttribute('data-presence'), LIVE).toBe('available');
    await expect.poll(() => awaOnBoard().getAttribute('data-state'), LIVE).toBe('available');
    expect(await awaOnBoard().textContent()).toContain('Disponible');
    await expect.poll(() => tile().locator('[data-no-agent-available]').count(), LIVE).toBe(0);
    expect(await tile().locator('[data-kpi="available"] dd').textContent()).toBe('1');
    expect(await boardRow().locator('[data-no-agent-available]').count()).toBe(0);
  });

  it('« En pause »: the supervisor sees it, the warning is back, and her « Prendre le suivant » is greyed with the reason', async () => {
    const page = agent!;
    await page.locator('.presence-control').getByText('En pause', { exact: true }).click();
    await expect.poll(() => page.locator('.presence-control').getAttribute('data-presence'), LIVE).toBe('paused');
    expect(await page.locator('.presence-control').textContent()).toContain('vous gardez ceux que vous avez');
    await expect.poll(() => awaOnBoard().getAttribute('data-state'), LIVE).toBe('paused');
    expect(await awaOnBoard().textContent()).toContain('En pause');
    await expect.poll(() => tile().locator('[data-no-agent-available]').count(), LIVE).toBe(1);

    // « Prendre le suivant » is greyed, the reason beside it (not refused after her click); the subscriber still waits.
    await expect.poll(() => page.locator('#inbox-take-next').isDisabled(), LIVE).toBe(true);
    expect(await page.getByTestId('not-taking').textContent()).toContain('Vous êtes en pause');
    const waiting = await server.running.services.ctx.store.listHandoffContacts({ statuses: ['waiting'] });
    expect(waiting.map((c) => c.callerNumber)).toContain('+2290197000061');
  });

  it('the supervisor sets her « Hors ligne »: her inbox says who did, until she chooses « Disponible »', async () => {
    const page = agent!;
    await awaOnBoard()
      .getByRole('button', { name: /Mettre awa hors ligne/ })
      .click();
    await expect.poll(() => page.locator('.presence-control').getAttribute('data-presence'), LIVE).toBe('offline');
    expect(await page.locator('.presence-control [role="status"]').textContent()).toContain('sena vous a mis hors ligne');
    // Offline and holding nothing: no longer on the queue's line.
    await expect.poll(() => awaOnBoard().count(), LIVE).toBe(0);

    await page.locator('.presence-control').getByText('Disponible', { exact: true }).click();
    await expect.poll(() => page.locator('.presence-control').getAttribute('data-presence'), LIVE).toBe('available');
    await expect.poll(() => awaOnBoard().getAttribute('data-state'), LIVE).toBe('available');
    await expect.poll(() => tile().locator('[data-kpi="available"] dd').textContent(), LIVE).toBe('1');
  });
});
