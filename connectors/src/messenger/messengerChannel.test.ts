import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Flow, lintFlow } from '@griot/flows';
import { MemoryLedger } from '../messaging/MemoryLedger.ts';
import type { MessagingLedger } from '../messaging/ledger.ts';
import { InterpreterPort } from '../messaging/testing/InterpreterPort.ts';
import { menuFlow } from '../messaging/testing/menuFlow.ts';
import { ReplyNotDeliveredError } from '../channel/ReplyNotDeliveredError.ts';
import { signBody } from '../whatsapp/testing/signBody.ts';
import { createMessenger } from './createMessenger.ts';
import { readMessengerConfig } from './messengerConfig.ts';
import { messengerReplies } from './messengerReplies.ts';
import { inboxIdOf, type MessengerChannel, type ProcessedEvent } from './MessengerChannel.ts';
import { startFakeMessengerGraph, type FakeMessengerGraph } from './testing/fakeMessengerGraph.ts';
import { postMessengerWebhook } from './testing/postWebhook.ts';
import {
  attachmentMessage,
  batch,
  delivery,
  echo,
  getStartedFromLink,
  postback,
  quickReply,
  referral,
  stickerMessage,
  textMessage,
  type MessengerWebhook,
  type Sender,
} from './testing/webhookFixtures.ts';

const SECRET = 'test-app-secret';
const TOKEN = 'page-token';
const PAGE = '200000000000001';
const PSID = '1254459154682919';
const KEY = `messenger:${PAGE}:${PSID}`;
const HOUR = 3_600_000;

