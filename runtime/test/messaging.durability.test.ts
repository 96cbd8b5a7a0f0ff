import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { menuFlow, postWebhook, startFakeGraphServer, whatsappWebhooks as wa, type FakeGraphServer } from '@griot/connectors/messaging/testing';
import { makeDataDir, startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';

/**
 * What the WhatsApp channel remembers outlives the process: a message Meta re-delivers after a
 * restart is not processed again, and the conversation carries on where it was.
 */
const APP_SECRET = 'durability-app-secret';
const sender = { phoneNumberId: '100000000000001', waId: '2290197000003' };

let graph: FakeGraphServer;
let dataDir: string;
const env = () => ({
  GRIOT_DEMO: '1',
  WHATSAPP_APP_SECRET: APP_SECRET,
  WHATSAPP_ACCESS_TOKEN: 'token',
  WHATSAPP_GRAPH_BASE_URL: graph.url,
});

beforeAll(async () => {
  graph = await startFakeGraphServer({ accessToken: 'token' });
  dataDir = await makeDataDir();
});
afterAll(() => graph.close());

describe('WhatsApp across a restart', () => {
  let server: TestServer;

  it('processes a message re-delivered after a restart once', async () => {
    server = await startTestServer({ dataDir, env: env() });
    const hello = wa.textMessage('Bonjour', sender);
    expect((await postWebhook(server.url, hello, APP_SECRET)).status).toBe(200);
    await graph.waitForSent(1);
    await server.stop({ keepData: true });

    server = await startTestServer({ dataDir, env: env() });
    expect((await postWebhook(server.url, hello, APP_SECRET)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(graph.sent()).toHaveLength(1);

    // The conversation itself carries on: the language buttons answered after the restart.
    expect((await postWebhook(server.url, wa.buttonReply('fr', 'Français', sender), APP_SECRET)).status).toBe(200);
    const sent = await graph.waitForSent(2);
    expect(sent[1]!.body.interactive.type).toBe('list');
    expect(sent[1]!.body.interactive.body.text).toContain('Bienvenue sur le 1919');
    await server.stop();
  }, 20_000);
});

describe('a WhatsApp message that cannot be processed', () => {
  it('is tried again, then given up on: the subscriber is told, operations see it, nothing of its content', async () => {
    const server = await startTestServer({ env: { ...env(), WHATSAPP_MAX_ATTEMPTS: '2' } });
    try {
      // A binding to a flow that has no staging version: every turn fails.
      const flow = menuFlow(3, 'never-on-staging');
      expect((await server.admin.post('/api/flows', { document: flow })).status).toBe(201);
      const binding = await server.admin.post('/api/bindings', { channel: 'whatsapp', address: '100000000000099', flowId: flow.id, environment: 'staging' });
      expect(binding.status).toBe(201);
      const from = graph.sent().length;
      const secret = wa.textMessage('Mon code secret 4321', { phoneNumberId: '100000000000099', waId: '2290197000041' });
      expect((await postWebhook(server.url, secret, APP_SECRET)).status).toBe(200);
      const [apology] = await graph.waitForSent(from + 1, 15_000).then((sent) => sent.slice(from));
      expect(apology!.body).toMatchObject({ to: '2290197000041', text: { body: expect.stringMatching(/technical problem|problème technique/i) } });

      await expect.poll(async () => (await server.admin.get('/api/messaging/inbound?state=failed')).body, { timeout: 5000 }).toHaveLength(1);
      const { body } = await server.admin.get('/api/messaging/inbound?state=failed');
      expect(body[0]).toMatchObject({ channel: 'whatsapp', state: 'failed', attempts: 2, ref: expect.stringMatching(/^[0-9a-f]{12}$/), lastError: expect.any(String) });
      expect(JSON.stringify(body)).not.toContain('4321');
      expect((await server.anonymous.get('/api/messaging/inbound')).status).toBe(401);
      const viewer = await userWithRoles(server, 'vera', ['viewer']);
      expect((await viewer.get('/api/messaging/inbound')).status).toBe(403);
    } finally {
      await server.stop();
    }
  }, 30_000);
});

describe('a WhatsApp subscriber’s language across a restart', () => {
  const french = { phoneNumberId: '100000000000001', waId: '2290197000051' };

  it('answers what it cannot read in the language the conversation spoke, not Griot’s default (English)', async () => {
    const dir = await makeDataDir();
    let server = await startTestServer({ dataDir: dir, env: env() });
    try {
      const from = graph.sent().length;
      await postWebhook(server.url, wa.textMessage('Bonjour', french), APP_SECRET);
      await graph.waitForSent(from + 1);
      await postWebhook(server.url, wa.buttonReply('fr', 'Français', french), APP_SECRET);
      await graph.waitForSent(from + 2);
      await server.stop({ keepData: true });

      server = await startTestServer({ dataDir: dir, env: env() });
      await postWebhook(server.url, wa.unsupportedMessage('poll_update', french), APP_SECRET);
      const [reply] = await graph.waitForSent(from + 3).then((sent) => sent.slice(from + 2));
      expect(reply!.body).toMatchObject({ to: french.waId, text: { body: expect.stringMatching(/^Désolé, je ne peux lire que du texte/) } });
    } finally {
      await server.stop();
    }
  }, 30_000);

  it('tells of a technical problem in the language the caller is remembered with, before any turn of this process', async () => {
    const server = await startTestServer({ env: { ...env(), WHATSAPP_MAX_ATTEMPTS: '1' } });
    try {
      const at = new Date().toISOString();
      await server.store.putCaller({ number: '+2290197000052', preferredLocale: 'fr', contacts: [], variables: {}, createdAt: at, updatedAt: at });
      // A binding to a flow that has no staging version: the turn fails.
      const flow = menuFlow(3, 'never-on-staging-fr');
      expect((await server.admin.post('/api/flows', { document: flow })).status).toBe(201);
      expect((await server.admin.post('/api/bindings', { channel: 'whatsapp', address: '100000000000098', flowId: flow.id, environment: 'staging' })).status).toBe(201);
      const from = graph.sent().length;
      await postWebhook(server.url, wa.textMessage('Bonjour', { phoneNumberId: '100000000000098', waId: '2290197000052' }), APP_SECRET);
      const [apology] = await graph.waitForSent(from + 1, 15_000).then((sent) => sent.slice(from));
      expect(apology!.body).toMatchObject({ to: '2290197000052', text: { body: expect.stringMatching(/^Désolé, un problème technique/) } });
    } finally {
      await server.stop();
    }
  }, 30_000);
});
