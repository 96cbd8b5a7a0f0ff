import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import { apiClient, type ApiClient } from './helpers/http.ts';
import { openEventStream } from './helpers/eventStream.ts';

/**
 * An agent moved to other queues mid-shift keeps the conversations she holds until they close, on
 * the 1919 demo over real HTTP and the real SQLite store: awa (support-fr) takes a web chat
 * visitor, an admin moves her to support-en; she still lists, reads, answers, hears and closes
 * that conversation, but no longer sees a caller waiting in support-fr, nor koffi's contact there
 * (the same 404 as an unknown id). Once an admin puts it back in the queue, it is gone from her,
 * and her live stream tells her so.
 */
const SECRET = 'jambonz-held-contacts-secret';
const PASSWORD = 'correct horse battery';
let server: TestServer;
let awa: ApiClient;
let awaCookie: string;
let koffi: ApiClient;
let sena: ApiClient;
let binding: string;
let calls = 0;

type Queues = Array<{ queue: string; waiting: number; contacts: Array<{ id: string; callerNumber: string; status: string; channel: string; agent?: string }> }>;
const board = async (agent: ApiClient) => (await agent.get('/api/agent/queues')).body as Queues;
const contactsOf = async (agent: ApiClient) => (await board(agent)).flatMap((q) => q.contacts);

async function idOf(username: string): Promise<string> {
  const users = (await server.admin.get('/api/users')).body as Array<{ id: string; username: string }>;
  return users.find((u) => u.username === username)!.id;
}