interface Harness {
  url: string;
  graph: FakeMessengerGraph;
  port: InterpreterPort;
  ledger: MessagingLedger;
  channel: MessengerChannel;
  processed: ProcessedEvent[];
  clock: { now: number };
  idle: () => Promise<void>;
  /** Signs and posts like Meta, telling the fake Send API the person just wrote. */
  send: (body: MessengerWebhook) => Promise<Response>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function harness(flow: Flow = menuFlow(3), env: Record<string, string> = {}, options: { ledger?: MessagingLedger; port?: InterpreterPort } = {}): Promise<Harness> {
  const clock = { now: Date.now() };
  const now = () => clock.now;
  const graph = await startFakeMessengerGraph({ pageAccessToken: TOKEN, now });
  const port = options.port ?? new InterpreterPort({ [flow.id]: flow }).bind({ id: 'messenger-demo', channel: 'messenger', address: PAGE, flowId: flow.id });
  const ledger = options.ledger ?? new MemoryLedger(now);
  const processed: ProcessedEvent[] = [];
  const config = readMessengerConfig({
    MESSENGER_VERIFY_TOKEN: 'verify-me',
    MESSENGER_APP_SECRET: SECRET,
    MESSENGER_PAGE_ACCESS_TOKEN: TOKEN,
    MESSENGER_GRAPH_BASE_URL: graph.url,
    MESSENGER_SEND_TIMEOUT_MS: '2000',
    ...env,
  });
  const { router, channel } = createMessenger({
    port,
    bindings: port,
    ledger,
    config,
    defaultInactivityMinutes: 30,
    publicBaseUrl: 'https://griot.example',
    now,
    onProcessed: (e) => processed.push(e),
    inbox: { backoff: { baseMs: 20, maxMs: 50, jitter: 0 } },
    sendBackoff: { baseMs: 5, maxMs: 10, jitter: 0 },
  });
  channel.start();
  const app = express().use(router);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  cleanups.push(async () => {
    server.close();
    await channel.close();
    await graph.close();
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const send = (body: MessengerWebhook) => {
    for (const event of body.entry.flatMap((e) => e.messaging)) graph.subscriberWrote(event.sender.id, event.timestamp);
    return postMessengerWebhook(url, body, SECRET);
  };
  return { url, graph, port, ledger, channel, processed, clock, idle: () => channel.queue.idle(), send };
}

const sender = (h: Harness, extra: Sender = {}): Sender => ({ pageId: PAGE, psid: PSID, timestamp: h.clock.now, ...extra });
const to = (graph: FakeMessengerGraph, psid = PSID) =>
  graph
    .sent()
    .filter((r) => r.body.recipient.id === psid)
    .map((r) => r.body);

describe('Messenger webhook', () => {
  it('answers the verification handshake only with the right token', async () => {
    const { url } = await harness();
    const ok = await fetch(`${url}/messenger/webhook?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444`);
    expect([ok.status, await ok.text()]).toEqual([200, '1158201444']);
    expect((await fetch(`${url}/messenger/webhook?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`)).status).toBe(403);
  });

  it('refuses a missing or forged signature, and everything without an app secret, processing nothing', async () => {
    const h = await harness();
    const body = textMessage('Bonjour', sender(h));
    const unsigned = await fetch(`${h.url}/messenger/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(unsigned.status).toBe(401);
    expect((await postMessengerWebhook(h.url, body, SECRET, signBody('another-secret', JSON.stringify(body)))).status).toBe(403);
    // Signed over other bytes than those sent (the same JSON re-serialised differently): refused.
    const spaced = JSON.stringify(body, null, 1);
    const resigned = await fetch(`${h.url}/messenger/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(SECRET, JSON.stringify(body)) },
      body: spaced,
    });
    expect(resigned.status).toBe(403);
    await h.idle();
    expect(h.port.calls).toEqual([]);
    expect(await h.ledger.listInbound({ states: ['received', 'processed', 'failed'], limit: 10 })).toEqual([]);

    const unconfigured = await harness(menuFlow(3), { MESSENGER_APP_SECRET: '' });
    expect((await postMessengerWebhook(unconfigured.url, body, SECRET)).status).toBe(403);
    await unconfigured.idle();
    expect(unconfigured.port.calls).toEqual([]);
  });

  it('answers 200 at once, then shows the language menu as quick replies carrying the flow’s option ids', async () => {
    const h = await harness();
    const response = await h.send(textMessage('Bonjour', sender(h)));
    expect([response.status, await response.text()]).toEqual([200, 'EVENT_RECEIVED']);
    const [request] = await h.graph.waitForSent(1);
    expect(request).toMatchObject({ version: 'v25.0', authorization: `Bearer ${TOKEN}` });
    expect(request!.body).toEqual({
      messaging_type: 'RESPONSE',
      recipient: { id: PSID },
      message: {
        text: 'Pour le français, tapez 1.\n\nFor English, press 2.',
        quick_replies: [
          { content_type: 'text', title: 'Français', payload: 'fr' },
          { content_type: 'text', title: 'English', payload: 'en' },
        ],
      },
    });
  });

  it('answers a message dated past what a date can hold (was 503: Meta re-delivered it)', async () => {
    const h = await harness();
    // Milliseconds the Page webhook's schema takes (a safe integer), past the last JavaScript date.
    const response = await h.send(textMessage('Bonjour', sender(h, { timestamp: 9_000_000_000_000_000 })));
    expect(response.status).toBe(200);
    const [request] = await h.graph.waitForSent(1);
    expect(request!.body.message.text).toBe('Pour le français, tapez 1.\n\nFor English, press 2.');
  });

  it('answers a quick reply pressed and a postback button pressed', async () => {
    const h = await harness();
    await h.send(textMessage('Bonjour', sender(h)));
    await h.send(quickReply('fr', 'Français', sender(h)));
    await h.idle();
    expect(
      to(h.graph)
        .at(-1)
        ?.message.quick_replies.map((q: { payload: string }) => q.payload),
    ).toEqual(['opt1', 'opt2', 'agent']);
    await h.send(postback('opt2', 'Code PUK', sender(h)));
    await h.idle();
    expect(to(h.graph).at(-1)?.message.text).toBe('Vous avez choisi Code PUK.\n\nQue voulez-vous faire ?');
  });

  it('shows twelve options as quick replies (thirteen fit), where WhatsApp would need numbered text', async () => {
    const h = await harness(menuFlow(12));
    await h.send(textMessage('Bonjour', sender(h)));
    await h.send(quickReply('fr', 'Français', sender(h)));
    await h.idle();
    expect(to(h.graph).at(-1)?.message.quick_replies).toHaveLength(12);
  });

  it('answers a message delivered twice once, and a postback without a mid likewise', async () => {
    const h = await harness();
    const hello = textMessage('Bonjour', sender(h));
    await h.send(hello);
    await h.idle();
    expect((await h.send(hello)).status).toBe(200);
    await h.idle();
    expect(to(h.graph)).toHaveLength(1);
    const old = postback('fr', 'Français', { ...sender(h), mid: null });
    await h.send(old);
    await h.send(structuredClone(old));
    await h.idle();
    expect(to(h.graph)).toHaveLength(2);
    expect(h.port.calls.filter((c) => c.op === 'start')).toHaveLength(1);
    expect(h.port.calls.filter((c) => c.event?.type === 'choice')).toHaveLength(1);
  });

  it('answers every good event of a batch, whatever the others: a guest without PSID, garbage, echoes, deliveries', async () => {
    const h = await harness();
    const [a, b] = ['1111111111111111', '2222222222222222'];
    const body = batch(
      textMessage('Bonjour', sender(h, { psid: a })),
      echo('Que voulez-vous faire ?', sender(h, { psid: a })),
      delivery(['m_earlier'], sender(h, { psid: a })),
      textMessage('Salut', sender(h, { psid: b })),
    );
    (body.entry[0]!.messaging as unknown[]).splice(1, 0, { sender: { user_ref: 'guest' }, recipient: { id: PAGE }, timestamp: h.clock.now, message: { mid: 'm_g', text: 'x' } }, 42);
    for (const id of [a, b]) h.graph.subscriberWrote(id, h.clock.now);
    expect((await postMessengerWebhook(h.url, body, SECRET)).status).toBe(200);
    await h.graph.waitForSent(2);
    await h.idle();
    expect(to(h.graph, a)).toHaveLength(1);
    expect(to(h.graph, b)).toHaveLength(1);
    expect(h.graph.sent()).toHaveLength(2);
  });

  it('takes the Like button’s thumbs-up as an « OK » needing no answer, where it was told « je ne peux lire que du texte »; another sticker still is', async () => {
    const h = await harness();
    await h.send(textMessage('Bonjour', sender(h)));
    await h.idle();
    const before = to(h.graph).length;
    for (const like of [369239263222822, 369239343222814, 369239383222810]) await h.send(stickerMessage(like, sender(h)));
    await h.idle();
    expect(to(h.graph)).toHaveLength(before);
    await h.send(stickerMessage(126362180888618, sender(h)));
    await h.idle();
    expect(to(h.graph).at(-1)?.message).toEqual({ text: expect.stringContaining('je ne peux lire que du texte') });
  });

  it('answers a picture politely in a live conversation', async () => {
    const h = await harness();
    await h.send(textMessage('Bonjour', sender(h)));
    await h.send(attachmentMessage('image', sender(h)));
    await h.idle();
    expect(to(h.graph).at(-1)?.message).toEqual({ text: expect.stringContaining('je ne peux lire que du texte') });
  });

  it('keys the conversation and the caller by the page-scoped id, even one that reads like a Beninese number', async () => {
    const h = await harness();
    const psid = '2290197000001';
    await h.send(textMessage('Bonjour', sender(h, { psid })));
    await h.idle();
    expect(h.port.sessions.get(`messenger:${PAGE}:${psid}`)?.caller.number).toBe(`messenger:${psid}`);
  });

  it('records the events before answering 200, and answers 503 (Meta re-delivers) when it cannot', async () => {
    const failing = new MemoryLedger();
    failing.recordInbound = async () => {
      throw new Error('disk full');
    };
    const h = await harness(menuFlow(3), {}, { ledger: failing });
    const response = await h.send(textMessage('Bonjour', sender(h)));
    expect(response.status).toBe(503);
    await h.idle();
    expect(h.port.calls).toEqual([]);
  });

  it('waits out Meta’s rate limit and sends the reply once', async () => {
    const h = await harness();
    h.graph.failNext({ code: 613 }, { code: 4, status: 403 });
    await h.send(textMessage('Bonjour', sender(h)));
    await h.graph.waitForSent(1);
    await h.idle();
    expect(to(h.graph)).toHaveLength(1);
    expect(h.processed.at(-1)?.report).toMatchObject({ outcome: 'replied', sent: 1 });
  });

  it('gives up at once on a person who blocked the Page (551): listed as failed, not tried again', async () => {
    const h = await harness();
    h.graph.block(PSID);
    const hello = textMessage('Bonjour', sender(h));
    await h.send(hello);
    await expect.poll(async () => (await h.ledger.listInbound({ states: ['failed'], limit: 10 })).map((r) => r.id)).toEqual([inboxIdOf({ messageId: hello.entry[0]!.messaging[0]!.message!.mid })]);
    expect(h.graph.requests).toHaveLength(1);
    const [failed] = await h.ledger.listInbound({ states: ['failed'], limit: 1 });
    expect(failed?.lastError).toMatch(/recipientUnavailable/);
  });
});

describe('Messenger: each person has a fair share of the queue', () => {
  it('refuses a person past their share (503: Meta re-delivers) while another still gets in', async () => {
    const h = await harness(menuFlow(3), { MESSENGER_MAX_PENDING: '5', MESSENGER_MAX_PENDING_PER_SENDER: '3' });
    const flooder = '7000000000000666';
    // The Send API holds the flooder's first reply: their first event stays in processing, the next ones wait behind it.
    h.graph.failNext({ delayMs: 1_000 });
    const answers: number[] = [];
    for (let i = 0; i < 6; i += 1) answers.push((await h.send(textMessage(`boucle ${i}`, sender(h, { psid: flooder })))).status);
    expect(answers).toEqual([200, 200, 200, 503, 503, 503]);
    expect((await h.send(textMessage('Bonjour', sender(h)))).status).toBe(200);
    await h.idle();
    expect(to(h.graph)).toHaveLength(1);
    expect(h.processed.filter((e) => e.message.from === `messenger:${flooder}`)).toHaveLength(3);
  });
});

/** The engine in memory, with the runtime's answer to whether an agent holds the contact. */
class AgentAwarePort extends InterpreterPort {
  async waitsForAgent(key: string): Promise<boolean> {
    return this.sessions.get(key)?.status === 'handoff';
  }
}

describe('Messenger « Get Started »', () => {
  async function inMenu(env: Record<string, string> = {}) {
    const flow = menuFlow(3);
    const port = new AgentAwarePort({ [flow.id]: flow }).bind({ id: 'messenger-demo', channel: 'messenger', address: PAGE, flowId: flow.id });
    const h = await harness(flow, env, { port });
    await h.send(textMessage('Bonjour', sender(h)));
    await h.send(quickReply('fr', 'Français', sender(h)));
    await h.idle();
    const menu = to(h.graph).at(-1)!;
    expect(menu.message.text).toBe('Que voulez-vous faire ?');
    return { h, menu, port };
  }

  it('begins again at the Get Started button mid-conversation, where each press counted as a wrong answer and the third handed the subscriber to an agent', async () => {
    const { h, menu, port } = await inMenu();
    for (let press = 0; press < 3; press += 1) {
      const before = to(h.graph).length;
      const getStarted = postback('GET_STARTED', 'Get Started', sender(h));
      expect((await h.send(getStarted)).status).toBe(200);
      // Delivered again by Meta: begun again once.
      expect((await h.send(structuredClone(getStarted))).status).toBe(200);
      await h.idle();
      // The menu from the start (French remembered), never « Je vous passe un conseiller ».
      expect(to(h.graph).slice(before)).toEqual([menu]);
    }
    expect(port.calls.slice(3).map((c) => [c.op, c.reason ?? c.event ?? null])).toEqual([
      ['end', 'restarted'],
      ['start', null],
      ['end', 'restarted'],
      ['start', null],
      ['end', 'restarted'],
      ['start', null],
    ]);
  });

  it('reads the payload the operator gave the button (MESSENGER_GET_STARTED_PAYLOAD)', async () => {
    const { h, menu, port } = await inMenu({ MESSENGER_GET_STARTED_PAYLOAD: 'DEMARRER' });
    const before = to(h.graph).length;
    const calls = port.calls.length;
    await h.send(postback('DEMARRER', 'Démarrer', sender(h)));
    await h.idle();
    expect(to(h.graph).slice(before)).toEqual([menu]);
    expect(port.calls.slice(calls).map((c) => c.op)).toEqual(['end', 'start']);
  });

  it('gives Get Started to the agent who holds the conversation, as the subscriber’s words', async () => {
    const { h, port } = await inMenu();
    await h.send(quickReply('agent', 'Conseiller', sender(h)));
    await h.idle();
    const before = port.calls.length;
    await h.send(postback('GET_STARTED', 'Démarrer', sender(h)));
    await h.idle();
    expect(port.calls.slice(before).map((c) => [c.op, c.event ?? null])).toEqual([['handle', { type: 'text', text: 'Démarrer' }]]);
  });
});

describe('Messenger m.me links (« m.me/<page>?ref=offre-noel »)', () => {
  /** A flow that greets by where the subscriber came from, then asks their language. */
  const campaignFlow = (): Flow => {
    const base = menuFlow(3);
    return Flow.parse({
      ...base,
      id: 'campaign-test',
      nodes: [...base.nodes, { id: 'hello', type: 'message', prompt: { fr: { text: 'Bienvenue, campagne {{caller.source}}.' } } }],
      edges: [
        ...base.edges.filter((e) => e.id !== 'e_start'),
        { id: 'e_start', source: 'start', output: 'next', target: 'hello' },
        { id: 'e_hello', source: 'hello', output: 'next', target: 'language' },
      ],
    });
  };
  const campaignHarness = async () => {
    const flow = campaignFlow();
    const port = new AgentAwarePort({ [flow.id]: flow }).bind({ id: 'messenger-demo', channel: 'messenger', address: PAGE, flowId: flow.id });
    return harness(flow, {}, { port });
  };
  const greetings = (graph: FakeMessengerGraph, psid = PSID) =>
    to(graph, psid)
      .map((b) => String(b.message.text ?? '').split('\n\n')[0])
      .filter((t) => t?.startsWith('Bienvenue'));

  it('gives the flow the ref of the link a new subscriber followed, with Get Started, as caller.source', async () => {
    expect(lintFlow(campaignFlow()).filter((i) => i.code === 'variable.undefined')).toEqual([]);
    const h = await campaignHarness();
    expect((await h.send(getStartedFromLink('offre-noel', sender(h)))).status).toBe(200);
    await h.idle();
    expect(greetings(h.graph)).toEqual(['Bienvenue, campagne offre-noel.']);
    expect(h.port.sessions.get(KEY)?.caller.source).toBe('offre-noel');
  });

  it('begins again with the new ref when a subscriber already in conversation follows another link (messaging_referrals), once however often Meta delivers it', async () => {
    const h = await campaignHarness();
    await h.send(getStartedFromLink('offre-noel', sender(h)));
    await h.send(quickReply('fr', 'Français', sender(h)));
    await h.idle();
    h.clock.now += 60_000;
    const followed = referral('boutique-cotonou', sender(h));
    expect((await h.send(followed)).status).toBe(200);
    // Meta delivers it again (same event, same time): begun again once.
    expect((await h.send(structuredClone(followed))).status).toBe(200);
    await h.idle();
    expect(h.port.sessions.get(KEY)?.caller.source).toBe('boutique-cotonou');
    expect(greetings(h.graph)).toEqual(['Bienvenue, campagne offre-noel.', 'Bienvenue, campagne boutique-cotonou.']);
    expect(h.port.calls.filter((c) => c.op === 'end').map((c) => c.reason)).toEqual(['restarted']);
    expect(h.port.calls.filter((c) => c.op === 'start')).toHaveLength(2);
  });

  it('ignores a ref Griot does not take (another alphabet, over 64 characters, not a string): never passed on, never echoed', async () => {
    const h = await campaignHarness();
    const hostile: unknown[] = ['<b>x</b>', '{{secret.TOKEN}}', 'a'.repeat(65), 'offre noel', 'offre-noël', "x'+OR+1=1", 42, { ref: 'x' }];
    for (const [i, ref] of hostile.entries()) {
      const psid = String(3_000_000_000_000_000 + i);
      const body = i % 2 === 0 ? getStartedFromLink(ref, sender(h, { psid })) : referral(ref, sender(h, { psid }));
      expect((await h.send(body)).status, String(ref)).toBe(200);
      await h.idle();
      expect(h.port.sessions.get(`messenger:${PAGE}:${psid}`)?.caller.source, String(ref)).toBeUndefined();
      expect(greetings(h.graph, psid), String(ref)).toEqual(['Bienvenue, campagne .']);
    }
    const sent = JSON.stringify(h.graph.sent());
    expect(sent).not.toContain('<b>');
    expect(sent).not.toContain('secret');
    expect(sent).not.toContain('a'.repeat(65));
  });

  it('leaves the contact under way alone when a link without a ref Griot takes is followed mid-flow (an ad, a hostile ref)', async () => {
    const h = await campaignHarness();
    await h.send(getStartedFromLink('offre-noel', sender(h)));
    await h.send(quickReply('fr', 'Français', sender(h)));
    await h.idle();
    const before = h.port.calls.length;
    for (const ref of [undefined, '<b>x</b>', 'a'.repeat(65)]) {
      h.clock.now += 60_000;
      expect((await h.send(referral(ref, sender(h), 'ADS'))).status).toBe(200);
    }
    await h.idle();
    // Nothing ended, nothing begun again: the subscriber's next answer still goes to the menu shown.
    expect(h.port.calls.slice(before)).toEqual([]);
    expect(h.port.sessions.get(KEY)?.caller.source).toBe('offre-noel');
    expect(greetings(h.graph)).toEqual(['Bienvenue, campagne offre-noel.']);
  });

  it('refuses a referral without Meta’s signature, starting nothing', async () => {
    const h = await campaignHarness();
    const body = referral('offre-noel', sender(h));
    expect((await postMessengerWebhook(h.url, body, SECRET, signBody('not-the-app-secret', JSON.stringify(body)))).status).toBe(403);
    await h.idle();
    expect(h.port.calls).toEqual([]);
    expect(h.graph.sent()).toEqual([]);
  });

  it('leaves the agent who holds the conversation alone when the subscriber follows a link: nothing begins again, no words for them', async () => {
    const h = await campaignHarness();
    await h.send(getStartedFromLink('offre-noel', sender(h)));
    await h.send(quickReply('fr', 'Français', sender(h)));
    await h.send(quickReply('agent', 'Conseiller', sender(h)));
    await h.idle();
    expect(h.port.sessions.get(KEY)?.status).toBe('handoff');
    const before = h.port.calls.length;
    h.clock.now += 60_000;
    await h.send(referral('boutique-cotonou', sender(h)));
    await h.idle();
    expect(h.port.calls.slice(before)).toEqual([]);
    expect(h.port.sessions.get(KEY)?.caller.source).toBe('offre-noel');
  });
});

describe('agents on Messenger', () => {
  async function handedOver() {
    const h = await harness();
    await h.send(textMessage('Bonjour', sender(h)));
    await h.send(quickReply('fr', 'Français', sender(h)));
    await h.send(quickReply('agent', 'Conseiller', sender(h)));
    await h.idle();
    const replies = messengerReplies(() => h.channel);
    const target = { sessionKey: KEY, channel: 'messenger' as const, callerNumber: `messenger:${PSID}`, locale: 'fr' };
    return { h, replies, target };
  }

  it('within 24 hours, an agent’s reply goes as a response', async () => {
    const { h, replies, target } = await handedOver();
    await replies.sendAgentText(target, 'Bonjour, ici Awa.', 'awa');
    expect(to(h.graph).at(-1)).toEqual({ messaging_type: 'RESPONSE', recipient: { id: PSID }, message: { text: 'Bonjour, ici Awa.' } });
  });

  it('after 24 hours, within 7 days, it goes tagged HUMAN_AGENT; the flow’s own turn does not go', async () => {
    const { h, replies, target } = await handedOver();
    h.clock.now += 30 * HOUR;
    expect(await replies.canReach!(target)).toBe(true);
    await replies.sendAgentText(target, 'Votre SIM est débloquée.', 'awa');
    expect(to(h.graph).at(-1)).toEqual({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', recipient: { id: PSID }, message: { text: 'Votre SIM est débloquée.' } });
    const sent = h.graph.sent().length;
    // Said as never going (outside the window): the runtime logs it and does not try again.
    const refused = await replies
      .sendBotTurn(target, { effects: [{ type: 'say', node: 'bye', locale: 'fr', text: 'Au revoir.' }], session: { flowId: 'menu-test', turns: 4 } })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ reason: 'outsideWindow' });
    expect(h.graph.sent()).toHaveLength(sent);
  });

  it('after 7 days, the agent is told it cannot go, and nothing is sent', async () => {
    const { h, replies, target } = await handedOver();
    h.clock.now += 8 * 24 * HOUR;
    expect(await replies.canReach!(target)).toBe(false);
    const requests = h.graph.requests.length;
    const refused = await replies.sendAgentText(target, 'Toujours là ?', 'awa').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ReplyNotDeliveredError);
    expect(refused).toMatchObject({ reason: 'outsideWindow' });
    expect(h.graph.requests).toHaveLength(requests);
  });

  it('splits an agent’s long reply within Messenger’s 2,000 characters', async () => {
    const { h, replies, target } = await handedOver();
    const long = 'Voici la marche à suivre pour débloquer votre carte SIM. '.repeat(60).trim();
    await replies.sendAgentText(target, long, 'awa');
    const parts = to(h.graph)
      .slice(-2)
      .map((b) => b.message.text as string);
    expect(parts.every((p) => p.length <= 2000)).toBe(true);
    expect(parts.join(' ')).toBe(long);
  });
});
