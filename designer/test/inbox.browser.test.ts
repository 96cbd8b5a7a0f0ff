import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readableNumber } from '@griot/flows';
import { postWebhook, startFakeGraphServer, whatsappWebhooks as wa, type FakeGraphServer } from '@griot/connectors/messaging/testing';
import { startFakeJambonzApi, type FakeJambonzApi } from '@griot/connectors/voice/testing';
import { DEMO_WHATSAPP_PHONE_NUMBER_ID } from '../../runtime/src/demo/demoDefaults.ts';
import { READ_DEADLINE_MS } from '../src/api/client.ts';
import { chromiumMissing, launchChromium, signInAt as signInAsUser, untilStill } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { seedWaitingContact } from './support/waitingContact.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[inbox browser tests skipped] ${missing}`);

/**
 * The agent inbox, a page of the designer, in Chromium against the real server and the 1919
 * demo. Each role signs in at `/` in French and lands where it works: the agent in the inbox,
 * the supervisor on the supervisor's board, the editor on the flows (not offered "Mettre en
 * production"). A WhatsApp subscriber asks for an agent: the contact shows up live, the agent
 * reads its context (the flow's node names) and history, takes it, replies (the fake Graph API
 * receives it), hands it back to the bot, then closes a second conversation with an outcome
 * from the list, which the next contact's history shows translated. Then voice contacts:
 * service order, ticking waits, transfer, callbacks; the supervisor's queue settings; and the
 * server's refusals, in French.
 */
const APP_SECRET = 'whatsapp-inbox-secret';
const PHONE_NUMBER_ID = DEMO_WHATSAPP_PHONE_NUMBER_ID;
const WA_ID = '2290197000011';
const NUMBER = `+${WA_ID}`;
/** The number as the inbox shows it, grouped for reading. */
const SHOWN = '+229 01 97 00 00 11';
const sender = { phoneNumberId: PHONE_NUMBER_ID, waId: WA_ID, name: 'Afiavi' };
const KEY = `whatsapp:${PHONE_NUMBER_ID}:${WA_ID}`;
/** The page answers within a few hundred milliseconds; a busy machine gets more. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });
/**
 * For what a read of the contact shows while the test routes the page's requests: Playwright then
 * holds every request of the page, and one caught as the route is removed may never be answered;
 * the page gives such a read up at its deadline and reads again (inboxStuckRead.browser.test.ts).
 */
const pollPastADeadline = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: READ_DEADLINE_MS + 10_000, interval: 50 });
const pageErrors: string[] = [];

/** Every time of the inbox is the browser's: a zone other than the queues' (Africa/Porto-Novo). */
function signInAt(browser: Browser, url: string, user: { username: string; password: string }): Promise<Page> {
  return signInAsUser(browser, url, user, { timezoneId: 'Europe/Paris', viewport: { width: 1440, height: 900 }, pageErrors });
}

let calls = 0;
/** A voice call handed over by the engine's hook, as the 1919 flow's handoff node does it. */
function voiceHandoff(server: GriotServer, number: string, priority: number, queue = 'support-en', locale = 'en'): Promise<unknown> {
  const variables = { segment: priority < 999 ? 'vip' : 'regular' };
  return seedWaitingContact(server, { caller: number, channel: 'voice', key: `voice:CA-inbox-${++calls}`, queue, priority, locale, reason: 'Help request', variables, turns: 4 });
}

