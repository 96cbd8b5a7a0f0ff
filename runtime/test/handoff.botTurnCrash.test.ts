import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook, startFakeGraphServer, whatsappWebhooks as wa, type FakeGraphServer } from '@griot/connectors/messaging/testing';
import { startGriotProcess, type GriotProcess } from './helpers/griotProcess.ts';
import { makeDataDir } from './helpers/testServer.ts';
import { apiClient, type ApiClient } from './helpers/http.ts';

/**
 * The bot's turn after an agent hands back, and kill -9: a real Griot process releases a WhatsApp
 * conversation while Graph is down, so the bot's satisfaction question is not sent, and is killed
 * before it tries again. The next process on the same DATA_DIR sends it, once.
 */
const APP_SECRET = 'bot-turn-crash-app-secret';
const TOKEN = 'bot-turn-crash-graph-token';
const ADMIN_TOKEN = 'bot-turn-crash-admin-token-0123456789';
const PHONE_NUMBER_ID = '100000000000001';
const WA_ID = '2290197000032';
const subscriber = { phoneNumberId: PHONE_NUMBER_ID, waId: WA_ID, name: 'Afiavi' };
const QUESTION = 'quelle note donnez-vous à ce service';

let graph: FakeGraphServer;
let dataDir: string;
let griot: GriotProcess | undefined;

const env = () => ({
  DATA_DIR: dataDir,
  GRIOT_DEMO: '1',
  GRIOT_ADMIN_TOKEN: ADMIN_TOKEN,
  WHATSAPP_APP_SECRET: APP_SECRET,
  WHATSAPP_ACCESS_TOKEN: TOKEN,
  WHATSAPP_GRAPH_BASE_URL: graph.url,
  WHATSAPP_LEASE_SECONDS: '2',
  // One try per send: Graph's one 503 fails the bot's turn at once.
  WHATSAPP_SEND_RETRIES: '0',
  // The dead process's job leases pass to the next one this soon.
  GRIOT_JOB_LEASE_SECONDS: '3',
});

beforeAll(async () => {
  graph = await startFakeGraphServer({ accessToken: TOKEN });
  dataDir = await makeDataDir();
});
afterAll(async () => {
  await griot?.stop().catch(() => undefined);
  await graph.close();
});

/** How many times the subscriber's phone was sent the satisfaction question. */
const asked = () => graph.sent().filter((r) => r.body.to === WA_ID && JSON.stringify(r.body).includes(QUESTION)).length;

async function signIn(url: string): Promise<string> {
  const password = 'correct horse battery';
  await apiClient(url, { token: ADMIN_TOKEN }).post('/api/users', { username: 'awa', password, roles: ['agent'] });
  const login = await apiClient(url).post('/api/auth/login', { username: 'awa', password });
  return login.headers.get('set-cookie')!.split(';')[0]!;
}

describe('the bot’s turn after a handback, then kill -9', () => {
  it('is sent after a restart when the channel could not take it before the process died, once', { timeout: 120_000 }, async () => {
    griot = await startGriotProcess(env());
    const cookie = await signIn(griot.url);
    const agent: ApiClient = apiClient(griot.url, { cookie });
    const send = (body: unknown) => postWebhook(griot!.url, body, APP_SECRET);
    const toSubscriber = () => graph.sent().filter((r) => r.body.to === WA_ID).length;
    await send(wa.textMessage('Bonjour', subscriber));
    await expect.poll(toSubscriber, { timeout: 20_000 }).toBeGreaterThan(0);
    await send(wa.buttonReply('fr', 'Français', subscriber));
    await expect.poll(toSubscriber, { timeout: 20_000 }).toBeGreaterThan(1);
    await send(wa.textMessage('Je veux un conseiller', subscriber));
    const waiting = async () => ((await agent.get('/api/agent/queues')).body as Array<{ contacts: Array<{ id: string }> }>).flatMap((q) => q.contacts)[0]?.id;
    await expect.poll(waiting, { timeout: 20_000 }).toBeTruthy();
    const contactId = (await waiting())!;
    expect((await agent.post(`/api/agent/contacts/${contactId}/take`)).status).toBe(200);

    // Graph is down for the bot's turn: the release is done, the question not sent; the process dies before its next try.
    graph.failNext({ status: 503 });
    const released = await agent.post(`/api/agent/contacts/${contactId}/release`);
    expect(released.status).toBe(200);
    expect(released.body.prompts.join(' ')).toContain(QUESTION);
    await griot.kill9();
    expect(asked()).toBe(0);

    griot = await startGriotProcess(env());
    await expect
      .poll(asked, { timeout: 60_000, interval: 250 })
      .toBe(1)
      .catch((error: Error) => {
        throw new Error(`${error.message}\nthe restarted process wrote:\n${griot?.output()}`);
      });
  });
});
