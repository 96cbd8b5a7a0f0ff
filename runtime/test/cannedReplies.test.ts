import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandoffEffect, Session } from '@griot/flows';
import { CannedReplySchema } from '../src/api/schemas/agentSchemas.ts';
import type { SessionRecord } from '../src/store/types.ts';
import { openEventStream } from './helpers/eventStream.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * Réponses types: a supervisor (or an admin) writes the texts agents insert in their reply box
 * instead of retyping them all shift; agents read them and may not change them; every change is
 * in the audit log with its title, never its text.
 */
let server: TestServer;
let awa: ApiClient;
let sena: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  awa = await userWithRoles(server, 'awa', ['agent']);
  sena = await userWithRoles(server, 'sena', ['supervisor']);
});
afterAll(async () => {
  await server.stop();
});

const greeting = { title: 'Salutation', texts: { fr: 'Bonjour, je suis Awa. Comment puis-je vous aider ?', en: 'Hello, how can I help?' } };

describe('canned replies', () => {
  it('a supervisor writes them, agents read them by title, and only supervisors and admins change them', async () => {
    const created = await sena.post('/api/agent/canned-replies', greeting);
    expect(created.status).toBe(201);
    const reply = CannedReplySchema.parse(created.body);
    expect(reply).toMatchObject({ ...greeting, updatedBy: 'sena' });

    const puk = await server.admin.post('/api/agent/canned-replies', { title: 'Code PUK', texts: { fr: 'Votre code PUK est au dos de la carte SIM.' }, queue: 'support-fr' });
    expect(puk.status).toBe(201);

    const listed = await awa.get('/api/agent/canned-replies');
    expect(listed.status).toBe(200);
    expect(
      CannedReplySchema.array()
        .parse(listed.body)
        .map((r) => [r.title, r.queues ?? null]),
    ).toEqual([
      // An older client's one queue is kept as `queues`.
      ['Code PUK', ['support-fr']],
      ['Salutation', null],
    ]);

    expect((await awa.post('/api/agent/canned-replies', greeting)).status).toBe(403);
    expect((await awa.put(`/api/agent/canned-replies/${reply.id}`, greeting)).status).toBe(403);
    expect((await awa.delete(`/api/agent/canned-replies/${reply.id}`)).status).toBe(403);

    const edited = await sena.put(`/api/agent/canned-replies/${reply.id}`, { ...greeting, texts: { fr: 'Bonjour !' } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id: reply.id, texts: { fr: 'Bonjour !' } });
    expect((await sena.put('/api/agent/canned-replies/nope', greeting)).status).toBe(404);
    expect((await sena.post('/api/agent/canned-replies', { title: 'Vide', texts: {} })).status).toBe(400);

    expect((await sena.delete(`/api/agent/canned-replies/${reply.id}`)).status).toBe(204);
    expect((await sena.delete(`/api/agent/canned-replies/${reply.id}`)).status).toBe(404);
    expect((await awa.get('/api/agent/canned-replies')).body).toHaveLength(1);

    const audit = await server.admin.get(`/api/audit?target=${encodeURIComponent(`canned_reply:${reply.id}`)}`);
    const entries = (audit.body as Array<{ actor: string; action: string; details?: { title?: string } }>).reverse();
    expect(entries.map((e) => [e.actor, e.action, e.details?.title])).toEqual([
      ['sena', 'cannedReply.create', 'Salutation'],
      ['sena', 'cannedReply.update', 'Salutation'],
      ['sena', 'cannedReply.delete', 'Salutation'],
    ]);
    expect(JSON.stringify(audit.body)).not.toContain('Bonjour');
  });

  it('are marked for some queues by a supervisor; on a contact of one of them, an agent gets those first, then the general ones, and not other queues’ ones', async () => {
    const made: string[] = [];
    const add = async (body: Record<string, unknown>) => {
      const created = await sena.post('/api/agent/canned-replies', body);
      expect(created.status).toBe(201);
      made.push(created.body.id);
      return created.body as { id: string; queues?: string[] };
    };
    await add({ title: 'Au revoir', texts: { fr: 'Bonne journée.' } });
    const billing = await add({ title: 'Facture', texts: { fr: 'Votre facture est en ligne.' }, queues: ['billing-fr', 'support-fr', 'billing-fr'] });
    expect(billing.queues).toEqual(['billing-fr', 'support-fr']);
    await add({ title: 'Roaming', texts: { fr: 'Activez l’itinérance.' }, queues: ['roaming'] });
    await add({ title: 'Attente', texts: { fr: 'Merci de patienter.' }, queues: [] });
    const titlesOn = async (queue: string) => ((await awa.get(`/api/agent/canned-replies?queue=${queue}`)).body as Array<{ title: string }>).map((r) => r.title);
    // The queue's own (by title), then the general ones (by title); another queue's never.
    expect(await titlesOn('support-fr')).toEqual(['Code PUK', 'Facture', 'Attente', 'Au revoir']);
    expect(await titlesOn('billing-fr')).toEqual(['Facture', 'Attente', 'Au revoir']);
    expect(await titlesOn('roaming')).toEqual(['Roaming', 'Attente', 'Au revoir']);
    const audit = await server.admin.get(`/api/audit?target=${encodeURIComponent(`canned_reply:${billing.id}`)}`);
    expect((audit.body as Array<{ details?: { queues?: string[] } }>)[0]?.details?.queues).toEqual(['billing-fr', 'support-fr']);
    for (const id of made) expect((await sena.delete(`/api/agent/canned-replies/${id}`)).status).toBe(204);
  });

  it('are in the OpenAPI document', async () => {
    const doc = (await server.anonymous.get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/agent/canned-replies'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/agent/canned-replies/{id}'] ?? {}).sort()).toEqual(['delete', 'put']);
  });
});