async function chat(body: Record<string, unknown>): Promise<{ conversationId: string }> {
  const answer = await fetch(`${server.url}/chat/${binding}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await answer.json()) as { conversationId: string };
}

/** A web chat visitor asks for an agent in French: a contact waiting in support-fr, taken by `agent`. */
async function visitorTakenBy(agent: ApiClient): Promise<{ conversationId: string; id: string }> {
  const before = new Set((await contactsOf(sena)).map((c) => c.id));
  const { conversationId } = await chat({ open: true });
  await chat({ conversationId, option: 'fr' });
  await chat({ conversationId, option: 'agent' });
  const find = async () => (await contactsOf(sena)).find((c) => c.channel === 'webchat' && c.status === 'waiting' && !before.has(c.id))?.id;
  await expect.poll(find).toBeDefined();
  const id = (await find())!;
  expect((await agent.post(`/api/agent/contacts/${id}/take`)).body).toMatchObject({ status: 'assigned', queue: 'support-fr' });
  return { conversationId, id };
}

/** A caller waiting in support-fr (1919, French, menu key 4). */
async function callerWaiting(from: string): Promise<{ call: SimulatedCall; id: string }> {
  const call = new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: `CA-held-${++calls}`, from, to: '1919' });
  await call.start();
  if (call.heard.join(' ').includes('Pour le français')) await call.press('1');
  await call.press('4');
  const find = async () => (await contactsOf(sena)).find((c) => c.callerNumber === from && c.status === 'waiting')?.id;
  await expect.poll(find).toBeDefined();
  return { call, id: (await find())! };
}

const moveAwa = async (queues: string[]) => expect((await server.admin.patch(`/api/users/${await idOf('awa')}`, { queues })).status).toBe(200);

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET } });
  for (const username of ['awa', 'koffi']) {
    expect((await server.admin.post('/api/users', { username, password: PASSWORD, roles: ['agent'], queues: ['support-fr'] })).status).toBe(201);
  }
  const login = await server.anonymous.post('/api/auth/login', { username: 'awa', password: PASSWORD });
  awaCookie = login.headers.get('set-cookie')!.split(';')[0]!;
  awa = apiClient(server.url, { cookie: awaCookie });
  const koffiLogin = await server.anonymous.post('/api/auth/login', { username: 'koffi', password: PASSWORD });
  koffi = apiClient(server.url, { cookie: koffiLogin.headers.get('set-cookie')!.split(';')[0]! });
  sena = await userWithRoles(server, 'sena', ['supervisor']);
  binding = (await server.admin.post('/api/bindings', { channel: 'webchat', address: 'site', flowId: 'selfcare-1919', environment: 'production' })).body.id as string;
}, 60_000);
afterAll(() => server.stop());

describe('an agent moved to another queue while she holds a conversation', () => {
  it('keeps it until she closes it: listed, read, answered, heard; nothing else of the queue she left', async () => {
    await moveAwa(['support-fr']);
    const held = await visitorTakenBy(awa);
    const koffis = await visitorTakenBy(koffi);
    await moveAwa(['support-en']);
    const waiting = await callerWaiting('+2290197000051');

    // Listed: support-fr with her conversation only, none of its figures; support-en as before.
    const queues = await board(awa);
    const left = queues.find((q) => q.queue === 'support-fr');
    expect(left?.contacts.map((c) => c.id)).toEqual([held.id]);
    expect(left?.waiting).toBe(0);
    expect(queues.map((q) => q.queue)).toContain('support-en');

    // Read and answered.
    const read = await awa.get(`/api/agent/contacts/${held.id}`);
    expect(read.status).toBe(200);
    expect(read.body.contact).toMatchObject({ status: 'assigned', agent: 'awa', queue: 'support-fr' });
    expect((await awa.post(`/api/agent/contacts/${held.id}/messages`, { text: 'Je suis toujours là.' })).status).toBe(201);

    // Heard: the visitor writes, her stream tells her.
    const stream = await openEventStream(`${server.url}/api/agent/events`, { cookie: awaCookie });
    try {
      await chat({ conversationId: held.conversationId, text: 'Merci, et ma facture ?' });
      for (;;) {
        const event = await stream.next();
        if (event === 'ended') throw new Error('the stream ended');
        // Nothing of the caller waiting in support-fr, nor of koffi's conversation.
        expect([waiting.id, koffis.id]).not.toContain(event.data.id);
        if (event.data.type === 'message' && event.data.id === held.id) break;
      }
    } finally {
      stream.close();
    }

    // The caller waiting in support-fr and koffi's visitor: the same 404 as an id that names nothing.
    const unknown = await awa.get('/api/agent/contacts/no-such-contact');
    expect(unknown.status).toBe(404);
    expect((await contactsOf(awa)).map((c) => c.id)).not.toEqual(expect.arrayContaining([waiting.id]));
    expect((await contactsOf(awa)).map((c) => c.id)).not.toContain(koffis.id);
    for (const answer of [
      await awa.get(`/api/agent/contacts/${waiting.id}`),
      await awa.post(`/api/agent/contacts/${waiting.id}/take`),
      await awa.get(`/api/agent/contacts/${koffis.id}`),
      await awa.post(`/api/agent/contacts/${koffis.id}/messages`, { text: 'Bonjour' }),
      await awa.post(`/api/agent/contacts/${koffis.id}/close`, { outcome: 'resolved' }),
    ]) {
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe(unknown.body.error.code);
    }
    expect(await server.store.getHandoffContact(waiting.id)).toMatchObject({ status: 'waiting' });

    // Closed by her: gone from her, as any contact she no longer holds.
    expect((await awa.post(`/api/agent/contacts/${held.id}/close`, { outcome: 'resolved' })).body).toMatchObject({ status: 'closed', agent: 'awa' });
    expect((await awa.get(`/api/agent/contacts/${held.id}`)).status).toBe(404);
    expect((await board(awa)).map((q) => q.queue)).not.toContain('support-fr');
    await waiting.call.hangup();
  });

  it('is told when an admin puts it back in the queue, and then no longer reads it', async () => {
    await moveAwa(['support-fr']);
    const held = await visitorTakenBy(awa);
    await moveAwa(['support-en']);
    expect((await awa.get(`/api/agent/contacts/${held.id}`)).status).toBe(200);
    const stream = await openEventStream(`${server.url}/api/agent/events`, { cookie: awaCookie });
    try {
      const requeued = await server.admin.post(`/api/users/${await idOf('awa')}/requeue-contacts`, { outsideAssignment: true });
      expect(requeued.body).toMatchObject({ requeued: [{ id: held.id, queue: 'support-fr' }], failed: [] });
      for (;;) {
        const event = await stream.next();
        if (event === 'ended') throw new Error('the stream ended');
        if (event.data.type === 'contact' && event.data.id === held.id) {
          expect(event.data).toMatchObject({ status: 'waiting', queue: 'support-fr', fromAgent: 'awa' });
          break;
        }
      }
    } finally {
      stream.close();
    }
    expect((await awa.get(`/api/agent/contacts/${held.id}`)).status).toBe(404);
    expect((await contactsOf(awa)).map((c) => c.id)).not.toContain(held.id);
    // The French team takes it.
    expect((await koffi.post(`/api/agent/contacts/${held.id}/take`)).body).toMatchObject({ status: 'assigned', agent: 'koffi' });
  });
});
