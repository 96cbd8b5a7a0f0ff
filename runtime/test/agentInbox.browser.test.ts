import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { HandoffEffect, Session } from '@griot/flows';
import { postWebhook, startFakeGraphServer, whatsappWebhooks as wa, type FakeGraphServer } from '@griot/connectors/messaging/testing';
import { startFakeJambonzApi, type FakeJambonzApi } from '@griot/connectors/voice/testing';
import type { SessionRecord } from '../src/store/types.ts';
import { DEMO_WHATSAPP_PHONE_NUMBER_ID } from '../src/demo/demoDefaults.ts';
import { chromiumMissing, launchChromium } from './helpers/browser.ts';
import type { ApiClient } from './helpers/http.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[agent inbox browser tests skipped] ${missing}`);

/**
 * The agent inbox page in Chromium against the real server and the 1919 demo: a WhatsApp
 * subscriber asks for an agent, the contact shows up live, the agent signs in, takes it, reads
 * its context and history, replies (the fake Graph API receives it), sees the next message
 * arrive and hands the conversation back to the bot; a supervisor watches the counts move.
 * Then voice contacts: service order, ticking waits, the call's context, transfer, close with an
 * outcome, and the callback list; a supervisor's queue settings; and, on a second server with
 * callbacks out against a fake jambonz API, the call Griot places for a callback.
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
const pageErrors: string[] = [];

async function openInbox(chromium: Browser, url: string, username: string): Promise<Page> {
  const context = await chromium.newContext({ locale: 'fr-FR', viewport: { width: 1440, height: 900 } });
  // A missing element fails its step with Playwright's message rather than the test's timeout.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${username}: ${e.message}`));
  await page.goto(`${url}/agent`);
  await page.getByLabel('Identifiant').fill(username);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: 'Files d’attente' }).waitFor();
  // Marks this document: were the page reloaded, the mark would be gone.
  await page.evaluate('window.inboxNotReloaded = true');
  return page;
}

let calls = 0;
/** A voice call handed over by the engine's hook, as the 1919 flow's handoff node does it. */
async function voiceHandoff(server: TestServer, number: string, priority: number, queue = 'support-en', locale = 'en'): Promise<void> {
  const session = { v: 1, flowId: 'selfcare-1919', flowVersion: 1, channel: 'voice', locale, caller: { number }, vars: {}, wait: null, path: [], status: 'handoff', turns: 4 } as Session;
  const now = new Date().toISOString();
  const record: SessionRecord = { key: `voice:CA-inbox-${++calls}`, session, bindingId: null, environment: 'production', preview: false, createdAt: now, updatedAt: now, expiresAt: now };
  const effect: HandoffEffect = {
    type: 'handoff', node: 'handoff', queue, priority, reason: 'Help request',
    context: { callerNumber: number, locale, channel: 'voice', reason: 'Help request', flowId: 'selfcare-1919', flowVersion: 1, path: ['language', 'mainMenu', 'handoff'], variables: { segment: priority < 999 ? 'vip' : 'regular' } },
  };
  await server.services.handoff.hooks.requested(record, session, effect);
}

