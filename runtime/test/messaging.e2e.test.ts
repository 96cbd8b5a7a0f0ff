import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { menuFlow, postWebhook, signBody, startFakeGraphServer, whatsappWebhooks as wa, type FakeGraphServer } from '@griot/connectors/messaging/testing';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * WhatsApp end to end: the real server on loopback with the demo flow, the demo operator
 * backend and the demo binding (phone number id 100000000000001), webhooks signed like Meta's,
 * replies caught by a fake Graph API. Then the same subscriber calls 1919 on voice.
 */
const APP_SECRET = 'whatsapp-e2e-app-secret';
const JAMBONZ_SECRET = 'jambonz-e2e-secret';
const PHONE_NUMBER_ID = '100000000000001';
const NUMBER = '+2290197000001';
const WA_ID = '2290197000001';
const sender = { phoneNumberId: PHONE_NUMBER_ID, waId: WA_ID, name: 'Afiavi' };

let graph: FakeGraphServer;
let server: TestServer;

beforeAll(async () => {
  graph = await startFakeGraphServer({ accessToken: 'e2e-graph-token' });
  server = await startTestServer({
    env: {
      GRIOT_DEMO: '1',
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: 'e2e-verify',
      WHATSAPP_ACCESS_TOKEN: 'e2e-graph-token',
      WHATSAPP_GRAPH_BASE_URL: graph.url,
      WHATSAPP_GRAPH_VERSION: 'v21.0',
      JAMBONZ_WEBHOOK_SECRET: JAMBONZ_SECRET,
    },
  });
});
afterAll(async () => {
  await server.stop();
  await graph.close();
});

const send = (body: unknown) => postWebhook(server.url, body, APP_SECRET);
/** Messages Graph accepted for this subscriber since index `from`, once `count` more arrived. */
async function repliesAfter(from: number, count: number, to = WA_ID) {
  await expect.poll(() => graph.sent().filter((r) => r.body.to === to).length, { timeout: 5000 }).toBeGreaterThanOrEqual(from + count);
  return graph
    .sent()
    .filter((r) => r.body.to === to)
    .slice(from)
    .map((r) => r.body);
}
const sentTo = (to = WA_ID) => graph.sent().filter((r) => r.body.to === to).length;

