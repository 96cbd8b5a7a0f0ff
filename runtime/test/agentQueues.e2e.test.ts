import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import { apiClient, type ApiClient } from './helpers/http.ts';
import { openEventStream } from './helpers/eventStream.ts';

/**
 * Agents answer the queues an admin assigned them, on the 1919 demo over real HTTP and the real
 * SQLite store: fatou (French team, `support-fr`) neither lists, reads, takes, replies to,
 * transfers, closes, turns into a callback nor hears of a contact of `support-en`, even by its id;
 * ama (English team) does; kofi, assigned nothing yet (an install from before assignments),
 * answers every queue; sena, a supervisor, too.
 */
const SECRET = 'jambonz-agent-queues-secret';
const PASSWORD = 'correct horse battery';
let server: TestServer;
let fatou: ApiClient;
let fatouCookie: string;
let ama: ApiClient;
let kofi: ApiClient;
let sena: ApiClient;
let calls = 0;

async function login(username: string): Promise<string> {
  const answer = await server.anonymous.post('/api/auth/login', { username, password: PASSWORD });
  return answer.headers.get('set-cookie')!.split(';')[0]!;
}

async function idOf(username: string): Promise<string> {
  const users = (await server.admin.get('/api/users')).body as Array<{ id: string; username: string }>;
  return users.find((u) => u.username === username)!.id;
}

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET } });
  const created = await server.admin.post('/api/users', { username: 'fatou', password: PASSWORD, roles: ['agent'], queues: ['support-fr'] });
  expect(created.body).toMatchObject({ username: 'fatou', queues: ['support-fr'] });
  fatouCookie = await login('fatou');
  fatou = apiClient(server.url, { cookie: fatouCookie });
  ama = await userWithRoles(server, 'ama', ['agent']);
  kofi = await userWithRoles(server, 'kofi', ['agent']);
  sena = await userWithRoles(server, 'sena', ['supervisor']);
  // ama is assigned after she signed in: her session follows at once.
  expect((await server.admin.patch(`/api/users/${await idOf('ama')}`, { queues: ['support-en'] })).body).toMatchObject({ queues: ['support-en'] });
}, 60_000);
afterAll(() => server.stop());

/** Calls 1919, picks French (unless remembered) and asks for an agent (menu key 4): the contact waits in support-fr. */
async function callForAgent(from: string): Promise<SimulatedCall> {
  const call = new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: `CA-agent-queues-${++calls}`, from, to: '1919' });
  await call.start();
  if (call.heard.join(' ').includes('Pour le français')) await call.press('1');
  await call.press('4');
  return call;
}

type Queues = Array<{ queue: string; contacts: Array<{ id: string; callerNumber: string; status: string }> }>;
const contactsOf = async (agent: ApiClient) => ((await agent.get('/api/agent/queues')).body as Queues).flatMap((q) => q.contacts);

/** A contact waiting in support-en: the caller reached support-fr, a supervisor moved them. */
async function englishContact(from: string): Promise<{ call: SimulatedCall; id: string }> {
  const call = await callForAgent(from);
  const find = async () => (await contactsOf(sena)).find((c) => c.callerNumber === from && c.status === 'waiting')?.id;
  await expect.poll(find).toBeDefined();
  const id = (await find())!;
  expect((await sena.post(`/api/agent/contacts/${id}/transfer`, { queue: 'support-en' })).body).toMatchObject({ queue: 'support-en', status: 'waiting' });
  return { call, id };
}