describe.skipIf(missing !== null)('agent inbox in Chromium', { timeout: 30_000 }, () => {
  let graph: FakeGraphServer;
  let server: TestServer;
  let browser: Browser;
  let agent: Page;
  let supervisor: Page;

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
    agent = await openInbox(browser, server.url, 'awa');
    supervisor = await openInbox(browser, server.url, 'sena');
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
    const queueNumbers = (page: Page, queue: string) => page.locator(`section.queue[data-queue="${queue}"] .contact strong`).allInnerTexts();

    it('lists waiting callers by priority, then arrival, with waits that tick', async () => {
      await voiceHandoff(server, '+2290197000021', 999);
      await voiceHandoff(server, '+2290197000022', 999);
      await voiceHandoff(server, '+2290197000023', 1);
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
  });

  describe('queue settings', () => {
    const settingsOf = async (queue: string) => ((await server.admin.get('/api/agent/queues')).body as Array<{ queue: string; settings: Record<string, unknown> }>).find((q) => q.queue === queue)?.settings;
    const formOf = (queue: string) => supervisor.getByRole('form', { name: queue, exact: true });
    const day = (queue: string, name: string) => formOf(queue).getByRole('group', { name, exact: true });

    it('lets a supervisor set a queue’s threshold, hours, holidays and what callers get when it is closed', async () => {
      // Agents do not get the settings.
      expect(await agent.getByRole('heading', { name: 'Réglages des files' }).isHidden()).toBe(true);
      await supervisor.locator('details.queue-settings[data-queue="support-fr"] summary').click();
      const form = formOf('support-fr');
      expect(await form.getByRole('status').innerText()).toBe('Réglages par défaut, jamais enregistrés.');
      const threshold = form.getByRole('group', { name: 'Proposer un rappel après' });
      expect([await threshold.getByLabel('minutes').inputValue(), await threshold.getByLabel('secondes').inputValue()]).toEqual(['2', '0']);
      expect(await form.getByLabel('Fuseau horaire').inputValue()).toBe('Africa/Porto-Novo');
      expect(await form.getByLabel('Toujours ouverte').isChecked()).toBe(true);

      await threshold.getByLabel('minutes').fill('5');
      await threshold.getByLabel('secondes').fill('30');
      // Leaving "always open" starts from working days, 08:00–18:00.
      await form.getByLabel('Toujours ouverte').uncheck();
      expect(await day('support-fr', 'vendredi').getByLabel('Fermeture').inputValue()).toBe('18:00');
      expect(await day('support-fr', 'samedi').innerText()).toContain('Fermé');
      const monday = day('support-fr', 'lundi');
      await monday.getByLabel('Fermeture').fill('12:00');
      await monday.getByRole('button', { name: 'Ajouter un créneau' }).click();
      await monday.getByLabel('Ouverture').nth(1).fill('14:00');
      await monday.getByLabel('Fermeture').nth(1).fill('18:00');
      await day('support-fr', 'mercredi').getByRole('button', { name: 'Retirer le créneau' }).click();
      // Sunday evening until midnight: a closing time of 00:00.
      await day('support-fr', 'dimanche').getByRole('button', { name: 'Ajouter un créneau' }).click();
      await day('support-fr', 'dimanche').getByLabel('Ouverture').fill('20:00');
      await day('support-fr', 'dimanche').getByLabel('Fermeture').fill('00:00');
      const holidayDate = form.getByRole('group', { name: 'Jours fériés (file fermée)' }).getByLabel('Date');
      await holidayDate.fill('2026-12-25');
      await holidayDate.press('Enter');
      await holidayDate.fill('2026-08-01');
      await form.getByRole('button', { name: 'Ajouter', exact: true }).click();
      await holidayDate.fill('2026-05-01');
      await holidayDate.press('Enter');
      await form.getByRole('button', { name: 'Retirer vendredi 1 mai 2026' }).click();
      expect(await form.locator('.holiday-list li').allInnerTexts()).toEqual([expect.stringContaining('samedi 1 août 2026'), expect.stringContaining('vendredi 25 décembre 2026')]);
      await form.getByLabel(/Proposer un rappel aux appelants/).check();
      await form.getByRole('button', { name: 'Enregistrer' }).click();

      await poll(() => form.getByRole('status').innerText()).toBe('Réglages de support-fr enregistrés.');
      const workday = [{ open: '08:00', close: '18:00' }];
      expect(await settingsOf('support-fr')).toMatchObject({
        callbackAfterSeconds: 330, timezone: 'Africa/Porto-Novo',
        weeklyHours: { mon: [{ open: '08:00', close: '12:00' }, { open: '14:00', close: '18:00' }], tue: workday, wed: [], thu: workday, fri: workday, sat: [], sun: [{ open: '20:00', close: '24:00' }] },
        holidays: ['2026-08-01', '2026-12-25'], whenClosed: 'callback', updatedBy: 'sena',
      });
      expect(await supervisor.locator('details.queue-settings[data-queue="support-fr"] summary').innerText()).toContain('rappel après 5 min 30 s · horaires · Africa/Porto-Novo · 2 jour(s) férié(s)');
    });

    it('shows the API’s error next to the form, on the field at fault, for an unknown time zone', async () => {
      const form = formOf('support-fr');
      const zone = form.getByLabel('Fuseau horaire');
      await zone.fill('Afrique/Cotonou');
      await form.getByRole('button', { name: 'Enregistrer' }).click();
      const alert = form.getByRole('alert');
      await poll(() => alert.innerText()).toContain('Fuseau horaire : fuseau inconnu ; donnez un nom IANA, par exemple Africa/Porto-Novo.');
      expect(await alert.innerText()).toContain('timezone: an IANA time zone such as Africa/Porto-Novo');
      expect(await zone.getAttribute('aria-invalid')).toBe('true');
      expect(await supervisor.evaluate('document.activeElement.value')).toBe('Afrique/Cotonou');
      expect(await settingsOf('support-fr')).toMatchObject({ timezone: 'Africa/Porto-Novo' });

      // A period that closes before it opens is caught before the API.
      await zone.fill('Africa/Lagos');
      await day('support-fr', 'mardi').getByLabel('Fermeture').fill('07:00');
      await form.getByRole('button', { name: 'Enregistrer' }).click();
      await poll(() => alert.innerText()).toContain('Heures d’ouverture, mardi : chaque créneau a une ouverture et une fermeture');
      expect(await zone.getAttribute('aria-invalid')).toBeNull();

      await form.getByRole('button', { name: 'Annuler les modifications' }).click();
      expect(await zone.inputValue()).toBe('Africa/Porto-Novo');
      expect(await day('support-fr', 'mardi').getByLabel('Fermeture').inputValue()).toBe('18:00');
      expect(await alert.innerText()).toBe('');
    });

    it('follows another supervisor’s change live, and sets up a queue that has no contacts yet', async () => {
      const changed = await server.admin.put('/api/agent/queues/support-fr/settings', { callbackAfterSeconds: 45, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [] });
      expect(changed.status).toBe(200);
      const threshold = formOf('support-fr').getByRole('group', { name: 'Proposer un rappel après' });
      await poll(() => threshold.getByLabel('secondes').inputValue()).toBe('45');
      expect(await threshold.getByLabel('minutes').inputValue()).toBe('0');
      expect(await formOf('support-fr').getByLabel('Toujours ouverte').isChecked()).toBe(true);

      // While the supervisor types, a change from elsewhere does not wipe it out: the form says so.
      await threshold.getByLabel('minutes').fill('3');
      await server.admin.put('/api/agent/queues/support-fr/settings', { callbackAfterSeconds: 50, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [] });
      await poll(() => formOf('support-fr').locator('.note').innerText()).toMatch(/^Modifiés entre-temps par \S+ : enregistrer remplacera leurs changements\.$/);
      expect(await threshold.getByLabel('minutes').inputValue()).toBe('3');
      await formOf('support-fr').getByRole('button', { name: 'Annuler les modifications' }).click();
      expect([await threshold.getByLabel('minutes').inputValue(), await threshold.getByLabel('secondes').inputValue()]).toEqual(['0', '50']);
      expect(await formOf('support-fr').locator('.note').isHidden()).toBe(true);

      await supervisor.getByLabel('Régler une autre file').fill('ventes');
      await supervisor.getByRole('button', { name: 'Ouvrir' }).click();
      const form = formOf('ventes');
      await form.getByRole('group', { name: 'Proposer un rappel après' }).getByLabel('minutes').fill('1');
      await form.getByRole('button', { name: 'Enregistrer' }).click();
      await poll(() => form.getByRole('status').innerText()).toContain('Réglages de ventes enregistrés.');
      expect(await settingsOf('ventes')).toMatchObject({ callbackAfterSeconds: 60, weeklyHours: {}, holidays: [], updatedBy: 'sena' });
      expect((await settingsOf('ventes'))?.whenClosed).toBeUndefined();
    });

    it('speaks English when asked, down to the days and the holidays', async () => {
      await supervisor.getByLabel('Langue').selectOption('en');
      const form = formOf('ventes');
      await poll(() => form.getByRole('group', { name: 'Opening hours' }).count()).toBe(1);
      await form.getByLabel('Always open').uncheck();
      expect(await form.getByRole('group', { name: 'Monday', exact: true }).getByLabel('Opens').inputValue()).toBe('08:00');
      expect(await form.getByRole('status').innerText()).toMatch(/^Saved by sena on /);
      await supervisor.getByLabel('Language').selectOption('fr');
      await poll(() => form.getByRole('group', { name: 'lundi', exact: true }).count()).toBe(1);
      await form.getByRole('button', { name: 'Annuler les modifications' }).click();
      expect(await form.getByLabel('Toujours ouverte').isChecked()).toBe(true);
    });
  });

  it('tells how Griot’s call for a callback goes, and why it failed, in the callback list', async () => {
    // The page's own rendering module, run in the page, over every state of `lastCall`.
    const items = await agent.evaluate(`(async () => {
      const { renderCallbacks } = await import('/agent/callbackList.js');
      const base = { queue: 'support-fr', reason: 'Rappel', requestedAt: '2026-11-20T10:00:00.000Z', locale: 'fr' };
      const call = (status, extra = {}) => ({ status, attempt: 2, sid: 'CA-1', from: '+22921300000', at: '2026-11-20T10:05:00.000Z', ...extra });
      const root = document.createElement('ul');
      renderCallbacks(root, [
        { ...base, id: 'placed', number: '+2290197000031', status: 'taken', attempts: 2, agent: 'awa', lastCall: call('placed') },
        { ...base, id: 'other', number: '+2290197000032', status: 'taken', attempts: 2, agent: 'kofi', lastCall: call('placed') },
        { ...base, id: 'answered', number: '+2290197000033', status: 'taken', attempts: 2, agent: 'awa', lastCall: call('answered') },
        { ...base, id: 'completed', number: '+2290197000034', status: 'taken', attempts: 2, agent: 'awa', lastCall: call('completed') },
        { ...base, id: 'noAnswer', number: '+2290197000035', status: 'failed', attempts: 2, agent: 'awa', lastCall: call('failed', { reason: 'no_answer' }) },
        { ...base, id: 'refused', number: '+2290197000036', status: 'failed', attempts: 2, agent: 'awa', lastCall: call('failed', { reason: 'jambonz_refused', detail: 'jambonz answered 401: invalid api key' }) },
        { ...base, id: 'agent', number: '+2290197000037', status: 'failed', attempts: 2, agent: 'awa', lastCall: call('failed', { reason: 'agent_unavailable' }) },
        { ...base, id: 'retried', number: '+2290197000038', status: 'pending', attempts: 2, lastCall: call('failed', { reason: 'busy' }) },
        { ...base, id: 'stale', number: '+2290197000039', status: 'taken', attempts: 3, agent: 'awa', lastCall: call('placed') },
        { ...base, id: 'byHand', number: '+2290197000040', status: 'taken', attempts: 1, agent: 'awa' },
      ], { me: 'awa', act: () => {} });
      return [...root.children].map((li) => ({ id: li.dataset.callbackId, call: li.querySelector('.call')?.textContent ?? null, dial: li.querySelector('a[href^="tel:"]') !== null }));
    })()`);
    expect(items).toEqual([
      { id: 'placed', call: 'Griot appelle +2290197000031 et vous mettra en relation.', dial: false },
      { id: 'other', call: 'Griot appelle +2290197000032 et mettra en relation kofi.', dial: false },
      { id: 'answered', call: '+2290197000033 a décroché : Griot vous met en relation.', dial: false },
      { id: 'completed', call: 'Appel terminé : marquez le rappel fait ou en échec.', dial: false },
      { id: 'noAnswer', call: 'L’appel de Griot n’a pas abouti : l’abonné n’a pas répondu.', dial: false },
      { id: 'refused', call: 'L’appel de Griot n’a pas abouti : jambonz a refusé l’appel (clé d’API, compte ou requête à vérifier par l’exploitation). Détail : jambonz answered 401: invalid api key', dial: false },
      { id: 'agent', call: 'L’appel de Griot n’a pas abouti : le conseiller n’a pas décroché ; l’abonné en a été informé.', dial: false },
      { id: 'retried', call: 'Tentative précédente : la ligne de l’abonné était occupée.', dial: false },
      // The call of an earlier attempt says nothing about this one; without callbacks out the agent dials.
      { id: 'stale', call: null, dial: true },
      { id: 'byHand', call: null, dial: true },
    ]);
  });

  it('took the whole tour without a page error', () => {
    expect(pageErrors).toEqual([]);
  });
});

