import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook, startFakeGraphServer, whatsappWebhooks as wa, type FakeGraphServer } from '@griot/connectors/messaging/testing';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * The caller's last channel decides where the agent answers. On the 1919 demo, a caller who last
 * wrote on WhatsApp and asks for an agent by phone is offered to continue there: the call ends
 * politely, WhatsApp opens the conversation (the approved template, since the subscriber's last
 * message is older than 24 hours), and the contact waits in the WhatsApp agent queue, carried
 * over with its place in the flow: the subscriber's words reach the agent, the agent's reply
 * goes out on WhatsApp, and the release brings the satisfaction question there. Without
 * a way to reach them on WhatsApp the caller holds for a voice agent instead.
 */
const JAMBONZ_SECRET = 'jambonz-last-channel';
const APP_SECRET = 'whatsapp-last-channel';
const PHONE_NUMBER_ID = '100000000000001';
const WA_ID = '2290197000003';
const KEY = `whatsapp:${PHONE_NUMBER_ID}:${WA_ID}`;
const twoDaysAgo = () => Math.floor(Date.now() / 1000) - 2 * 86_400;

let graph: FakeGraphServer;
let server: TestServer;
let agent: ApiClient;

beforeAll(async () => {
  graph = await startFakeGraphServer({ accessToken: 'last-channel-token' });
  server = await startTestServer({
    env: {
      GRIOT_DEMO: '1',
      JAMBONZ_WEBHOOK_SECRET: JAMBONZ_SECRET,
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: 'v',
      WHATSAPP_ACCESS_TOKEN: 'last-channel-token',
      WHATSAPP_GRAPH_BASE_URL: graph.url,
      WHATSAPP_GRAPH_VERSION: 'v21.0',
      WHATSAPP_TEMPLATE_NAME: 'griot_reprise',
      WHATSAPP_TEMPLATE_LANGUAGE: 'fr',
    },
  });
  agent = await userWithRoles(server, 'awa', ['agent']);
});
afterAll(async () => {
  await server.stop();
  await graph.close();
});

const toSubscriber = () =>
  graph
    .sent()
    .filter((r) => r.body.to === WA_ID)
    .map((r) => r.body as Record<string, any>);
/** Idempotency keys that reached the subscriber more than once: a message they received twice. */
const sentTwice = () => {
  const keys = toSubscriber().map((body) => body.biz_opaque_callback_data as string);
  return keys.filter((key, i) => keys.indexOf(key) !== i);
};
const waitsAt = async () => (await server.store.getSession(KEY, new Date().toISOString()))?.session.wait?.node;
const sender = (timestamp?: number) => ({ phoneNumberId: PHONE_NUMBER_ID, waId: WA_ID, name: 'Codjo', ...(timestamp ? { timestamp } : {}) });

async function callFor(from: string, callSid: string): Promise<SimulatedCall> {
  const call = new SimulatedCall(httpLink(server.url, { secret: JAMBONZ_SECRET }), { callSid, from, to: '1919' });
  await call.start();
  if (call.heard.join(' ').includes('Pour le français')) await call.press('1');
  return call;
}

