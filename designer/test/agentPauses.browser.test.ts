import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signInAt } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { seedWaitingContact } from './support/waitingContact.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[agent pauses browser test skipped] ${missing}`);

/**
 * A shift's pauses in Chromium against the real server, at 1366×768: Awa pauses and her
 * « Prendre le suivant » and « Prendre » are greyed with the reason (not refused after the click),
 * she says why (« Formation »), the supervisor's board reads « En pause (Formation) » and for how
 * long, the wallboard (which the whole room reads) « En pause » and for how long, not why; both
 * flag it once it runs past its limit; back « Disponible »,
 * the buttons come back at once. Closing her last inbox tab tells the server (offline in 10 s, not
 * 60); closing one tab of two does not. The server's clock and the supervisor page's are moved on
 * rather than waited out: the 10 seconds, and the board's reading every 15 seconds.
 */
const VIEWPORT = { width: 1366, height: 768 };
const LIVE = { timeout: 20_000, interval: 100 };

describe.skipIf(missing !== null)('pauses, as agents and supervisors live them, in Chromium', { timeout: 90_000 }, () => {
  let server: GriotServer;
  let browser: Browser;
  let supervisor: Page;
  let agent: Page;
  let awa: Awaited<ReturnType<typeof createUser>>;
  /** How far the server's clock is ahead of this machine's. */
  let ahead = 0;

  beforeAll(async () => {
    server = await startGriot({ demo: true, now: () => new Date(Date.now() + ahead).toISOString() });
    const sena = await createUser(server, 'sena', ['supervisor']);
    awa = await createUser(server, 'awa', ['agent']);
    browser = await launchChromium();
    supervisor = await signInAt(browser, server.url, sena, { viewport: VIEWPORT, at: '/agent/supervision', clock: true });
    agent = await signInAt(browser, server.url, awa, { viewport: VIEWPORT, at: '/agent' });
  }, 120_000);
  afterEach(async (context) => {
    await screenshotIfFailed(context, agent.isClosed() ? supervisor : agent);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const store = () => server.running.services.ctx.store;
  const awaOnBoard = () => supervisor.locator('table.supervisor-board tr[data-queue="support-fr"] [data-agent="awa"]');
  const onWallboard = () => supervisor.locator('.wallboard [data-wallboard-queue="support-fr"] [data-paused-agent="awa"]');
  const takeNext = () => agent.locator('#inbox-take-next');
  /** The board's next reading of the view (every 15 seconds), now: its clock moved on by 15 seconds. */
  const boardReadsAgain = async () => {
    const read = supervisor.waitForResponse((response) => new URL(response.url()).pathname === '/api/agent/supervisor');
    await supervisor.clock.fastForward(15_000);
    await read;
  };

  it('paused, « Prendre le suivant » and « Prendre » are greyed with the reason; she says why and the supervisor reads it', async () => {
    await expect.poll(() => agent.locator('.presence-control').getAttribute('data-presence'), LIVE).toBe('available');
    await seedWaitingContact(server, { caller: '+2290197000071', variables: { request: 'agent' } });
    await expect.poll(() => takeNext().isEnabled(), LIVE).toBe(true);

    await agent.locator('.presence-control').getByText('En pause', { exact: true }).click();
    await expect.poll(() => takeNext().isDisabled(), LIVE).toBe(true);
    expect(await agent.getByTestId('not-taking').textContent()).toBe('Vous êtes en pause : choisissez « Disponible » pour prendre un contact.');
    expect(await agent.getByRole('button', { name: 'Prendre le suivant · support-fr' }).isDisabled()).toBe(true);
    // The contact opened: its « Prendre » greyed too, the reason beside it.
    await agent.locator('[data-queue="support-fr"] button.contact').first().click();
    await expect.poll(() => agent.locator('.contact-actions').getByRole('button', { name: 'Prendre', exact: true }).isDisabled(), LIVE).toBe(true);
    expect(await agent.locator('#not-taking-contact').textContent()).toContain('Vous êtes en pause');

    // Why: « Formation », from the operator's list.
    await agent.getByRole('textbox', { name: 'Motif de la pause' }).click();
    await agent.getByRole('option', { name: 'Formation' }).click();
    await expect.poll(() => agent.getByTestId('my-pause').textContent(), LIVE).toBe('En pause (Formation) depuis < 1 min');
    await expect.poll(() => awaOnBoard().locator('[data-reason]').textContent(), LIVE).toBe('En pause (Formation)');
    expect(await awaOnBoard().locator('[data-since]').textContent()).toBe('depuis < 1 min');
    // The wall screen, which the whole room reads, says who is paused and since when, not why.
    await expect.poll(() => onWallboard().textContent(), LIVE).toContain('En pause');
    expect(await onWallboard().textContent()).not.toContain('Formation');
    expect(await onWallboard().locator('[data-since]').textContent()).toBe('depuis < 1 min');
    await agent.screenshot({ path: '/tmp/sup24-shots/agent-paused-formation.png' }).catch(() => {});
    await supervisor.screenshot({ path: '/tmp/sup24-shots/supervisor-paused-formation.png' }).catch(() => {});
  });

  it('a pause that runs past its reason’s limit is flagged on the board and the wallboard', async () => {
    const record = (await store().getAgentPresence('awa'))!;
    await store().setAgentPresence({ ...record, since: new Date(Date.now() - 125 * 60_000).toISOString() });
    // The board reads the view again every 15 seconds, and nothing told it of the change.
    await boardReadsAgain();
    await expect.poll(() => awaOnBoard().locator('[data-pause-too-long]').textContent(), LIVE).toBe('dépasse 2 h 00');
    expect(await awaOnBoard().locator('[data-since]').textContent()).toBe('depuis 2 h 05');
    expect(await onWallboard().locator('[data-pause-too-long]').textContent()).toBe('dépasse 2 h 00');
    await supervisor.screenshot({ path: '/tmp/sup24-shots/supervisor-pause-too-long.png' }).catch(() => {});
  });

  it('back « Disponible »: the buttons come back at once, the reason goes', async () => {
    await agent.locator('.presence-control').getByText('Disponible', { exact: true }).click();
    await expect.poll(() => agent.locator('.contact-actions').getByRole('button', { name: 'Prendre', exact: true }).isEnabled(), LIVE).toBe(true);
    expect(await takeNext().isEnabled()).toBe(true);
    expect(await agent.getByTestId('not-taking').count()).toBe(0);
    await expect.poll(() => awaOnBoard().getAttribute('data-state'), LIVE).toBe('available');
    expect(await onWallboard().count()).toBe(0);
  });

  it('closing one tab of two keeps her present; closing the last one tells the server', async () => {
    const seenAgo = async () => Date.now() - Date.parse((await store().getAgentPresence('awa'))!.lastSeenAt!);
    const second = await agent.context().newPage();
    await second.goto(`${server.url}/agent`);
    await expect.poll(() => second.locator('.presence-control').getAttribute('data-presence'), LIVE).toBe('available');
    await second.close({ runBeforeUnload: true });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await seenAgo()).toBeLessThan(25_000);

    await agent.close({ runBeforeUnload: true });
    // Her page's word arrives at once (well before the 19 s a 30-second delay would need).
    await expect.poll(seenAgo, { timeout: 8_000, interval: 100 }).toBeGreaterThanOrEqual(49_000);
    // Still « Disponible » for these 10 seconds (a reload would be back by then)…
    await expect.poll(() => awaOnBoard().getAttribute('data-state'), LIVE).toBe('available');
    // …and « Hors ligne » after them (the server's clock 10 seconds on), at the board's next reading: gone from the queue's line.
    ahead = 10_000;
    await boardReadsAgain();
    // From that reading, not a later one (the next comes 15 s on).
    await expect.poll(() => awaOnBoard().count(), { timeout: 5_000, interval: 100 }).toBe(0);
  });
});
