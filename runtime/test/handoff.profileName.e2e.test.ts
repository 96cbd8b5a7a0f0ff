import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook, startFakeGraphServer, whatsappWebhooks as wa, type FakeGraphServer } from '@griot/connectors/messaging/testing';
import { createLogger } from '../src/logger.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * Over real HTTP with a fake Graph API: a WhatsApp subscriber handed to an agent. WhatsApp's
 * webhook carries the name they gave their account (`contacts[].profile.name`): the agent reads it
 * beside the number while the contact is open; it is account data, so no log line, no backup and
 * no closed contact keeps it.
 */
const APP_SECRET = 'whatsapp-profile-secret';
const PHONE_NUMBER_ID = '100000000000032';
const WA_ID = '2290197000032';
const NAME = 'Afiavi Dossou-Gbètè';
const RENAMED = 'Afiavi (boutique)';

let graph: FakeGraphServer;
let server: TestServer;
let agent: ApiClient;
const logLines: string[] = [];

const flow = {
  schemaVersion: 2,
  id: 'profile-name',
  name: 'Conseiller',
  locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' }, asr: null }],
  variables: [],
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'handoff', type: 'handoff', queue: 'support-wa', reason: 'Conseiller', prompt: { fr: { text: 'Je vous passe un conseiller.' } } },
    { id: 'bye', type: 'end', prompt: { fr: { text: 'Au revoir.' } }, reason: 'served' },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'handoff' },
    { id: 'e2', source: 'handoff', output: 'done', target: 'bye' },
    { id: 'e3', source: 'handoff', output: 'unavailable', target: 'bye' },
    { id: 'e4', source: 'handoff', output: 'callback', target: 'bye' },
  ],
  settings: {},
};

beforeAll(async () => {
  graph = await startFakeGraphServer({ accessToken: 'profile-graph-token' });
  const logger = createLogger({ logLevel: 'debug' }, { write: (line: string) => void logLines.push(line) });
  server = await startTestServer({
    env: {
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: 'v',
      WHATSAPP_ACCESS_TOKEN: 'profile-graph-token',
      WHATSAPP_GRAPH_BASE_URL: graph.url,
      WHATSAPP_GRAPH_VERSION: 'v21.0',
    },
    start: { logger },
  });
  expect((await server.admin.post('/api/flows', { document: flow })).status).toBe(201);
  expect((await server.admin.post(`/api/flows/${flow.id}/publish`, { message: 'test' })).status).toBe(201);
  expect((await server.admin.post(`/api/flows/${flow.id}/environments/production`, { version: 1 })).status).toBe(200);
  expect((await server.admin.post('/api/bindings', { channel: 'whatsapp', address: PHONE_NUMBER_ID, flowId: flow.id, environment: 'production' })).status).toBe(201);
  agent = await userWithRoles(server, 'awa', ['agent']);
}, 60_000);
afterAll(async () => {
  await server.stop();
  await graph.close();
});

type Listed = { id: string; callerNumber: string; callerName?: string; status: string };
const listed = async (): Promise<Listed | undefined> =>
  ((await agent.get('/api/agent/queues')).body as Array<{ queue: string; contacts: Listed[] }>).find((q) => q.queue === 'support-wa')?.contacts[0];
const send = async (text: string, name: string) => {
  expect((await postWebhook(server.url, wa.textMessage(text, { phoneNumberId: PHONE_NUMBER_ID, waId: WA_ID, name }), APP_SECRET)).status).toBe(200);
};

describe('the WhatsApp profile name of a subscriber handed to an agent', () => {
  it('is shown to the agent beside the number, follows a rename, and is kept by no log, backup nor closed contact', async () => {
    await send('Bonjour', NAME);
    await expect.poll(listed, { timeout: 5000 }).toMatchObject({ callerNumber: `+${WA_ID}`, callerName: NAME });
    const id = (await listed())!.id;
    expect((await agent.get(`/api/agent/contacts/${id}`)).body).toMatchObject({ contact: { callerName: NAME } });

    // Renamed while waiting: the next message brings the new name.
    await send('Vous êtes là ?', RENAMED);
    await expect.poll(async () => (await listed())?.callerName, { timeout: 5000 }).toBe(RENAMED);

    // A backup taken while the contact is open holds neither the name nor the session's copy of it.
    for (const dump of [await server.store.dump(), await server.store.dump(undefined, { paged: true })]) {
      const written = JSON.stringify({ handoff: { contacts: await rows(dump.handoff?.contacts) }, sessions: await rows(dump.sessions) });
      expect(written).toContain(WA_ID);
      expect(written).not.toContain('Afiavi');
    }

    expect((await agent.post(`/api/agent/contacts/${id}/take`, {})).status).toBe(200);
    expect((await agent.post(`/api/agent/contacts/${id}/close`, { outcome: 'resolved' })).status).toBe(200);
    const closed = await server.store.getHandoffContact(id);
    expect(closed).toMatchObject({ status: 'closed', callerNumber: `+${WA_ID}` });
    expect(closed?.callerName).toBeUndefined();
    // The flow goes on to its end: the ended session, kept until its purge, keeps no copy of the name either.
    await expect.poll(async () => (await server.store.getSession(closed!.sessionKey, new Date().toISOString()))?.session.status, { timeout: 5000 }).toBe('ended');
    expect(JSON.stringify(await server.store.getSession(closed!.sessionKey, new Date().toISOString()))).not.toContain('Afiavi');

    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain('Afiavi');
  });
});

/** Every row of a dump's list, read a page at a time when the dump gives it so. */
async function rows(list: unknown[] | undefined): Promise<unknown[]> {
  const { everyRow, rowPagesOf } = await import('../src/store/dumpedPages.ts');
  const pages = rowPagesOf(list);
  return pages ? everyRow(pages) : (list ?? []);
}
