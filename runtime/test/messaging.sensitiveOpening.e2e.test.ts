import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook, startFakeGraphServer, whatsappWebhooks as wa, type FakeGraphServer } from '@griot/connectors/messaging/testing';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * Over real HTTP with a fake Graph API: a WhatsApp subscriber asked for their PUK answers after
 * the conversation timed out. Their answer opens a new contact; it must not land in clear in the
 * transcript, nor before the agent the contact is then handed to.
 */
const APP_SECRET = 'whatsapp-opening-secret';
const PHONE_NUMBER_ID = '100000000000031';
const WA_ID = '2290197000031';
const PUK = '48157293';
const HOUR_S = 3600;

let graph: FakeGraphServer;
let server: TestServer;
let agent: ApiClient;

const flow = {
  schemaVersion: 2,
  id: 'puk-ask',
  name: 'PUK asked',
  locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' }, asr: null }],
  variables: [{ name: 'puk', type: 'digits', sensitive: true }],
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'askPuk', type: 'input', kind: 'text', variable: 'puk', prompt: { fr: { text: 'Entrez votre PUK' } } },
    { id: 'handoff', type: 'handoff', queue: 'puk-desk', reason: 'PUK', prompt: { fr: { text: 'Je vous passe un conseiller.' } } },
    { id: 'bye', type: 'end', prompt: { fr: { text: 'Au revoir.' } }, reason: 'served' },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'askPuk' },
    { id: 'e2', source: 'askPuk', output: 'ok', target: 'handoff' },
    { id: 'e3', source: 'askPuk', output: 'noInput', target: 'bye' },
    { id: 'e4', source: 'askPuk', output: 'invalid', target: 'bye' },
    { id: 'e5', source: 'handoff', output: 'done', target: 'bye' },
    { id: 'e6', source: 'handoff', output: 'unavailable', target: 'bye' },
    { id: 'e7', source: 'handoff', output: 'callback', target: 'bye' },
  ],
  settings: {},
};

beforeAll(async () => {
  graph = await startFakeGraphServer({ accessToken: 'opening-graph-token' });
  server = await startTestServer({
    env: {
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: 'v',
      WHATSAPP_ACCESS_TOKEN: 'opening-graph-token',
      WHATSAPP_GRAPH_BASE_URL: graph.url,
      WHATSAPP_GRAPH_VERSION: 'v21.0',
    },
  });
  expect((await server.admin.post('/api/flows', { document: flow })).status).toBe(201);
  expect((await server.admin.post(`/api/flows/${flow.id}/publish`, { message: 'test' })).status).toBe(201);
  expect((await server.admin.post(`/api/flows/${flow.id}/environments/production`, { version: 1 })).status).toBe(200);
  const binding = await server.admin.post('/api/bindings', { channel: 'whatsapp', address: PHONE_NUMBER_ID, flowId: flow.id, environment: 'production', settings: { inactivityMinutes: 10 } });
  expect(binding.status).toBe(201);
  agent = await userWithRoles(server, 'awa', ['agent']);
}, 60_000);
afterAll(async () => {
  await server.stop();
  await graph.close();
});

const replies = () => graph.sent().filter((r) => r.body.to === WA_ID).length;
const send = async (text: string, timestamp: number, expected: number) => {
  expect((await postWebhook(server.url, wa.textMessage(text, { phoneNumberId: PHONE_NUMBER_ID, waId: WA_ID, timestamp }), APP_SECRET)).status).toBe(200);
  await expect.poll(replies, { timeout: 5000 }).toBeGreaterThanOrEqual(expected);
};

describe('the PUK sent after the conversation timed out at its question', () => {
  it('opens a new contact with the PUK masked in the transcript and before the agent', async () => {
    const t0 = Math.floor(Date.now() / 1000) - 3 * HOUR_S;
    await send('Bonjour', t0, 1); // Entrez votre PUK
    // Two hours later (the binding times out after 10 minutes): the answer opens a new contact.
    await send(`mon PUK ${PUK}`, t0 + 2 * HOUR_S, 2);
    await send(PUK, t0 + 2 * HOUR_S + 5, 3); // answers the new contact's question: handed over
    const queue = async () => ((await agent.get('/api/agent/queues')).body as Array<{ queue: string; contacts: Array<{ id: string }> }>).find((q) => q.queue === 'puk-desk')?.contacts[0]?.id;
    await expect.poll(queue).toBeDefined();
    const transcripts = await server.store.listTranscripts({ callerNumber: `+${WA_ID}`, limit: 5 });
    expect(transcripts.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(transcripts)).not.toContain(PUK);
    const seen = await agent.get(`/api/agent/contacts/${await queue()}`);
    expect(seen.status).toBe(200);
    expect(JSON.stringify(seen.body)).not.toContain(PUK);
    expect(JSON.stringify(seen.body.botTurns)).toContain('•••');
  });

  it('masks an opening shaped like a secret code even when the contact before ended elsewhere', async () => {
    const id = ((await agent.get('/api/agent/queues')).body as Array<{ queue: string; contacts: Array<{ id: string }> }>).find((q) => q.queue === 'puk-desk')!.contacts[0]!.id;
    // The agent closes: the flow says goodbye and the contact ends at its end node, not at the question.
    expect((await agent.post(`/api/agent/contacts/${id}/close`, { outcome: 'resolved' })).status).toBe(200);
    const before = replies();
    await send('1234 5678', Math.floor(Date.now() / 1000), before + 1);
    await expect.poll(async () => (await server.store.listTranscripts({ callerNumber: `+${WA_ID}`, limit: 10 })).length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(await server.store.listTranscripts({ callerNumber: `+${WA_ID}`, limit: 10 }))).not.toContain('1234 5678');
  });
});
