import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Reply } from '@griot/flows';
import { sealedChannelStates } from '../src/channels/sealedChannelStates.ts';
import type { Logger } from '../src/logger.ts';
import { parseDataKeys } from '../src/sensitive/dataKeys.ts';
import { FakeOperator, OPERATOR_SECRET } from './helpers/fakeOperator.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';

/** What the fake operator answers for any line (runtime/test/helpers/fakeOperator.ts). */
const PUK = '24681357';

interface ChatAnswer {
  conversationId: string;
  replies: Reply[];
  ended: boolean;
}

const textOf = (replies: Reply[]) => replies.map((r) => (r.type === 'text' ? r.text : r.type === 'choice' ? `${r.body} ${r.options.map((o) => o.label).join(' | ')}` : r.name)).join('\n');
const optionOf = (replies: Reply[], label: RegExp) => {
  const option = replies.flatMap((r) => (r.type === 'choice' ? r.options : [])).find((o) => label.test(o.label));
  if (!option) throw new Error(`no option ${label} in: ${textOf(replies)}`);
  return option.id;
};

/**
 * A web chat visitor reads their PUK code on the 1919 demo (the operator's backend a fake on
 * loopback) and finishes. While the contact lives, a retry of the message whose answer was lost
 * gets the code again; once the contact ended, no file of the store (database, WAL, shared index)
 * and no channel state opened with the store's own key holds the code: a retry then gets it masked.
 */