describe('WhatsApp on the 1919 demo', () => {
  it('answers Meta’s verification handshake', async () => {
    const ok = await fetch(`${server.url}/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=e2e-verify&hub.challenge=424242`);
    expect([ok.status, await ok.text()]).toEqual([200, '424242']);
    expect((await fetch(`${server.url}/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`)).status).toBe(403);
  });

  it('refuses a webhook with a bad signature, and it changes nothing', async () => {
    const body = wa.textMessage('Bonjour', sender);
    const forged = await postWebhook(server.url, body, APP_SECRET, signBody('not-the-app-secret', JSON.stringify(body)));
    expect(forged.status).toBe(403);
    const unsigned = await fetch(`${server.url}/whatsapp/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(unsigned.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(sentTo()).toBe(0);
  });

  it('+229 01 97 00 00 01 chooses French, then asks for the balance from the list', async () => {
    expect((await send(wa.textMessage('Bonjour', sender))).status).toBe(200);
    const [language] = await repliesAfter(0, 1);
    expect(language).toMatchObject({
      messaging_product: 'whatsapp',
      to: WA_ID,
      type: 'interactive',
      interactive: { type: 'button', body: { text: expect.stringContaining('Choisissez votre langue.') } },
    });
    expect(language.interactive.action.buttons.map((b: any) => b.reply)).toEqual([
      { id: 'fr', title: 'Français' },
      { id: 'en', title: 'English' },
      { id: 'fon', title: 'Fon' },
    ]);

    await send(wa.buttonReply('fr', 'Français', sender));
    const [menu] = await repliesAfter(1, 1);
    // The welcome and the menu as one message. Four options, one label longer than a button
    // allows: a list, with the flow's option ids.
    expect(menu.interactive.body.text).toMatch(/^Bienvenue sur le 1919.*\n\nChoisissez un service/s);
    expect(menu.interactive.type).toBe('list');
    expect(menu.interactive.action.sections[0].rows).toEqual([
      { id: 'puk', title: 'Code PUK' },
      { id: 'balance', title: 'Solde' },
      { id: 'momo', title: 'Mobile Money' },
      { id: 'agent', title: 'Un conseiller' },
    ]);

    const balance = wa.listReply('balance', 'Solde', undefined, sender);
    await send(balance);
    const [next] = await repliesAfter(2, 1);
    expect(next.interactive.type).toBe('button');
    expect(next.interactive.body.text).toMatch(/^Votre crédit de communication est de 1250 francs CFA\. Il vous reste 850 .*d'internet\.\n\nQue souhaitez-vous faire maintenant/);
    expect(next.interactive.action.buttons.map((b: any) => b.reply.id)).toEqual(['mainMenu', 'agent', 'end']);

    // Meta delivers the same message again: nothing moves.
    const before = await server.store.getSession(`whatsapp:${PHONE_NUMBER_ID}:${WA_ID}`, new Date().toISOString());
    await send(balance);
    await new Promise((r) => setTimeout(r, 300));
    expect(sentTo()).toBe(3);
    const after = await server.store.getSession(`whatsapp:${PHONE_NUMBER_ID}:${WA_ID}`, new Date().toISOString());
    expect(after?.session.turns).toBe(before?.session.turns);
  });

  it('remembers the subscriber: French, last seen on WhatsApp', async () => {
    const profile = await server.admin.get(`/api/callers/${encodeURIComponent(NUMBER)}`);
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({ number: NUMBER, preferredLocale: 'fr', lastChannel: 'whatsapp' });
  });

  it('the same number calling 1919 skips the language menu', async (ctx) => {
    // Until the voice connector is mounted in the app, the profile test above is the evidence.
    const probe = await fetch(`${server.url}/jambonz/call`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    if (probe.status === 404) ctx.skip();
    const call = new SimulatedCall(await httpLink(server.url, { secret: JAMBONZ_SECRET }), { callSid: 'CA-messaging-e2e-1', from: NUMBER, to: '1919' });
    await call.start();
    const heard = call.heard.join(' ');
    expect(heard).not.toContain('Pour le français');
    expect(heard).toContain('Bienvenue sur le 1919');
    await call.hangup();
    call.close();
  });

  it('answers a picture politely and the flow still waits where it was', async () => {
    const from = sentTo();
    await send(wa.imageMessage(sender));
    const [polite] = await repliesAfter(from, 1);
    expect(polite.text.body).toMatch(/^Désolé, je ne peux lire que du texte/);
  });

  it('the main-menu keyword brings the menu back', async () => {
    const from = sentTo();
    await send(wa.textMessage('menu', sender));
    const replies = await repliesAfter(from, 1);
    expect(replies.at(-1).interactive.type).toBe('list');
  });

  it('the agent keyword hands over to an agent', async () => {
    const from = sentTo();
    await send(wa.textMessage('Je veux un conseiller', sender));
    const [intro] = await repliesAfter(from, 1);
    expect(intro.text.body).toContain('Nous vous mettons en relation avec un conseiller');
    await expect.poll(async () => (await server.store.getSession(`whatsapp:${PHONE_NUMBER_ID}:${WA_ID}`, new Date().toISOString()))?.session.status).toBe('handoff');
  });
});

describe('menus of every size on WhatsApp', () => {
  async function bindMenuFlow(options: number, phoneNumberId: string): Promise<void> {
    const flow = menuFlow(options, `menu-${options}`);
    expect((await server.admin.post('/api/flows', { document: flow })).status).toBe(201);
    expect((await server.admin.post(`/api/flows/${flow.id}/publish`, { message: 'test' })).status).toBe(201);
    expect((await server.admin.post(`/api/flows/${flow.id}/environments/production`, { version: 1 })).status).toBe(200);
    const binding = await server.admin.post('/api/bindings', { channel: 'whatsapp', address: phoneNumberId, flowId: flow.id, environment: 'production' });
    expect(binding.status).toBe(201);
  }

  async function mainMenuOf(options: number, phoneNumberId: string, waId: string) {
    await bindMenuFlow(options, phoneNumberId);
    const who = { phoneNumberId, waId };
    await send(wa.textMessage('Bonjour', who));
    await repliesAfter(0, 1, waId);
    await send(wa.buttonReply('fr', 'Français', who));
    const [menu] = await repliesAfter(1, 1, waId);
    return { menu, who };
  }

  it('sends a 7-option menu as a list', async () => {
    const { menu, who } = await mainMenuOf(7, '100000000000007', '2290197000007');
    expect(menu.type).toBe('interactive');
    expect(menu.interactive.type).toBe('list');
    expect(menu.interactive.action.button).toBe('Choisir');
    expect(menu.interactive.action.sections[0].rows).toHaveLength(7);
    await send(wa.listReply('opt2', 'Code PUK', undefined, who));
    const [answer] = await repliesAfter(2, 1, who.waId);
    expect(answer.interactive.body.text).toBe('Vous avez choisi Code PUK.\n\nQue voulez-vous faire ?');
  });

  it('sends a 12-option menu as numbered text, and typing a number picks the option', async () => {
    const { menu, who } = await mainMenuOf(12, '100000000000012', '2290197000012');
    expect(menu.type).toBe('text');
    expect(menu.text.body).toContain('Que voulez-vous faire ?\n\n1. Solde\n2. Code PUK\n3. Conseiller\n4. Forfaits');
    expect(menu.text.body).toContain('0. Réclamation');
    await send(wa.textMessage('2', who));
    const [answer] = await repliesAfter(2, 1, who.waId);
    expect(answer.text.body).toMatch(/^Vous avez choisi Code PUK\.\n\nQue voulez-vous faire \?\n\n1\. Solde/);
  });
});

describe('Bot Framework and web chat on the same server', () => {
  const activity = (conversation: string, fields: Record<string, unknown>) => ({
    type: 'message',
    id: `act-${Math.random().toString(36).slice(2)}`,
    channelId: 'webchat',
    serviceUrl: 'http://127.0.0.1:1',
    from: { id: 'user-bf' },
    recipient: { id: 'griot' },
    conversation: { id: conversation },
    deliveryMode: 'expectReplies',
    ...fields,
  });
  const postActivity = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('runs the 1919 flow over /api/messages with suggested actions', async () => {
    const binding = await server.admin.post('/api/bindings', { channel: 'botframework', address: 'default', flowId: 'selfcare-1919', environment: 'production' });
    expect(binding.status).toBe(201);
    const first = await postActivity(activity('bf-e2e-1', { text: 'Bonjour' }));
    expect(first.status).toBe(200);
    const replies = ((await first.json()) as { activities: any[] }).activities;
    expect(replies.at(-1).suggestedActions).toEqual({
      to: [],
      actions: [
        { type: 'imBack', title: 'Français', value: 'Français' },
        { type: 'imBack', title: 'English', value: 'English' },
        { type: 'imBack', title: 'Fon', value: 'Fon' },
      ],
    });
    const second = await postActivity(activity('bf-e2e-1', { text: 'Français' }));
    const texts = ((await second.json()) as { activities: any[] }).activities.map((a) => a.text).join(' ');
    expect(texts).toContain('Choisissez un service');
    expect(texts).toContain('Bienvenue sur le 1919');
  });

  it('refuses a Bot Framework request with a bad token (the SDK decides, not the API’s own auth)', async () => {
    const refused = await postActivity(activity('bf-e2e-2', { text: 'Bonjour' }), { authorization: 'Bearer not-a-jwt' });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toHaveProperty('jwt-auth-error');
  });

  it('serves the web chat page and runs the flow behind it', async () => {
    const created = await server.admin.post('/api/bindings', { channel: 'webchat', address: 'site', flowId: 'selfcare-1919', environment: 'production' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const page = await fetch(`${server.url}/chat/${id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script src="/chat/assets/chat.js">');
    const opened = await fetch(`${server.url}/chat/${id}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ open: true }) });
    const body = (await opened.json()) as { conversationId: string; replies: any[] };
    expect(body.replies.at(-1)).toMatchObject({ type: 'choice', options: [{ id: 'fr' }, { id: 'en' }, { id: 'fon' }] });
    const chose = await fetch(`${server.url}/chat/${id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: body.conversationId, option: 'fr' }),
    });
    const menu = ((await chose.json()) as { replies: any[] }).replies.at(-1);
    expect(menu.options.map((o: any) => o.id)).toEqual(['puk', 'balance', 'momo', 'agent']);
  });
});

