import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';

/** The flow says goodbye and ends after the agent: the conversation ends with the bot's turn. */
const flow = {
  schemaVersion: 2,
  id: 'wc-bye',
  name: 'bye',
  locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' }, asr: null }],
  variables: [],
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'handoff', type: 'handoff', queue: 'desk', reason: 'x', prompt: { fr: { text: 'Je vous passe un conseiller.' } } },
    { id: 'bye', type: 'end', prompt: { fr: { text: 'Au revoir.' } }, reason: 'served' },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'handoff' },
    { id: 'e5', source: 'handoff', output: 'done', target: 'bye' },
    { id: 'e6', source: 'handoff', output: 'unavailable', target: 'bye' },
    { id: 'e7', source: 'handoff', output: 'callback', target: 'bye' },
  ],
  settings: {},
};

/**
 * A web chat whose flow ends right after the agent (a goodbye node): the page is told the
 * conversation ended, and what the agent wrote is no longer kept in clear for the page.
 */
describe('a web chat the bot ends after an agent closed it', () => {
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

  it('tells the page it ended and keeps nothing the agent wrote in clear', async () => {
    const agent = await userWithRoles(server, 'awa', ['agent']);
    const { conversationId } = await call('messages', { messageId: randomUUID(), open: true });
    const waiting = async () => ((await agent.get('/api/agent/queues')).body as any[]).flatMap((q) => q.contacts).find((c: any) => c.channel === 'webchat' && c.status === 'waiting');
    await expect.poll(waiting, { timeout: 10_000 }).toBeTruthy();
    const contact = await waiting();
    expect((await agent.post(`/api/agent/contacts/${contact.id}/take`)).status).toBe(200);
    expect((await agent.post(`/api/agent/contacts/${contact.id}/messages`, { text: 'Votre solde est de 23 517 FCFA.', clientId: randomUUID() })).status).toBe(201);
    expect((await agent.post(`/api/agent/contacts/${contact.id}/close`, { outcome: 'resolved' })).status).toBe(200);

    const updates = await call('updates', { conversationId, after: 0, waitSeconds: 0 });
    expect(JSON.stringify(updates.messages)).toContain('Au revoir.');
    expect(updates.messages.some((m: { ended?: boolean }) => m.ended)).toBe(true);
    const db = new Database(join(server.dataDir, 'griot.db'), { readonly: true, fileMustExist: true });
    try {
      const states = db.prepare('SELECT key, value FROM channel_states').all() as { key: string; value: string }[];
      expect(states.filter((s) => s.key.startsWith('webchat:live:'))).toEqual([]);
      expect(JSON.stringify(states)).not.toContain('23 517');
    } finally {
      db.close();
    }
  }, 60_000);

  it('keeps the goodbye in the store before the flow runs it, so a stop in between does not lose it', async () => {
    const agent = await userWithRoles(server, 'koffi', ['agent']);
    await call('messages', { messageId: randomUUID(), open: true });
    const waiting = async () => ((await agent.get('/api/agent/queues')).body as any[]).flatMap((q) => q.contacts).find((c: any) => c.channel === 'webchat' && c.status === 'waiting');
    await expect.poll(waiting, { timeout: 10_000 }).toBeTruthy();
    const contact = await waiting();
    expect((await agent.post(`/api/agent/contacts/${contact.id}/take`)).status).toBe(200);
    // What a process killed as the flow starts its turn after the agent would leave in the store.
    const engine = server.services.handoff.engine();
    const handle = engine.handle.bind(engine);
    const keptWhenRun: unknown[] = [];
    engine.handle = async (key, event, ...rest) => {
      if (event.type === 'handoff') keptWhenRun.push(await server.store.getPendingBotTurn(contact.id));
      return handle(key, event, ...rest);
    };
    try {
      expect((await agent.post(`/api/agent/contacts/${contact.id}/close`, { outcome: 'resolved' })).status).toBe(200);
    } finally {
      engine.handle = handle;
    }
    expect(keptWhenRun).toEqual([expect.objectContaining({ contactId: contact.id, outcome: 'done' })]);
    // Sent: nothing left pending.
    expect(await server.store.getPendingBotTurn(contact.id)).toBeNull();
  }, 60_000);

  it('writes nothing back for a visitor erased while the flow ran its turn after the agent', async () => {
    const agent = await userWithRoles(server, 'ama', ['agent']);
    const { conversationId } = await call('messages', { messageId: randomUUID(), open: true });
    const waiting = async () => ((await agent.get('/api/agent/queues')).body as any[]).flatMap((q) => q.contacts).find((c: any) => c.channel === 'webchat' && c.status === 'waiting');
    await expect.poll(waiting, { timeout: 10_000 }).toBeTruthy();
    const contact = await waiting();
    expect((await agent.post(`/api/agent/contacts/${contact.id}/take`)).status).toBe(200);
    expect((await agent.post(`/api/agent/contacts/${contact.id}/messages`, { text: 'Votre solde est de 41 800 FCFA.', clientId: randomUUID() })).status).toBe(201);
    // The administrator erases the visitor (by the digest the inbox shows) as the flow runs.
    const engine = server.services.handoff.engine();
    const handle = engine.handle.bind(engine);
    const erasures: number[] = [];
    engine.handle = async (key, event, ...rest) => {
      const turn = await handle(key, event, ...rest);
      if (event.type === 'handoff') erasures.push((await server.admin.delete(`/api/callers/${encodeURIComponent(contact.callerNumber)}`)).status);
      return turn;
    };
    try {
      expect((await agent.post(`/api/agent/contacts/${contact.id}/close`, { outcome: 'resolved' })).status).toBe(200);
    } finally {
      engine.handle = handle;
    }
    expect(erasures).toEqual([200]);
    expect(await server.store.getPendingBotTurn(contact.id)).toBeNull();
    const db = new Database(join(server.dataDir, 'griot.db'), { readonly: true, fileMustExist: true });
    try {
      const states = db.prepare('SELECT key FROM channel_states').pluck().all() as string[];
      expect(states.filter((key) => key.includes(conversationId))).toEqual([]);
    } finally {
      db.close();
    }
  }, 60_000);
});
