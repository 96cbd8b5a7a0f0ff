import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signInAt } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { seedWaitingContact } from './support/waitingContact.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[agent transfer note browser test skipped] ${missing}`);

/**
 * A transfer with a note (daily21): awa, in support-fr, finds the subscriber's problem is for the
 * English desk; she picks support-en and writes what she already checked, a PUK code pasted in it.
 * Kofi, in support-en, opens the contact and reads the note at its head, context folded or not:
 * who wrote it, from which queue, the code masked. On main the transfer took a queue and nothing
 * else, and kofi started from scratch.
 */
const VIEWPORT = { width: 1366, height: 768 };
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });
const CALLER = '+2290197000431';

describe.skipIf(missing !== null)('a transfer with a note for the next agent, in Chromium', { timeout: 60_000 }, () => {
  let server: GriotServer;
  let browser: Browser;
  let awa: Page;
  let kofi: Page;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const awaUser = await createUser(server, 'awa', ['agent']);
    const kofiUser = await createUser(server, 'kofi', ['agent']);
    await seedWaitingContact(server, { caller: CALLER, locale: 'en' });
    browser = await launchChromium();
    awa = await signInAt(browser, server.url, awaUser, { viewport: VIEWPORT });
    kofi = await signInAt(browser, server.url, kofiUser, { viewport: VIEWPORT });
  }, 120_000);
  afterEach(async (context) => {
    await screenshotIfFailed(context, awa);
    await screenshotIfFailed(context, kofi);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets the agent write a note once she picked the queue, and the next agent reads it at the head of the contact, the code masked', async () => {
    const detail = awa.locator('#inbox-detail');
    // No note field until a queue is picked: the reply box keeps its place.
    await awa.getByRole('button', { name: 'Prendre le suivant', exact: true }).click();
    await poll(() => detail.locator('.status-line').innerText()).toContain('avec vous');
    expect(await detail.getByLabel('Note pour le conseiller suivant').count()).toBe(0);
    await detail.getByLabel('Vers la file').click();
    await awa.getByRole('option', { name: 'support-en' }).click();
    const note = detail.getByLabel('Note pour le conseiller suivant');
    // The keyboard goes from the note to « Transférer », without going back up.
    await note.fill('Parle anglais. PUK 12345678 déjà donné, la SIM reste bloquée.');
    await awa.screenshot({ path: `${process.env.GRIOT_TEST_ARTIFACTS ?? '/tmp'}/agent-transfer-note-form.png` });
    await note.press('Tab');
    await poll(() => awa.evaluate(() => document.activeElement?.textContent)).toBe('Transférer');
    await awa.keyboard.press('Enter');
    await poll(() => awa.locator('#inbox-queues section.queue[data-queue="support-en"] button.contact').count()).toBe(1);

    const there = kofi.locator('#inbox-queues section.queue[data-queue="support-en"] button.contact');
    await there.click();
    const notes = kofi.locator('#inbox-detail').getByRole('region', { name: 'Notes de transfert' });
    await notes.waitFor();
    await poll(() => notes.locator('li').innerText()).toMatch(/^awa · support-fr → support-en · \d\d:\d\d\s+Parle anglais\. PUK ••• déjà donné, la SIM reste bloquée\.$/);
    // Read with the context folded too: the note is not part of it.
    const fold = kofi.locator('#inbox-detail').getByRole('button', { name: 'Masquer le contexte' });
    if (await fold.count()) await fold.click();
    expect(await notes.isVisible()).toBe(true);
    expect(await kofi.locator('#inbox-detail').innerText()).not.toContain('12345678');
    await kofi.screenshot({ path: `${process.env.GRIOT_TEST_ARTIFACTS ?? '/tmp'}/agent-transfer-note.png` });
  });
});
