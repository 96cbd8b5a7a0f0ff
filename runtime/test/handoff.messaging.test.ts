import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { postWebhook, startFakeGraphServer, whatsappWebhooks as wa, type FakeGraphServer } from '@griot/connectors/messaging/testing';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';
import { openEventStream, type StreamEvent } from './helpers/eventStream.ts';

/**
 * A WhatsApp conversation handed to an agent on the 1919 demo: the subscriber's words reach the
 * agent while the bot stays silent, the agent's reply goes out on WhatsApp (a fake Graph API
 * catches it), and after the release the bot asks the satisfaction question there too.
 * The inbox hears about it all as Server-Sent Events.
 */
const APP_SECRET = 'whatsapp-handoff-secret';
const PHONE_NUMBER_ID = '100000000000001';
const WA_ID = '2290197000001';
const sender = { phoneNumberId: PHONE_NUMBER_ID, waId: WA_ID, name: 'Afiavi' };
const KEY = `whatsapp:${PHONE_NUMBER_ID}:${WA_ID}`;

let graph: FakeGraphServer;
let server: TestServer;
let agent: ApiClient;

beforeAll(async () => {
  graph = await startFakeGraphServer({ accessToken: 'handoff-graph-token' });
  server = await startTestServer({
    env: {
      GRIOT_DEMO: '1',
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: 'v',
      WHATSAPP_ACCESS_TOKEN: 'handoff-graph-token',
      WHATSAPP_GRAPH_BASE_URL: graph.url,
      WHATSAPP_GRAPH_VERSION: 'v21.0',
    },
  });
  agent = await userWithRoles(server, 'awa', ['agent']);
});
afterAll(async () => {
  await server.stop();
  await graph.close();
});

const send = (body: unknown) => postWebhook(server.url, body, APP_SECRET);
const waitsAt = async () => (await server.store.getSession(KEY, new Date().toISOString()))?.session.wait?.node;
const graphCount = () => graph.sent().filter((r) => r.body.to === WA_ID).length;

/** Reads Server-Sent Events from the inbox stream until `until` accepts one. */
async function nextEvent(cookie: string, until: (event: StreamEvent) => boolean, trigger: () => Promise<unknown>) {
  const stream = await openEventStream(`${server.url}/api/agent/events`, { cookie });
  expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
  await trigger();
  try {
    for (;;) {
      const event = await stream.next();
      if (event === 'ended') throw new Error('the event stream ended');
      if (until(event)) return event;
    }
  } finally {
    stream.close();
  }
}

