import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { postWebhook, startFakeGraphServer, whatsappWebhooks as wa, type FakeGraphServer } from '@griot/connectors/messaging/testing';
import { backupCommand } from '../src/cli/backupCommand.ts';
import { CallerHasher } from '../src/analytics/CallerHasher.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * The right to erasure over real HTTP: a WhatsApp subscriber talks to an agent (signed webhooks,
 * the 1919 demo), writes a secret, the agent closes the contact; once the number is erased,
 * neither the number nor the secret is anywhere in the SQLite file, nor in a backup taken after.
 */
const APP_SECRET = 'whatsapp-erasure-secret';
const PHONE_NUMBER_ID = '100000000000001';
const WA_ID = '2290197000005';
const SECRET = 'my account password is Hunter2-secret';
const sender = { phoneNumberId: PHONE_NUMBER_ID, waId: WA_ID, name: 'Afiavi' };
const KEY = `whatsapp:${PHONE_NUMBER_ID}:${WA_ID}`;
/** A Telegram user who typed the subscriber's number at a phone question: a claim, not the subscriber. */
const CLAIMANT = 'telegram:7000000042';
const CLAIMANT_SAID = 'the claimant own words';

let graph: FakeGraphServer;
let server: TestServer;
let agent: ApiClient;

beforeAll(async () => {
  graph = await startFakeGraphServer({ accessToken: 'erasure-graph-token' });
  server = await startTestServer({
    env: {
      GRIOT_DEMO: '1',
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: 'v',
      WHATSAPP_ACCESS_TOKEN: 'erasure-graph-token',
      WHATSAPP_GRAPH_BASE_URL: graph.url,
      WHATSAPP_GRAPH_VERSION: 'v21.0',
    },
  });
  agent = await userWithRoles(server, 'awa', ['agent']);
});
afterAll(async () => {
  await server?.stop();
  await graph?.close();
});

const send = (body: unknown) => postWebhook(server.url, body, APP_SECRET);
const waitsAt = async () => (await server.store.getSession(KEY, new Date().toISOString()))?.session.wait?.node;
const erase = () => server.admin.delete(`/api/callers/${encodeURIComponent(`+${WA_ID}`)}`);
const DAY = { from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z' };
/** The raw facts that name the subscriber by their keyed digest (what links their contacts together). */
async function factsNamingSubscriber(): Promise<number> {
  const digest = (await CallerHasher.open(server.store, undefined)).caller(`+${WA_ID}`);
  return (await server.store.listFacts({ ...DAY, limit: 10_000 })).filter((fact) => fact.caller === digest).length;
}
const contactsCounted = async () => {
  while ((await server.store.rollUpFacts(1000)) > 0);
  return server.store.sumCounters({ ...DAY, metrics: ['contacts'], groupBy: [] });
};

/** Every file of the data directory (the database, its WAL, anything else) that holds `text`. */
async function filesHolding(dir: string, text: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await readdir(dir, { recursive: true })) {
    const content = await readFile(join(dir, name)).catch(() => null);
    if (content?.includes(text)) found.push(name);
  }
  return found;
}