describe('an agent assigned to support-fr', () => {
  it('is told their queues, and the admin’s change is in the audit log', async () => {
    const me = await fatou.get('/api/auth/me');
    expect(me.body.user).toMatchObject({ username: 'fatou', queues: ['support-fr'] });
    expect((await kofi.get('/api/auth/me')).body.user.queues).toBeNull();
    const audit = (await server.admin.get('/api/audit?action=user.update')).body as Array<{ details: Record<string, unknown> }>;
    expect(audit.map((e) => e.details)).toContainEqual(expect.objectContaining({ username: 'ama', changed: ['queues'], queuesBefore: null, queues: ['support-en'] }));
  });

  it('neither lists, reads, takes, replies to, transfers, releases, closes nor calls back a support-en contact, even by its id', async () => {
    const { call, id } = await englishContact('+2290197000031');
    const queues = ((await fatou.get('/api/agent/queues')).body as Queues).map((q) => q.queue);
    expect(queues).toEqual(['support-fr']);
    expect((await contactsOf(fatou)).map((c) => c.id)).not.toContain(id);

    // By its id: the same 404 as an id that names nothing, so fatou cannot tell it exists.
    const unknown = await fatou.get('/api/agent/contacts/no-such-contact');
    expect(unknown.status).toBe(404);
    const attempts = [
      fatou.get(`/api/agent/contacts/${id}`),
      fatou.post(`/api/agent/contacts/${id}/take`),
      fatou.post(`/api/agent/contacts/${id}/take`, { expected: { status: 'waiting', agent: null, queue: 'support-en' } }),
      fatou.post(`/api/agent/contacts/${id}/messages`, { text: 'Bonjour' }),
      fatou.post(`/api/agent/contacts/${id}/transfer`, { queue: 'support-fr' }),
      fatou.post(`/api/agent/contacts/${id}/release`),
      fatou.post(`/api/agent/contacts/${id}/close`, { outcome: 'resolved' }),
      fatou.post(`/api/agent/contacts/${id}/callback`),
    ];
    for (const answer of await Promise.all(attempts)) {
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe(unknown.body.error.code);
    }
    // Nothing changed: it still waits for the English team, which sees and takes it.
    expect(await server.store.getHandoffContact(id)).toMatchObject({ status: 'waiting', queue: 'support-en' });
    expect((await contactsOf(kofi)).map((c) => c.id)).toContain(id);
    expect((await ama.post(`/api/agent/contacts/${id}/take`)).body).toMatchObject({ status: 'assigned', agent: 'ama' });
    expect((await fatou.get(`/api/agent/contacts/${id}`)).status).toBe(404);
    await call.hangup();
  });

  it('reads, takes and transfers a contact of their queue; once transferred away it is no longer theirs', async () => {
    const call = await callForAgent('+2290197000032');
    const find = async () => (await contactsOf(fatou)).find((c) => c.callerNumber === '+2290197000032')?.id;
    await expect.poll(find).toBeDefined();
    const id = (await find())!;
    expect((await ama.get(`/api/agent/contacts/${id}`)).status).toBe(404);
    expect((await fatou.get(`/api/agent/contacts/${id}`)).body.contact).toMatchObject({ queue: 'support-fr' });
    expect((await fatou.post(`/api/agent/contacts/${id}/take`)).body).toMatchObject({ agent: 'fatou' });
    // The English team may need it: any known queue is a transfer's destination.
    expect((await fatou.post(`/api/agent/contacts/${id}/transfer`, { queue: 'support-en' })).body).toMatchObject({ queue: 'support-en', status: 'waiting' });
    expect((await fatou.get(`/api/agent/contacts/${id}`)).status).toBe(404);
    expect((await ama.get(`/api/agent/contacts/${id}`)).status).toBe(200);
    await call.hangup();
  });

  it('hears only of support-fr in the live stream (and of a contact leaving it)', async () => {
    const english = await englishContact('+2290197000033');
    const stream = await openEventStream(`${server.url}/api/agent/events`, { cookie: fatouCookie });
    expect(stream.response.status).toBe(200);
    try {
      // First a change in support-en (ama takes her contact), then one in support-fr: the first fatou hears of is the second.
      expect((await ama.post(`/api/agent/contacts/${english.id}/take`)).status).toBe(200);
      const french = await callForAgent('+2290197000034');
      const find = async () => (await contactsOf(fatou)).find((c) => c.callerNumber === '+2290197000034')?.id;
      await expect.poll(find).toBeDefined();
      const frenchId = (await find())!;
      const first = await stream.next();
      if (first === 'ended') throw new Error('the stream ended');
      expect(first.data).toMatchObject({ type: 'contact', id: frenchId, queue: 'support-fr' });
      // The English contact's close is not told her either; the French contact moved away is (it leaves her list).
      await ama.post(`/api/agent/contacts/${english.id}/close`, { outcome: 'resolved' });
      await sena.post(`/api/agent/contacts/${frenchId}/transfer`, { queue: 'support-en' });
      for (;;) {
        const event = await stream.next();
        if (event === 'ended') throw new Error('the stream ended');
        expect(event.data.id).not.toBe(english.id);
        if (event.data.id === frenchId && event.data.queue === 'support-en') {
          expect(event.data.fromQueue).toBe('support-fr');
          break;
        }
      }
      await english.call.hangup();
      await french.hangup();
    } finally {
      stream.close();
    }
  });

  it('neither lists nor takes a support-en callback request, by its id either', async () => {
    const { call, id } = await englishContact('+2290197000035');
    const request = (await ama.post(`/api/agent/contacts/${id}/callback`)).body as { id: string; queue: string };
    expect(request.queue).toBe('support-en');
    await call.hangup();
    expect(((await fatou.get('/api/agent/callbacks')).body as Array<{ id: string }>).map((r) => r.id)).not.toContain(request.id);
    expect(((await kofi.get('/api/agent/callbacks')).body as Array<{ id: string }>).map((r) => r.id)).toContain(request.id);
    for (const action of ['take', 'done', 'failed', 'retry']) {
      const answer = await fatou.post(`/api/agent/callbacks/${request.id}/${action}`);
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('callback_not_found');
    }
    expect(await server.store.getCallbackRequest(request.id)).toMatchObject({ status: 'pending' });
    expect((await ama.post(`/api/agent/callbacks/${request.id}/take`)).body).toMatchObject({ status: 'taken', agent: 'ama' });
  });

  it('reads only the general canned replies and those of support-fr', async () => {
    for (const [title, queues] of [
      ['Salutation', undefined],
      ['Facture FR', ['support-fr']],
      ['Invoice EN', ['support-en']],
    ] as const) {
      expect((await sena.post('/api/agent/canned-replies', { title, texts: { fr: title }, ...(queues ? { queues } : {}) })).status).toBe(201);
    }
    const titles = async (agent: ApiClient, query = '') => ((await agent.get(`/api/agent/canned-replies${query}`)).body as Array<{ title: string }>).map((r) => r.title).sort();
    expect(await titles(fatou)).toEqual(['Facture FR', 'Salutation']);
    expect(await titles(fatou, '?queue=support-en')).toEqual(['Salutation']);
    expect(await titles(ama)).toEqual(['Invoice EN', 'Salutation']);
    expect(await titles(kofi)).toEqual(['Facture FR', 'Invoice EN', 'Salutation']);
  });
});

