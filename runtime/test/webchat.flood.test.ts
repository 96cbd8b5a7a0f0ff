import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestFrom } from './helpers/fromAddress.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

const MINUTE = 60_000;
const METRICS_TOKEN = 'webchat-flood-metrics-token-0123456789';

/**
 * An anonymous visitor flooding the web chat, on the real server and its SQLite store, from
 * several real loopback addresses. Small budgets, and a clock the test moves past the windows.
 */
describe('web chat under a flood', () => {
  let server: TestServer;
  const clock = { ms: Date.now() };
  let bindingId: string;

  beforeAll(async () => {
    server = await startTestServer({
      env: {
        GRIOT_DEMO: '1',
        WEBCHAT_NEW_CONVERSATIONS_PER_ADDRESS: '3',
        WEBCHAT_MESSAGES_PER_CONVERSATION: '4',
        WEBCHAT_MESSAGES_PER_ADDRESS: '12',
        WEBCHAT_POLLS_PER_ADDRESS: '5',
        GRIOT_METRICS_TOKEN: METRICS_TOKEN,
      },
      start: { now: () => new Date(clock.ms).toISOString() },
    });
    const created = await server.admin.post('/api/bindings', { channel: 'webchat', address: 'site', flowId: 'selfcare-1919', environment: 'production' });
    expect(created.status).toBe(201);
    bindingId = created.body.id;
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  const chat = (from: string, body: object, headers: Record<string, string> = {}) =>
    requestFrom(from, server.url, 'POST', `/chat/${bindingId}/messages`, { body: { messageId: randomUUID(), ...body }, headers });
  /** Every message the web chat recorded (each one accepted is recorded once, and runs its turn). */
  const recorded = async () => (await server.store.messaging.listInbound({ states: ['received', 'processed', 'failed'], limit: 10_000 })).length;
  const statuses = (answers: { status: number }[]) => answers.map((a) => a.status);

  it('lets one address open a few conversations, then answers 429 with Retry-After and records nothing, until the window ends', async () => {
    const before = await recorded();
    const opens = [];
    for (let i = 0; i < 10; i += 1) opens.push(await chat('127.0.0.11', { open: true }));
    expect(statuses(opens)).toEqual([200, 200, 200, 429, 429, 429, 429, 429, 429, 429]);
    const refused = opens.at(-1)!;
    expect(refused.body).toMatchObject({ error: { code: 'chat_throttled' }, limit: 'address/conversations' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(600);
    expect(refused.body.conversationId).toBeUndefined();
    expect(await recorded()).toBe(before + 3);

    // An X-Forwarded-For the visitor wrote is not believed (no GRIOT_TRUST_PROXY): still refused.
    expect((await chat('127.0.0.11', { open: true }, { 'x-forwarded-for': '198.51.100.7' })).status).toBe(429);
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(metrics).toMatch(/^griot_channel_requests_throttled_total\{channel="webchat",limit="address\/conversations"\} 8$/m);
    // Another address is not affected.
    const elsewhere = await chat('127.0.0.12', { open: true });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.replies.length).toBeGreaterThan(0);
    expect(await recorded()).toBe(before + 4);

    clock.ms += 10 * MINUTE + 1000;
    const later = await chat('127.0.0.11', { open: true });
    expect(later.status).toBe(200);
    expect(later.body.replies.length).toBeGreaterThan(0);
  });

  it('limits the messages of one conversation, not the address’s other conversations, and takes them again a minute later', async () => {
    const opened = await chat('127.0.0.13', { open: true });
    const { conversationId } = opened.body;
    const before = await recorded();
    const flood = [];
    for (let i = 0; i < 8; i += 1) flood.push(await chat('127.0.0.13', { conversationId, text: `spam ${i}` }));
    expect(statuses(flood)).toEqual([200, 200, 200, 200, 429, 429, 429, 429]);
    expect(flood.at(-1)!.body).toMatchObject({ error: { code: 'chat_throttled' }, limit: 'conversation' });
    expect(Number(flood.at(-1)!.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(await recorded()).toBe(before + 4);

    // A second visitor behind the same address chats on.
    const other = await chat('127.0.0.13', { open: true });
    expect(other.status).toBe(200);
    expect((await chat('127.0.0.13', { conversationId: other.body.conversationId, option: 'fr' })).status).toBe(200);

    clock.ms += MINUTE + 1000;
    const again = await chat('127.0.0.13', { conversationId, text: 'menu' });
    expect(again.status).toBe(200);
    expect(again.body.replies.length).toBeGreaterThan(0);
  });

  it('bounds conversation ids made up by the client by the address’s messages', async () => {
    const before = await recorded();
    const made = [];
    for (let i = 0; i < 16; i += 1) made.push(await chat('127.0.0.14', { conversationId: randomUUID(), text: 'bonjour' }));
    expect(statuses(made).filter((s) => s === 200)).toHaveLength(12);
    expect(made.at(-1)!.body).toMatchObject({ error: { code: 'chat_throttled' }, limit: 'address' });
    expect(await recorded()).toBe(before + 12);
  });

  it('gives one address a budget of long polls (each one reads the store), not another address’s', async () => {
    const { conversationId } = (await chat('127.0.0.15', { open: true })).body;
    const poll = (from: string) => requestFrom(from, server.url, 'POST', `/chat/${bindingId}/updates`, { body: { conversationId: randomUUID(), waitSeconds: 0 } });
    const polls = [];
    for (let i = 0; i < 8; i += 1) polls.push(await poll('127.0.0.15'));
    // Made-up conversations: 404 while the budget lasts, then 429 with Retry-After.
    expect(statuses(polls)).toEqual([404, 404, 404, 404, 404, 429, 429, 429]);
    expect(polls.at(-1)!.body).toMatchObject({ error: { code: 'chat_throttled' }, limit: 'address/polls' });
    expect(Number(polls.at(-1)!.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(polls.at(-1)!.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Another address polls its conversation.
    expect((await requestFrom('127.0.0.16', server.url, 'POST', `/chat/${bindingId}/updates`, { body: { conversationId, waitSeconds: 0 } })).status).toBe(200);
    clock.ms += MINUTE + 1000;
    expect((await requestFrom('127.0.0.15', server.url, 'POST', `/chat/${bindingId}/updates`, { body: { conversationId, waitSeconds: 0 } })).status).toBe(200);
  });
});

describe('web chat behind a trusted proxy', () => {
  let server: TestServer;
  let bindingId: string;
  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1', GRIOT_TRUST_PROXY: 'loopback', WEBCHAT_NEW_CONVERSATIONS_PER_ADDRESS: '1' } });
    bindingId = (await server.admin.post('/api/bindings', { channel: 'webchat', address: 'site', flowId: 'selfcare-1919', environment: 'production' })).body.id;
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });
  /** Through the proxy on this machine, which appends the client it saw to what the client sent. */
  const open = (forwardedFor: string) =>
    requestFrom('127.0.0.1', server.url, 'POST', `/chat/${bindingId}/messages`, { body: { open: true, messageId: randomUUID() }, headers: { 'x-forwarded-for': forwardedFor } });

  it('counts each client the proxy names, and a client cannot pick another address by writing one in front', async () => {
    expect((await open('198.51.100.1')).status).toBe(200);
    expect((await open('198.51.100.1')).status).toBe(429);
    expect((await open('203.0.113.9, 198.51.100.1')).status).toBe(429);
    expect((await open('198.51.100.2')).status).toBe(200);
  });
});
