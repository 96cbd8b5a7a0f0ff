import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Reply } from '@griot/flows';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';

/** An agent reads the subscriber's PUK in the operator's system and types it; the subscriber types their account number. */
const PUK = '58203917';
const ACCOUNT = '0097 1234 5601';

interface ChatAnswer {
  conversationId: string;
  replies: Reply[];
  ended: boolean;
}

const optionOf = (replies: Reply[], label: RegExp) => {
  const option = replies.flatMap((r) => (r.type === 'choice' ? r.options : [])).find((o) => label.test(o.label));
  if (!option) throw new Error(`no option ${label}`);
  return option.id;
};

/**
 * What an agent and a web chat visitor wrote to each other is kept for the supervisors after the
 * contact, but a code or account number in it is not: once the agent closed the contact, no file
 * of the store (database, WAL, shared index) holds it, and the agent and supervisor APIs show `•••`.
 */
describe('a PUK typed to a subscriber by an agent, once the contact is closed', () => {
  let server: TestServer;
  let bindingId: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1' } });
    const created = await server.admin.post('/api/bindings', { channel: 'webchat', address: 'site', flowId: 'selfcare-1919', environment: 'production' });
    bindingId = created.body.id;
  }, 30_000);
  afterAll(() => server?.stop());

  const call = async (path: string, body: object) => {
    const response = await fetch(`${server.url}/chat/${bindingId}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    return response.json() as Promise<any>;
  };

  /** Which of the store's files hold these bytes. */
  const filesHolding = async (bytes: string): Promise<string[]> => {
    const base = join(server.dataDir, 'griot.db');
    const found: string[] = [];
    for (const path of [base, `${base}-wal`, `${base}-shm`]) {
      if (existsSync(path) && (await readFile(path)).includes(bytes)) found.push(path.slice(server.dataDir.length + 1));
    }
    return found;
  };

  it('is read while the contact lives, then is in no file and every API shows •••', async () => {
    const agent = await userWithRoles(server, 'awa', ['agent']);
    const supervisor = await userWithRoles(server, 'sena', ['supervisor']);
    let answer = (await call('messages', { messageId: randomUUID(), open: true })) as ChatAnswer;
    const conversationId = answer.conversationId;
    const send = async (fields: object) => (await call('messages', { conversationId, messageId: randomUUID(), ...fields })) as ChatAnswer;
    answer = await send({ option: optionOf(answer.replies, /^Français$/) });
    answer = await send({ option: optionOf(answer.replies, /^Un conseiller$/) });
    const waiting = async () => ((await agent.get('/api/agent/queues')).body as any[]).flatMap((q) => q.contacts).find((c: any) => c.channel === 'webchat' && c.status === 'waiting');
    await expect.poll(waiting, { timeout: 10_000 }).toBeTruthy();
    const contact = await waiting();
    expect((await agent.post(`/api/agent/contacts/${contact.id}/take`)).status).toBe(200);
    await send({ text: `Bonjour, mon numéro de compte est ${ACCOUNT}` });
    const clientId = randomUUID();
    const typed = `Votre code PUK est ${PUK}. Le solde de 12 500 FCFA reste disponible.`;
    expect((await agent.post(`/api/agent/contacts/${contact.id}/messages`, { text: typed, clientId })).body).toMatchObject({ delivered: true });

    // While the contact lives, the agent reads both as written.
    const live = JSON.stringify((await agent.get(`/api/agent/contacts/${contact.id}`)).body.messages);
    expect(live).toContain(PUK);
    expect(live).toContain(ACCOUNT);

    // The agent closes; the flow asks its last question on the page; the visitor answers: the conversation ends.
    expect((await agent.post(`/api/agent/contacts/${contact.id}/close`, { outcome: 'resolved' })).status).toBe(200);
    let last = 0;
    let ended = false;
    for (let i = 0; i < 6 && !ended; i += 1) {
      const pushed = await call('updates', { conversationId, after: last, waitSeconds: 5 });
      last = pushed.last;
      const replies = (pushed.messages as { replies: Reply[] }[]).flatMap((m) => m.replies);
      const choice = replies.find((r) => r.type === 'choice');
      if (choice?.type === 'choice') ended = (await send({ option: choice.options[0]!.id })).ended;
    }
    expect(ended).toBe(true);

    // The supervisor reading the closed contact, and the agent, see the conversation with the codes masked.
    for (const reader of [supervisor, agent]) {
      const read = await reader.get(`/api/agent/contacts/${contact.id}`);
      expect(read.status).toBe(200);
      expect(read.body.contact.status).toBe('closed');
      expect(read.body.contact).not.toHaveProperty('maskPending');
      expect((read.body.messages as { from: string; text: string }[]).map((m) => [m.from, m.text])).toEqual([
        ['subscriber', 'Bonjour, mon numéro de compte est •••'],
        ['agent', 'Votre code PUK est •••. Le solde de 12 500 FCFA reste disponible.'],
      ]);
      expect(JSON.stringify(read.body)).not.toContain(PUK);
    }
    // The transcript of the conversation, as supervisors read it: what the visitor wrote to the agent, masked too.
    const transcripts = await supervisor.get('/api/transcripts?flow=selfcare-1919');
    expect(transcripts.body).toHaveLength(1);
    expect(JSON.stringify(transcripts.body)).toContain('Bonjour, mon numéro de compte est •••');
    expect(JSON.stringify(transcripts.body)).not.toContain(ACCOUNT);

    // The agent app retrying its reply is refused (closed), never given the text back.
    const retried = await agent.post(`/api/agent/contacts/${contact.id}/messages`, { text: typed, clientId });
    expect(retried.status).toBe(409);
    expect(JSON.stringify(retried.body)).not.toContain(PUK);

    // No file of the store holds either, within seconds (one WAL checkpoint).
    for (const secret of [PUK, ACCOUNT]) await expect.poll(() => filesHolding(secret), { timeout: 8000, interval: 250 }).toEqual([]);
  }, 30_000);
});

/**
 * The process stopped between an agent's close and the masking (the close is written with its
 * mark): the next start masks what was written in that contact, and the file no longer holds it.
 */
describe('a contact closed just before the process stopped', () => {
  it('has its messages masked at the next start', async () => {
    const first = await startTestServer();
    const dataDir = first.dataDir;
    const at = new Date().toISOString();
    await first.store.putHandoffContact({
      id: 'closed-before-stop',
      queue: 'support',
      priority: 1,
      enqueuedAt: at,
      channel: 'whatsapp',
      sessionKey: 'whatsapp:100:22997000001',
      callerNumber: '+22997000001',
      locale: 'fr',
      reason: 'Assistance',
      context: {},
      history: [],
      status: 'closed',
      agent: 'awa',
      closedAt: at,
      outcome: 'resolved',
      maskPending: true,
      preview: false,
      updatedAt: at,
    });
    await first.store.appendHandoffMessage({ id: 'm1', contactId: 'closed-before-stop', at, from: 'agent', author: 'awa', text: `Votre code PUK est ${PUK}` });
    await first.stop({ keepData: true });

    const second = await startTestServer({ dataDir });
    try {
      const supervisor = await userWithRoles(second, 'sena', ['supervisor']);
      const read = async () => ((await supervisor.get('/api/agent/contacts/closed-before-stop')).body.messages as { text: string }[]).map((m) => m.text);
      await expect.poll(read, { timeout: 10_000, interval: 200 }).toEqual(['Votre code PUK est •••']);
      const base = join(dataDir, 'griot.db');
      const holding = async () => {
        const found: string[] = [];
        for (const path of [base, `${base}-wal`]) if (existsSync(path) && (await readFile(path)).includes(PUK)) found.push(path);
        return found;
      };
      await expect.poll(holding, { timeout: 8000, interval: 250 }).toEqual([]);
    } finally {
      await second.stop();
    }
  }, 30_000);
});