/**
 * Callbacks out: the agent takes a callback in the page, Griot places the call through (a local
 * fake of) jambonz's REST API, and the page says so; a call that does not go through turns the
 * request failed with the reason in words, live.
 */
describe.skipIf(missing !== null)('callbacks placed by Griot, in Chromium', { timeout: 30_000 }, () => {
  const SECRET = 'jambonz-inbox-secret';
  const ACCOUNT = '9351f46a-678c-43f5-b8a6-d4eb58d131af';
  const API_KEY = '2c6b8b7e-0c1f-4a1e-9a53-5f8d0e3c7a10';
  let fake: FakeJambonzApi;
  let server: TestServer;
  let browser: Browser;
  let agent: Page;
  let awa: ApiClient;

  async function freePort(): Promise<number> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return port;
  }

  beforeAll(async () => {
    fake = await startFakeJambonzApi({ accountSid: ACCOUNT, apiKey: API_KEY, webhookSecret: SECRET });
    // jambonz calls Griot's hooks back at its public URL: it must be the server's own.
    const port = await freePort();
    server = await startTestServer({
      env: {
        PORT: String(port), GRIOT_DEMO: '1', GRIOT_PUBLIC_URL: `http://127.0.0.1:${port}`, JAMBONZ_WEBHOOK_SECRET: SECRET,
        JAMBONZ_API_BASE_URL: `${fake.url}/v1`, JAMBONZ_ACCOUNT_SID: ACCOUNT, JAMBONZ_API_KEY: API_KEY, JAMBONZ_API_TIMEOUT_MS: '1000',
        GRIOT_CALLBACK_FROM: '+22921300000', GRIOT_CALLBACK_AGENT_TARGET: 'sip:{{agent}}@agents.example.bj',
      },
    });
    awa = await userWithRoles(server, 'awa', ['agent']);
    browser = await launchChromium();
    agent = await openInbox(browser, server.url, 'awa');
  }, 60_000);

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    const file = `${process.env.GRIOT_TEST_ARTIFACTS ?? '/tmp'}/agent-inbox-callbacks-out-${context.task.name.replace(/\W+/g, '-')}.png`;
    await agent?.screenshot({ path: file, fullPage: true }).catch(() => {});
    console.error(`[screenshot] ${file}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await fake?.close();
  });

  it('shows the call Griot places when the agent takes a callback, then why it failed, and places a new one on retry', async () => {
    const number = '+2290197000051';
    await voiceHandoff(server, number, 999, 'support-fr', 'fr');
    const queues = (await awa.get('/api/agent/queues')).body as Array<{ contacts: Array<{ id: string; callerNumber: string }> }>;
    const contact = queues.flatMap((q) => q.contacts).find((c) => c.callerNumber === number)!;
    expect((await awa.post(`/api/agent/contacts/${contact.id}/callback`)).status).toBe(201);
    const item = agent.locator('#callbacks li', { hasText: number });
    await poll(() => item.innerText()).toContain('à rappeler');

    await item.getByRole('button', { name: 'Prendre' }).click();
    await poll(() => item.locator('.call').innerText()).toBe(`Griot appelle ${number} et vous mettra en relation.`);
    expect(await item.innerText()).toContain('en cours');
    // Griot dials: no number to dial by hand; the screen reader hears it too.
    expect(await item.getByRole('link', { name: 'Appeler' }).count()).toBe(0);
    await poll(() => agent.locator('#announce').innerText()).toBe(`Griot appelle ${number} et vous mettra en relation.`);
    const call = fake.calls.at(-1)!;
    expect(call.body).toMatchObject({ from: '+22921300000', to: { type: 'phone', number } });

    // The subscriber does not answer: jambonz says so, and the page shows why, live.
    await fake.status(call, 'no-answer');
    await poll(() => item.locator('.call').innerText()).toContain('L’appel de Griot n’a pas abouti : l’abonné n’a pas répondu.');
    // What jambonz reported, for whoever looks further.
    expect(await item.locator('.call-detail').innerText()).toBe('Détail : SIP 487');
    expect(await item.innerText()).toContain('échec');
    await poll(() => agent.locator('#announce').innerText()).toContain('l’abonné n’a pas répondu');

    // Retry: the previous attempt's reason stays in sight; jambonz is down this time.
    await item.getByRole('button', { name: 'Relancer' }).click();
    await poll(() => item.locator('.call').innerText()).toBe('Tentative précédente : l’abonné n’a pas répondu.');
    fake.failNext({ status: 503, body: { msg: 'no available feature servers at this time' } });
    await item.getByRole('button', { name: 'Prendre' }).click();
    await poll(() => item.locator('.call').innerText()).toContain('L’appel de Griot n’a pas abouti : jambonz est injoignable ou n’a pas répondu à temps');
    expect(await item.locator('.call-detail').innerText()).toContain('503');

    await item.getByRole('button', { name: 'Relancer' }).click();
    await item.getByRole('button', { name: 'Prendre' }).click();
    await poll(() => item.locator('.call').innerText()).toBe(`Griot appelle ${number} et vous mettra en relation.`);
    expect(fake.calls.at(-1)!.sid).not.toBe(call.sid);
    expect(pageErrors).toEqual([]);
  });
});
