import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signInAt } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { seedWaitingContact } from './support/waitingContact.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[agent long waits browser test skipped] ${missing}`);

/**
 * A busy morning at 1366×768 (daily21): WhatsApp subscribers of the same number range have waited
 * 25 minutes and are past the callback threshold. With « 25:04 » and « rappel à proposer » on
 * their rows, the rows cut the numbers at their end on main (« +229 01 97 00 03… »): every row
 * read the same, and the agent could not tell which subscriber was which. The label now gives way
 * at its start: the digits that tell them apart stay in sight.
 */
const VIEWPORT = { width: 1366, height: 768 };
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });
const CALLERS = ['+2290197000301', '+2290197000302', '+2290197000303'];

async function waitedSince(server: GriotServer, caller: string, minutesAgo: number): Promise<void> {
  const { record } = await seedWaitingContact(server, { caller });
  const [contact] = await server.running.store.listHandoffContacts({ sessionKey: record.key });
  const since = new Date(Date.now() - minutesAgo * 60_000).toISOString();
  await server.running.store.updateHandoffContact(contact!.id, ['waiting'], { enqueuedAt: since });
}

describe.skipIf(missing !== null)('subscribers waiting 25 minutes, at 1366×768, in Chromium', { timeout: 60_000 }, () => {
  let server: GriotServer;
  let browser: Browser;
  let agent: Page;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const awa = await createUser(server, 'awa', ['agent']);
    expect((await server.admin('PUT', '/api/agent/queues/support-fr/settings', { callbackAfterSeconds: 60, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [] })).status).toBe(200);
    for (const caller of CALLERS) await waitedSince(server, caller, 25);
    browser = await launchChromium();
    agent = await signInAt(browser, server.url, awa, { viewport: VIEWPORT });
  }, 120_000);
  afterEach(async (context) => {
    await screenshotIfFailed(context, agent);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('keeps in sight the last digits that tell the numbers apart', async () => {
    const rows = agent.locator('#inbox-queues section.queue button.contact');
    await poll(() => rows.count()).toBe(3);
    await poll(() => rows.first().locator('.wait').innerText()).toMatch(/^2\d:\d\d$/);
    await rows.first().locator('.due').waitFor();
    for (const row of await rows.all()) {
      // The last two digits drawn inside the label's box, not cut away behind an ellipsis.
      const lastDigitsShown = await row.locator('strong').evaluate((label) => {
        const walker = label.ownerDocument.createTreeWalker(label, NodeFilter.SHOW_TEXT);
        let last: Text | null = null;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) if ((node.textContent ?? '').trim()) last = node as Text;
        if (!last) return false;
        const range = label.ownerDocument.createRange();
        range.setStart(last, last.length - 2);
        range.setEnd(last, last.length);
        const digits = range.getBoundingClientRect();
        const box = label.getBoundingClientRect();
        return digits.width > 0 && digits.left >= box.left - 0.5 && digits.right <= box.right + 0.5;
      });
      expect(lastDigitsShown).toBe(true);
      // Still read whole: by a screen reader, and on pointing at it.
      expect(await row.locator('strong').innerText()).toMatch(/^\+229 01 97 00 03 0\d$/);
      expect(await row.locator('strong').getAttribute('title')).toMatch(/^\+229 01 97 00 03 0\d$/);
    }
    await agent.locator('#inbox-queues').screenshot({ path: `${process.env.GRIOT_TEST_ARTIFACTS ?? '/tmp'}/agent-long-waits.png` });
  });
});