/** A web-chat visitor, known only by a Bot Framework id, handed over by the engine's hook as a handoff node does it. */
async function webChatHandoff(visitor: string, channel = 'botframework'): Promise<string> {
  const session = {
    v: 1,
    flowId: 'f',
    flowVersion: 1,
    channel,
    locale: 'fr',
    caller: { number: visitor },
    vars: {},
    wait: null,
    path: [],
    status: 'handoff',
    turns: 2,
  } as unknown as Session;
  const now = new Date().toISOString();
  const record: SessionRecord = { key: `${channel}:${visitor}`, session, bindingId: null, environment: 'production', preview: false, createdAt: now, updatedAt: now, expiresAt: now };
  const effect = {
    type: 'handoff',
    node: 'handoff',
    queue: 'support-fr',
    priority: 999,
    reason: 'aide',
    context: { callerNumber: visitor, locale: 'fr', channel, reason: 'aide', flowId: 'f', flowVersion: 1, path: [], variables: {} },
  } as unknown as HandoffEffect;
  await server.services.handoff.hooks.requested(record, session, effect);
  const waiting = (await server.store.listHandoffContacts({ statuses: ['waiting'] })).find((c) => c.callerNumber === visitor);
  if (!waiting) throw new Error('the visitor was not queued');
  return waiting.id;
}

describe('a callback for a chat visitor', () => {
  it('is refused: a platform id is no number to call back, and the contact keeps waiting', async () => {
    const id = await webChatHandoff('botframework:user-conv1');
    const answer = await awa.post(`/api/agent/contacts/${id}/callback`);
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('contact_not_callable');
    expect((await server.store.getHandoffContact(id))?.status).toBe('waiting');
    expect(await server.store.listCallbackRequests({})).toEqual([]);
  });
});

describe('a callback offered during a WhatsApp conversation', () => {
  it('is for the agent holding the conversation (or a supervisor), and closes the contact into a pending request', async () => {
    const kofi = await userWithRoles(server, 'kofi', ['agent']);
    const id = await webChatHandoff('+2290197000044', 'whatsapp');
    expect((await awa.post(`/api/agent/contacts/${id}/take`)).status).toBe(200);
    const notHis = await kofi.post(`/api/agent/contacts/${id}/callback`);
    expect(notHis.status).toBe(409);
    expect(notHis.body.error.code).toBe('contact_not_yours');
    const offered = await awa.post(`/api/agent/contacts/${id}/callback`);
    expect(offered.status).toBe(201);
    expect(offered.body).toMatchObject({ number: '+2290197000044', queue: 'support-fr', status: 'pending', contactId: id });
    expect(await server.store.getHandoffContact(id)).toMatchObject({ status: 'closed', outcome: 'callback' });
  });
});

describe('canned replies on the agents’ live stream', () => {
  it('tells an open inbox when a supervisor adds, changes or removes one, with its queue, never its text', async () => {
    const login = await server.anonymous.post('/api/auth/login', { username: 'awa', password: 'correct horse battery' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const stream = await openEventStream(`${server.url}/api/agent/events`, { cookie });
    const nextCanned = async () => {
      for (;;) {
        const event = await stream.next();
        if (event === 'ended') throw new Error('the event stream ended');
        if (event.type === 'canned') return event.data as Record<string, unknown>;
      }
    };
    try {
      const created = await sena.post('/api/agent/canned-replies', { title: 'Délai', texts: { fr: 'Un conseiller vous rappelle sous 24 heures.' }, queue: 'support-fr' });
      expect(created.status).toBe(201);
      const added = await nextCanned();
      expect(added).toMatchObject({ type: 'canned', id: created.body.id, queue: 'support-fr' });
      expect(JSON.stringify(added)).not.toContain('24 heures');
      expect((await sena.put(`/api/agent/canned-replies/${created.body.id}`, { title: 'Délai', texts: { fr: 'Sous 48 heures.' } })).status).toBe(200);
      expect(await nextCanned()).toMatchObject({ id: created.body.id, queue: 'support-fr' });
      expect((await sena.delete(`/api/agent/canned-replies/${created.body.id}`)).status).toBe(204);
      expect(await nextCanned()).toMatchObject({ id: created.body.id });
    } finally {
      stream.close();
    }
  });
});