describe.each([
  { sealed: false, name: 'without GRIOT_DATA_KEY' },
  { sealed: true, name: 'with GRIOT_DATA_KEY' },
])('a PUK read on the web chat, $name, once the contact ended', ({ sealed }) => {
  let server: TestServer;
  let operator: FakeOperator;
  let bindingId: string;
  const dataKey = `2026-12:${randomBytes(32).toString('base64')}`;

  beforeAll(async () => {
    operator = await FakeOperator.start();
    server = await startTestServer({
      env: { GRIOT_DEMO: '1', GRIOT_BACKENDS_PRODUCTION: `operator=${operator.url}`, ...OPERATOR_SECRET, ...(sealed ? { GRIOT_DATA_KEY: dataKey } : {}) },
    });
    const created = await server.admin.post('/api/bindings', { channel: 'webchat', address: 'site', flowId: 'selfcare-1919', environment: 'production' });
    bindingId = created.body.id;
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
    await operator?.close();
  });

  const post = async (message: object): Promise<ChatAnswer> => {
    const response = await fetch(`${server.url}/chat/${bindingId}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) });
    expect(response.status).toBe(200);
    return (await response.json()) as ChatAnswer;
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

  /** Every channel state, opened as the channels read them (unsealed with the server's key). */
  const channelStates = async (): Promise<Record<string, unknown>> => {
    const db = new Database(join(server.dataDir, 'griot.db'), { readonly: true, fileMustExist: true });
    const keys = (db.prepare('SELECT key FROM channel_states').all() as { key: string }[]).map((r) => r.key);
    db.close();
    const parsed = parseDataKeys(sealed ? dataKey : undefined, undefined);
    if (!parsed.ok) throw new Error(parsed.message);
    const silent = { warn: () => {} } as unknown as Logger;
    const states = sealedChannelStates(server.store.channelStates, parsed.keyring, () => new Date().toISOString(), silent);
    const opened: Record<string, unknown> = {};
    for (const key of keys) opened[key] = (await states.get(key))?.value ?? null;
    return opened;
  };

  it('is given again while the contact lives, then is in no file and no channel state, and a late retry gets it masked', async () => {
    let answer = await post({ messageId: randomUUID(), open: true });
    const conversationId = answer.conversationId;
    const send = (fields: object, messageId = randomUUID()) => post({ conversationId, messageId, ...fields });
    answer = await send({ option: optionOf(answer.replies, /^Français$/) });
    const pukMessage = { option: optionOf(answer.replies, /^Code PUK$/) };
    const pukMessageId = randomUUID();
    answer = await send(pukMessage, pukMessageId);
    const said = textOf(answer.replies);
    const spelled = /Votre code PUK est : ([^.]+)\./.exec(said)?.[1];
    expect(spelled, said).toBeDefined();
    // Every form the code was written in (as the operator gave it, as the page showed it).
    const forms = [...new Set([PUK, spelled as string])];
    expect(spelled?.replace(/\D/g, '')).toBe(PUK);

    // While the contact lives, the answer lost on the way comes again, code included.
    const retried = await send(pukMessage, pukMessageId);
    expect(textOf(retried.replies)).toContain(`Votre code PUK est : ${spelled}.`);
    const live = JSON.stringify(await channelStates());
    expect(forms.some((f) => live.includes(f))).toBe(true);

    // The visitor finishes (3), then answers what the flow still asks until it ends.
    answer = await send({ text: '3' });
    for (let i = 0; i < 6 && !answer.ended; i += 1) {
      const choice = answer.replies.find((r) => r.type === 'choice');
      answer = await send(choice?.type === 'choice' ? { option: choice.options[0]!.id } : { text: '1' });
    }
    expect(answer.ended).toBe(true);
    await expect.poll(async () => (await server.store.getSession(`webchat:${bindingId}:${conversationId}`, new Date().toISOString()))?.session.status ?? 'gone', { timeout: 5000 }).not.toBe('active');

    // No channel state opened with the store's own key holds the code in any form.
    const after = JSON.stringify(await channelStates());
    for (const form of forms) expect(after).not.toContain(form);
    // No file of the store either, within seconds (one WAL checkpoint).
    for (const form of forms) await expect.poll(() => filesHolding(form), { timeout: 8000, interval: 250 }).toEqual([]);

    // A page retrying that message now gets the answer masked, as the transcript keeps it.
    const late = await send(pukMessage, pukMessageId);
    expect(textOf(late.replies)).toContain('Votre code PUK est : •••.');
    for (const form of forms) expect(textOf(late.replies)).not.toContain(form);
  }, 30_000);
});

/**
 * An agent types a visitor's balance on the web chat: the page that comes back while the contact
 * lives gets it; once the agent closed the contact and the visitor answered the flow's last
 * question, no channel state (opened with the store's key) holds it any more.
 */
describe('an agent’s words on the web chat, once the contact ended', () => {
  const BALANCE = 'Votre solde est de 23 517 FCFA.';
  let server: TestServer;
  let bindingId: string;
  const dataKey = `2026-12:${randomBytes(32).toString('base64')}`;

  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1', GRIOT_DATA_KEY: dataKey } });
    const created = await server.admin.post('/api/bindings', { channel: 'webchat', address: 'site', flowId: 'selfcare-1919', environment: 'production' });
    bindingId = created.body.id;
  }, 30_000);
  afterAll(() => server?.stop());

  const call = async (path: string, body: object) => {
    const response = await fetch(`${server.url}/chat/${bindingId}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    return response.json() as Promise<any>;
  };

  it('is given to the page while the contact lives, and is in no channel state after it', async () => {
    const agent = await userWithRoles(server, 'awa', ['agent']);
    let answer = (await call('messages', { messageId: randomUUID(), open: true })) as ChatAnswer;
    const conversationId = answer.conversationId;
    const send = async (fields: object) => (await call('messages', { conversationId, messageId: randomUUID(), ...fields })) as ChatAnswer;
    answer = await send({ option: optionOf(answer.replies, /^Français$/) });
    answer = await send({ option: optionOf(answer.replies, /^Un conseiller$/) });
    const waiting = async () => ((await agent.get('/api/agent/queues')).body as any[]).flatMap((q) => q.contacts).find((c: any) => c.channel === 'webchat' && c.status === 'waiting');
    await expect.poll(waiting, { timeout: 10_000 }).toBeTruthy();
    const contact = await waiting();
    expect((await agent.post(`/api/agent/contacts/${contact.id}/take`)).status).toBe(200);
    expect((await agent.post(`/api/agent/contacts/${contact.id}/messages`, { text: BALANCE, clientId: randomUUID() })).body).toMatchObject({ delivered: true });

    // The page that comes back while the contact lives reads the agent's words.
    const updates = await call('updates', { conversationId, after: 0, waitSeconds: 0 });
    expect(JSON.stringify(updates.messages)).toContain(BALANCE);

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

    const parsed = parseDataKeys(dataKey, undefined);
    if (!parsed.ok) throw new Error(parsed.message);
    const db = new Database(join(server.dataDir, 'griot.db'), { readonly: true, fileMustExist: true });
    const keys = (db.prepare('SELECT key FROM channel_states').all() as { key: string }[]).map((r) => r.key);
    db.close();
    const states = sealedChannelStates(server.store.channelStates, parsed.keyring, () => new Date().toISOString(), { warn: () => {} } as unknown as Logger);
    const opened: unknown[] = [];
    for (const key of keys) opened.push((await states.get(key))?.value ?? null);
    expect(keys.some((k) => k.startsWith('webchat:outbox:'))).toBe(true);
    expect(JSON.stringify(opened)).not.toContain('23 517');
  }, 30_000);
});
