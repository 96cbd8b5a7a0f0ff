import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';

/** After the agent, the flow ends without a word: no bot turn follows the agent's close. */
const flow = {
  schemaVersion: 2,
  id: 'wc-silent',
  name: 'silent',
  locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' }, asr: null }],
  variables: [],
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'handoff', type: 'handoff', queue: 'desk', reason: 'x', prompt: { fr: { text: 'Je vous passe un conseiller.' } } },
    { id: 'over', type: 'end', reason: 'served' },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'handoff' },
    { id: 'e5', source: 'handoff', output: 'done', target: 'over' },
    { id: 'e6', source: 'handoff', output: 'unavailable', target: 'over' },
    { id: 'e7', source: 'handoff', output: 'callback', target: 'over' },
  ],
  settings: {},
};

/**
 * A web chat an agent closes whose flow says nothing more: the page's long poll is told the
 * conversation ended (with the goodbye), and the agent's words are no longer kept in clear.
 */
describe('a web chat an agent closes with a silent flow', () => {
  let server: TestServer;
  let bindingId: string;

  beforeAll(async () => {
    server = await startTestServer({ env: {} });
    expect((await server.admin.post('/api/flows', { document: flow })).status).toBe(201);
    expect((await server.admin.post(`/api/flows/${flow.id}/publish`, { message: 't' })).status).toBe(201);
    expect((await server.admin.post(`/api/flows/${flow.id}/environments/production`, { version: 1 })).status).toBe(200);
    bindingId = (await server.admin.post('/api/bindings', { channel: 'webchat', address: 'site', flowId: flow.id, environment: 'production' })).body.id;
  }, 60_000);
  afterAll(() => server?.stop());

  const call = async (path: string, body: object) => {
    const response = await fetch(`${server.url}/chat/${bindingId}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    return response.json() as Promise<any>;
  };

  it("ends the page's conversation and drops the live part at the close", async () => {
    const agent = await userWithRoles(server, 'awa', ['agent']);
    const { conversationId } = await call('messages', { messageId: randomUUID(), open: true });
    const waiting = async () => ((await agent.get('/api/agent/queues')).body as any[]).flatMap((q) => q.contacts).find((c: any) => c.channel === 'webchat' && c.status === 'waiting');
    await expect.poll(waiting, { timeout: 10_000 }).toBeTruthy();
    const contact = await waiting();
    expect((await agent.post(`/api/agent/contacts/${contact.id}/take`)).status).toBe(200);
    expect((await agent.post(`/api/agent/contacts/${contact.id}/messages`, { text: 'Votre code PUK : 87 65 43 21.', clientId: randomUUID() })).status).toBe(201);

    // The page reads the agent's words, then waits (its long poll) for what comes next.
    const first = await call('updates', { conversationId, after: 0, waitSeconds: 0 });
    expect(JSON.stringify(first.messages)).toContain('87 65 43 21');
    const next = call('updates', { conversationId, after: first.last, waitSeconds: 20 });
    expect((await agent.post(`/api/agent/contacts/${contact.id}/close`, { outcome: 'resolved' })).status).toBe(200);

    const told = await next;
    expect(told.messages.length).toBeGreaterThan(0);
    expect(told.messages.at(-1).ended).toBe(true);
    const db = new Database(join(server.dataDir, 'griot.db'), { readonly: true, fileMustExist: true });
    try {
      const states = db.prepare('SELECT key, value FROM channel_states').all() as { key: string; value: string }[];
      expect(states.filter((s) => s.key.startsWith('webchat:live:'))).toEqual([]);
      expect(JSON.stringify(states)).not.toContain('87 65 43 21');
    } finally {
      db.close();
    }
    // A page opened later reads the end too, and not the agent's words.
    const later = await call('updates', { conversationId, after: 0, waitSeconds: 0 });
    expect(later.messages.at(-1).ended).toBe(true);
    expect(JSON.stringify(later.messages)).not.toContain('87 65 43 21');
  }, 60_000);
});
