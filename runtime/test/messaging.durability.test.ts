import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook, startFakeGraphServer, whatsappWebhooks as wa, type FakeGraphServer } from '@griot/connectors/messaging/testing';
import { makeDataDir, startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * What the WhatsApp channel remembers outlives the process: a message Meta re-delivers after a
 * restart is not processed again, and the conversation carries on where it was.
 */
const APP_SECRET = 'durability-app-secret';
const sender = { phoneNumberId: '100000000000001', waId: '2290197000003' };

let graph: FakeGraphServer;
let dataDir: string;
const env = () => ({
  GRIOT_DEMO: '1', WHATSAPP_APP_SECRET: APP_SECRET, WHATSAPP_ACCESS_TOKEN: 'token', WHATSAPP_GRAPH_BASE_URL: graph.url,
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
