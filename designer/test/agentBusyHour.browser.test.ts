import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { FlowEvent, Session } from '@griot/flows';
import type { SessionRecord } from '../../runtime/src/store/types.ts';
import { chromiumMissing, launchChromium, screenshotIfFailed, signInAt } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { seedWaitingContact, webChatVisitorWrote } from './support/waitingContact.ts';
import { startFakeConnector, type FakeConnector } from '../../connectors/src/botframework/testing/index.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[agent busy hour browser test skipped] ${missing}`);

/**
 * An agent's busy hour at 1366×768, in French: thirteen WhatsApp contacts wait, all past the
 * queue's callback threshold, while the agent holds one. The agent's own contact is pinned above
 * the queues, its « nouveau message » mark in sight without scrolling; each waiting row keeps its
 * caller, channel and wait on one line and says « rappel à proposer » in words. The contact open
 * gives the conversation the room: the log opens with what was said to the bot, and is tall
 * enough to read at 1366×768 with the context shown, at 1920×1080, and at 200 % zoom.
 */
const VIEWPORT = { width: 1366, height: 768 };
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });
const MINE = '+2290197000099';
/** As the inbox shows it, grouped for reading. */
const MINE_SHOWN = '+229 01 97 00 00 99';
const WAITING = Array.from({ length: 13 }, (_, i) => `+22901970002${String(i).padStart(2, '0')}`);

/** Top edges within a few pixels: on one line. */
const top = async (locator: Locator) => (await locator.boundingBox())?.y ?? Number.NaN;