describe('assignments an admin changes', () => {
  it('none at all: the agent sees no queue; null again: every queue', async () => {
    const id = await idOf('fatou');
    expect((await server.admin.patch(`/api/users/${id}`, { queues: [] })).body.queues).toEqual([]);
    expect((await fatou.get('/api/agent/queues')).body).toEqual([]);
    expect((await server.admin.patch(`/api/users/${id}`, { queues: null })).body.queues).toBeNull();
    expect(((await fatou.get('/api/agent/queues')).body as Queues).map((q) => q.queue)).toEqual(expect.arrayContaining(['support-en', 'support-fr']));
    expect((await server.admin.patch(`/api/users/${id}`, { queues: ['support-fr'] })).status).toBe(200);
  });

  it('reach a stream already open: once support-en is hers too, fatou hears of it without reconnecting', async () => {
    const id = await idOf('fatou');
    const english = await englishContact('+2290197000036');
    const french = await callForAgent('+2290197000037');
    const find = async () => (await contactsOf(fatou)).find((c) => c.callerNumber === '+2290197000037')?.id;
    await expect.poll(find).toBeDefined();
    const frenchId = (await find())!;
    const stream = await openEventStream(`${server.url}/api/agent/events`, { cookie: fatouCookie });
    try {
      expect((await server.admin.patch(`/api/users/${id}`, { queues: ['support-en', 'support-fr'] })).status).toBe(200);
      // Her stream reads her account again at most once a second. Each round: a support-en change,
      // then a support-fr one (which she hears either way, so the round ends); until she hears the first.
      let heard = false;
      for (let round = 0; round < 500 && !heard; round++) {
        await sena.post(`/api/agent/contacts/${english.id}/transfer`, { queue: 'support-en', priority: round % 2 });
        await sena.post(`/api/agent/contacts/${frenchId}/transfer`, { queue: 'support-fr', priority: round % 2 });
        for (;;) {
          const event = await stream.next();
          if (event === 'ended') throw new Error('the stream ended');
          if (event.data.id === english.id) heard = true;
          if (event.data.id === frenchId) break;
        }
      }
      expect(heard).toBe(true);
      await english.call.hangup();
      await french.hangup();
    } finally {
      stream.close();
      await server.admin.patch(`/api/users/${id}`, { queues: ['support-fr'] });
    }
  });

  it('are told at once to the agent’s own streams, and nobody else’s: the very next change of a queue given her is heard', async () => {
    const id = await idOf('fatou');
    const english = await englishContact('+2290197000038');
    const stream = await openEventStream(`${server.url}/api/agent/events`, { cookie: fatouCookie });
    const amas = await openEventStream(`${server.url}/api/agent/events`, { cookie: await login('ama') });
    try {
      expect((await server.admin.patch(`/api/users/${id}`, { queues: ['support-en', 'support-fr'] })).status).toBe(200);
      const told = await stream.next();
      if (told === 'ended') throw new Error('the stream ended');
      expect(told).toMatchObject({ type: 'assignment', data: { type: 'assignment', id } });
      // Not a second later: the change that follows in support-en is hers already.
      await sena.post(`/api/agent/contacts/${english.id}/transfer`, { queue: 'support-en', priority: 1 });
      const next = await stream.next();
      if (next === 'ended') throw new Error('the stream ended');
      expect(next.data).toMatchObject({ type: 'contact', id: english.id, queue: 'support-en' });
      // ama hears the same transfer, and never fatou's assignment.
      const hers = await amas.next();
      if (hers === 'ended') throw new Error('the stream ended');
      expect(hers.data).toMatchObject({ type: 'contact', id: english.id });
      await english.call.hangup();
    } finally {
      stream.close();
      amas.close();
      await server.admin.patch(`/api/users/${id}`, { queues: ['support-fr'] });
    }
  });

  it('taking a queue away puts back only that queue’s contacts she holds, when the admin asks it', async () => {
    const id = await idOf('fatou');
    expect((await server.admin.patch(`/api/users/${id}`, { queues: ['support-en', 'support-fr'] })).status).toBe(200);
    const english = await englishContact('+2290197000039');
    const french = await callForAgent('+2290197000040');
    const find = async () => (await contactsOf(fatou)).find((c) => c.callerNumber === '+2290197000040' && c.status === 'waiting')?.id;
    await expect.poll(find).toBeDefined();
    const frenchId = (await find())!;
    expect((await fatou.post(`/api/agent/contacts/${english.id}/take`)).status).toBe(200);
    expect((await fatou.post(`/api/agent/contacts/${frenchId}/take`)).status).toBe(200);

    expect((await server.admin.patch(`/api/users/${id}`, { queues: ['support-fr'] })).status).toBe(200);
    const requeued = await server.admin.post(`/api/users/${id}/requeue-contacts`, { queues: ['support-en'] });
    expect(requeued.body).toMatchObject({ username: 'fatou', requeued: [{ id: english.id, queue: 'support-en' }], failed: [] });
    expect(await server.store.getHandoffContact(english.id)).toMatchObject({ status: 'waiting', queue: 'support-en' });
    expect(await server.store.getHandoffContact(frenchId)).toMatchObject({ status: 'assigned', agent: 'fatou' });
    const audit = (await server.admin.get('/api/audit?action=user.requeueContacts')).body as Array<{ details: Record<string, unknown> }>;
    expect(audit[0]?.details).toMatchObject({ username: 'fatou', requeued: 1, failed: 0, queues: ['support-en'] });
    expect((await server.admin.post(`/api/users/${id}/requeue-contacts`, { queues: 'support-en' })).status).toBe(400);
    expect((await server.admin.post(`/api/users/${id}/requeue-contacts`, { outsideAssignment: false })).status).toBe(400);
    await english.call.hangup();
    await french.hangup();
  });

  it('after a queue is taken away, puts back the contacts she took there meanwhile (outsideAssignment), not the others', async () => {
    const id = await idOf('fatou');
    expect((await server.admin.patch(`/api/users/${id}`, { queues: ['support-en', 'support-fr'] })).status).toBe(200);
    // The admin's dialog opened here, fatou holding nothing; she takes an English contact meanwhile.
    const english = await englishContact('+2290197000041');
    const french = await callForAgent('+2290197000042');
    const find = async () => (await contactsOf(fatou)).find((c) => c.callerNumber === '+2290197000042' && c.status === 'waiting')?.id;
    await expect.poll(find).toBeDefined();
    const frenchId = (await find())!;
    expect((await fatou.post(`/api/agent/contacts/${english.id}/take`)).status).toBe(200);
    expect((await fatou.post(`/api/agent/contacts/${frenchId}/take`)).status).toBe(200);
    // Saved: support-en taken away, and what she holds outside her queues put back, whatever the dialog saw.
    expect((await server.admin.patch(`/api/users/${id}`, { queues: ['support-fr'] })).status).toBe(200);
    const requeued = await server.admin.post(`/api/users/${id}/requeue-contacts`, { outsideAssignment: true });
    expect(requeued.body).toMatchObject({ username: 'fatou', requeued: [{ id: english.id, queue: 'support-en' }], failed: [] });
    expect(await server.store.getHandoffContact(english.id)).toMatchObject({ status: 'waiting', queue: 'support-en' });
    expect(await server.store.getHandoffContact(frenchId)).toMatchObject({ status: 'assigned', agent: 'fatou' });
    await english.call.hangup();
    await french.hangup();
  });

  it('offer her, on a contact she still holds in a queue taken away, that queue’s canned replies while it is hers', async () => {
    for (const [title, queues] of [
      ['Remboursement EN', ['support-en']],
      ['Facturation pro', ['billing']],
    ] as const) {
      expect((await sena.post('/api/agent/canned-replies', { title, texts: { fr: title }, queues })).status).toBe(201);
    }
    const titles = async () => ((await fatou.get('/api/agent/canned-replies')).body as Array<{ title: string }>).map((r) => r.title);
    const id = await idOf('fatou');
    expect((await server.admin.patch(`/api/users/${id}`, { queues: ['support-en', 'support-fr'] })).status).toBe(200);
    const english = await englishContact('+2290197000043');
    expect((await fatou.post(`/api/agent/contacts/${english.id}/take`)).status).toBe(200);
    // support-en taken away, the contact left with her: she answers it with its queue's replies, never another team's.
    expect((await server.admin.patch(`/api/users/${id}`, { queues: ['support-fr'] })).status).toBe(200);
    expect(await titles()).toContain('Remboursement EN');
    expect(await titles()).not.toContain('Facturation pro');
    // Put back in its queue, the contact is no longer hers, nor are its queue's replies.
    expect((await server.admin.post(`/api/users/${id}/requeue-contacts`, { queues: ['support-en'] })).body).toMatchObject({ requeued: [{ id: english.id }] });
    expect(await titles()).not.toContain('Remboursement EN');
    await english.call.hangup();
  });

  it('are kept in the store with the account', async () => {
    const id = await idOf('ama');
    expect(await server.store.getUser(id)).toMatchObject({ queues: ['support-en'] });
  });
});
