import { afterEach, describe, expect, it } from 'vitest';
import { SendApiClient } from './SendApiClient.ts';
import { startFakeMessengerGraph, type FakeMessengerGraph } from './testing/fakeMessengerGraph.ts';
import type { SendRequest } from './sendApi.ts';

const TOKEN = 'page-token';
const PSID = '1254459154682919';
const hello: SendRequest = { messaging_type: 'RESPONSE', recipient: { id: PSID }, message: { text: 'Bonjour' } };

let graph: FakeMessengerGraph;
let client: SendApiClient;
afterEach(async () => {
  client?.close();
  await graph?.close();
});

async function setUp(options: { timeoutMs?: number; retries?: number; token?: string } = {}) {
  graph = await startFakeMessengerGraph({ pageAccessToken: TOKEN });
  client = new SendApiClient({
    baseUrl: graph.url,
    version: 'v25.0',
    pageAccessToken: options.token ?? TOKEN,
    timeoutMs: options.timeoutMs ?? 2000,
    retries: options.retries ?? 3,
    backoff: { baseMs: 5, maxMs: 10, jitter: 0 },
  });
}

describe('SendApiClient', () => {
  it('posts to /<version>/me/messages with the Page token as a Bearer header, never in the URL', async () => {
    await setUp();
    expect(await client.send(hello)).toEqual({ outcome: 'sent', messageId: expect.stringMatching(/^m_/), attempts: 1 });
    expect(graph.requests[0]).toMatchObject({ version: 'v25.0', authorization: `Bearer ${TOKEN}`, body: hello });
  });

  it('waits out rate limits (613, 4) and temporary failures (1200, 5xx), then sends once', async () => {
    await setUp();
    graph.failNext({ code: 613 }, { code: 4, status: 403 }, { code: 1200, status: 500 });
    expect(await client.send(hello)).toMatchObject({ outcome: 'sent', attempts: 4 });
    expect(graph.sent()).toHaveLength(1);
    graph.failNext({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    expect(await client.send(hello)).toMatchObject({ outcome: 'unavailable', status: 503, attempts: 4 });
  });

  it('gives up at once on what Meta refuses for good, saying why', async () => {
    await setUp();
    graph.block(PSID);
    expect(await client.send(hello)).toMatchObject({ outcome: 'rejected', reason: 'recipientUnavailable', code: 551, attempts: 1 });
    graph.failNext({ code: 10, subcode: 2018278 });
    expect(await client.send({ ...hello, recipient: { id: '1' } })).toMatchObject({ outcome: 'rejected', reason: 'outsideWindow', code: 10, subcode: 2018278, attempts: 1 });
    graph.failNext({ code: 100, subcode: 2018001 });
    expect(await client.send({ ...hello, recipient: { id: '1' } })).toMatchObject({ outcome: 'rejected', reason: 'noSuchUser' });
  });

  it('says an expired Page token is refused, for operations to renew it', async () => {
    await setUp({ token: 'expired' });
    const result = await client.send(hello);
    expect(result).toMatchObject({ outcome: 'rejected', reason: 'badToken', code: 190, attempts: 1 });
    expect(JSON.stringify(result)).not.toContain('expired');
  });

  it('does not send again a request Meta may have taken (a timeout), and says it left', async () => {
    await setUp({ timeoutMs: 100 });
    graph.failNext({ delayMs: 400 });
    let written = 0;
    expect(await client.send(hello, () => (written += 1))).toMatchObject({ outcome: 'uncertain', attempts: 1 });
    expect(written).toBe(1);
    expect(graph.requests).toHaveLength(1);
  });
});
