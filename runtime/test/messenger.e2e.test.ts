import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messengerWebhooks as fb, postMessengerWebhook, settled, startFakeMessengerGraph, type FakeMessengerGraph } from '@griot/connectors/messenger/testing';
import { signBody } from '@griot/connectors/messaging/testing';
import { ADMIN_TOKEN, startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * Facebook Messenger end to end on the 1919 demo: Meta's signed webhooks into the real server
 * (the demo binds its Page once Messenger is configured), replies caught by a fake Send API that
 * refuses what Meta refuses (limits, messaging types and tags, the 24-hour and 7-day windows).
 */
const APP_SECRET = 'messenger-e2e-app-secret';
const PAGE_TOKEN = 'messenger-e2e-page-token';
const PAGE = '200000000000001';
const HOUR = 3_600_000;

let graph: FakeMessengerGraph;
let server: TestServer;
let agent: ApiClient;

beforeAll(async () => {
  graph = await startFakeMessengerGraph({ pageAccessToken: PAGE_TOKEN });
  server = await startTestServer({
    env: { GRIOT_DEMO: '1', MESSENGER_APP_SECRET: APP_SECRET, MESSENGER_PAGE_ACCESS_TOKEN: PAGE_TOKEN, MESSENGER_GRAPH_BASE_URL: graph.url, MESSENGER_VERIFY_TOKEN: 'v' },
  });
  agent = await userWithRoles(server, 'awa', ['agent']);
});
afterAll(async () => {
  await server?.stop();
  await graph?.close();
});

const griot = () => ({ url: server.url, adminToken: ADMIN_TOKEN });
const keyOf = (psid: string) => `messenger:${PAGE}:${psid}`;
const sentTo = (psid: string) =>
  graph
    .sent()
    .filter((r) => r.body.recipient.id === psid)
    .map((r) => r.body);
const session = async (psid: string) => (await server.store.getSession(keyOf(psid), new Date().toISOString()))?.session;

/** A person writes or presses (`build` gets their sender), as Meta delivers it; resolves once Griot processed it, with what they got. */
async function write(psid: string, build: (sender: fb.Sender) => fb.MessengerWebhook) {
  const before = sentTo(psid).length;
  const mid = fb.newMid();
  const timestamp = Date.now();
  graph.subscriberWrote(psid, timestamp);
  const response = await postMessengerWebhook(server.url, build({ pageId: PAGE, psid, mid, timestamp }), APP_SECRET);
  expect(response.status).toBe(200);
  await settled(griot(), `messenger:${mid}`);
  return sentTo(psid).slice(before);
}

describe('Messenger on the 1919 demo', () => {
  it('binds the demo’s Facebook Page to the 1919 flow once Messenger is configured', async () => {
    const bindings = (await server.admin.get('/api/bindings')).body as any[];
    const flowId = bindings.find((b) => b.channel === 'voice').flowId;
    expect(bindings).toContainEqual(expect.objectContaining({ channel: 'messenger', address: PAGE, flowId, environment: 'production' }));
  });

  it('shows a menu as quick replies and answers a press, as a quick reply or as a postback', async () => {
    const psid = '1254459154682919';
    const [language] = await write(psid, (s) => fb.textMessage('Bonjour', s));
    expect(language).toMatchObject({ messaging_type: 'RESPONSE', recipient: { id: psid } });
    expect(language.message.quick_replies.map((q: any) => [q.title, q.payload])).toEqual(
      expect.arrayContaining([
        ['Français', 'fr'],
        ['English', 'en'],
      ]),
    );
    const welcome = await write(psid, (s) => fb.quickReply('fr', 'Français', s));
    expect(welcome.map((b) => b.message.text).join('\n')).toContain('Bienvenue sur le 1919');
    expect(await session(psid)).toMatchObject({ locale: 'fr', wait: { node: 'mainMenu' } });
    // Every option's label fits a quick reply's 20 characters: the main menu comes as quick replies, under a question without numbers.
    expect(welcome.at(-1)?.message.text).toMatch(/Choisissez un service :$/);
    expect(welcome.at(-1)?.message.quick_replies.map((q: any) => [q.title, q.payload])).toEqual([
      ['Code PUK', 'puk'],
      ['Solde', 'balance'],
      ['Mobile Money', 'momo'],
      ['Un conseiller', 'agent'],
    ]);
    await write(psid, (s) => fb.postback('balance', 'Solde', s));
    expect(await session(psid)).toMatchObject({ vars: expect.objectContaining({ service: 'balance' }) });
  });

  it('never reads a page-scoped id as a phone number, even one that is a subscriber’s: no PUK code, no profile', async () => {
    // The digits of the VIP demo subscriber’s line (+229 01 97 00 00 02), as a PSID.
    const psid = '2290197000002';
    await write(psid, (s) => fb.textMessage('Bonjour', s));
    await write(psid, (s) => fb.quickReply('fr', 'Français', s));
    const answer = await write(psid, (s) => fb.postback('puk', 'Code PUK', s));
    const said = answer.map((b) => b.message.text).join('\n');
    expect(said).toContain('pas reconnu');
    expect(said).not.toMatch(/code PUK est/);
    expect((await session(psid))?.caller.number).toBe(`messenger:${psid}`);
    expect(JSON.stringify(await server.store.getCaller('+2290197000002'))).not.toContain('messenger');
  });

  it('refuses a forged or unsigned webhook, counts it, and processes nothing', async () => {
    const psid = '1111222233334444';
    const body = fb.textMessage('Bonjour', { pageId: PAGE, psid });
    const forged = await postMessengerWebhook(server.url, body, APP_SECRET, signBody('not-the-app-secret', JSON.stringify(body)));
    expect(forged.status).toBe(403);
    const unsigned = await fetch(`${server.url}/messenger/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(unsigned.status).toBe(401);
    expect(await session(psid)).toBeUndefined();
    expect(sentTo(psid)).toEqual([]);
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
    expect(metrics).toMatch(/griot_webhook_signature_failures_total\{channel="messenger",reason="mismatch"\} 1\b/);
    expect(metrics).toMatch(/griot_webhook_signature_failures_total\{channel="messenger",reason="missing"\} 1\b/);
  });

  it('gives the flow the ref of the m.me link the subscriber followed (caller.source), in its own words in the transcript', async () => {
    const psid = '6000000000000020';
    // A new conversation: Get Started, carrying the link's ref.
    const welcome = await write(psid, (s) => fb.getStartedFromLink('offre-noel', s));
    expect(welcome.length).toBeGreaterThan(0);
    expect((await session(psid))?.caller.source).toBe('offre-noel');
    await write(psid, (s) => fb.quickReply('fr', 'Français', s));
    // Days later, another link to the same conversation (messaging_referrals): a new contact, with its own source.
    const followed = fb.referral('boutique-cotonou', { pageId: PAGE, psid, timestamp: Date.now() });
    graph.subscriberWrote(psid, Date.now());
    for (let i = 0; i < 2; i += 1) expect((await postMessengerWebhook(server.url, followed, APP_SECRET)).status).toBe(200);
    await expect.poll(async () => (await session(psid))?.caller.source).toBe('boutique-cotonou');
    const transcripts = async () => JSON.stringify(await server.store.listTranscripts({ callerNumber: `messenger:${psid}`, limit: 10 }));
    await expect.poll(transcripts).toContain('m.me/?ref=boutique-cotonou');
    expect(await transcripts()).toContain('Get Started (m.me/?ref=offre-noel)');
    // Delivered twice by Meta: begun again once (the two contacts, no third).
    await new Promise((r) => setTimeout(r, 200));
    expect(((await server.store.listTranscripts({ callerNumber: `messenger:${psid}`, limit: 10 })) as unknown[]).length).toBe(2);
  });

  it('drops a ref Griot does not take: not in the session, not in the transcript, not in a reply', async () => {
    const psid = '6000000000000021';
    await write(psid, (s) => fb.getStartedFromLink('<script>alert(1)</script>', s));
    expect((await session(psid))?.caller.source).toBeUndefined();
    await write(psid, (s) => fb.quickReply('fr', 'Français', s));
    expect(JSON.stringify(await server.store.listTranscripts({ callerNumber: `messenger:${psid}`, limit: 10 }))).not.toContain('script');
    expect(JSON.stringify(sentTo(psid))).not.toContain('script');
  });

  it('answers a message Meta delivers twice once', async () => {
    const psid = '5555666677778888';
    const mid = fb.newMid();
    const hello = fb.textMessage('Bonjour', { pageId: PAGE, psid, mid });
    graph.subscriberWrote(psid, Date.now());
    for (let i = 0; i < 2; i += 1) expect((await postMessengerWebhook(server.url, hello, APP_SECRET)).status).toBe(200);
    await settled(griot(), `messenger:${mid}`);
    await new Promise((r) => setTimeout(r, 200));
    expect(sentTo(psid)).toHaveLength(1);
    expect((await session(psid))?.turns).toBe(1);
  });

  it('answers the good events of a batch that holds one it cannot read', async () => {
    const [a, b] = ['3000000000000001', '3000000000000002'];
    const [midA, midB] = [fb.newMid(), fb.newMid()];
    const body = fb.batch(fb.textMessage('Bonjour', { pageId: PAGE, psid: a, mid: midA }), fb.textMessage('Salut', { pageId: PAGE, psid: b, mid: midB }));
    (body.entry[0]!.messaging as unknown[]).splice(1, 0, { sender: {}, recipient: { id: PAGE }, timestamp: Date.now(), message: { mid: fb.newMid(), text: '?' } });
    for (const psid of [a, b]) graph.subscriberWrote(psid, Date.now());
    expect((await postMessengerWebhook(server.url, body, APP_SECRET)).status).toBe(200);
    await settled(griot(), `messenger:${midA}`);
    await settled(griot(), `messenger:${midB}`);
    expect(sentTo(a)).toHaveLength(1);
    expect(sentTo(b)).toHaveLength(1);
  });
});

describe('an agent answering on Messenger', () => {
  const psid = '4000000000000001';
  const key = keyOf(psid);
  let contactId = '';
  /** When the person last wrote, moved back as if that much time had passed (Griot's Store and Meta alike). */
  const lastWrote = async (msAgo: number) => {
    const at = Date.now() - msAgo;
    const iso = (ms: number) => new Date(ms).toISOString();
    // The Store never moves a last time back (a late re-delivery must not): the record expires, is purged, and is written anew.
    await server.store.messaging.touchConversation(key, iso(at), iso(Date.now() - 1));
    await server.store.messaging.purgeExpired(iso(Date.now()));
    await server.store.messaging.touchConversation(key, iso(at), iso(Date.now() + 8 * 24 * HOUR));
    graph.subscriberWrote(psid, at);
  };
  const reply = (text: string) => agent.post(`/api/agent/contacts/${contactId}/messages`, { text });

  beforeAll(async () => {
    await write(psid, (s) => fb.textMessage('Bonjour', s));
    await write(psid, (s) => fb.quickReply('fr', 'Français', s));
    await write(psid, (s) => fb.postback('agent', 'Un conseiller', s));
    const [contact] = await server.store.listHandoffContacts({ sessionKey: key });
    expect(contact).toMatchObject({ channel: 'messenger', callerNumber: `messenger:${psid}`, status: 'waiting' });
    contactId = contact!.id;
    expect((await agent.post(`/api/agent/contacts/${contactId}/take`)).status).toBe(200);
  });

  it('within 24 hours, the reply goes as a response', async () => {
    const answer = await reply('Bonjour, ici Awa.');
    expect(answer.status).toBe(201);
    expect(sentTo(psid).at(-1)).toEqual({ messaging_type: 'RESPONSE', recipient: { id: psid }, message: { text: 'Bonjour, ici Awa.' } });
  });

  it('a reply sent again with its id (the answer was lost) is stored and sent once, and the same answer comes back', async () => {
    await lastWrote(HOUR);
    const clientId = crypto.randomUUID();
    const before = { stored: (await agent.get(`/api/agent/contacts/${contactId}`)).body.messages.length, sent: sentTo(psid).length };
    const first = await agent.post(`/api/agent/contacts/${contactId}/messages`, { text: 'Je vérifie votre ligne.', clientId });
    expect(first.status).toBe(201);
    const again = await agent.post(`/api/agent/contacts/${contactId}/messages`, { text: 'Je vérifie votre ligne.', clientId });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(first.body.message).toMatchObject({ id: clientId, text: 'Je vérifie votre ligne.' });
    expect((await agent.get(`/api/agent/contacts/${contactId}`)).body.messages).toHaveLength(before.stored + 1);
    expect(
      sentTo(psid)
        .slice(before.sent)
        .map((m) => m.message),
    ).toEqual([{ text: 'Je vérifie votre ligne.' }]);
    // The same id with other words is another message: refused rather than mistaken for the first.
    const reused = await agent.post(`/api/agent/contacts/${contactId}/messages`, { text: 'Autre chose', clientId });
    expect(reused.status).toBe(409);
    expect(reused.body.error).toMatchObject({ code: 'reply_id_reused' });
    expect((await agent.post(`/api/agent/contacts/${contactId}/messages`, { text: 'x', clientId: '1' })).status).toBe(400);
  });

  it('a reply Meta could not take (503) is delivered once when the agent sends it again with its id', { timeout: 30_000 }, async () => {
    await lastWrote(HOUR);
    const clientId = crypto.randomUUID();
    const before = { stored: (await agent.get(`/api/agent/contacts/${contactId}`)).body.messages.length, sent: sentTo(psid).length };
    graph.failNext(...Array.from({ length: 6 }, () => ({ status: 503 as const })));
    const failed = await agent.post(`/api/agent/contacts/${contactId}/messages`, { text: 'Un instant, je reviens.', clientId });
    expect(failed.status, JSON.stringify(failed.body)).toBe(503);
    expect(failed.body.error).toMatchObject({ code: 'reply_not_delivered', params: { reason: 'platformUnavailable' } });
    // Kept, waiting for Meta: the agent app shows it, and sending it again is what the agent does.
    expect((await agent.get(`/api/agent/contacts/${contactId}`)).body.messages.at(-1)).toMatchObject({ id: clientId, pending: true });
    let retried = await agent.post(`/api/agent/contacts/${contactId}/messages`, { text: 'Un instant, je reviens.', clientId });
    for (let tries = 1; retried.status === 503 && tries < 6; tries++) retried = await agent.post(`/api/agent/contacts/${contactId}/messages`, { text: 'Un instant, je reviens.', clientId });
    expect(retried.status).toBe(201);
    expect(retried.body.message).toMatchObject({ id: clientId, text: 'Un instant, je reviens.' });
    const stored = (await agent.get(`/api/agent/contacts/${contactId}`)).body.messages;
    expect(stored).toHaveLength(before.stored + 1);
    expect(stored.at(-1).pending).toBeUndefined();
    expect(
      sentTo(psid)
        .slice(before.sent)
        .map((m) => m.message),
    ).toEqual([{ text: 'Un instant, je reviens.' }]);
  });

  it('after 24 hours, within 7 days, the reply goes tagged HUMAN_AGENT', async () => {
    await lastWrote(30 * HOUR);
    const answer = await reply('Votre SIM est débloquée.');
    expect(answer.status).toBe(201);
    expect(sentTo(psid).at(-1)).toEqual({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', recipient: { id: psid }, message: { text: 'Votre SIM est débloquée.' } });
  });

  it('after 7 days, the reply is refused with the reason, kept nowhere and sent nowhere', async () => {
    await lastWrote(8 * 24 * HOUR);
    const requests = graph.requests.length;
    const before = (await agent.get(`/api/agent/contacts/${contactId}`)).body.messages.length;
    const answer = await reply('Toujours là ?');
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({ code: 'reply_window_closed', params: { channel: 'messenger' } });
    expect(answer.body.error.message).toMatch(/no longer lets an agent write/);
    expect(graph.requests).toHaveLength(requests);
    expect((await agent.get(`/api/agent/contacts/${contactId}`)).body.messages).toHaveLength(before);
  });

  it('when Meta refuses the reply itself (the person blocked the Page), the agent is told so', async () => {
    await lastWrote(HOUR);
    graph.block(psid);
    const answer = await reply('Êtes-vous là ?');
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({ code: 'reply_not_delivered', params: { channel: 'messenger', reason: 'recipientUnavailable' } });
  });

  it('a reply Meta refused is not reported sent when the agent presses Send again with its id', async () => {
    await lastWrote(HOUR);
    graph.block(psid);
    const clientId = crypto.randomUUID();
    const path = `/api/agent/contacts/${contactId}/messages`;
    const first = await agent.post(path, { text: 'Vous êtes là ?', clientId });
    expect(first.status).toBe(409);
    const sentBefore = sentTo(psid).length;
    // The same reply again: the same refusal, not a success for words nobody received.
    const again = await agent.post(path, { text: 'Vous êtes là ?', clientId });
    expect(again.status, JSON.stringify(again.body)).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'reply_not_delivered', params: { channel: 'messenger', reason: 'recipientUnavailable' } });
    expect(sentTo(psid)).toHaveLength(sentBefore);
    // The conversation keeps it, marked not delivered, once.
    const mine = (await agent.get(`/api/agent/contacts/${contactId}`)).body.messages.filter((m: { id: string }) => m.id === clientId);
    expect(mine).toEqual([expect.objectContaining({ text: 'Vous êtes là ?', undelivered: 'recipientUnavailable' })]);
    expect(mine[0].pending).toBeUndefined();
  });
});
