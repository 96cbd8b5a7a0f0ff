import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';

/** A handoff whose queue is a template the visitor fills in: what they typed picks the queue. */
const flow = {
  schemaVersion: 2,
  id: 'wc-typed-queue',
  name: 'typed queue',
  locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' }, asr: null }],
  variables: [{ name: 'team', type: 'string' }],
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'ask', type: 'input', kind: 'text', variable: 'team', prompt: { fr: { text: 'Quel service ?' } }, validation: { maxLength: 256 } },
    { id: 'handoff', type: 'handoff', queue: '{{team}}', reason: 'x', prompt: { fr: { text: 'Je vous passe un conseiller.' } } },
    { id: 'over', type: 'end', reason: 'served' },
    { id: 'none', type: 'message', prompt: { fr: { text: 'Aucun conseiller pour ce service.' } } },
    { id: 'bye', type: 'end', reason: 'unavailable' },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'ask' },
    { id: 'e2', source: 'ask', output: 'ok', target: 'handoff' },
    { id: 'e3', source: 'ask', output: 'noInput', target: 'over' },
    { id: 'e4', source: 'ask', output: 'invalid', target: 'over' },
    { id: 'e5', source: 'handoff', output: 'done', target: 'over' },
    { id: 'e6', source: 'handoff', output: 'unavailable', target: 'none' },
    { id: 'e7', source: 'handoff', output: 'callback', target: 'over' },
    { id: 'e8', source: 'none', output: 'next', target: 'bye' },
  ],
  settings: {},
};

/** The same, its queue template written with a space before the variable: what is opened is the name, trimmed. */
const spacedFlow = {
  ...flow,
  id: 'wc-spaced-queue',
  name: 'spaced queue',
  nodes: flow.nodes.map((node) => (node.type === 'handoff' ? { ...node, queue: ' {{team}}' } : node)),
};

/**
 * Security review 16: a queue's name is 1 to 200 characters without control characters. A
 * template filled in with what a visitor typed is held to it too: past it, no queue is opened
 * (it would be listed to every agent) and the flow goes on from `unavailable`.
 */
describe('a handoff queue filled in by the visitor', () => {
  let server: TestServer;
  let bindingId: string;
  let spacedBindingId: string;

  beforeAll(async () => {
    server = await startTestServer({ env: {} });
    const live = async (document: { id: string }, address: string) => {
      const created = await server.admin.post('/api/flows', { document });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect((await server.admin.post(`/api/flows/${document.id}/publish`, { message: 't' })).status).toBe(201);
      expect((await server.admin.post(`/api/flows/${document.id}/environments/production`, { version: 1 })).status).toBe(200);
      return (await server.admin.post('/api/bindings', { channel: 'webchat', address, flowId: document.id, environment: 'production' })).body.id as string;
    };
    bindingId = await live(flow, 'site');
    spacedBindingId = await live(spacedFlow, 'spaced');
  }, 60_000);
  afterAll(() => server?.stop());

  const send = async (body: object, binding = bindingId) => {
    const response = await fetch(`${server.url}/chat/${binding}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    return JSON.stringify(await response.json());
  };

  it('opens no queue for a name past 200 characters: the flow answers unavailable', async () => {
    const agent = await userWithRoles(server, 'awa', ['agent']);
    const { conversationId } = JSON.parse(await send({ messageId: randomUUID(), open: true })) as { conversationId: string };
    const answer = await send({ conversationId, messageId: randomUUID(), text: 'x'.repeat(250) });
    expect(answer).toContain('Aucun conseiller pour ce service.');
    const queues = ((await agent.get('/api/agent/queues')).body as Array<{ queue: string }>).map((q) => q.queue);
    expect(queues.filter((q) => q.startsWith('xxx'))).toEqual([]);
  });

  it('opens the queue the template names, without the spaces around it', async () => {
    const agent = await userWithRoles(server, 'kofi', ['agent']);
    const { conversationId } = JSON.parse(await send({ messageId: randomUUID(), open: true }, spacedBindingId)) as { conversationId: string };
    const answer = await send({ conversationId, messageId: randomUUID(), text: 'support-pro' }, spacedBindingId);
    expect(answer).toContain('Je vous passe un conseiller.');
    const queues = ((await agent.get('/api/agent/queues')).body as Array<{ queue: string; contacts: unknown[] }>).filter((q) => q.queue.includes('support-pro'));
    expect(queues.map((q) => q.queue)).toEqual(['support-pro']);
    expect(queues[0]?.contacts).toHaveLength(1);
  });
});
