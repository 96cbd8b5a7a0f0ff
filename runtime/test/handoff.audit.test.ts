import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { postWebhook, startFakeGraphServer, whatsappWebhooks as wa, type FakeGraphServer } from '@griot/connectors/messaging/testing';
import {
  CallbackRequestSchema,
  ContactWithMessagesSchema,
  HandoffContactSchema,
  QueueSettingsSchema,
  QueueViewSchema,
  ReleaseResultSchema,
  ReplyResultSchema,
  SupervisorRowSchema,
} from '../src/api/schemas/agentSchemas.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * What agents and supervisors do on the 1919 demo lands in the audit log an admin reads: who
 * took, answered, transferred, released or closed which contact, who turned it into a callback
 * and what became of that, who changed a queue's settings. Never a message's words or a
 * caller's number. On the way, every answer of the agent API is exactly its documented schema.
 */
const JAMBONZ_SECRET = 'jambonz-audit-secret';
const APP_SECRET = 'whatsapp-audit-secret';
const sender = { phoneNumberId: '100000000000001', waId: '2290197000001', name: 'Afiavi' };
const SUBSCRIBER_WORDS = 'Mon code PIN est 90417';
const AGENT_WORDS = 'Je regarde votre forfait, dossier 55821';

let graph: FakeGraphServer;
let server: TestServer;
let awa: ApiClient;
let kofi: ApiClient;
let sena: ApiClient;
let calls = 0;

beforeAll(async () => {
  graph = await startFakeGraphServer({ accessToken: 'audit-graph-token' });
  server = await startTestServer({
    env: {
      GRIOT_DEMO: '1',
      JAMBONZ_WEBHOOK_SECRET: JAMBONZ_SECRET,
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: 'v',
      WHATSAPP_ACCESS_TOKEN: 'audit-graph-token',
      WHATSAPP_GRAPH_BASE_URL: graph.url,
      WHATSAPP_GRAPH_VERSION: 'v21.0',
    },
  });
  awa = await userWithRoles(server, 'awa', ['agent']);
  kofi = await userWithRoles(server, 'kofi', ['agent']);
  sena = await userWithRoles(server, 'sena', ['supervisor']);
});
afterAll(async () => {
  await server.stop();
  await graph.close();
});

/** The answer is exactly its documented schema: parsing drops no field (zod strips unknown ones) and throws on a wrong type. */
function documented<S extends z.ZodType>(schema: S, answer: { status: number; body: unknown }, status = 200): z.output<S> {
  expect(answer.status).toBe(status);
  const parsed = schema.parse(answer.body);
  expect(parsed).toEqual(answer.body);
  return parsed;
}

/** Oldest first, as people read a story. */
async function auditOf(target: string) {
  const answer = await server.admin.get(`/api/audit?target=${encodeURIComponent(target)}`);
  expect(answer.status).toBe(200);
  return (answer.body as Array<{ actor: string; action: string; details?: Record<string, unknown>; hashBefore?: string; hashAfter?: string }>).reverse();
}

const waitingIn = async (queue: string, channel: string) => {
  const board = documented(QueueViewSchema.array(), await awa.get('/api/agent/queues'));
  return board.find((q) => q.queue === queue)?.contacts.filter((c) => c.status === 'waiting' && c.channel === channel) ?? [];
};

/** Calls 1919, picks French (unless remembered) and asks for an agent (menu key 4). */
async function callForAgent(from: string): Promise<SimulatedCall> {
  const call = new SimulatedCall(httpLink(server.url, { secret: JAMBONZ_SECRET }), { callSid: `CA-audit-${++calls}`, from, to: '1919' });
  await call.start();
  if (call.heard.join(' ').includes('Pour le français')) await call.press('1');
  await call.press('4');
  return call;
}

