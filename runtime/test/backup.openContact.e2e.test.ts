import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFile, rm } from 'node:fs/promises';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Reply } from '@griot/flows';
import { backupCommand } from '../src/cli/backupCommand.ts';
import { openStore } from '../src/store/openStore.ts';
import { OPERATOR_SECRET, startRecordingOperator, type RecordingOperator } from './helpers/fakeOperator.ts';
import { makeDataDir, startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';

/** What the operator's system answers for the line (runtime/test/helpers/fakeOperator.ts): the PUK, and a Mobile Money balance of 50000, both sensitive in the 1919 flow. */
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

/** What the agent and the visitor write while the contact is open, and what of it must never be in a backup in clear. */
const AGENT_PUK = `Votre code PUK est ${PUK}, je répète : 24 68 13 57.`;
const AGENT_WORDS = 'En lettres : deux quatre six huit un trois cinq sept.';
const AGENT_BALANCE = 'Votre solde Mobile Money est de 50 000 FCFA.';
const VISITOR_ACCOUNT = 'Mon compte est le 0097 1234 5601, merci';
const SECRETS = [PUK, '24 68 13 57', 'deux quatre six huit un trois cinq sept', '50 000 FCFA', '0097 1234 5601'];

/**
 * A web chat visitor reads their PUK on the 1919 demo, then talks to an agent, who types the code
 * (in digits, grouped, in words) and the balance; the visitor types an account number. While the
 * contact is still open, a backup (the command line's, and an admin's "back up now", the
 * scheduled backup's code) is searched for each of them: none is there, the conversation is, masked.
 */
describe.each([
  { sealed: false, name: 'without GRIOT_DATA_KEY' },
  { sealed: true, name: 'with GRIOT_DATA_KEY' },
])('a backup taken while a web chat contact is open with an agent, $name', ({ sealed }) => {
  let server: TestServer;
  let operator: RecordingOperator;
  let bindingId: string;
  let env: Record<string, string>;
  let backupDir: string;
  const dataKey = `2026-12:${randomBytes(32).toString('base64')}`;

  beforeAll(async () => {
    operator = await startRecordingOperator(PUK);
    env = { GRIOT_DEMO: '1', GRIOT_BACKENDS_PRODUCTION: `operator=${operator.url}`, ...OPERATOR_SECRET, ...(sealed ? { GRIOT_DATA_KEY: dataKey } : {}) };
    const dataDir = await makeDataDir();
    backupDir = join(dataDir, 'backups');
    server = await startTestServer({ dataDir, env: { ...env, GRIOT_BACKUP_CRON: '0 3 * * *', GRIOT_BACKUP_DIR: backupDir } });
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

  /** `griot backup <file>` on the server's store, with the server's environment. */
  const commandLineBackup = async (): Promise<string> => {
    const file = join(server.dataDir, `backup-${randomUUID()}.json`);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await backupCommand(file, { audio: false }, { ...env, DATA_DIR: server.dataDir })).toBe(0);
    } finally {
      log.mockRestore();
    }
    const text = await readFile(file, 'utf8');
    await rm(file);
    return text;
  };

  /** An admin's "back up now": the scheduled backup's code, into GRIOT_BACKUP_DIR. */
  const backUpNow = async (): Promise<string> => {
    const made = await server.admin.post('/api/backups');
    expect(made.status).toBe(201);
    return readFile(join(backupDir, made.body.name), 'utf8');
  };

  it('holds the conversation with the codes, the balance and the account number masked', async () => {
    const agent = await userWithRoles(server, 'awa', ['agent']);
    let answer = await post({ messageId: randomUUID(), open: true });
    const conversationId = answer.conversationId;
    const send = (fields: object) => post({ conversationId, messageId: randomUUID(), ...fields });
    answer = await send({ option: optionOf(answer.replies, /^Français$/) });
    answer = await send({ option: optionOf(answer.replies, /^Code PUK$/) });
    expect(textOf(answer.replies)).toContain('Votre code PUK est');
    // Back to the menu, then an agent: the session keeps the PUK and the balance it fetched.
    for (let i = 0; i < 4 && !answer.replies.some((r) => r.type === 'choice' && r.options.some((o) => /conseiller/i.test(o.label))); i += 1) {
      answer = await send({ option: optionOf(answer.replies, /menu/i) });
    }
    answer = await send({ option: optionOf(answer.replies, /conseiller/i) });
    const waiting = async () => ((await agent.get('/api/agent/queues')).body as any[]).flatMap((q) => q.contacts).find((c: any) => c.channel === 'webchat' && c.status === 'waiting');
    await expect.poll(waiting, { timeout: 10_000 }).toBeTruthy();
    const contact = await waiting();
    expect((await agent.post(`/api/agent/contacts/${contact.id}/take`)).status).toBe(200);
    for (const text of [AGENT_PUK, AGENT_WORDS, AGENT_BALANCE]) {
      expect((await agent.post(`/api/agent/contacts/${contact.id}/messages`, { text, clientId: randomUUID() })).body).toMatchObject({ delivered: true });
    }
    await send({ text: VISITOR_ACCOUNT });
    await expect.poll(async () => (await server.store.listHandoffMessages(contact.id)).length, { timeout: 5000 }).toBe(4);
    // Open, and as written: the agent and the visitor read their conversation.
    expect((await server.store.getHandoffContact(contact.id))?.status).toBe('assigned');
    expect((await server.store.listHandoffMessages(contact.id)).map((m) => m.text)).toContain(AGENT_BALANCE);

    for (const backup of [await commandLineBackup(), await backUpNow()]) {
      for (const secret of SECRETS) expect(backup, secret).not.toContain(secret);
      const dump = JSON.parse(backup);
      expect(dump.handoff.contacts).toEqual([expect.objectContaining({ id: contact.id, status: 'assigned' })]);
      expect(dump.handoff.messages.filter((m: any) => m.contactId === contact.id).map((m: any) => m.text)).toEqual([
        'Votre code PUK est •••, je répète : •••.',
        'En lettres : •••.',
        'Votre solde Mobile Money est de ••• FCFA.',
        'Mon compte est le •••, merci',
      ]);
    }
    // Restored, the contact is still open with its agent, its conversation masked.
    const restored = await openStore({ dataDir: await makeDataDir() });
    try {
      await restored.restore(JSON.parse(await commandLineBackup()));
      expect(await restored.getHandoffContact(contact.id)).toMatchObject({ status: 'assigned', agent: 'awa' });
      expect((await restored.listHandoffMessages(contact.id)).map((m) => m.text)).toContain('Votre code PUK est •••, je répète : •••.');
    } finally {
      await restored.close();
    }
    // The store itself is unchanged: the open contact still reads as written.
    expect((await server.store.listHandoffMessages(contact.id)).map((m) => m.text)).toContain(AGENT_PUK);
  }, 30_000);
});