describe.skipIf(missing !== null)('an agent’s busy hour at 1366×768, in Chromium', { timeout: 60_000 }, () => {
  let server: GriotServer;
  let browser: Browser;
  let agent: Page;
  let mine: { record: SessionRecord; session: Session };
  let connector: FakeConnector;
  const detail = () => agent.locator('#inbox-detail');
  const log = () => detail().getByRole('log');

  beforeAll(async () => {
    connector = await startFakeConnector();
    server = await startGriot({ demo: true });
    const awa = await createUser(server, 'awa', ['agent']);
    expect((await server.admin('PUT', '/api/agent/queues/support-fr/settings', { callbackAfterSeconds: 0, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [] })).status).toBe(200);
    // What the subscriber and the bot said before the handover.
    const asked = new Date(Date.now() - 60_000).toISOString();
    await server.running.store.startTranscript({
      sessionKey: `whatsapp:${MINE}`,
      flowId: 'selfcare-1919',
      flowVersion: 1,
      channel: 'whatsapp',
      callerNumber: MINE,
      preview: false,
      startedAt: asked,
      turns: [
        { at: asked, input: { type: 'start', text: 'Bonjour' }, prompts: ['Bienvenue chez Griot Telecom.'], nodes: ['welcome'], effects: [], durationMs: 5 },
        { at: asked, input: { type: 'text', text: 'Mon forfait ne marche plus' }, prompts: ['Je vous passe un conseiller.'], nodes: ['handoff'], effects: [], durationMs: 5 },
      ],
    });
    mine = await seedWaitingContact(server, { caller: MINE, variables: { request: 'agent' } });
    for (const caller of WAITING) await seedWaitingContact(server, { caller, variables: { request: 'agent' } });
    browser = await launchChromium();
    agent = await signInAt(browser, server.url, awa, { viewport: VIEWPORT });
  }, 120_000);
  afterEach(async (context) => {
    await screenshotIfFailed(context, agent);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await connector?.close();
  });

  it('pins the agent’s own contact above thirteen waiting, its « nouveau message » mark in sight', async () => {
    const queues = agent.locator('#inbox-queues');
    await poll(() => queues.locator('section.queue button.contact').count()).toBe(14);
    await queues.locator('button.contact', { hasText: MINE_SHOWN }).click();
    await detail().getByRole('button', { name: 'Prendre', exact: true }).click();
    await poll(() => detail().locator('.status-line').innerText()).toContain('avec vous');
    // Pinned under « Mes contacts », no longer among the waiting.
    const pinned = queues.locator('.my-contacts button.contact');
    await poll(() => pinned.allInnerTexts()).toEqual([expect.stringContaining(MINE_SHOWN)]);
    expect(await queues.getByRole('heading', { name: /^Mes contacts/ }).isVisible()).toBe(true);
    expect(await queues.locator('section.queue button.contact', { hasText: MINE_SHOWN }).count()).toBe(0);
    await poll(() => queues.locator('section.queue button.contact').count()).toBe(13);

    // Another contact open, the subscriber writes: the mark shows at the top of the column.
    await queues.locator('section.queue button.contact').first().click();
    await poll(() => detail().locator('h2').innerText()).not.toBe(MINE_SHOWN);
    await server.running.services.handoff.hooks.waitingEvent(mine.record, mine.session, { type: 'text', text: 'Vous êtes là ?' } as FlowEvent);
    const badge = pinned.locator('.badge.unread');
    await poll(() => badge.innerText()).toBe('nouveau message');
    const box = await badge.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y + box!.height).toBeLessThanOrEqual(VIEWPORT.height);
    expect(await queues.evaluate((column) => column.scrollTop)).toBe(0);
    await agent.screenshot({ path: `${process.env.GRIOT_TEST_ARTIFACTS ?? '/tmp'}/agent-busy-hour-queues.png` });
  });

  it('keeps each waiting row’s caller, channel and wait on one line, the callback offer in words', async () => {
    const rows = agent.locator('#inbox-queues section.queue button.contact');
    for (const row of (await rows.all()).slice(0, 4)) {
      expect(Math.abs((await top(row.locator('strong'))) - (await top(row.locator('.wait'))))).toBeLessThan(6);
      expect(await row.locator('.line').first().innerText()).toMatch(/^\+229 \d\d \d\d \d\d \d\d \d\d\s+WhatsApp\s+\d+:\d\d$/);
      const due = row.locator('.due');
      expect(await due.innerText()).toBe('rappel à proposer');
      expect(await due.getAttribute('title')).toMatch(/proposez-lui un rappel/);
      expect(Math.abs((await top(row.locator('.reason'))) - (await top(due)))).toBeLessThan(6);
    }
  });

  it('gives the conversation the room at 1366×768 with the context shown, the bot part at its head', async () => {
    await agent.locator('#inbox-queues .my-contacts button.contact').click();
    await poll(() => detail().locator('h2').innerText()).toBe(MINE_SHOWN);
    expect(await detail().getByRole('button', { name: 'Masquer le contexte' }).getAttribute('aria-expanded')).toBe('true');
    const withBot = log().getByRole('region', { name: 'Avant la mise en relation, avec le bot' });
    await poll(() => withBot.locator('li').count()).toBe(4);
    await poll(() => log().innerText()).toContain('Vous êtes là ?');
    const height = (await log().boundingBox())?.height ?? 0;
    // On main it was ≈ 130 px.
    expect(height).toBeGreaterThanOrEqual(200);
    await agent.screenshot({ path: `${process.env.GRIOT_TEST_ARTIFACTS ?? '/tmp'}/agent-busy-hour-1366.png` });
  });

  it('at 1920×1080, reads the bot part and the conversation in one log, whole', async () => {
    await agent.setViewportSize({ width: 1920, height: 1080 });
    await poll(async () => (await log().boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(350);
    const box = (await log().boundingBox())!;
    for (const line of await log().locator('li.msg').all()) {
      const b = (await line.boundingBox())!;
      expect(b.y).toBeGreaterThanOrEqual(box.y - 1);
      expect(b.y + b.height).toBeLessThanOrEqual(box.y + box.height + 1);
    }
    await agent.screenshot({ path: `${process.env.GRIOT_TEST_ARTIFACTS ?? '/tmp'}/agent-busy-hour-1920.png` });
  });

  it('at 200 % zoom, keeps a conversation to read and nothing runs off the right edge', async () => {
    // 1366×768 at 200 %: 683×384 CSS pixels.
    await agent.setViewportSize({ width: 683, height: 384 });
    await poll(async () => (await log().boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(150);
    expect(await agent.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await agent.setViewportSize(VIEWPORT);
  });

  it('shows a web-chat visitor’s channel and wait on one line', async () => {
    await webChatVisitorWrote(server, connector, 'botframework:busy-visitor', { activity: 'act-botframework:busy-visitor', user: 'user-busy' });
    await seedWaitingContact(server, { caller: 'botframework:busy-visitor', channel: 'botframework', variables: { request: 'agent' } });
    const row = agent.locator('#inbox-queues section.queue button.contact', { hasText: 'Visiteur du chat' });
    await poll(() => row.locator('.line').first().innerText()).toMatch(/^Visiteur du chat #\d{4}\s+Chat web\s+\d+:\d\d$/);
    expect(Math.abs((await top(row.locator('strong'))) - (await top(row.locator('.wait'))))).toBeLessThan(6);
    // « Chat web » reads whole at 1366 px, not « Cha… »: the visitor's label gives way, its full text in its title.
    const shown = (locator: Locator) =>
      locator.evaluate((el) => {
        const box = el.getBoundingClientRect();
        const line = el.closest('.who')!.getBoundingClientRect();
        return box.width > 0 && box.right <= line.right + 0.5 && el.scrollWidth <= el.clientWidth + 0.5;
      });
    expect(await shown(row.locator('.channel'))).toBe(true);
    expect(await row.locator('strong').getAttribute('title')).toMatch(/^Visiteur du chat #\d{4}$/);
    await agent.screenshot({ path: `${process.env.GRIOT_TEST_ARTIFACTS ?? '/tmp'}/agent-busy-hour-webchat-row.png` });
  });

  it('says at the field that a reply typed with the network down was not sent, and sends it once when it is back', async () => {
    await agent.locator('#inbox-queues button.contact', { hasText: 'Visiteur du chat' }).click();
    await detail().getByRole('button', { name: 'Prendre', exact: true }).click();
    await poll(() => detail().locator('.status-line').innerText()).toContain('avec vous');
    const id = (await detail().locator('article.contact-detail').getAttribute('data-contact-id'))!;
    const text = 'Je vérifie votre forfait.';
    const stored = async () => (await server.running.store.listHandoffMessages(id)).filter((m) => m.from === 'agent' && m.text === text).length;
    const delivered = () => connector.posts.filter((p) => p.activity.text === text).length;
    const reply = detail().getByLabel('Réponse');
    await agent.context().setOffline(true);
    await reply.fill(text);
    await reply.press('Enter');
    await poll(() => detail().locator('.compose').innerText()).toContain('Pas envoyé : le serveur ne répond pas.');
    expect(await reply.getAttribute('aria-invalid')).toBe('true');
    expect(await reply.inputValue()).toBe(text);
    expect(await stored()).toBe(0);
    await agent.context().setOffline(false);
    await poll(() => reply.inputValue()).toBe('');
    await poll(() => log().locator('.msg.agent', { hasText: text }).count()).toBe(1);
    await poll(delivered).toBe(1);
    expect(await stored()).toBe(1);
    expect(await detail().locator('.compose').innerText()).not.toContain('Pas envoyé');
  });

  it('shows a transferred contact’s wait in its new queue beside the total since the subscriber asked, behind those waiting there', async () => {
    const id = (await detail().locator('article.contact-detail').getAttribute('data-contact-id'))!;
    // Someone asks in support-en after the visitor did.
    await seedWaitingContact(server, { caller: '+2290197000300', queue: 'support-en', variables: { request: 'agent' } });
    await agent.locator('#inbox-queues section.queue[data-queue="support-en"] button.contact').waitFor();
    await detail().getByLabel('Vers la file').click();
    await agent.getByRole('option', { name: 'support-en' }).click();
    await detail().getByRole('button', { name: 'Transférer' }).click();
    const row = agent.locator(`#inbox-queues section.queue[data-queue="support-en"] button.contact[data-contact-id="${id}"]`);
    await row.waitFor();
    // Served after the one already waiting in support-en, though the visitor asked first.
    const ids = await agent.locator('#inbox-queues section.queue[data-queue="support-en"] button.contact').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-contact-id')));
    expect(ids).toHaveLength(2);
    expect(ids.at(-1)).toBe(id);
    expect(await row.locator('.wait').innerText()).toMatch(/^0:0\d$/);
    expect(await row.locator('.wait').getAttribute('title')).toMatch(/^\d+:\d\d depuis la demande$/);
    await row.click();
    await poll(() => detail().locator('[data-fact="wait"]').innerText()).toMatch(/^\d+:\d\d dans cette file · \d+:\d\d depuis la demande \(\d\d:\d\d\)$/);
  });
});