describe('a WhatsApp conversation with an agent', () => {
  let contactId = '';

  it('queues the conversation, and the inbox hears of it live', async () => {
    await send(wa.textMessage('Bonjour', sender));
    await expect.poll(waitsAt).toBe('language');
    await send(wa.buttonReply('fr', 'Français', sender));
    await expect.poll(waitsAt).toBe('mainMenu');
    const login = await server.anonymous.post('/api/auth/login', { username: 'awa', password: 'correct horse battery' });
    const sessionCookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const event = await nextEvent(
      sessionCookie,
      (e) => e.type === 'contact' && e.data.status === 'waiting',
      () => send(wa.textMessage('Je veux un conseiller', sender)),
    );
    expect(event.data).toMatchObject({ type: 'contact', queue: 'support-fr', status: 'waiting' });
    contactId = event.data.id;
    const queues = (await agent.get('/api/agent/queues')).body as any[];
    expect(queues.find((q) => q.queue === 'support-fr').contacts[0]).toMatchObject({ id: contactId, channel: 'whatsapp', callerNumber: '+2290197000001', sessionKey: KEY });
  });

  it('keeps the subscriber’s words for the agent while the bot stays silent', async () => {
    await expect.poll(waitsAt).toBe('handoff');
    await new Promise((r) => setTimeout(r, 100));
    const before = graphCount();
    await send(wa.textMessage('Mon forfait internet ne marche plus', sender));
    await expect.poll(async () => (await agent.get(`/api/agent/contacts/${contactId}`)).body.messages.length).toBe(1);
    await new Promise((r) => setTimeout(r, 150));
    expect(graphCount()).toBe(before);
    const taken = await agent.post(`/api/agent/contacts/${contactId}/take`);
    expect(taken.body).toMatchObject({ status: 'assigned', agent: 'awa', reason: "Demande d'assistance" });
    const detail = (await agent.get(`/api/agent/contacts/${contactId}`)).body;
    expect(detail.messages).toEqual([expect.objectContaining({ from: 'subscriber', text: 'Mon forfait internet ne marche plus' })]);
    expect(detail.contact.history).toEqual(expect.any(Array));
  });

  it('shows the agent what the subscriber and the bot said before the handover, up to it', async () => {
    const { botTurns } = (await agent.get(`/api/agent/contacts/${contactId}`)).body as { botTurns: { from: string; text: string }[] };
    const subscriber = botTurns.filter((t) => t.from === 'subscriber').map((t) => t.text);
    // The message that opened the contact first, then the language button by the name it showed, not its id.
    expect(subscriber).toEqual(['Bonjour', 'Français', 'Je veux un conseiller']);
    const bot = botTurns.filter((t) => t.from === 'bot').map((t) => t.text);
    expect(bot.length).toBeGreaterThan(1);
    expect(botTurns[0]).toMatchObject({ from: 'subscriber', text: 'Bonjour' });
    expect(botTurns[1]).toMatchObject({ from: 'bot', text: 'Choisissez votre langue.' });
    expect(botTurns.at(-1)).toMatchObject({ from: 'bot', text: 'Nous vous mettons en relation avec un conseiller. Merci de patienter.' });
    // What the subscriber wrote to the agent is a message, not a bot turn.
    expect(JSON.stringify(botTurns)).not.toContain('Mon forfait internet');
  });

  it('sends the agent’s reply through the channel and records it', async () => {
    const reply = await agent.post(`/api/agent/contacts/${contactId}/messages`, { text: 'Je regarde votre forfait.' });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ delivered: true, message: { from: 'agent', author: 'awa' } });
    await expect
      .poll(
        () =>
          graph
            .sent()
            .filter((r) => r.body.to === WA_ID)
            .at(-1)?.body,
      )
      .toMatchObject({ type: 'text', text: { body: 'Je regarde votre forfait.' } });
    expect((await agent.get(`/api/agent/contacts/${contactId}`)).body.messages.map((m: any) => m.from)).toEqual(['subscriber', 'agent']);
  });

  it('hands back to the bot, whose next prompt is the satisfaction question', async () => {
    const released = await agent.post(`/api/agent/contacts/${contactId}/release`);
    expect(released.status).toBe(200);
    expect(released.body.contact).toMatchObject({ status: 'closed', outcome: 'released' });
    expect(released.body.prompts.join(' ')).toContain('quelle note donnez-vous à ce service');
    await expect
      .poll(() =>
        JSON.stringify(
          graph
            .sent()
            .filter((r) => r.body.to === WA_ID)
            .at(-1)?.body,
        ),
      )
      .toContain('quelle note donnez-vous');
    // The rating ends the contact; the caller's history names the agent.
    await send(wa.buttonReply('5', '5 - Très satisfait', sender));
    await expect.poll(async () => (await server.store.getCaller('+2290197000001'))?.contacts.at(-1)).toMatchObject({ channel: 'whatsapp', agent: 'awa', reason: "Demande d'assistance" });
    expect((await agent.post(`/api/agent/contacts/${contactId}/take`)).status).toBe(409);
  });
});

