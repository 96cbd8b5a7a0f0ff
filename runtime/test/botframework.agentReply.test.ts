import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, type FakeConnector } from '@griot/connectors/botframework/testing';
import { resendAgentReplies } from '../src/handoff/resendAgentReplies.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * An agent answers a Teams user handed over on the 1919 demo: the reply is POSTed to the Bot
 * Connector (a loopback fake) at the conversation's serviceUrl; a conversation gone (404) leaves
 * the reply « non remis », a connector down (503) leaves it pending until the recovery job sends
 * it. Griot runs without an app id here (so without tokens: the Agents SDK's MSAL would need
 * Microsoft's own authority to answer with one); the bot's token for writing first is checked
 * against a fake authority in connectors' `botFrameworkReplies.test.ts`.
 */
const APP_ID = '7d2c9a41-0b3e-4f5a-9c8d-1e2f3a4b5c6d';
const CONVERSATION = 'a:1teams-conversation-for-agent-replies';

let connector: FakeConnector;
let server: TestServer;
let agent: ApiClient;

beforeAll(async () => {
  connector = await startFakeConnector();
  server = await startTestServer({
    env: { GRIOT_DEMO: '1', BOTFRAMEWORK_BINDING_ADDRESS: 'teams-bot' },
  });
  await server.admin.post('/api/bindings', { channel: 'botframework', address: 'teams-bot', flowId: 'selfcare-1919', environment: 'production' });
  agent = await userWithRoles(server, 'awa', ['agent']);
}, 30_000);
afterAll(async () => {
  await server?.stop();
  await connector?.close();
});

/** What Teams posts for the user's words, naming the connector's serviceUrl. */
const say = async (text: string) => {
  const activity = {
    type: 'message',
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: connector.url,
    timestamp: new Date().toISOString(),
    locale: 'fr-FR',
    from: { id: '29:1user-afiavi', name: 'Afiavi' },
    recipient: { id: `28:${APP_ID}`, name: 'Griot' },
    conversation: { id: CONVERSATION, tenantId: 'tenant-1', conversationType: 'personal' },
    text,
  };
  const response = await fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  expect(response.status).toBe(200);
};

const contactOf = async () => ((await agent.get('/api/agent/queues')).body as any[]).flatMap((q) => q.contacts).find((c: any) => c.channel === 'botframework');
const agentMessages = async (id: string) => ((await agent.get(`/api/agent/contacts/${id}`)).body.messages as any[]).filter((m) => m.from === 'agent');
const proactive = () => connector.posts.filter((p) => p.replyToId === undefined);

describe('an agent answering a Teams user', () => {
  let contactId = '';

  it('queues the Teams conversation, named as Teams for the inbox', async () => {
    await say('Bonjour');
    await say('Français');
    await say('Un conseiller');
    await expect.poll(contactOf, { timeout: 10_000 }).toBeTruthy();
    const contact = await contactOf();
    expect(contact).toMatchObject({ channel: 'botframework', platform: 'msteams', status: 'waiting' });
    contactId = contact.id;
    expect((await agent.post(`/api/agent/contacts/${contactId}/take`)).status).toBe(200);
  }, 30_000);

  it('posts the reply to the conversation at its serviceUrl', async () => {
    const reply = await agent.post(`/api/agent/contacts/${contactId}/messages`, { text: 'Bonjour Afiavi, ici Awa.' });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ delivered: true });
    const [sent] = proactive();
    expect(sent).toMatchObject({
      path: `/v3/conversations/${encodeURIComponent(CONVERSATION)}/activities`,
      conversationId: CONVERSATION,
      activity: {
        type: 'message',
        text: 'Bonjour Afiavi, ici Awa.',
        channelId: 'msteams',
        from: { id: `28:${APP_ID}` },
        recipient: { id: '29:1user-afiavi' },
        conversation: { id: CONVERSATION, tenantId: 'tenant-1' },
      },
    });
  });

  it('marks a reply to a conversation gone (404) not delivered, and never sends it again', async () => {
    connector.failNext(404);
    const before = proactive().length;
    const reply = await agent.post(`/api/agent/contacts/${contactId}/messages`, { text: 'Êtes-vous toujours là ?' });
    expect(reply.status).toBe(409);
    expect(reply.body.error).toMatchObject({ code: 'reply_not_delivered', params: { channel: 'botframework', reason: 'recipientUnavailable' } });
    expect((await agentMessages(contactId)).at(-1)).toMatchObject({ text: 'Êtes-vous toujours là ?', undelivered: 'recipientUnavailable' });
    await resendAgentReplies(server.services.handoff, new Date(Date.now() + 3_600_000), 0);
    expect(proactive().length).toBe(before);
  });

  it('keeps a reply the connector did not take now (503) pending, with Retry-After, and the recovery job sends it', async () => {
    connector.failNext(503);
    const reply = await agent.post(`/api/agent/contacts/${contactId}/messages`, { text: 'Votre forfait est réactivé.' });
    expect(reply.status).toBe(503);
    expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await agentMessages(contactId)).at(-1)).toMatchObject({ text: 'Votre forfait est réactivé.', pending: true });
    const counts = await resendAgentReplies(server.services.handoff, new Date(Date.now() + 3_600_000), 0);
    expect(counts).toMatchObject({ sent: 1 });
    expect(proactive().at(-1)?.activity.text).toBe('Votre forfait est réactivé.');
    expect((await agentMessages(contactId)).at(-1)).not.toHaveProperty('pending');
    // Once.
    await resendAgentReplies(server.services.handoff, new Date(Date.now() + 3_600_000), 0);
    expect(proactive().filter((p) => p.activity.text === 'Votre forfait est réactivé.')).toHaveLength(1);
  });
});