describe('WhatsApp users who hide their number behind a username', () => {
  const USER_ID = 'BJ.1349120865530274';
  const bySubscriber = (field: 'to' | 'recipient', id: string) =>
    graph
      .sent()
      .filter((r) => r.body[field] === id)
      .map((r) => r.body);

  it('answers every message of a webhook where one contact has no wa_id: the two subscribers and the username by user id', async () => {
    const body = wa.batch(
      wa.textMessage('Bonjour', { phoneNumberId: PHONE_NUMBER_ID, waId: '2290197000021', userId: 'BJ.2100000000000001', name: 'Koffi' }),
      wa.textMessage('Bonjour', { phoneNumberId: PHONE_NUMBER_ID, waId: null, userId: USER_ID, username: '@afiavi.b' }),
      wa.textMessage('Bonjour', { phoneNumberId: PHONE_NUMBER_ID, waId: '2290197000022', name: 'Awa' }),
    );
    expect((await send(body)).status).toBe(200);
    for (const [field, id] of [
      ['to', '2290197000021'],
      ['recipient', USER_ID],
      ['to', '2290197000022'],
    ] as const) {
      await expect.poll(() => bySubscriber(field, id).length, { timeout: 5000 }).toBe(1);
      expect(bySubscriber(field, id)[0]).toMatchObject({ recipient_type: 'individual', interactive: { type: 'button', body: { text: expect.stringContaining('Choisissez votre langue.') } } });
    }
    // Graph was given the user id as `recipient` (never in `to`, where it would be dropped).
    expect(graph.requests.filter((r) => r.status !== 200)).toEqual([]);

    // The username's conversation goes on, keyed by the user id.
    await send(wa.buttonReply('fr', 'Français', { phoneNumberId: PHONE_NUMBER_ID, waId: null, userId: USER_ID }));
    await expect.poll(() => bySubscriber('recipient', USER_ID).length, { timeout: 5000 }).toBe(2);
    expect(bySubscriber('recipient', USER_ID)[1].interactive.body.text).toContain('Bienvenue sur le 1919');
    expect(await server.store.getSession(`whatsapp:${PHONE_NUMBER_ID}:${USER_ID}`, new Date().toISOString())).not.toBeNull();

    // Caller memory is by phone number only: the two subscribers have a profile, the user id none.
    const callers = (await server.store.dump()).callers.map((c) => c.number);
    expect(callers).toEqual(expect.arrayContaining(['+2290197000021', '+2290197000022']));
    expect(callers.filter((n) => !/^(preview:)?\+[0-9]+$/.test(n))).toEqual([]);
  });
});

