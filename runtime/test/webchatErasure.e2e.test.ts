import { randomUUID } from 'node:crypto';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * A web chat visitor's conversation id is their only credential (whoever has it writes as them
 * and reads the agent's answers). Over real HTTP on the 1919 demo: administrators never read it
 * (the inbox list shows the digest transcripts show), and the visitor can be erased by that
 * digest: transcripts, the contact with the agent and its messages, the session, the outbox and
 * the inbox records go.
 */
const SECRET = 'mon code secret est Zebra-4412';

let server: TestServer;
let agent: ApiClient;
let bindingId = '';
let stopped = false;
const conversationId = randomUUID();
const messageIds: string[] = [];

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_DEMO: '1' } });
  const created = await server.admin.post('/api/bindings', { channel: 'webchat', address: 'site', flowId: 'selfcare-1919', environment: 'production' });
  expect(created.status).toBe(201);
  bindingId = created.body.id;
  agent = await userWithRoles(server, 'awa', ['agent']);
}, 30_000);
afterAll(async () => {
  if (!stopped) await server?.stop();
});

async function chat(body: object): Promise<void> {
  const messageId = randomUUID();
  messageIds.push(messageId);
  const response = await fetch(`${server.url}/chat/${bindingId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ conversationId, messageId, ...body }),
  });
  expect(response.status).toBe(200);
}
const waitingContact = async () => ((await agent.get('/api/agent/queues')).body as any[]).flatMap((q) => q.contacts).find((c: any) => c.channel === 'webchat');
/** Every file of the data directory (the database, its WAL) that holds `text`. */
async function filesHolding(text: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await readdir(server.dataDir, { recursive: true })) {
    const content = await readFile(join(server.dataDir, name)).catch(() => null);
    if (content?.includes(text)) found.push(name);
  }
  return found;
}

describe('a web chat visitor who talked to an agent', { timeout: 30_000 }, () => {
  let digest = '';

  it('talks to an agent, who answers', async () => {
    await chat({ open: true });
    await chat({ option: 'fr' });
    await chat({ option: 'agent' });
    await expect.poll(waitingContact, { timeout: 10_000 }).toBeTruthy();
    const contact = await waitingContact();
    expect((await agent.post(`/api/agent/contacts/${contact.id}/take`)).status).toBe(200);
    await chat({ text: SECRET });
    await expect.poll(async () => (await agent.get(`/api/agent/contacts/${contact.id}`)).body.messages.map((m: { text: string }) => m.text), { timeout: 10_000 }).toContain(SECRET);
    expect((await agent.post(`/api/agent/contacts/${contact.id}/messages`, { text: 'Bien reçu, je regarde.', clientId: randomUUID() })).status).toBe(201);
    expect((await agent.post(`/api/agent/contacts/${contact.id}/close`, { outcome: 'resolved' })).status).toBe(200);
    // The inbox names the visitor by a digest, as transcripts do.
    digest = contact.callerNumber;
    expect(digest).toMatch(/^#[0-9a-f]{12}$/);
  });

  it('lists the visitor’s messages to administrators under that digest, never their conversation or message ids', async () => {
    const listed = await server.admin.get('/api/messaging/inbound?state=processed&limit=1000');
    expect(listed.status).toBe(200);
    const mine = (listed.body as Array<{ id: string; conversationKey: string; channel: string }>).filter((m) => m.channel === 'webchat');
    expect(mine).toHaveLength(messageIds.length);
    const text = JSON.stringify(listed.body);
    expect(text).not.toContain(conversationId);
    for (const id of messageIds) expect(text).not.toContain(id);
    // The same reference as the transcript's key: an administrator can tell which conversation it was.
    const transcripts = (await server.admin.get('/api/transcripts?flow=selfcare-1919')).body as Array<{ sessionKey: string; callerNumber: string }>;
    const transcript = transcripts.find((t) => t.callerNumber === digest)!;
    expect(transcript.sessionKey).toBe(`webchat:${bindingId}:${digest}`);
    expect(new Set(mine.map((m) => m.conversationKey))).toEqual(new Set([transcript.sessionKey]));
    // Each message keeps an id of its own.
    expect(new Set(mine.map((m) => m.id)).size).toBe(messageIds.length);
  });

  it('erases the visitor by that digest: their transcript, the contact and its messages, the session, outbox and inbox records', async () => {
    expect(await filesHolding(conversationId)).not.toEqual([]);
    const erased = await server.admin.delete(`/api/callers/${encodeURIComponent(digest)}`);
    expect(erased.status).toBe(200);
    expect(erased.body.deleted).toMatchObject({ transcripts: 1, handoffContacts: 1, sessions: 1 });
    expect(erased.body.deleted.handoffMessages).toBeGreaterThanOrEqual(2);
    expect(erased.body.deleted.messaging).toBeGreaterThanOrEqual(messageIds.length);
    const transcripts = (await server.admin.get('/api/transcripts?flow=selfcare-1919')).body as Array<{ callerNumber: string }>;
    expect(transcripts.filter((t) => t.callerNumber === digest)).toEqual([]);
    expect((await server.admin.get('/api/messaging/inbound?state=processed&limit=1000')).body.filter((m: { channel: string }) => m.channel === 'webchat')).toEqual([]);
    // Nothing is left to erase; an unknown digest is no one.
    expect((await server.admin.delete(`/api/callers/${encodeURIComponent(digest)}`)).status).toBe(404);
    expect((await server.admin.delete(`/api/callers/${encodeURIComponent('#000000000000')}`)).status).toBe(404);
    expect((await server.admin.delete(`/api/callers/${encodeURIComponent('not a caller')}`)).body.error).toMatchObject({ code: 'invalid_caller' });
    // Neither the conversation id nor what the visitor wrote is in the data files once the store is closed.
    await server.stop({ keepData: true });
    stopped = true;
    try {
      expect(await filesHolding(conversationId)).toEqual([]);
      expect(await filesHolding('Zebra-4412')).toEqual([]);
    } finally {
      await rm(server.dataDir, { recursive: true, force: true });
    }
  });
});
