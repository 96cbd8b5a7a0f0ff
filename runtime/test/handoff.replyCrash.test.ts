import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook, startFakeGraphServer, whatsappWebhooks as wa, type FakeGraphServer } from '@griot/connectors/messaging/testing';
import { startGriotProcess, type GriotProcess } from './helpers/griotProcess.ts';
import { makeDataDir } from './helpers/testServer.ts';
import { apiClient, type ApiClient } from './helpers/http.ts';

/**
 * An agent's replies and kill -9: a real Griot process stores an agent's WhatsApp replies and is
 * killed while Graph is slow, one reply at Graph and the next one stored but still waiting in the
 * conversation's queue. The next process on the same DATA_DIR sends what never reached Graph,
 * once, and not again what Graph had (the key is the stored message's id).
 */
const APP_SECRET = 'reply-crash-app-secret';
const TOKEN = 'reply-crash-graph-token';
const ADMIN_TOKEN = 'reply-crash-admin-token-0123456789';
const PHONE_NUMBER_ID = '100000000000001';
const WA_ID = '2290197000031';
const subscriber = { phoneNumberId: PHONE_NUMBER_ID, waId: WA_ID, name: 'Afiavi' };

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

/** What the subscriber's phone shows, in order. */
const shown = () => graph.sent().flatMap((r) => (r.body.to === WA_ID && r.body.type === 'text' ? [String((r.body.text as { body: string }).body)] : []));

/** Awa, an agent, signed in: her session cookie (kept in the store, so the next process knows it too). */
async function signIn(url: string): Promise<string> {
  const password = 'correct horse battery';
  await apiClient(url, { token: ADMIN_TOKEN }).post('/api/users', { username: 'awa', password, roles: ['agent'] });
  const login = await apiClient(url).post('/api/auth/login', { username: 'awa', password });
  return login.headers.get('set-cookie')!.split(';')[0]!;
}

describe('agent replies, then kill -9', () => {
  it('sends after a restart the reply stored but never sent, once, and not again the one Graph had', { timeout: 120_000 }, async () => {
    griot = await startGriotProcess(env());
    const cookie = await signIn(griot.url);
    const agent: ApiClient = apiClient(griot.url, { cookie });
    const send = (body: unknown) => postWebhook(griot!.url, body, APP_SECRET);
    await send(wa.textMessage('Bonjour', subscriber));
    const toSubscriber = () => graph.sent().filter((r) => r.body.to === WA_ID).length;
    await expect.poll(toSubscriber, { timeout: 20_000 }).toBeGreaterThan(0);
    await send(wa.buttonReply('fr', 'Français', subscriber));
    await expect.poll(toSubscriber, { timeout: 20_000 }).toBeGreaterThan(1);
    await send(wa.textMessage('Je veux un conseiller', subscriber));
    const waiting = async () => ((await agent.get('/api/agent/queues')).body as Array<{ contacts: Array<{ id: string }> }>).flatMap((q) => q.contacts)[0]?.id;
    await expect.poll(waiting, { timeout: 20_000 }).toBeTruthy();
    const contactId = (await waiting())!;
    expect((await agent.post(`/api/agent/contacts/${contactId}/take`)).status).toBe(200);
    const before = graph.count.received;

    // Graph is slow: the first reply reaches it and waits for its answer, the second waits behind it in Griot.
    graph.setLatency(60_000);
    const path = `/api/agent/contacts/${contactId}/messages`;
    void agent.post(path, { text: 'Je regarde votre forfait.', clientId: crypto.randomUUID() }).catch(() => undefined);
    await expect.poll(() => graph.count.received, { timeout: 20_000 }).toBe(before + 1);
    void agent.post(path, { text: 'Votre forfait est réactivé.', clientId: crypto.randomUUID() }).catch(() => undefined);
    const stored = async () => ((await agent.get(`/api/agent/contacts/${contactId}`)).body as { messages: Array<{ text: string }> }).messages.map((m) => m.text);
    await expect.poll(stored, { timeout: 20_000 }).toContain('Votre forfait est réactivé.');
    await griot.kill9();
    // Graph answers what it held (it had the first reply): the dead process never hears it.
    graph.setLatency(0);

    // Its sends give up fast (Graph answers at once now): a reply pending for 10 s is no longer being sent.
    griot = await startGriotProcess({ ...env(), WHATSAPP_SEND_TIMEOUT_MS: '2000', WHATSAPP_SEND_RETRIES: '0' });
    await expect
      .poll(() => shown().filter((t) => t === 'Votre forfait est réactivé.').length, { timeout: 60_000, interval: 250 })
      .toBe(1)
      .catch((error: Error) => {
        throw new Error(`${error.message}\nthe subscriber has: ${JSON.stringify(shown())}\nthe restarted process wrote:\n${griot?.output()}`);
      });
    // Nothing is left to send: both replies are marked sent, and each reached the subscriber once.
    const again = apiClient(griot.url, { cookie });
    const messages = async () => ((await again.get(`/api/agent/contacts/${contactId}`)).body as { messages: Array<{ from: string; pending?: boolean }> }).messages;
    await expect.poll(async () => (await messages()).filter((m) => m.pending).length, { timeout: 30_000 }).toBe(0);
    expect((await messages()).filter((m) => m.from === 'agent')).toHaveLength(2);
    expect(shown().filter((t) => t === 'Je regarde votre forfait.')).toHaveLength(1);
    expect(shown().filter((t) => t === 'Votre forfait est réactivé.')).toHaveLength(1);
  });
});