describe('a Fon-speaking subscriber on WhatsApp', () => {
  it('gets the Fon recordings from the audio library as voice notes uploaded to Graph, not the French text', async () => {
    const fon = { phoneNumberId: PHONE_NUMBER_ID, waId: '2290197000031', name: 'Sènan' };
    await send(wa.textMessage('Bonjour', fon));
    await repliesAfter(0, 1, fon.waId);
    const uploadsBefore = graph.uploads.length;
    await send(wa.buttonReply('fon', 'Fon', fon));
    const replies = await repliesAfter(1, 3, fon.waId);
    expect(replies.map((r) => r.type)).toEqual(['audio', 'audio', 'interactive']);
    expect(JSON.stringify(replies)).not.toContain('Bienvenue');
    // The demo's recordings (WAV chimes in the store) went to Graph as MP3, by media id: no link to Griot.
    // Both are the same chime: one file for this number (its id kept in the store by content hash), one upload.
    const uploaded = graph.uploads.slice(uploadsBefore);
    expect(uploaded.map((u) => [u.type, u.filename])).toEqual([['audio/mpeg', 'welcome.mp3']]);
    expect(replies.slice(0, 2).map((r) => r.audio)).toEqual([{ id: uploaded[0]!.id }, { id: uploaded[0]!.id }]);
    expect(replies[2].interactive.body.text).toBe('Choisissez une option :');
  });
});