describe('erasing a WhatsApp subscriber who talked to an agent', { timeout: 30_000 }, () => {
  let contactId = '';

  it('hands the conversation to an agent, who reads the secret', async () => {
    await send(wa.textMessage('Bonjour', sender));
    await expect.poll(waitsAt, { timeout: 10_000 }).toBe('language');
    await send(wa.buttonReply('fr', 'Français', sender));
    await expect.poll(waitsAt, { timeout: 10_000 }).toBe('mainMenu');
    await send(wa.textMessage('Je veux un conseiller', sender));
    await expect.poll(waitsAt, { timeout: 10_000 }).toBe('handoff');
    const queues = (await agent.get('/api/agent/queues')).body as Array<{ contacts: Array<{ id: string; callerNumber: string }> }>;
    contactId = queues.flatMap((q) => q.contacts).find((c) => c.callerNumber === `+${WA_ID}`)!.id;
    expect((await agent.post(`/api/agent/contacts/${contactId}/take`)).status).toBe(200);
    await send(wa.textMessage(SECRET, sender));
    await expect.poll(async () => (await agent.get(`/api/agent/contacts/${contactId}`)).body.messages.map((m: { text: string }) => m.text), { timeout: 10_000 }).toEqual([SECRET]);
    // The scan below sees them while they are kept.
    await expect.poll(() => filesHolding(server.dataDir, 'Hunter2'), { timeout: 10_000 }).not.toEqual([]);
    expect(await filesHolding(server.dataDir, WA_ID)).not.toEqual([]);
    // Analytics named the subscriber's contact by their digest.
    await expect.poll(factsNamingSubscriber, { timeout: 10_000 }).toBeGreaterThan(0);
  });

  it('refuses to erase while an agent has the contact, naming it', async () => {
    const refused = await erase();
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'contact_in_progress', params: { contact: contactId, status: 'assigned' } });
    expect((await agent.get(`/api/agent/contacts/${contactId}`)).body.messages).toHaveLength(1);
  });

  it('erases the contact, its messages, the session and the inbox once the agent closed it, and says so', async () => {
    expect((await agent.post(`/api/agent/contacts/${contactId}/close`, { outcome: 'resolved' })).status).toBe(200);
    // Someone typed the subscriber's number on Telegram: an unverified link, which shares nothing.
    const at = new Date().toISOString();
    await server.store.linkCaller({ key: CLAIMANT, number: `+${WA_ID}`, verified: false, linkedAt: at });
    await server.store.putCaller({ number: CLAIMANT, contacts: [], variables: { note: CLAIMANT_SAID }, createdAt: at, updatedAt: at });
    await server.store.startTranscript({
      sessionKey: 'telegram:bot1:7000000042',
      flowId: 'demo',
      flowVersion: 1,
      channel: 'telegram',
      callerNumber: CLAIMANT,
      preview: false,
      startedAt: at,
      turns: [],
    });
    const counted = await contactsCounted();
    const named = await factsNamingSubscriber();
    const erased = await erase();
    expect(erased.status).toBe(200);
    expect(erased.body.deleted).toMatchObject({ profiles: 1, transcripts: 1, handoffContacts: 1, handoffMessages: 1, sessions: 1, analyticsFacts: named });
    // The raw facts no longer link the subscriber's contacts; what was counted stays.
    expect(await factsNamingSubscriber()).toBe(0);
    expect(await contactsCounted()).toEqual(counted);
    expect(erased.body.deleted.messaging).toBeGreaterThan(0);
    expect((await agent.get(`/api/agent/contacts/${contactId}`)).status).toBe(404);
    // The claimant keeps their own profile and conversation; only their claim to the number is gone.
    expect((await server.store.getCaller(CLAIMANT))?.variables).toEqual({ note: CLAIMANT_SAID });
    expect(await server.store.listTranscripts({ callerNumber: CLAIMANT, limit: 10 })).toHaveLength(1);
    expect(await server.store.getCallerLink(CLAIMANT)).toBeNull();
    const audit = (await server.admin.get('/api/audit?limit=5')).body as Array<{ action: string; details: Record<string, number> }>;
    expect(audit.find((e) => e.action === 'caller.erase')?.details).toEqual(erased.body.deleted);
    // Nothing is left to erase.
    expect((await erase()).status).toBe(404);
  });

  it('leaves neither the number nor the secret in the database file or a backup taken after', async () => {
    const file = join(server.dataDir, '..', `griot-erasure-${process.pid}-${Date.now()}.json`);
    await server.stop({ keepData: true });
    try {
      const spy = vi.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        expect(await backupCommand(file, {}, { DATA_DIR: server.dataDir })).toBe(0);
      } finally {
        spy.mockRestore();
      }
      const backup = await readFile(file, 'utf8');
      expect(backup).toContain('griot-backup');
      expect(backup).not.toContain(WA_ID);
      expect(backup).not.toContain('Hunter2');
      expect(await filesHolding(server.dataDir, WA_ID)).toEqual([]);
      expect(await filesHolding(server.dataDir, 'Hunter2')).toEqual([]);
    } finally {
      await rm(file, { force: true });
      await rm(server.dataDir, { recursive: true, force: true });
    }
  });
});