describe.skipIf(missing !== null)('the agent inbox in the designer, in Chromium', { timeout: 40_000 }, () => {
  let graph: FakeGraphServer;
  let server: GriotServer;
  let browser: Browser;
  let agent: Page;
  let supervisor: Page;

  beforeAll(async () => {
    graph = await startFakeGraphServer({ accessToken: 'inbox-graph-token' });
    server = await startGriot({
      demo: true,
      env: {
        WHATSAPP_APP_SECRET: APP_SECRET,
        WHATSAPP_VERIFY_TOKEN: 'v',
        WHATSAPP_ACCESS_TOKEN: 'inbox-graph-token',
        WHATSAPP_GRAPH_BASE_URL: graph.url,
        WHATSAPP_GRAPH_VERSION: 'v21.0',
      },
    });
    const awa = await createUser(server, 'awa', ['agent']);
    const sena = await createUser(server, 'sena', ['supervisor']);
    // The subscriber called last month; the agent then typed "résolu", before outcomes were a list.
    await server.running.store.putCaller({
      number: NUMBER,
      contacts: [{ at: '2026-10-05T09:30:00.000Z', channel: 'voice', reason: 'Code PUK', outcome: 'résolu', agent: 'kofi' }],
      variables: {},
      createdAt: '2026-10-05T09:00:00.000Z',
      updatedAt: '2026-10-05T09:30:00.000Z',
    });
    browser = await launchChromium();
    agent = await signInAt(browser, server.url, awa);
    supervisor = await signInAt(browser, server.url, sena);
  }, 90_000);

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    for (const [name, page] of [
      ['agent', agent],
      ['supervisor', supervisor],
    ] as const) {
      const file = `${process.env.GRIOT_TEST_ARTIFACTS ?? '/tmp'}/inbox-${name}-${context.task.name.replace(/\W+/g, '-')}.png`;
      await page?.screenshot({ path: file, fullPage: true }).catch(() => {});
      console.error(`[screenshot] ${file}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await graph?.close();
  });

  const send = (body: unknown) => postWebhook(server.url, body, APP_SECRET);
  const waitsAt = async () => (await server.running.store.getSession(KEY, new Date().toISOString()))?.session.wait?.node;
  const lastToSubscriber = () =>
    graph
      .sent()
      .filter((r) => r.body.to === WA_ID)
      .at(-1)?.body;
  const rowOf = (page: Page, number: string) => page.locator(`#inbox-queues button.contact[data-caller="${number}"]`);
  /** A cell of the supervisor's table (1 queue, 2 waiting, 3 longest wait, 4 agents busy, 5 callbacks pending); null while absent. */
  const boardCell = async (queue: string, column: number) => {
    const cell = supervisor.locator(`.supervisor-board tr[data-queue="${queue}"] > :nth-child(${column})`);
    return (await cell.count()) ? cell.textContent() : null;
  };
  const detail = () => agent.locator('#inbox-detail');
  const statusLine = () => detail().locator('.status-line').innerText();

  describe('each role lands where it works, in French', () => {
    it('takes an agent who signs in at / to the inbox, in French, without an error', async () => {
      expect(new URL(agent.url()).pathname).toBe('/agent');
      await agent.getByRole('heading', { name: 'Files d’attente' }).waitFor();
      expect(await agent.getAttribute('html', 'lang')).toBe('fr');
      expect(await agent.getByRole('heading', { name: 'Rappels' }).isVisible()).toBe(true);
      expect(await agent.getByRole('alert').count()).toBe(0);
      // An agent is offered neither the flows nor the supervisor's board.
      expect(await agent.getByRole('navigation').count()).toBe(0);
      await agent.evaluate('window.inboxNotReloaded = true');
    });

    it('takes a supervisor to the supervisor’s board, with the inbox one click away', async () => {
      expect(new URL(supervisor.url()).pathname).toBe('/agent/supervision');
      await supervisor.getByRole('heading', { name: 'Supervision', exact: true }).waitFor();
      expect(await supervisor.getByRole('heading', { name: 'Réglages des files' }).isVisible()).toBe(true);
      const nav = supervisor.getByRole('navigation');
      expect(await nav.getByRole('link').allInnerTexts()).toEqual(['Parcours', 'Boîte de réception', 'Supervision']);
      expect(await nav.getByRole('link', { name: 'Supervision' }).getAttribute('aria-current')).toBe('page');
      await supervisor.evaluate('window.inboxNotReloaded = true');
    });

    it('tells an agent who opens the flows that it needs another role, rather than failing', async () => {
      const page = await agent.context().newPage();
      await page.goto(`${server.url}/flows/selfcare-1919`);
      await poll(() => page.getByRole('alert').innerText()).toBe('Cette page demande le rôle Lecteur.');
      await page.getByRole('button', { name: 'Retour à mon espace' }).click();
      await page.getByRole('heading', { name: 'Files d’attente' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/agent');
      await page.close();
    });
  });

  describe('a WhatsApp conversation', () => {
    it('shows the subscriber who asks for an agent, live, in the inbox and on the board', async () => {
      await send(wa.textMessage('Bonjour', sender));
      await poll(waitsAt).toBe('language');
      await send(wa.buttonReply('fr', 'Français', sender));
      await poll(waitsAt).toBe('mainMenu');
      expect(await rowOf(agent, NUMBER).count()).toBe(0);

      await send(wa.textMessage('Je veux un conseiller', sender));
      await rowOf(agent, NUMBER).waitFor();
      await poll(() => rowOf(agent, NUMBER).innerText()).toContain('WhatsApp');
      expect(await agent.locator('section.queue[data-queue="support-fr"] h3').innerText()).toBe('support-fr');
      // The supervisor's counts follow: one waiting in support-fr, nobody busy.
      await poll(() => boardCell('support-fr', 2)).toBe('1');
      expect(await boardCell('support-fr', 4)).toBe('0');
    });

    it('lets the agent read the context with the flow’s node names, the history translated, the first message, then take it', async () => {
      await poll(waitsAt).toBe('handoff');
      await send(wa.textMessage('Mon forfait internet ne marche plus', sender));
      await rowOf(agent, NUMBER).click();
      await poll(() => detail().locator('h2').innerText()).toBe(`${SHOWN} · ${sender.name}`);
      expect(new URL(agent.url()).pathname).toMatch(/^\/agent\/contacts\/[^/]+$/);
      // The keyboard follows the selection.
      expect(await agent.evaluate('document.activeElement.tagName')).toBe('H2');
      const facts = detail().locator('dl.facts');
      await poll(() => facts.innerText()).toContain("Demande d'assistance");
      const text = await facts.innerText();
      // The language by its name, not its code; the priority in words (the flow editor's 0 is the highest).
      expect(text).toMatch(/Langue\s+français/);
      expect(text).toMatch(/Priorité\s+normale/);
      expect(text).toMatch(/Canal\s+WhatsApp/);
      expect(text).toMatch(/Appelant\s+\+229 01 97 00 00 11/);
      // The flow and where the subscriber went in it, by the names on the canvas, not by ids.
      await poll(() => facts.locator('[data-fact="flow"]').innerText()).toBe('1919 — Service client Griot Telecom (v1)');
      const path = await facts.locator('[data-fact="path"]').innerText();
      expect(path).toMatch(/^Appel ou message entrant › Choix de la langue › Bienvenue › Menu principal › .* › Conseiller$/);
      expect(path).not.toMatch(/mainMenu|handoff/);
      // The outcome typed in French before the list is shown as the outcome it meant.
      expect(await detail().locator('ul.history').innerText()).toMatch(/Voix · Code PUK · Résolu · kofi/);
      // 09:30 UTC, in the browser's zone (Paris, 11:30) and in French, as the waiting time is.
      expect(await detail().locator('ul.history li').last().innerText()).toMatch(/^05\/10\/2026 11:30 · Voix · Code PUK/);
      await poll(() => detail().getByRole('log').innerText()).toContain('Mon forfait internet ne marche plus');
      // What the subscriber and the bot said before, above the conversation, each line marked.
      const withBot = detail().getByRole('region', { name: 'Avant la mise en relation, avec le bot' });
      await poll(() => withBot.locator('li').count()).toBeGreaterThan(3);
      expect(await withBot.locator('li.bot').first().innerText()).toMatch(/^Bot · \d\d:\d\d\s+Choisissez votre langue\.$/);
      // The message that opened the contact, then the language button by the name the subscriber saw.
      expect(await withBot.locator('li.subscriber').allInnerTexts()).toEqual([expect.stringMatching(/Bonjour$/), expect.stringMatching(/Français$/), expect.stringMatching(/Je veux un conseiller$/)]);
      expect(await withBot.innerText()).not.toContain('Mon forfait internet');
      // Not taken yet: no reply box.
      expect(await detail().getByLabel('Réponse').count()).toBe(0);

      await detail().getByRole('button', { name: 'Prendre', exact: true }).click();
      await poll(statusLine).toContain('pris en charge · avec vous');
      await poll(() => rowOf(agent, NUMBER).innerText()).toContain('avec vous');
      await poll(() => boardCell('support-fr', 4)).toBe('1 (awa)');
      expect(await boardCell('support-fr', 2)).toBe('0');
    });

    it('opens the contact from its address, as a link or a reload would', async () => {
      const page = await agent.context().newPage();
      await page.goto(agent.url());
      const opened = page.locator('#inbox-detail');
      await poll(() => opened.locator('h2').innerText()).toBe(`${SHOWN} · ${sender.name}`);
      await poll(() => opened.locator('[data-fact="flow"]').innerText()).toBe('1919 — Service client Griot Telecom (v1)');
      await poll(() => opened.getByRole('log').innerText()).toContain('Mon forfait internet ne marche plus');
      expect(await opened.locator('.status-line').innerText()).toContain('pris en charge · avec vous');
      await page.close();
    });

    it('sends the agent’s reply to the subscriber on WhatsApp', async () => {
      const reply = detail().getByLabel('Réponse');
      await reply.fill('Je regarde votre forfait.');
      await reply.press('Enter');
      await poll(lastToSubscriber).toMatchObject({ type: 'text', text: { body: 'Je regarde votre forfait.' } });
      await poll(() => detail().locator('.msg.agent').innerText()).toContain('Je regarde votre forfait.');
      await poll(() => reply.inputValue()).toBe('');
    });

    it('sends a reply once when its answer was lost and the agent sends it again', async () => {
      const reply = detail().getByLabel('Réponse');
      const text = 'Votre forfait est en cours de vérification.';
      const shown = () => graph.sent().filter((r) => r.body.to === WA_ID && (r.body.text as { body?: string } | undefined)?.body === text).length;
      // The server takes the reply (stored, sent on WhatsApp), but its answer never reaches the page.
      await agent.route(
        '**/api/agent/contacts/*/messages',
        async (route) => {
          await route.fetch();
          await route.abort('connectionreset');
        },
        { times: 1 },
      );
      await reply.fill(text);
      await reply.press('Enter');
      await poll(shown).toBe(1);
      // The page could not know: the text stays, and the agent sends it again.
      await poll(() => detail().getByRole('button', { name: 'Envoyer' }).isEnabled()).toBe(true);
      expect(await reply.inputValue()).toBe(text);
      await reply.press('Enter');
      await poll(() => reply.inputValue()).toBe('');
      expect(shown()).toBe(1);
      await pollPastADeadline(() => detail().locator('.msg.agent', { hasText: text }).count()).toBe(1);
    });

    it('sends an unsent reply once when it goes by itself, however many times the network says it is back', async () => {
      const reply = detail().getByLabel('Réponse');
      const text = 'Je vérifie votre ligne tout de suite.';
      const shown = () => graph.sent().filter((r) => r.body.to === WA_ID && (r.body.text as { body?: string } | undefined)?.body === text).length;
      // The network is down: the reply does not reach the server, and is said unsent.
      await agent.route('**/api/agent/contacts/*/messages', (route) => route.abort('internetdisconnected'), { times: 1 });
      await reply.fill(text);
      await reply.press('Enter');
      await poll(() => detail().getByRole('button', { name: 'Envoyer' }).isEnabled()).toBe(true);
      expect(await reply.inputValue()).toBe(text);
      // Back: \`online\` fired again and again, one task after another (the reply's own answer among them, before the page re-renders).
      await agent.evaluate(
        () =>
          new Promise<void>((resolve) => {
            const end = Date.now() + 3000;
            const pump = new MessageChannel();
            pump.port1.onmessage = () => {
              window.dispatchEvent(new Event('online'));
              if (Date.now() < end) pump.port2.postMessage(0);
              else resolve();
            };
            pump.port2.postMessage(0);
          }),
      );
      await poll(() => reply.inputValue()).toBe('');
      await poll(shown).toBe(1);
      await pollPastADeadline(() => detail().locator('.msg.agent', { hasText: text }).count()).toBe(1);
      expect(shown()).toBe(1);
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
      await poll(statusLine).toContain('terminé · avec vous · rendu au bot');
      await poll(() => boardCell('support-fr', 4)).toBe('0');
      expect(await agent.evaluate('window.inboxNotReloaded')).toBe(true);
      expect(await supervisor.evaluate('window.inboxNotReloaded')).toBe(true);
    });

    it('closes the next conversation with an outcome from the list, and the one after shows it in the history, translated', async () => {
      // The survey, then a new conversation: the subscriber's language is remembered.
      await send(wa.textMessage('5', sender));
      await poll(async () => (await server.running.store.getSession(KEY, new Date().toISOString()))?.session.status ?? 'gone').not.toBe('active');
      await send(wa.textMessage('Bonjour', sender));
      await poll(waitsAt).toBe('mainMenu');
      await send(wa.textMessage('Je veux un conseiller', sender));
      await rowOf(agent, NUMBER).click();
      await detail().getByRole('button', { name: 'Prendre', exact: true }).click();
      await poll(statusLine).toContain('avec vous');
      await detail().getByLabel('Réponse').fill('Nous vous rappelons demain matin.');
      await detail().getByLabel('Réponse').press('Enter');
      await poll(lastToSubscriber).toMatchObject({ text: { body: 'Nous vous rappelons demain matin.' } });

      // The outcomes are a list in the agent's language; nothing is sent before one is picked.
      const outcome = detail().getByLabel('Résultat');
      expect(await outcome.locator('option:not([disabled])').allInnerTexts()).toEqual([
        'Résolu',
        'Non résolu',
        'Transmis à un autre service',
        'Rappel promis',
        'Pas de réponse du client',
        'Mauvais numéro',
        'Autre',
      ]);
      expect(await detail().getByRole('button', { name: 'Clôturer' }).isDisabled()).toBe(true);
      await outcome.selectOption({ label: 'Rappel promis' });
      await detail().getByRole('button', { name: 'Clôturer' }).click();
      await poll(statusLine).toBe('terminé · avec vous · Rappel promis');
      await poll(() => rowOf(agent, NUMBER).count()).toBe(0);
      const [closed] = (await server.running.store.listHandoffContacts({ statuses: ['closed'] })).filter((c) => c.callerNumber === NUMBER && c.outcome !== 'released');
      expect(closed).toMatchObject({ outcome: 'callback_promised', agent: 'awa' });
      // The subscriber is asked the flow's satisfaction question, and answers it.
      await poll(() => JSON.stringify(lastToSubscriber())).toContain('quelle note donnez-vous');
      await send(wa.buttonReply('4', '4 - Satisfait', sender));

      // Next time, the agent reads it in the history, in words.
      await poll(async () => (await server.running.store.getSession(KEY, new Date().toISOString()))?.session.status ?? 'gone').not.toBe('handoff');
      await send(wa.textMessage('Bonjour', sender));
      await poll(waitsAt).toBe('mainMenu');
      await send(wa.textMessage('Je veux un conseiller', sender));
      await rowOf(agent, NUMBER).click();
      await poll(() => detail().locator('ul.history li').first().innerText()).toMatch(/WhatsApp · .* · Rappel promis · awa$/);
    });
  });

  describe('voice contacts and callbacks', () => {
    const queueNumbers = (page: Page, queue: string) => page.locator(`section.queue[data-queue="${queue}"] button.contact strong`).allInnerTexts();

    it('lists waiting callers by priority, then arrival, with waits that tick', async () => {
      await voiceHandoff(server, '+2290197000021', 999);
      await voiceHandoff(server, '+2290197000022', 999);
      await voiceHandoff(server, '+2290197000023', 1);
      await poll(() => queueNumbers(agent, 'support-en')).toEqual(['+229 01 97 00 00 23', '+229 01 97 00 00 21', '+229 01 97 00 00 22']);
      expect(await rowOf(agent, '+2290197000023').innerText()).toContain('prioritaire');
      const waitOf = () => rowOf(agent, '+2290197000021').locator('.wait').innerText();
      const first = await waitOf();
      await expect.poll(waitOf, { timeout: 5000, interval: 100 }).not.toBe(first);
      await poll(() => boardCell('support-en', 2)).toBe('3');
      await poll(() => boardCell('support-en', 3)).not.toBe('0:00');
    });

    it('shows a voice call’s context, without a chat', async () => {
      await rowOf(agent, '+2290197000023').click();
      await poll(() => detail().locator('h2').innerText()).toBe('+229 01 97 00 00 23');
      await poll(() => detail().locator('[data-fact="path"]').innerText()).toBe('Choix de la langue › Menu principal › Conseiller');
      const facts = await detail().locator('dl.facts').innerText();
      expect(facts).toMatch(/Canal\s+Voix/);
      // The variable by its short name and value; the flow's description of it (a sentence) on pointing at it.
      expect(facts).toMatch(/segment : vip/);
      expect(facts).not.toMatch(/Segment commercial fourni/);
      expect(await detail().locator('[data-variable="segment"] code').getAttribute('title')).toMatch(/^Segment commercial fourni par l.opérateur/);
      expect(facts).toMatch(/Priorité\s+prioritaire \(rang 1, 0 = la plus haute\)/);
      expect(await detail().getByText('Appel vocal').isVisible()).toBe(true);
      expect(await detail().getByRole('log').count()).toBe(0);
      await detail().getByRole('button', { name: 'Prendre', exact: true }).click();
      await poll(statusLine).toContain('avec vous');
      // A call is answered on the phone: no reply box and no release, but it can be closed.
      expect(await detail().getByLabel('Réponse').count()).toBe(0);
      expect(await detail().getByRole('button', { name: 'Rendre au bot' }).count()).toBe(0);
      expect(await detail().getByLabel('Résultat').isVisible()).toBe(true);
    });

    it('transfers a contact to another queue, and closes one with an outcome', async () => {
      await rowOf(agent, '+2290197000021').click();
      await poll(() => detail().locator('h2').innerText()).toBe('+229 01 97 00 00 21');
      // A typo finds no queue and cannot be sent: the caller is not moved to a queue nobody answers.
      const picker = detail().getByLabel('Vers la file');
      await picker.fill('suport-fr');
      await poll(() => agent.getByText('Aucune file de ce nom').isVisible()).toBe(true);
      expect(await detail().getByRole('button', { name: 'Transférer' }).isDisabled()).toBe(true);
      // The queues known include those only the flow's handoff node names (`support-{{caller.locale}}` in Fon).
      await picker.fill('support-f');
      await agent.getByRole('option', { name: 'support-fon', exact: true }).click();
      await detail().getByRole('button', { name: 'Transférer' }).click();
      await poll(() => queueNumbers(agent, 'support-fon')).toEqual(['+229 01 97 00 00 21']);
      // The VIP is with awa now: pinned above the queues under « Mes contacts », the waiting caller left in support-en.
      await poll(() => queueNumbers(agent, 'support-en')).toEqual(['+229 01 97 00 00 22']);
      expect(await agent.locator('#inbox-queues .my-contacts button.contact strong').allInnerTexts()).toContain('+229 01 97 00 00 23');
      await poll(() => boardCell('support-fon', 2)).toBe('1');

      await rowOf(agent, '+2290197000023').click();
      await poll(() => detail().locator('h2').innerText()).toBe('+229 01 97 00 00 23');
      await detail().getByLabel('Résultat').selectOption('resolved');
      await detail().getByRole('button', { name: 'Clôturer' }).click();
      await poll(() => rowOf(agent, '+2290197000023').count()).toBe(0);
      const closed = (await server.running.store.listHandoffContacts({ statuses: ['closed'] })).find((c) => c.callerNumber === '+2290197000023');
      expect(closed).toMatchObject({ outcome: 'resolved', agent: 'awa' });
    });

    it('turns a waiting caller into a callback at the time told to the caller, then takes, fails, retries and completes it', async () => {
      await rowOf(agent, '+2290197000022').click();
      await poll(() => detail().locator('h2').innerText()).toBe('+229 01 97 00 00 22');
      await detail().getByRole('button', { name: 'Proposer un rappel' }).click();
      const schedule = agent.getByRole('form', { name: 'Programmer le rappel' });
      // A time in the queue's zone (Porto-Novo), not the browser's (Paris); midnight today has passed.
      await schedule.getByRole('radio', { name: 'Aujourd’hui' }).check();
      const time = schedule.getByLabel('Heure', { exact: true });
      expect(await schedule.innerText()).toContain('heure de la file (Africa/Porto-Novo)');
      await time.fill('00:00');
      await schedule.getByRole('button', { name: 'Programmer le rappel' }).click();
      await poll(() => schedule.getByRole('alert').innerText()).toBe('Cette heure est déjà passée : choisissez-en une plus tard.');
      expect(await time.getAttribute('aria-invalid')).toBe('true');
      await schedule.getByRole('radio', { name: 'Demain' }).check();
      await time.fill('10:30');
      await schedule.getByRole('button', { name: 'Programmer le rappel' }).click();
      const item = agent.locator('#inbox-callbacks li', { hasText: readableNumber('+2290197000022') });
      await poll(() => item.locator('.call-at').innerText()).toBe('à rappeler demain à 10:30');
      // Not due before tomorrow 10:30.
      expect(await item.locator('.call-now').count()).toBe(0);
      const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Africa/Porto-Novo' });
      expect(await item.locator('.call-at').getAttribute('data-call-at')).toBe(new Date(`${tomorrow}T10:30:00+01:00`).toISOString());
      await poll(() => schedule.count()).toBe(0);
      await poll(() => item.innerText()).toContain('à rappeler');
      await poll(() => boardCell('support-en', 5)).toBe('1');

      await item.getByRole('button', { name: 'Prendre' }).click();
      await poll(() => item.innerText()).toContain('en cours');
      expect(await item.getByRole('link', { name: 'Appeler' }).getAttribute('href')).toBe('tel:+2290197000022');
      await poll(() => boardCell('support-en', 5)).toBe('0');
      await item.getByRole('button', { name: 'Échec' }).click();
      await poll(() => item.innerText()).toContain('échec');
      // The keyboard reaches the retry button, and Enter presses it.
      await item.getByRole('button', { name: 'Relancer' }).focus();
      await agent.keyboard.press('Enter');
      await poll(() => item.innerText()).toContain('à rappeler');
      await item.getByRole('button', { name: 'Prendre' }).click();
      await item.getByRole('button', { name: 'Fait' }).click();
      await poll(() => item.count()).toBe(0);
      expect((await server.running.store.listCallbackRequests({ statuses: ['done'] })).map((r) => [r.number, r.attempts])).toEqual([['+2290197000022', 2]]);
    });

    it('takes the next waiting caller of a queue in one click', async () => {
      await agent.getByRole('button', { name: 'Prendre le suivant · support-fon' }).click();
      await poll(() => detail().locator('h2').innerText()).toBe('+229 01 97 00 00 21');
      await poll(statusLine).toContain('avec vous');
      await poll(() => boardCell('support-fon', 4)).toBe('1 (awa)');
      expect(await agent.getByRole('button', { name: 'Prendre le suivant · support-fon' }).isDisabled()).toBe(true);
    });

    it('says in French why the server refused an action, and what to do', async () => {
      // Another agent's contact: the agent is told who has it and is not offered the close form.
      await voiceHandoff(server, '+2290197000024', 999, 'support-fon', 'fr');
      await rowOf(agent, '+2290197000024').click();
      await poll(() => detail().locator('h2').innerText()).toBe('+229 01 97 00 00 24');
      // Kofi takes it just before awa clicks: the server's refusal is shown in French.
      const kofi = await createUser(server, 'kofi', ['agent']);
      const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(kofi) });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      let handled: Promise<void> | undefined;
      await agent.route('**/api/agent/contacts/*/take', (route) => {
        handled = (async () => {
          const id = /contacts\/([^/]+)\/take/.exec(route.request().url())![1]!;
          await fetch(`${server.url}/api/agent/contacts/${id}/take`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
          await route.continue();
        })();
        return handled;
      });
      await detail().getByRole('button', { name: 'Prendre', exact: true }).click();
      // The click returns before the handler has let the request go: unrouting first made
      // route.continue() fail ("Route is already handled") on a loaded machine.
      await poll(() => handled !== undefined).toBe(true);
      await handled;
      await agent.unroute('**/api/agent/contacts/*/take');
      await poll(() => agent.locator('.inbox-notice').innerText()).toBe('Ce contact n’est plus en attente : il est pris en charge.');
      await poll(statusLine).toBe('pris en charge · avec kofi');
      expect(await detail().locator('.not-yours').innerText()).toContain(
        'Ce contact est pris en charge par kofi : lui répondre, le transférer, le rendre au bot ou le clôturer revient à la personne qui le tient ou à un superviseur.',
      );
      expect(await detail().getByLabel('Résultat').count()).toBe(0);
      // Nor the transfer form: the server would refuse it (contact_not_yours).
      expect(await detail().getByLabel('Vers la file').count()).toBe(0);

      // A callback request kofi took is his to mark done or failed (callback_not_yours): awa is offered neither.
      await voiceHandoff(server, '+2290197000025', 999, 'support-fon', 'fr');
      const waiting = (await server.running.store.listHandoffContacts({ statuses: ['waiting'] })).find((c) => c.callerNumber === '+2290197000025')!;
      const asKofi = (path: string) => fetch(`${server.url}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
      const request = (await (await asKofi(`/api/agent/contacts/${waiting.id}/callback`)).json()) as { id: string };
      const item = agent.locator('#inbox-callbacks li', { hasText: readableNumber('+2290197000025') });
      // Asked for as soon as possible: due now, and the list says so until someone takes it.
      await poll(() => item.locator('.call-now').innerText()).toBe('à rappeler maintenant');
      expect((await asKofi(`/api/agent/callbacks/${request.id}/take`)).status).toBe(200);
      await poll(() => item.innerText()).toContain('avec kofi');
      expect(await item.locator('.call-now').count()).toBe(0);
      expect(await item.getByRole('button').count()).toBe(0);
    });
  });

  describe('queue settings', () => {
    const settingsOf = async (queue: string) =>
      (await server.admin<Array<{ queue: string; settings: Record<string, unknown> }>>('GET', '/api/agent/queues')).body.find((q) => q.queue === queue)?.settings;
    const formOf = (queue: string) => supervisor.getByRole('form', { name: queue, exact: true });
    /** Opens a queue's settings by its heading, and waits for the form to be open, as a supervisor does before typing. */
    const openSettings = async (queue: string) => {
      await supervisor.locator(`.queue-settings [data-queue="${queue}"] button`).first().click();
      await untilStill(formOf(queue));
    };
    const day = (queue: string, name: string) => formOf(queue).getByRole('group', { name, exact: true });

    it('lets a supervisor set a queue’s threshold, hours, holidays and what callers get when it is closed', async () => {
      await openSettings('support-fr');
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
        callbackAfterSeconds: 330,
        timezone: 'Africa/Porto-Novo',
        weeklyHours: {
          mon: [
            { open: '08:00', close: '12:00' },
            { open: '14:00', close: '18:00' },
          ],
          tue: workday,
          wed: [],
          thu: workday,
          fri: workday,
          sat: [],
          sun: [{ open: '20:00', close: '24:00' }],
        },
        holidays: ['2026-08-01', '2026-12-25'],
        whenClosed: 'callback',
        updatedBy: 'sena',
      });
      await poll(() => supervisor.locator('.queue-settings [data-queue="support-fr"] .settings-summary').innerText()).toBe('· rappel après 5 min 30 s · horaires · Africa/Porto-Novo · 2 jours fériés');
    });

    it('shows the API’s refusal next to the form, in French, on the field at fault, for an unknown time zone', async () => {
      const form = formOf('support-fr');
      const zone = form.getByLabel('Fuseau horaire');
      await zone.fill('Afrique/Cotonou');
      await form.getByRole('button', { name: 'Enregistrer' }).click();
      const alert = form.getByRole('alert');
      await poll(() => alert.innerText()).toBe('Fuseau horaire : fuseau inconnu ; donnez un nom IANA, par exemple Africa/Porto-Novo.');
      expect(await zone.getAttribute('aria-invalid')).toBe('true');
      expect(await supervisor.evaluate('document.activeElement.value')).toBe('Afrique/Cotonou');
      expect(await settingsOf('support-fr')).toMatchObject({ timezone: 'Africa/Porto-Novo' });

      // A period that closes before it opens is caught before the API.
      await zone.fill('Africa/Lagos');
      await day('support-fr', 'mardi').getByLabel('Fermeture').fill('07:00');
      await form.getByRole('button', { name: 'Enregistrer' }).click();
      await poll(() => alert.innerText()).toContain('Heures d’ouverture, mardi : chaque créneau a une ouverture et une fermeture');
      expect(await zone.getAttribute('aria-invalid')).not.toBe('true');
      expect(await day('support-fr', 'mardi').getByLabel('Fermeture').getAttribute('aria-invalid')).toBe('true');

      await form.getByRole('button', { name: 'Annuler les modifications' }).click();
      expect(await zone.inputValue()).toBe('Africa/Porto-Novo');
      expect(await day('support-fr', 'mardi').getByLabel('Fermeture').inputValue()).toBe('18:00');
      expect(await alert.innerText()).toBe('');
    });

    it('follows another supervisor’s change live, and sets up a queue that has no contacts yet', async () => {
      const changed = await server.admin('PUT', '/api/agent/queues/support-fr/settings', { callbackAfterSeconds: 45, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [] });
      expect(changed.status).toBe(200);
      const threshold = formOf('support-fr').getByRole('group', { name: 'Proposer un rappel après' });
      await poll(() => threshold.getByLabel('secondes').inputValue()).toBe('45');
      expect(await threshold.getByLabel('minutes').inputValue()).toBe('0');
      expect(await formOf('support-fr').getByLabel('Toujours ouverte').isChecked()).toBe(true);

      // While the supervisor types, a change from elsewhere does not wipe it out: the form says so.
      await threshold.getByLabel('minutes').fill('3');
      await server.admin('PUT', '/api/agent/queues/support-fr/settings', { callbackAfterSeconds: 50, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [] });
      await poll(() => formOf('support-fr').locator('.note').innerText()).toMatch(/^Modifiés entre-temps par \S+ : enregistrer remplacera leurs changements\.$/);
      expect(await threshold.getByLabel('minutes').inputValue()).toBe('3');
      await formOf('support-fr').getByRole('button', { name: 'Annuler les modifications' }).click();
      expect([await threshold.getByLabel('minutes').inputValue(), await threshold.getByLabel('secondes').inputValue()]).toEqual(['0', '50']);
      expect(await formOf('support-fr').locator('.note').count()).toBe(0);

      // A supervisor picks among the queues Griot knows (here one the flow hands WhatsApp callers to); typing a name is for admins.
      expect(await supervisor.getByLabel('Nouvelle file, nom libre (administrateurs)').count()).toBe(0);
      await supervisor.getByLabel('Régler une autre file').selectOption('whatsapp-fr');
      await supervisor.getByRole('button', { name: 'Ouvrir' }).click();
      const form = formOf('whatsapp-fr');
      await untilStill(form);
      await form.getByRole('group', { name: 'Proposer un rappel après' }).getByLabel('minutes').fill('1');
      await form.getByRole('button', { name: 'Enregistrer' }).click();
      await poll(() => form.getByRole('status').innerText()).toContain('Réglages de whatsapp-fr enregistrés.');
      expect(await settingsOf('whatsapp-fr')).toMatchObject({ callbackAfterSeconds: 60, weeklyHours: {}, holidays: [], updatedBy: 'sena' });
      expect((await settingsOf('whatsapp-fr'))?.whenClosed).toBeUndefined();
    });

    it('speaks English when asked, down to the days and the holidays, and keeps the choice', async () => {
      await supervisor.locator('label', { hasText: /^EN$/ }).click();
      const form = formOf('whatsapp-fr');
      await poll(() => form.getByRole('group', { name: 'Opening hours' }).count()).toBe(1);
      expect(await supervisor.getAttribute('html', 'lang')).toBe('en');
      await form.getByLabel('Always open').uncheck();
      expect(await form.getByRole('group', { name: 'Monday', exact: true }).getByLabel('Opens').inputValue()).toBe('08:00');
      expect(await form.getByRole('status').innerText()).toMatch(/^Saved by sena on /);
      expect(await supervisor.getByRole('columnheader').allInnerTexts()).toEqual(['Queue', 'Waiting', 'Longest wait', 'Agents busy', 'Callbacks pending', 'Agents']);
      await supervisor.reload();
      await supervisor.getByRole('heading', { name: 'Queue settings' }).waitFor();
      await supervisor.locator('label', { hasText: /^FR$/ }).click();
      await supervisor.getByRole('heading', { name: 'Réglages des files' }).waitFor();
    });

    it('marks a caller due a callback offer with an icon that needs no emoji font, and says it to screen readers', async () => {
      expect((await server.admin('PUT', '/api/agent/queues/rappels/settings', { callbackAfterSeconds: 0, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [] })).status).toBe(200);
      await voiceHandoff(server, '+2290197000031', 999, 'rappels', 'fr');
      const due = rowOf(agent, '+2290197000031').locator('.due');
      await poll(() => due.count()).toBe(1);
      expect(await due.locator('svg').count()).toBe(1);
      expect(await due.innerText()).not.toContain('⏰');
      expect(await due.textContent()).toContain('rappel à proposer');
    });
  });

  it('took the whole tour without a page error', () => {
    expect(pageErrors).toEqual([]);
  });
});

/** Editors are offered only what their role may do, and the server's refusals read in French. */
describe.skipIf(missing !== null)('an editor in the designer, in French', { timeout: 40_000 }, () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const ines = await createUser(server, 'ines', ['editor']);
    browser = await launchChromium();
    page = await signInAt(browser, server.url, ines);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lands on the flows, and is not offered "Mettre en production" (a publisher’s)', async () => {
    await page.locator('.flow-list-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByRole('link', { name: '1919 — Service client Griot Telecom' }).click();
    await page.locator('[data-panel-button="versions"]').click();
    await page.getByRole('button', { name: 'Actions pour la version 1' }).click();
    await page.getByRole('menuitem', { name: 'Mettre en préproduction' }).waitFor();
    expect(await page.getByRole('menuitem', { name: 'Mettre en production' }).count()).toBe(0);
    expect(await page.getByText('Mettre en production').count()).toBe(0);
    await page.keyboard.press('Escape');
  });

  it('reads the server’s refusal to publish an unchanged draft in French, with the version', async () => {
    await page.getByRole('button', { name: 'Publier' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Qu’est-ce qui change ?').fill('Rien de neuf');
    await dialog.getByRole('button', { name: 'Publier' }).click();
    await poll(() => page.locator('.mantine-Notification-root').last().innerText()).toContain('Rien à publier : le brouillon est identique à la version 1.');
    expect(await page.locator('.mantine-Notification-root').last().innerText()).not.toContain('the draft is the same');
  });
});

/**
 * Callbacks out: the agent takes a callback in the inbox, Griot places the call through (a local
 * fake of) jambonz's REST API, and the inbox says so; a call that does not go through turns the
 * request failed with the reason in words, live.
 */
describe.skipIf(missing !== null)('callbacks placed by Griot, in the inbox', { timeout: 40_000 }, () => {
  const SECRET = 'jambonz-inbox-secret';
  const ACCOUNT = '9351f46a-678c-43f5-b8a6-d4eb58d131af';
  const API_KEY = '2c6b8b7e-0c1f-4a1e-9a53-5f8d0e3c7a10';
  let fake: FakeJambonzApi;
  let server: GriotServer;
  let browser: Browser;
  let agent: Page;

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
    server = await startGriot({
      demo: true,
      env: {
        PORT: String(port),
        GRIOT_PUBLIC_URL: `http://127.0.0.1:${port}`,
        JAMBONZ_WEBHOOK_SECRET: SECRET,
        JAMBONZ_API_BASE_URL: `${fake.url}/v1`,
        JAMBONZ_ACCOUNT_SID: ACCOUNT,
        JAMBONZ_API_KEY: API_KEY,
        JAMBONZ_API_TIMEOUT_MS: '1000',
        GRIOT_CALLBACK_FROM: '+22921300000',
        GRIOT_CALLBACK_AGENT_TARGET: 'sip:{{agent}}@agents.example.bj',
      },
    });
    const awa = await createUser(server, 'awa', ['agent']);
    browser = await launchChromium();
    agent = await signInAt(browser, server.url, awa);
    await agent.getByRole('heading', { name: 'Files d’attente' }).waitFor();
  }, 90_000);

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    const file = `${process.env.GRIOT_TEST_ARTIFACTS ?? '/tmp'}/inbox-callbacks-out-${context.task.name.replace(/\W+/g, '-')}.png`;
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
    const queues = (await server.admin<Array<{ contacts: Array<{ id: string; callerNumber: string }> }>>('GET', '/api/agent/queues')).body;
    const contact = queues.flatMap((q) => q.contacts).find((c) => c.callerNumber === number)!;
    expect((await server.admin('POST', `/api/agent/contacts/${contact.id}/callback`)).status).toBe(201);
    const item = agent.locator('#inbox-callbacks li', { hasText: readableNumber(number) });
    await poll(() => item.innerText()).toContain('à rappeler');
    const announced = () => agent.getByTestId('announce').innerText();

    await item.getByRole('button', { name: 'Prendre' }).click();
    await poll(() => item.locator('.call').innerText()).toBe(`Griot appelle ${readableNumber(number)} et vous mettra en relation.`);
    expect(await item.innerText()).toContain('en cours');
    // Griot dials: no number to dial by hand; the screen reader hears it too.
    expect(await item.getByRole('link', { name: 'Appeler' }).count()).toBe(0);
    await poll(announced).toBe(`Griot appelle ${readableNumber(number)} et vous mettra en relation.`);
    const call = fake.calls.at(-1)!;
    expect(call.body).toMatchObject({ from: '+22921300000', to: { type: 'phone', number } });

    // The subscriber does not answer: jambonz says so, and the page shows why, live.
    await fake.status(call, 'no-answer');
    await poll(() => item.locator('.call').innerText()).toContain('L’appel de Griot n’a pas abouti : l’abonné n’a pas répondu.');
    // What jambonz reported, for whoever looks further.
    expect(await item.locator('.call-detail').innerText()).toBe('Détail : SIP 487');
    expect(await item.innerText()).toContain('échec');
    await poll(announced).toContain('l’abonné n’a pas répondu');

    // Retry: the previous attempt's reason stays in sight; jambonz is down this time.
    await item.getByRole('button', { name: 'Relancer' }).click();
    await poll(() => item.locator('.call').innerText()).toBe('Tentative précédente : l’abonné n’a pas répondu.');
    fake.failNext({ status: 503, body: { msg: 'no available feature servers at this time' } });
    await item.getByRole('button', { name: 'Prendre' }).click();
    await poll(() => item.locator('.call').innerText()).toContain('L’appel de Griot n’a pas abouti : jambonz est injoignable ou n’a pas répondu à temps');
    expect(await item.locator('.call-detail').innerText()).toContain('503');

    await item.getByRole('button', { name: 'Relancer' }).click();
    await item.getByRole('button', { name: 'Prendre' }).click();
    await poll(() => item.locator('.call').innerText()).toBe(`Griot appelle ${readableNumber(number)} et vous mettra en relation.`);
    expect(fake.calls.at(-1)!.sid).not.toBe(call.sid);
    expect(pageErrors).toEqual([]);
  });
});
