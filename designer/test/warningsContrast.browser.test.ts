import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signInAt } from './support/browser.ts';
import { contrasts } from './support/contrast.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { seedWaitingContact } from './support/waitingContact.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[warnings contrast browser test skipped] ${missing}`);

/**
 * The orange marks that ask for attention (« rappel à proposer » on a caller waiting too long, a
 * callback « à rappeler maintenant », « en attente », the wallboard's waiting count, a node's
 * warnings on the canvas), and the red and teal statuses (a failed callback « échec » and its call
 * that « n’a pas abouti », « Griot appelle… », a contact « pris en charge », the wallboard's levels) read at 4.5:1 at least (WCAG AA for text) in the light and the dark
 * scheme, as Chromium paints them.
 */
const FLOW = 'selfcare-1919';
type Credentials = { username: string; password: string };

/** A voice caller handed over to support-fr as the flow's handoff node does it; the contact's id. */
async function handoff(server: GriotServer, number: string): Promise<string> {
  const { record } = await seedWaitingContact(server, { caller: number, channel: 'voice', key: `voice:CA-warn-${number}`, priority: 5, path: ['handoff'] });
  return (await server.running.services.handoff.openContactOf(record.key))!.id;
}

describe.skipIf(missing !== null)('orange warnings in both colour schemes, in Chromium', { timeout: 120_000 }, () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page | undefined;
  let awa: Credentials;
  let sophie: Credentials;
  let edith: Credentials;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    awa = await createUser(server, 'awa', ['agent']);
    sophie = await createUser(server, 'sophie', ['supervisor']);
    edith = await createUser(server, 'edith', ['editor']);
    // A caller waiting past the queue's callback threshold (0: at once), and a callback due now.
    expect((await server.admin('PUT', '/api/agent/queues/support-fr/settings', { callbackAfterSeconds: 0, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [] })).status).toBe(200);
    await handoff(server, '+2290197000061');
    const later = await handoff(server, '+2290197000062');
    expect(await server.running.services.handoff.callbackFrom(later)).not.toBeNull();
    // Red and teal: a callback whose call failed, one Griot is calling for awa, a contact awa holds.
    const handoffs = server.running.services.handoff;
    const at = new Date().toISOString();
    const failed = (await handoffs.callbackFrom(await handoff(server, '+2290197000063')))!.request;
    await handoffs.store.updateCallbackRequest(failed.id, ['pending'], {
      status: 'failed',
      attempts: 1,
      agent: 'awa',
      lastCall: { status: 'failed', attempt: 1, at, reason: 'no_answer' },
      updatedAt: at,
    });
    const calling = (await handoffs.callbackFrom(await handoff(server, '+2290197000064')))!.request;
    await handoffs.store.updateCallbackRequest(calling.id, ['pending'], { status: 'taken', attempts: 1, agent: 'awa', lastCall: { status: 'placed', attempt: 1, at }, updatedAt: at });
    const held = await handoff(server, '+2290197000065');
    expect(await handoffs.change(held, ['waiting'], { status: 'assigned', agent: 'awa', assignedAt: at, updatedAt: at })).not.toBeNull();
    browser = await launchChromium();
  }, 120_000);
  afterEach(async (test) => {
    await screenshotIfFailed(test, page);
    await page?.context().close();
    page = undefined;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function open(user: Credentials, path: string, scheme: 'light' | 'dark'): Promise<Page> {
    // Signed in at the page's address, the scheme already chosen on this device (as the account menu keeps it):
    // one load of the app, not the page the role lands on and then this one.
    const device = { viewport: { width: 1366, height: 768 }, storageState: { cookies: [], origins: [{ origin: server.url, localStorage: [{ name: 'griot.colorScheme', value: scheme }] }] } };
    page = await signInAt(browser, server.url, user, { ...device, at: path });
    expect(await page.locator('html').getAttribute('data-mantine-color-scheme')).toBe(scheme);
    return page;
  }

  for (const scheme of ['light', 'dark'] as const) {
    it(`writes the agent app's, the wallboard's and the canvas's warnings at 4.5:1 at least (${scheme} scheme)`, async () => {
      const low: string[] = [];
      const seen = new Set<string>();
      const check = async (p: Page, where: string, selector: string) => {
        for (const { text, ratio } of await contrasts(p, selector)) {
          seen.add(text);
          if (ratio < 4.5) low.push(`${where} « ${text} » ${ratio}:1`);
        }
      };

      // The agent: the waiting caller's « rappel à proposer », the callback to make now, then the contact's status and its callback button.
      const agent = await open(awa, '/agent', scheme);
      await agent.locator('.badge.due').first().waitFor();
      await agent.locator('.callback .call-now').first().waitFor();
      await check(agent, 'inbox', '.badge, button.contact .wait, .callback .call-now, .callback .status, .queue-counts');
      await agent.locator('[data-caller="+2290197000061"]').click();
      await agent.locator('.status-line .status').waitFor();
      await check(agent, 'contact', '.status-line .status, .contact-detail .mantine-Button-root[data-variant="filled"]');
      // Red and teal: the failed callback and its failed call, Griot's call in progress, the status of a contact awa holds.
      await agent.locator('.callback .status.failed').first().waitFor();
      await agent.locator('p.call.progress').first().waitFor();
      await check(agent, 'callbacks', '.callback .status.failed, p.call.failed, p.call.progress');
      await agent.locator('[data-caller="+2290197000065"]').click();
      await agent.locator('.status-line .status.assigned').waitFor();
      await check(agent, 'held contact', '.status-line .status');
      await agent.context().close();

      // The supervisor's wallboard: one caller waiting, in orange.
      const supervisor = await open(sophie, '/agent/supervision', scheme);
      await supervisor.locator('.queue-tile .kpi.busy dd').first().waitFor();
      await check(supervisor, 'wallboard', '.queue-tile .kpi dd');
      await supervisor.context().close();

      // The editor: the demo flow's nodes with warnings carry a count badge.
      const editor = await open(edith, `/flows/${FLOW}`, scheme);
      await editor.locator('.node-badge').first().waitFor();
      await check(editor, 'canvas', '.node-badge');

      for (const expected of ['rappel à proposer', 'à rappeler maintenant', 'en attente', 'échec', 'n’a pas abouti', 'Griot appelle', 'pris en charge'])
        expect(
          [...seen].some((s) => s.includes(expected)),
          expected,
        ).toBe(true);
      expect(low).toEqual([]);
    });
  }
});
