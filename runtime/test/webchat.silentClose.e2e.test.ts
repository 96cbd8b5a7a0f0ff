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
 * A web chat an agent closes, or hands back, whose flow says nothing more: the page's long poll is
 * told the conversation ended (with the goodbye after a close), once, and the agent's words are no
 * longer kept in clear.
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

  /** Every entry the page's long poll reads from the start (what a page opened now shows). */
  const everything = async (conversationId: string) => (await call('updates', { conversationId, after: 0, waitSeconds: 0 })).messages as { ended?: boolean; replies: unknown[] }[];

  /** A visitor talking to an agent, who types a code: the conversation id, the contact, and the page's long poll waiting for what comes after. */
  const withAgent = async (agent: Awaited<ReturnType<typeof userWithRoles>>) => {
    const { conversationId } = await call('messages', { messageId: randomUUID(), open: true });
    const waiting = async () => ((await agent.get('/api/agent/queues')).body as any[]).flatMap((q) => q.contacts).find((c: any) => c.channel === 'webchat' && c.status === 'waiting');
    await expect.poll(waiting, { timeout: 10_000 }).toBeTruthy();
    const contact = await waiting();
    expect((await agent.post(`/api/agent/contacts/${contact.id}/take`)).status).toBe(200);
    expect((await agent.post(`/api/agent/contacts/${contact.id}/messages`, { text: 'Votre code PUK : 87 65 43 21.', clientId: randomUUID() })).status).toBe(201);
    // The page reads the agent's words, then waits (its long poll) for what comes next.
    const first = await call('updates', { conversationId, after: 0, waitSeconds: 0 });
    expect(JSON.stringify(first.messages)).toContain('87 65 43 21');
    return { conversationId, contact, next: call('updates', { conversationId, after: first.last, waitSeconds: 20 }) };
  };

  const liveParts = () => {
    const db = new Database(join(server.dataDir, 'griot.db'), { readonly: true, fileMustExist: true });
    try {
      const states = db.prepare('SELECT key, value FROM channel_states').all() as { key: string; value: string }[];
      return { live: states.filter((s) => s.key.startsWith('webchat:live:')), all: JSON.stringify(states) };
    } finally {
      db.close();
    }
  };

  it("ends the page's conversation and drops the live part at the close, the end said once", async () => {
    const agent = await userWithRoles(server, 'awa', ['agent']);
    const { conversationId, contact, next } = await withAgent(agent);
    expect((await agent.post(`/api/agent/contacts/${contact.id}/close`, { outcome: 'resolved' })).status).toBe(200);

    const told = await next;
    expect(told.messages.length).toBeGreaterThan(0);
    expect(told.messages.at(-1).ended).toBe(true);
    const { live, all } = liveParts();
    expect(live).toEqual([]);
    expect(all).not.toContain('87 65 43 21');
    // A page opened later reads the end too, once, and not the agent's words.
    const later = await everything(conversationId);
    expect(later.at(-1)?.ended).toBe(true);
    expect(later.filter((m) => m.ended)).toHaveLength(1);
    expect(JSON.stringify(later)).not.toContain('87 65 43 21');
  }, 60_000);

  it('tells the page the conversation ended, once, when the agent hands back and the flow ends without a word', async () => {
    const agent = await userWithRoles(server, 'binta', ['agent']);
    const { conversationId, contact, next } = await withAgent(agent);
    expect((await agent.post(`/api/agent/contacts/${contact.id}/release`)).status).toBe(200);

    // The page's long poll wakes with the end: nothing said, the conversation over.
    const told = await next;
    expect(told.messages).toEqual([expect.objectContaining({ ended: true, replies: [] })]);
    const { live, all } = liveParts();
    expect(live).toEqual([]);
    expect(all).not.toContain('87 65 43 21');
    const later = await everything(conversationId);
    expect(later.filter((m) => m.ended)).toHaveLength(1);
    expect(later.at(-1)?.ended).toBe(true);
  }, 60_000);
});