describe('an agent closing a WhatsApp conversation', () => {
  const other = { phoneNumberId: PHONE_NUMBER_ID, waId: '2290197000002', name: 'Koffi' };
  const otherKey = `whatsapp:${PHONE_NUMBER_ID}:${other.waId}`;
  const toOther = () =>
    graph
      .sent()
      .filter((r) => r.body.to === other.waId)
      .at(-1)?.body;
  const hour = 3_600_000;
  const period = () => `from=${new Date(Date.now() - hour).toISOString()}&to=${new Date(Date.now() + hour).toISOString()}`;

  it('asks the subscriber the flow’s satisfaction question, and counts their answer for the agent', async () => {
    await send(wa.textMessage('Bonjour', other));
    await expect.poll(async () => (await server.store.getSession(otherKey, new Date().toISOString()))?.session.wait?.node).toBe('language');
    await send(wa.buttonReply('fr', 'Français', other));
    await expect.poll(async () => (await server.store.getSession(otherKey, new Date().toISOString()))?.session.wait?.node).toBe('mainMenu');
    await send(wa.textMessage('Je veux un conseiller', other));
    const contact = async () => ((await agent.get('/api/agent/queues')).body as any[]).flatMap((q) => q.contacts).find((c: any) => c.sessionKey === otherKey);
    await expect.poll(contact).toBeTruthy();
    const id = (await contact()).id as string;
    const bruno = await userWithRoles(server, 'bruno', ['agent']);
    expect((await bruno.post(`/api/agent/contacts/${id}/take`)).status).toBe(200);
    expect((await bruno.post(`/api/agent/contacts/${id}/messages`, { text: 'Votre forfait est réactivé.' })).status).toBe(201);

    const closed = await bruno.post(`/api/agent/contacts/${id}/close`, { outcome: 'resolved' });
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'resolved', agent: 'bruno' });
    await expect.poll(() => JSON.stringify(toOther())).toContain('quelle note donnez-vous');

    await send(wa.buttonReply('4', '4 - Satisfait', other));
    await expect.poll(async () => (await server.store.getCaller('+2290197000002'))?.contacts.at(-1)).toMatchObject({ channel: 'whatsapp', agent: 'bruno', outcome: 'resolved' });
    // An agent's scores are the supervisors' to read.
    const sena = await userWithRoles(server, 'sena', ['supervisor']);
    await expect
      .poll(async () => (await sena.get(`/api/flows/selfcare-1919/analytics?${period()}`)).body.csat.byAgent)
      .toEqual(expect.arrayContaining([expect.objectContaining({ agent: 'bruno', answered: 1, average: 4 })]));
  });

  it('ends the conversation with the goodbye when the flow after the close fails', async () => {
    const fourth = { phoneNumberId: PHONE_NUMBER_ID, waId: '2290197000004', name: 'Yao' };
    const fourthKey = `whatsapp:${PHONE_NUMBER_ID}:${fourth.waId}`;
    const waitingAt = async () => (await server.store.getSession(fourthKey, new Date().toISOString()))?.session.wait?.node;
    await send(wa.textMessage('Bonjour', fourth));
    await expect.poll(waitingAt).toBe('language');
    await send(wa.buttonReply('fr', 'Français', fourth));
    await expect.poll(waitingAt).toBe('mainMenu');
    await send(wa.textMessage('Je veux un conseiller', fourth));
    const contact = async () => ((await agent.get('/api/agent/queues')).body as any[]).flatMap((q) => q.contacts).find((c: any) => c.sessionKey === fourthKey);
    await expect.poll(contact).toBeTruthy();
    const id = (await contact()).id as string;
    expect((await agent.post(`/api/agent/contacts/${id}/take`)).status).toBe(200);

    vi.spyOn(server.services.conversations, 'handle').mockRejectedValueOnce(new Error('the flow store is unreachable'));
    const closed = await agent.post(`/api/agent/contacts/${id}/close`, { outcome: 'resolved' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'resolved', agent: 'awa' });
    await expect
      .poll(
        () =>
          graph
            .sent()
            .filter((r) => r.body.to === fourth.waId)
            .at(-1)?.body,
      )
      .toMatchObject({ type: 'text', text: { body: expect.stringContaining('Merci de nous avoir contactés') } });
    // No longer in the handoff: the subscriber's next message starts over with the bot.
    await expect.poll(waitingAt).toBeUndefined();
  });

  it('says goodbye in the subscriber’s language when the contact is closed before an agent took it', async () => {
    const third = { phoneNumberId: PHONE_NUMBER_ID, waId: '2290197000003', name: 'Ama' };
    const thirdKey = `whatsapp:${PHONE_NUMBER_ID}:${third.waId}`;
    const waitingAt = async () => (await server.store.getSession(thirdKey, new Date().toISOString()))?.session.wait?.node;
    await send(wa.textMessage('Hello', third));
    await expect.poll(waitingAt).toBe('language');
    await send(wa.buttonReply('en', 'English', third));
    await expect.poll(waitingAt).toBe('mainMenu');
    await send(wa.textMessage('I want an agent', third));
    const contact = async () => ((await agent.get('/api/agent/queues')).body as any[]).flatMap((q) => q.contacts).find((c: any) => c.sessionKey === thirdKey);
    await expect.poll(contact).toBeTruthy();
    const closed = await agent.post(`/api/agent/contacts/${(await contact()).id}/close`, { outcome: 'no_answer' });
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'no_answer' });
    await expect
      .poll(
        () =>
          graph
            .sent()
            .filter((r) => r.body.to === third.waId)
            .at(-1)?.body,
      )
      .toMatchObject({ type: 'text', text: { body: expect.stringContaining('Thank you for contacting us') } });
    await expect.poll(waitingAt).toBeUndefined();
  });

  it('says the flow’s own goodbye to a Fon subscriber, written in the flow’s settings, not a French or English one', async () => {
    const FON_GOODBYE = 'Akpé ɖé mi ylɔ́ mǐ. Xó ɔ ɔ́ wá vivɔ́.';
    const draft = (await server.admin.get('/api/flows/selfcare-1919/draft')).body;
    const document = { ...draft.document, settings: { ...draft.document.settings, agentGoodbye: { fon: FON_GOODBYE } } };
    expect((await server.admin.put('/api/flows/selfcare-1919/draft', { revision: draft.revision, document })).status).toBe(200);
    const published = await server.admin.post('/api/flows/selfcare-1919/publish', { message: 'Au revoir en fon' });
    const version = published.body.number as number;
    expect(published.status).toBe(201);
    const promoted = await server.admin.post('/api/flows/selfcare-1919/environments/production', { version });
    expect(promoted.status, JSON.stringify(promoted.body)).toBe(200);

    const fourth = { phoneNumberId: PHONE_NUMBER_ID, waId: '2290196000044', name: 'Sènan' };
    const fourthKey = `whatsapp:${PHONE_NUMBER_ID}:${fourth.waId}`;
    const waitingAt = async () => (await server.store.getSession(fourthKey, new Date().toISOString()))?.session.wait?.node;
    await send(wa.textMessage('Kúdo', fourth));
    await expect.poll(waitingAt).toBe('language');
    await send(wa.buttonReply('fon', 'Fon', fourth));
    await expect.poll(waitingAt).toBe('mainMenu');
    await send(wa.listReply('agent', 'Conseiller', undefined, fourth));
    const contact = async () => ((await agent.get('/api/agent/queues')).body as any[]).flatMap((q) => q.contacts).find((c: any) => c.sessionKey === fourthKey);
    await expect.poll(contact).toBeTruthy();
    expect((await contact()).locale).toBe('fon');
    // What the agent reads of it: the opening message, then the options by the labels shown in Fon.
    const { botTurns } = (await agent.get(`/api/agent/contacts/${(await contact()).id}`)).body as { botTurns: { from: string; text: string }[] };
    expect(botTurns.filter((t) => t.from === 'subscriber').map((t) => t.text)).toEqual(['Kúdo', 'Fon', 'Conseiller']);
    expect((await agent.post(`/api/agent/contacts/${(await contact()).id}/close`, { outcome: 'no_answer' })).body).toMatchObject({ status: 'closed' });
    await expect
      .poll(
        () =>
          graph
            .sent()
            .filter((r) => r.body.to === fourth.waId)
            .at(-1)?.body,
      )
      .toMatchObject({ type: 'text', text: { body: FON_GOODBYE } });
  });
});