describe('the audit log of agents and supervisors', () => {
  it('tells who took, answered, transferred and released a WhatsApp contact, without the words', async () => {
    const send = (body: unknown) => postWebhook(server.url, body, APP_SECRET);
    await send(wa.textMessage('Bonjour', sender));
    await send(wa.buttonReply('fr', 'Français', sender));
    await send(wa.textMessage('Je veux un conseiller', sender));
    await expect.poll(async () => (await waitingIn('support-fr', 'whatsapp')).length).toBe(1);
    const [waiting] = await waitingIn('support-fr', 'whatsapp');
    const id = waiting!.id;
    await send(wa.textMessage(SUBSCRIBER_WORDS, sender));
    await expect.poll(async () => (await awa.get(`/api/agent/contacts/${id}`)).body.messages.length).toBe(1);

    documented(HandoffContactSchema, await awa.post(`/api/agent/contacts/${id}/take`));
    documented(ReplyResultSchema, await awa.post(`/api/agent/contacts/${id}/messages`, { text: AGENT_WORDS }), 201);
    documented(HandoffContactSchema, await awa.post(`/api/agent/contacts/${id}/transfer`, { queue: 'support-en', priority: 5 }));
    documented(HandoffContactSchema, await kofi.post(`/api/agent/contacts/${id}/take`));
    documented(ContactWithMessagesSchema, await kofi.get(`/api/agent/contacts/${id}`));
    // The supervisor hands kofi's contact back to the bot.
    documented(ReleaseResultSchema, await sena.post(`/api/agent/contacts/${id}/release`));

    expect((await auditOf(`contact:${id}`)).map(({ actor, action, details }) => ({ actor, action, details }))).toEqual([
      { actor: 'awa', action: 'contact.take', details: { queue: 'support-fr', priority: waiting!.priority } },
      { actor: 'awa', action: 'contact.reply', details: { queue: 'support-fr', message: expect.any(String), channel: 'whatsapp' } },
      {
        actor: 'awa',
        action: 'contact.transfer',
        details: { queue: 'support-en', from: 'support-fr', to: 'support-en', priorityBefore: waiting!.priority, priority: 5, agentBefore: 'awa' },
      },
      { actor: 'kofi', action: 'contact.take', details: { queue: 'support-en', priority: 5 } },
      { actor: 'sena', action: 'contact.release', details: { queue: 'support-en', onBehalfOf: 'kofi' } },
    ]);
  });

  it('tells who closed a voice contact, and the life of a callback request', async () => {
    const first = await callForAgent('+2290197000003');
    await expect.poll(async () => (await waitingIn('support-fr', 'voice')).length).toBe(1);
    const [closing] = await waitingIn('support-fr', 'voice');
    await awa.post(`/api/agent/contacts/${closing!.id}/take`);
    expect(documented(HandoffContactSchema, await awa.post(`/api/agent/contacts/${closing!.id}/close`, { outcome: 'resolved' }))).toMatchObject({ outcome: 'resolved' });
    await first.hangup();

    // Not the WhatsApp subscriber's number: the flow would offer them an agent on WhatsApp.
    const second = await callForAgent('+2290197000003');
    await expect.poll(async () => (await waitingIn('support-fr', 'voice')).length).toBe(1);
    const [calling] = await waitingIn('support-fr', 'voice');
    const request = documented(CallbackRequestSchema, await awa.post(`/api/agent/contacts/${calling!.id}/callback`), 201);
    documented(CallbackRequestSchema.array(), await awa.get('/api/agent/callbacks?status=pending'));
    documented(SupervisorRowSchema.array(), await sena.get('/api/agent/supervisor'));
    documented(CallbackRequestSchema, await awa.post(`/api/agent/callbacks/${request.id}/take`));
    documented(CallbackRequestSchema, await awa.post(`/api/agent/callbacks/${request.id}/failed`));
    documented(CallbackRequestSchema, await awa.post(`/api/agent/callbacks/${request.id}/retry`));
    documented(CallbackRequestSchema, await kofi.post(`/api/agent/callbacks/${request.id}/take`));
    documented(CallbackRequestSchema, await kofi.post(`/api/agent/callbacks/${request.id}/done`));
    await second.hangup();

    expect((await auditOf(`contact:${closing!.id}`)).map(({ actor, action, details }) => ({ actor, action, details }))).toEqual([
      { actor: 'awa', action: 'contact.take', details: { queue: 'support-fr', priority: closing!.priority } },
      { actor: 'awa', action: 'contact.close', details: { queue: 'support-fr', outcome: 'resolved' } },
    ]);
    expect(await auditOf(`contact:${calling!.id}`)).toEqual([expect.objectContaining({ actor: 'awa', action: 'contact.callback', details: { queue: 'support-fr', callback: request.id } })]);
    expect((await auditOf(`callback:${request.id}`)).map(({ actor, action, details }) => [actor, action, details])).toEqual([
      ['awa', 'callback.take', { queue: 'support-fr', status: 'taken', attempts: 1 }],
      ['awa', 'callback.failed', { queue: 'support-fr', status: 'failed', attempts: 1 }],
      ['awa', 'callback.retry', { queue: 'support-fr', status: 'pending', attempts: 1 }],
      ['kofi', 'callback.take', { queue: 'support-fr', status: 'taken', attempts: 2 }],
      ['kofi', 'callback.done', { queue: 'support-fr', status: 'done', attempts: 2 }],
    ]);
  });

  it('tells who changed a queue’s settings, with hashes and what changed', async () => {
    const rules = { callbackAfterSeconds: 120, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [] };
    documented(QueueSettingsSchema, await sena.put('/api/agent/queues/support-audit/settings', rules));
    documented(QueueSettingsSchema, await sena.put('/api/agent/queues/support-audit/settings', { ...rules, callbackAfterSeconds: 300 }));

    const [created, changed] = await auditOf('queue:support-audit');
    expect(created).toMatchObject({ actor: 'sena', action: 'queue.settings', details: { changed: rules } });
    expect(created!.hashBefore).toBeUndefined();
    expect(changed).toMatchObject({ actor: 'sena', action: 'queue.settings', hashBefore: created!.hashAfter, details: { changed: { callbackAfterSeconds: 300 } } });
    expect(changed!.hashAfter).not.toBe(created!.hashAfter);

    // Removed: audited with the hash of what was removed; a second removal finds nothing (404).
    expect((await sena.delete('/api/agent/queues/support-audit/settings')).status).toBe(204);
    expect((await sena.delete('/api/agent/queues/support-audit/settings')).body.error.code).toBe('queue_settings_not_found');
    const removed = (await auditOf('queue:support-audit'))[2];
    expect(removed).toMatchObject({ actor: 'sena', action: 'queue.settings.delete', hashBefore: changed!.hashAfter, details: { changed: { callbackAfterSeconds: null } } });
    expect(removed!.hashAfter).toBeUndefined();
  });

  it('keeps the words and the callers’ numbers out of it, and agents cannot read it', async () => {
    const everything = JSON.stringify((await server.admin.get('/api/audit?limit=1000')).body);
    expect(everything).toContain('contact.reply');
    for (const secret of [SUBSCRIBER_WORDS, AGENT_WORDS, '90417', '55821', '0197000001', '0197000003']) expect(everything).not.toContain(secret);
    expect((await awa.get('/api/audit')).status).toBe(403);
  });
});
