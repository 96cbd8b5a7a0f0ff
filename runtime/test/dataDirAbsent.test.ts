import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { menuFlow, postWebhook, startFakeGraphServer, whatsappWebhooks as wa, type FakeGraphServer } from '@griot/connectors/messaging/testing';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';
import { SqliteStore } from '../src/store/sqlite/SqliteStore.ts';
import { apiClient } from './helpers/http.ts';

/**
 * A store that is not in DATA_DIR (MongoDB; here an in-memory SQLite store stands in for it,
 * since no MongoDB server runs on this machine): nothing of messaging is kept on local disk, so
 * a new container or a second instance starts without a DATA_DIR (issue 18, point 1: the
 * messaging ledger file used to be opened there, and start-up failed when it did not exist), and
 * since recorded prompts are in the store too (issue 16), nothing at all is written there.
 */
let root: string;
let graph: FakeGraphServer;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'griot-no-data-dir-'));
  graph = await startFakeGraphServer({ accessToken: 'token' });
});
afterAll(async () => {
  await graph.close();
  await rm(root, { recursive: true, force: true });
});

const ADMIN_TOKEN = 'no-data-dir-admin-token-0123456789';
const configFor = (dataDir: string, demo: '0' | '1') =>
  loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    GRIOT_DEMO: demo,
    GRIOT_ADMIN_TOKEN: ADMIN_TOKEN,
    WHATSAPP_APP_SECRET: 'secret',
    WHATSAPP_ACCESS_TOKEN: 'token',
    WHATSAPP_GRAPH_BASE_URL: graph.url,
  });

describe('a store outside DATA_DIR', () => {
  it('starts, and answers WhatsApp, without DATA_DIR: messaging keeps nothing there', async () => {
    const dataDir = join(root, 'never-created');
    const server = await startServer(configFor(dataDir, '0'), { store: new SqliteStore(':memory:'), announce: () => {}, designerDir: join(root, 'no-designer') });
    try {
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      const admin = apiClient(server.url, { token: ADMIN_TOKEN });
      const flow = menuFlow(3, 'menu-no-dir');
      expect((await admin.post('/api/flows', { document: flow })).status).toBe(201);
      expect((await admin.post(`/api/flows/${flow.id}/publish`, { message: 'v1' })).status).toBe(201);
      expect((await admin.post(`/api/flows/${flow.id}/environments/production`, { version: 1 })).status).toBe(200);
      expect((await admin.post('/api/bindings', { channel: 'whatsapp', address: '100000000000001', flowId: flow.id, environment: 'production' })).status).toBe(201);
      expect((await postWebhook(server.url, wa.textMessage('Bonjour', { phoneNumberId: '100000000000001', waId: '2290197000031' }), 'secret')).status).toBe(200);
      await graph.waitForSent(1);
      await expect.poll(async () => (await server.store.messaging.listInbound({ states: ['processed'], limit: 5 })).length).toBe(1);
    } finally {
      await server.close();
    }
    expect(existsSync(dataDir)).toBe(false);
  });

  it('with the demo, keeps its recorded prompts in the store and still leaves DATA_DIR alone', async () => {
    const dataDir = join(root, 'never-created-with-demo');
    const server = await startServer(configFor(dataDir, '1'), { store: new SqliteStore(':memory:'), announce: () => {}, designerDir: join(root, 'no-designer') });
    try {
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      const prompts = await server.store.audio.listAudio('selfcare-1919');
      expect(prompts.length).toBeGreaterThan(0);
      const served = await fetch(`${server.url}/audio/selfcare-1919/${prompts[0]!.name}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(served.status).toBe(200);
    } finally {
      await server.close();
    }
    expect(existsSync(dataDir)).toBe(false);
  });
});
