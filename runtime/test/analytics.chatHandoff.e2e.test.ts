import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * What a supervisor reads about web chat visitors handed to an agent, over real HTTP on the 1919
 * demo: a contact an agent took counts as transferred at once, long before its chat could end;
 * a second take (after a transfer) does not count it again; once the agent closes it and the
 * visitor answers the flow's satisfaction question, the contact has ended and is still counted
 * once, transferred.
 */
const FLOW = 'selfcare-1919';
let server: TestServer;
let awa: ApiClient;
let vera: ApiClient;
let binding: string;

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_DEMO: '1' } });
  awa = await userWithRoles(server, 'awa', ['agent']);
  vera = await userWithRoles(server, 'vera', ['viewer']);
  binding = (await server.admin.post('/api/bindings', { channel: 'webchat', address: 'site', flowId: FLOW, environment: 'production' })).body.id as string;
}, 60_000);
afterAll(() => server.stop());

const chat = async (body: Record<string, unknown>) => {
  const answer = await fetch(`${server.url}/chat/${binding}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(answer.status).toBe(200);
  return (await answer.json()) as { conversationId: string; replies: unknown[] };
};

/** A visitor who opens the chat, picks French and asks for an agent: their conversation id. */
const askForAgent = async () => {
  const { conversationId } = await chat({ open: true });
  await chat({ conversationId, option: 'fr' });
  await chat({ conversationId, option: 'agent' });
  return conversationId;
};

const contactOf = async (conversationId: string) => {
  const key = `webchat:${binding}:${conversationId}`;
  const find = async () => {
    const queues = (await awa.get('/api/agent/queues')).body as Array<{ contacts: Array<{ id: string }> }>;
    for (const c of queues.flatMap((q) => q.contacts)) if ((await server.store.getHandoffContact(c.id))?.sessionKey === key) return c.id;
    return undefined;
  };
  await expect.poll(find).toBeDefined();
  return { id: (await find())!, key };
};

const hour = 3_600_000;
const figures = async () => {
  const answer = await vera.get(`/api/flows/${FLOW}/analytics?from=${new Date(Date.now() - hour).toISOString()}&to=${new Date(Date.now() + hour).toISOString()}`);
  expect(answer.status).toBe(200);
  return answer.body as { contacts: number; outcomes: Record<string, number> };
};

describe('web chat visitors handed to an agent, in the flow analytics', () => {
  let first: { id: string; key: string; conversationId: string };

  it('counts a contact transferred as soon as an agent takes it, while its chat goes on', async () => {
    const conversations = [await askForAgent(), await askForAgent(), await askForAgent()];
    const [a, b, c] = await Promise.all(conversations.map(contactOf));
    first = { ...a!, conversationId: conversations[0]! };
    // Nobody took them yet: three contacts, none ended.
    expect(await figures()).toMatchObject({ contacts: 3, outcomes: { transferred: 0, unfinished: 3 } });

    expect((await awa.post(`/api/agent/contacts/${a!.id}/take`)).status).toBe(200);
    expect((await awa.post(`/api/agent/contacts/${b!.id}/take`)).status).toBe(200);
    await expect.poll(async () => (await figures()).outcomes).toMatchObject({ transferred: 2, abandoned: 0, unfinished: 1 });
    // Their chats are still running: no session ended for that.
    for (const contact of [a!, b!, c!]) expect((await server.store.getSession(contact.key, new Date().toISOString()))?.session.status).not.toBe('ended');

    // Moved to another queue and taken again: the same contact, still counted once.
    expect((await awa.post(`/api/agent/contacts/${b!.id}/transfer`, { queue: 'support-en' })).status).toBe(200);
    expect((await awa.post(`/api/agent/contacts/${b!.id}/take`)).status).toBe(200);
    await server.services.conversations.idle();
    expect(await figures()).toMatchObject({ contacts: 3, outcomes: { transferred: 2, unfinished: 1 } });
  }, 60_000);

  it('still counts it once, transferred, after the agent closes it and the visitor answers the survey', async () => {
    const closed = await awa.post(`/api/agent/contacts/${first.id}/close`, { outcome: 'resolved' });
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'resolved' });
    // Back with the bot: the flow's satisfaction question, answered, ends the contact.
    await expect.poll(async () => (await server.store.getSession(first.key, new Date().toISOString()))?.session.wait?.node).toBe('satisfaction');
    await chat({ conversationId: first.conversationId, option: '5' });
    await expect.poll(async () => (await server.store.getSession(first.key, new Date().toISOString()))?.session.status).toBe('ended');
    await server.services.conversations.idle();

    const after = await figures();
    expect(after).toMatchObject({ contacts: 3, outcomes: { contained: 0, transferred: 2, abandoned: 0, unfinished: 1 } });
  }, 60_000);
});