describe('an agent on the caller’s last channel', () => {
  let contactId = '';

  it('offers a caller who last wrote on WhatsApp to continue there; the call ends and WhatsApp opens with the template', async () => {
    // Two days ago the subscriber wrote on WhatsApp (chose French, then went quiet).
    // A turn is saved before its reply leaves: wait for each reply (the template, past the 24-hour
    // window) to reach the subscriber too, or a late one would be taken for the call's.
    await postWebhook(server.url, wa.textMessage('Bonjour', sender(twoDaysAgo())), APP_SECRET);
    await expect.poll(waitsAt).toBe('language');
    await expect.poll(() => toSubscriber().length).toBe(1);
    await postWebhook(server.url, wa.buttonReply('fr', 'Français', sender(twoDaysAgo() + 5)), APP_SECRET);
    await expect.poll(waitsAt).toBe('mainMenu');
    await expect.poll(() => toSubscriber().length).toBe(2);
    await expect.poll(async () => (await server.store.getCaller('+2290197000003'))?.lastChannel).toBe('whatsapp');
    const sentBefore = toSubscriber().length;

    const call = await callFor('+2290197000003', 'CA-last-channel-1');
    await call.press('4');
    expect(call.heard.at(-1)).toContain('Vous nous avez écrit récemment sur WhatsApp');
    const mark = call.heard.length;
    await call.press('1');
    expect(call.heardSince(mark)).toContain('un conseiller va vous écrire sur WhatsApp');
    expect(call.ended).toBe(true);
    expect(call.received.flat().some((v: any) => v.verb === 'enqueue')).toBe(false);

    // Outside the 24-hour window only the approved template may open the conversation.
    await expect.poll(() => toSubscriber().slice(sentBefore)).toEqual([expect.objectContaining({ type: 'template', template: { name: 'griot_reprise', language: { code: 'fr' } } })]);
    const queues = (await agent.get('/api/agent/queues')).body as any[];
    const contact = queues.find((q) => q.queue === 'whatsapp-fr')?.contacts[0];
    expect(contact).toMatchObject({
      channel: 'whatsapp',
      sessionKey: KEY,
      callerNumber: '+2290197000003',
      status: 'waiting',
      reason: "Demande d'assistance (suite d'un appel)",
      context: { channel: 'voice' },
    });
    expect(queues.find((q) => q.queue === 'support-fr')?.contacts ?? []).toEqual([]);
    contactId = contact.id;
    expect(await waitsAt()).toBe('handoffWhatsApp');
    expect(sentTwice()).toEqual([]);
  });

  it('brings the subscriber’s WhatsApp words to the agent, the agent’s reply to WhatsApp, and the bot back on release', async () => {
    const sentBefore = toSubscriber().length;
    await postWebhook(server.url, wa.textMessage('Mon forfait internet ne marche plus', sender()), APP_SECRET);
    await expect.poll(async () => (await agent.get(`/api/agent/contacts/${contactId}`)).body.messages.map((m: any) => m.text)).toEqual(['Mon forfait internet ne marche plus']);
    // The bot stays silent: the conversation is the agent's.
    await new Promise((r) => setTimeout(r, 150));
    expect(toSubscriber().length).toBe(sentBefore);

    expect((await agent.post(`/api/agent/contacts/${contactId}/take`)).status).toBe(200);
    expect((await agent.post(`/api/agent/contacts/${contactId}/messages`, { text: 'Bonjour Codjo, je regarde votre forfait.' })).body).toMatchObject({ delivered: true });
    await expect.poll(() => toSubscriber().at(-1)).toMatchObject({ type: 'text', text: { body: 'Bonjour Codjo, je regarde votre forfait.' } });
    const released = await agent.post(`/api/agent/contacts/${contactId}/release`);
    expect(released.body.prompts.join(' ')).toContain('quelle note donnez-vous à ce service');
    await expect.poll(() => JSON.stringify(toSubscriber().at(-1))).toContain('quelle note donnez-vous');
    expect(sentTwice()).toEqual([]);
  });

  it('holds a caller for a voice agent when WhatsApp cannot reach them (past the 24-hour window, no template)', async () => {
    const bare = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: JAMBONZ_SECRET } });
    try {
      const now = new Date().toISOString();
      await bare.store.putCaller({ number: '+2290197000004', preferredLocale: 'fr', lastChannel: 'whatsapp', contacts: [], variables: {}, createdAt: now, updatedAt: now });
      const call = new SimulatedCall(httpLink(bare.url, { secret: JAMBONZ_SECRET }), { callSid: 'CA-last-channel-2', from: '+2290197000004', to: '1919' });
      await call.start();
      await call.press('4');
      await call.press('1');
      expect(call.waitingOn).toMatchObject({ verb: 'enqueue', name: 'support-fr' });
      await call.hangup();
    } finally {
      await bare.stop();
    }
  });
});
