import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { HandoffEffect, Session } from '@griot/flows';
import { postWebhook, startFakeGraphServer, whatsappWebhooks as wa, type FakeGraphServer } from '@griot/connectors/messaging/testing';
import type { SessionRecord } from '../src/store/types.ts';
import { DEMO_WHATSAPP_PHONE_NUMBER_ID } from '../src/demo/demoDefaults.ts';
import { chromiumMissing, launchChromium } from './helpers/browser.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[agent inbox browser tests skipped] ${missing}`);

/**
 * The agent inbox page in Chromium against the real server and the 1919 demo: a WhatsApp
 * subscriber asks for an agent, the contact shows up live, the agent signs in, takes it, reads
 * its context and history, replies (the fake Graph API receives it), sees the next message
 * arrive and hands the conversation back to the bot; a supervisor watches the counts move.
 * Then voice contacts: service order, ticking waits, the call's context, transfer, close with an
 * outcome, and the callback list.
 */
const APP_SECRET = 'whatsapp-inbox-secret';
const PHONE_NUMBER_ID = DEMO_WHATSAPP_PHONE_NUMBER_ID;
const WA_ID = '2290197000011';
const NUMBER = `+${WA_ID}`;
const sender = { phoneNumberId: PHONE_NUMBER_ID, waId: WA_ID, name: 'Afiavi' };
const KEY = `whatsapp:${PHONE_NUMBER_ID}:${WA_ID}`;
const PASSWORD = 'correct horse battery';
/** The page answers within a few hundred milliseconds; a busy machine gets more. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });

describe.skipIf(missing !== null)('agent inbox in Chromium', { timeout: 30_000 }, () => {
  let graph: FakeGraphServer;
  let server: TestServer;
  let browser: Browser;
  let agent: Page;
  let supervisor: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    graph = await startFakeGraphServer({ accessToken: 'inbox-graph-token' });
    server = await startTestServer({
      env: {
        GRIOT_DEMO: '1', WHATSAPP_APP_SECRET: APP_SECRET, WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_ACCESS_TOKEN: 'inbox-graph-token',
        WHATSAPP_GRAPH_BASE_URL: graph.url, WHATSAPP_GRAPH_VERSION: 'v21.0',
      },
    });
    await userWithRoles(server, 'awa', ['agent']);
    await userWithRoles(server, 'sena', ['supervisor']);
    // The subscriber called last month: the agent sees that contact in the history.
    await server.store.putCaller({
      number: NUMBER, contacts: [{ at: '2026-10-05T09:30:00.000Z', channel: 'voice', reason: 'Code PUK', outcome: 'résolu', agent: 'kofi' }],
      variables: {}, createdAt: '2026-10-05T09:00:00.000Z', updatedAt: '2026-10-05T09:30:00.000Z',
    });
    browser = await launchChromium();
    agent = await openInbox(browser, 'awa');
    supervisor = await openInbox(browser, 'sena');
  }, 60_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      for (const [name, page] of [['agent', agent], ['supervisor', supervisor]] as const) {
        const file = `${process.env.GRIOT_TEST_ARTIFACTS ?? '/tmp'}/agent-inbox-${name}-${context.task.name.replace(/\W+/g, '-')}.png`;
        await page?.screenshot({ path: file, fullPage: true }).catch(() => {});
        console.error(`[screenshot] ${file}`);
      }
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await graph?.close();
  });

  async function openInbox(chromium: Browser, username: string): Promise<Page> {
    const context = await chromium.newContext({ locale: 'fr-FR', viewport: { width: 1440, height: 900 } });
    // A missing element fails its step with Playwright's message rather than the test's timeout.
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${username}: ${e.message}`));
    await page.goto(`${server.url}/agent`);
    await page.getByLabel('Identifiant').fill(username);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: 'Files d’attente' }).waitFor();
    // Marks this document: were the page reloaded, the mark would be gone.
    await page.evaluate('window.inboxNotReloaded = true');
    return page;
  }

  const send = (body: unknown) => postWebhook(server.url, body, APP_SECRET);
  const waitsAt = async () => (await server.store.getSession(KEY, new Date().toISOString()))?.session.wait?.node;
  const lastToSubscriber = () => graph.sent().filter((r) => r.body.to === WA_ID).at(-1)?.body;
  const rowOf = (page: Page, number: string) => page.locator('#queues .contact', { hasText: number });
  /** A cell of the supervisor's table (1 queue, 2 waiting, 3 longest wait, 4 agents busy, 5 callbacks pending); null while absent. */
  const boardCell = async (page: Page, queue: string, column: number) => {
    const cell = page.locator(`#board tr[data-queue="${queue}"] > :nth-child(${column})`);
    return (await cell.count()) ? cell.textContent() : null;
  };
  const detail = () => agent.locator('#detail');

  describe('a WhatsApp conversation', () => {
    it('shows the subscriber who asks for an agent, live, in both inboxes', async () => {
      await send(wa.textMessage('Bonjour', sender));
      await poll(waitsAt).toBe('language');
      await send(wa.buttonReply('fr', 'Français', sender));
      await poll(waitsAt).toBe('mainMenu');
      await expect(rowOf(agent, NUMBER).count()).resolves.toBe(0);

      await send(wa.textMessage('Je veux un conseiller', sender));
      await rowOf(agent, NUMBER).waitFor();
      await poll(() => rowOf(agent, NUMBER).innerText()).toContain('WhatsApp');
      expect(await agent.locator('section.queue[data-queue="support-fr"] h3').innerText()).toBe('support-fr');
      // The supervisor's counts follow: one waiting in support-fr, nobody busy.
      await poll(() => boardCell(supervisor, 'support-fr', 2)).toBe('1');
      expect(await boardCell(supervisor, 'support-fr', 4)).toBe('0');
      // An agent does not get the supervisor's table.
      expect(await agent.locator('#supervision').isHidden()).toBe(true);
    });

    it('lets the agent read the context, history and first message, then take the contact', async () => {
      await poll(waitsAt).toBe('handoff');
      await send(wa.textMessage('Mon forfait internet ne marche plus', sender));
      await rowOf(agent, NUMBER).click();
      await poll(() => detail().locator('h2').innerText()).toBe(NUMBER);
      // The keyboard follows the selection.
      expect(await agent.evaluate('document.activeElement.tagName')).toBe('H2');
      const facts = detail().locator('dl.facts');
      await poll(() => facts.innerText()).toContain('Demande d\'assistance');
      const text = await facts.innerText();
      expect(text).toMatch(/Langue\s+fr/);
      expect(text).toMatch(/Canal\s+WhatsApp/);
      expect(text).toMatch(/Appelant\s+\+2290197000011/);
      expect(text).toMatch(/Parcours\s+selfcare-1919/);
      expect(await detail().innerText()).toMatch(/Code PUK · résolu · kofi/);
      await poll(() => detail().getByRole('log').innerText()).toContain('Mon forfait internet ne marche plus');
      // Not taken yet: no reply box.
      expect(await detail().getByLabel('Réponse').isHidden()).toBe(true);

      await detail().getByRole('button', { name: 'Prendre', exact: true }).click();
      await poll(() => detail().locator('.status-line').innerText()).toContain('pris en charge · avec vous');
      await poll(() => rowOf(agent, NUMBER).innerText()).toContain('avec vous');
      await poll(() => boardCell(supervisor, 'support-fr', 4)).toBe('1 (awa)');
      expect(await boardCell(supervisor, 'support-fr', 2)).toBe('0');
    });

    it('sends the agent’s reply to the subscriber on WhatsApp', async () => {
      const reply = detail().getByLabel('Réponse');
      await reply.fill('Je regarde votre forfait.');
      await reply.press('Enter');
      await poll(lastToSubscriber).toMatchObject({ type: 'text', text: { body: 'Je regarde votre forfait.' } });
      await poll(() => detail().locator('.msg.agent').innerText()).toContain('Je regarde votre forfait.');
      await poll(() => reply.inputValue()).toBe('');
    });

    it('shows the subscriber’s next message live, without losing what the agent is typing', async () => {
      const reply = detail().getByLabel('Réponse');
      await reply.fill('Un instant');
      await send(wa.textMessage('Merci, j’attends', sender));
      await poll(() => detail().locator('.msg.subscriber').last().innerText()).toContain('Merci, j’attends');
      expect(await reply.inputValue()).toBe('Un instant');
      await reply.fill('');
    });

    it('hands the conversation back to the bot, whose next prompt reaches WhatsApp', async () => {
      await detail().getByRole('button', { name: 'Rendre au bot' }).click();
      await poll(() => JSON.stringify(lastToSubscriber())).toContain('quelle note donnez-vous');
      await poll(() => rowOf(agent, NUMBER).count()).toBe(0);
      await poll(() => detail().locator('.status-line').innerText()).toContain('terminé · avec vous · rendu au bot');
      await poll(() => boardCell(supervisor, 'support-fr', 4)).toBe('0');
      expect(await agent.evaluate('window.inboxNotReloaded')).toBe(true);
      expect(await supervisor.evaluate('window.inboxNotReloaded')).toBe(true);
    });
  });

  it('keeps its queues in service order as changes arrive, whatever order the answers come back in', async () => {
    // The page's own state module, run in the page: the listing, then one contact at a time.
    const result = await agent.evaluate(`(async () => {
      const { InboxState } = await import('/agent/inboxState.js');
      const at = (s) => '2026-11-20T10:00:' + String(s).padStart(2, '0') + '.000Z';
      const contact = (id, priority, s, extra = {}) => ({ id, queue: 'q', priority, enqueuedAt: at(s), updatedAt: at(s), status: 'waiting', callerNumber: id, waitSeconds: 0, ...extra });
      const state = new InboxState();
      const ids = (queue = 'q') => state.contactsOf(queue).map((c) => c.id);
      const seen = {};
      state.beginListing();
      // While the listing is read, an agent takes "a": the (older) listing must not undo it.
      state.upsert(contact('a', 999, 1, { status: 'assigned', agent: 'awa', updatedAt: at(10) }));
      state.applyListing([{ queue: 'q', settings: { callbackAfterSeconds: 60 }, contacts: [contact('vip', 1, 5), contact('a', 999, 1), contact('b', 999, 3)] }]);
      seen.afterListing = ids();
      state.upsert(contact('a', 999, 1, { updatedAt: at(2) }));
      seen.afterLateAnswer = ids();
      state.remove('b');
      state.upsert(contact('b', 999, 3, { updatedAt: at(20) }));
      seen.closedStaysClosed = ids();
      state.upsert(contact('c', 999, 30));
      state.upsert(contact('d', 999, 30));
      seen.sameArrival = ids();
      seen.transferTouches = state.upsert(contact('c', 999, 30, { queue: 'r', updatedAt: at(31) }));
      seen.queues = state.queueNames();
      seen.counts = state.counts('q');
      return seen;
    })()`);
    expect(result).toMatchObject({
      afterListing: ['vip', 'b', 'a'],
      afterLateAnswer: ['vip', 'b', 'a'],
      closedStaysClosed: ['vip', 'a'],
      sameArrival: ['vip', 'c', 'd', 'a'],
      transferTouches: ['q', 'r'],
      queues: ['q', 'r'],
      counts: { waiting: 2, agentsBusy: ['awa'], callbacksPending: 0 },
    });
  });

  describe('voice contacts and callbacks', () => {
    let calls = 0;
    /** A voice call handed over by the engine's hook, as the 1919 flow's handoff node does it. */
    async function voiceHandoff(number: string, priority: number, queue = 'support-en'): Promise<void> {
      const session = { v: 1, flowId: 'selfcare-1919', flowVersion: 1, channel: 'voice', locale: 'en', caller: { number }, vars: {}, wait: null, path: [], status: 'handoff', turns: 4 } as Session;
      const now = new Date().toISOString();
      const record: SessionRecord = { key: `voice:CA-inbox-${++calls}`, session, bindingId: null, environment: 'production', preview: false, createdAt: now, updatedAt: now, expiresAt: now };
      const effect: HandoffEffect = {
        type: 'handoff', node: 'handoff', queue, priority, reason: 'Help request',
        context: { callerNumber: number, locale: 'en', channel: 'voice', reason: 'Help request', flowId: 'selfcare-1919', flowVersion: 1, path: ['language', 'mainMenu', 'handoff'], variables: { segment: priority < 999 ? 'vip' : 'regular' } },
      };
      await server.services.handoff.hooks.requested(record, session, effect);
    }
    const queueNumbers = (page: Page, queue: string) => page.locator(`section.queue[data-queue="${queue}"] .contact strong`).allInnerTexts();

    it('lists waiting callers by priority, then arrival, with waits that tick', async () => {
      await voiceHandoff('+2290197000021', 999);
      await voiceHandoff('+2290197000022', 999);
      await voiceHandoff('+2290197000023', 1);
      await poll(() => queueNumbers(agent, 'support-en')).toEqual(['+2290197000023', '+2290197000021', '+2290197000022']);
      expect(await rowOf(agent, '+2290197000023').innerText()).toContain('prioritaire');
      const waitOf = () => rowOf(agent, '+2290197000021').locator('.wait').innerText();
      const first = await waitOf();
      await expect.poll(waitOf, { timeout: 5000, interval: 100 }).not.toBe(first);
      await poll(() => boardCell(supervisor, 'support-en', 2)).toBe('3');
      await poll(() => boardCell(supervisor, 'support-en', 3)).not.toBe('0:00');
    });

    it('shows a voice call’s context, without a chat', async () => {
      await rowOf(agent, '+2290197000023').click();
      await poll(() => detail().locator('h2').innerText()).toBe('+2290197000023');
      await poll(() => detail().locator('dl.facts').innerText()).toMatch(/Chemin\s+language › mainMenu › handoff/);
      const facts = await detail().locator('dl.facts').innerText();
      expect(facts).toMatch(/Canal\s+Voix/);
      expect(facts).toMatch(/segment vip/);
      expect(await detail().getByText('Appel vocal').isVisible()).toBe(true);
      expect(await detail().getByRole('log').isVisible()).toBe(false);
      await detail().getByRole('button', { name: 'Prendre', exact: true }).click();
      await poll(() => detail().locator('.status-line').innerText()).toContain('avec vous');
      // A call is answered on the phone: no reply box and no release, but it can be closed.
      expect(await detail().getByLabel('Réponse').isHidden()).toBe(true);
      expect(await detail().getByRole('button', { name: 'Rendre au bot' }).isHidden()).toBe(true);
    });

    it('transfers a contact to another queue, and closes one with an outcome', async () => {
      await rowOf(agent, '+2290197000021').click();
      await poll(() => detail().locator('h2').innerText()).toBe('+2290197000021');
      await detail().getByLabel('Vers la file').fill('support-fon');
      await detail().getByRole('button', { name: 'Transférer' }).click();
      await poll(() => queueNumbers(agent, 'support-fon')).toEqual(['+2290197000021']);
      // The VIP is with awa now: the waiting caller comes first.
      await poll(() => queueNumbers(supervisor, 'support-en')).toEqual(['+2290197000022', '+2290197000023']);
      await poll(() => boardCell(supervisor, 'support-fon', 2)).toBe('1');

      await rowOf(agent, '+2290197000023').click();
      await poll(() => detail().locator('h2').innerText()).toBe('+2290197000023');
      const outcome = detail().getByLabel('Résultat');
      expect(await outcome.inputValue()).toBe('résolu');
      await outcome.fill('code PUK donné');
      await outcome.press('Enter');
      await poll(() => rowOf(agent, '+2290197000023').count()).toBe(0);
      const closed = (await server.store.listHandoffContacts({ statuses: ['closed'] })).find((c) => c.callerNumber === '+2290197000023');
      expect(closed).toMatchObject({ outcome: 'code PUK donné', agent: 'awa' });
    });

    it('turns a waiting caller into a callback, then takes, fails, retries and completes it', async () => {
      await rowOf(agent, '+2290197000022').click();
      await poll(() => detail().locator('h2').innerText()).toBe('+2290197000022');
      await detail().getByRole('button', { name: 'Proposer un rappel' }).click();
      const item = agent.locator('#callbacks li', { hasText: '+2290197000022' });
      await poll(() => item.innerText()).toContain('à rappeler');
      await poll(() => boardCell(supervisor, 'support-en', 5)).toBe('1');

      await item.getByRole('button', { name: 'Prendre' }).click();
      await poll(() => item.innerText()).toContain('en cours');
      expect(await item.getByRole('link', { name: 'Appeler' }).getAttribute('href')).toBe('tel:+2290197000022');
      await poll(() => boardCell(supervisor, 'support-en', 5)).toBe('0');
      await item.getByRole('button', { name: 'Échec' }).click();
      await poll(() => item.innerText()).toContain('échec');
      // The keyboard reaches the retry button, and Enter presses it.
      await item.getByRole('button', { name: 'Relancer' }).focus();
      await agent.keyboard.press('Enter');
      await poll(() => item.innerText()).toContain('à rappeler');
      await item.getByRole('button', { name: 'Prendre' }).click();
      await item.getByRole('button', { name: 'Fait' }).click();
      await poll(() => item.count()).toBe(0);
      expect((await server.store.listCallbackRequests({ statuses: ['done'] })).map((r) => [r.number, r.attempts])).toEqual([['+2290197000022', 2]]);
    });

    it('takes the next waiting caller of a queue in one click', async () => {
      await agent.getByRole('button', { name: 'Prendre le suivant · support-fon' }).click();
      await poll(() => detail().locator('h2').innerText()).toBe('+2290197000021');
      await poll(() => detail().locator('.status-line').innerText()).toContain('avec vous');
      await poll(() => boardCell(supervisor, 'support-fon', 4)).toBe('1 (awa)');
      expect(await agent.getByRole('button', { name: 'Prendre le suivant · support-fon' }).isDisabled()).toBe(true);
    });

    it('took the whole tour without a page error', () => {
      expect(pageErrors).toEqual([]);
    });
  });
});
