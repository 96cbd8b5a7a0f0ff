import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphClient } from './GraphClient.ts';
import { startFakeGraphServer, type FakeGraphServer } from './testing/fakeGraphServer.ts';
import type { GraphMessageRequest } from './graphMessages.ts';

let graph: FakeGraphServer;
beforeAll(async () => {
  graph = await startFakeGraphServer({ accessToken: 'token' });
});
afterAll(() => graph.close());

const client = (overrides: Partial<ConstructorParameters<typeof GraphClient>[0]> = {}) =>
  new GraphClient({
    baseUrl: graph.url,
    version: 'v21.0',
    accessToken: 'token',
    timeoutMs: 1000,
    retries: 3,
    backoff: { baseMs: 1, maxMs: 5 },
    ...overrides,
  });
const text = (body: string): GraphMessageRequest => ({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '2290197000001', type: 'text', text: { body } });

describe('GraphClient', () => {
  it('posts to /<version>/<phone_number_id>/messages with the bearer token and returns the wamid', async () => {
    const before = graph.requests.length;
    const result = await client().send('100000000000001', text('Bonjour'));
    expect(result).toMatchObject({ outcome: 'sent', wamid: expect.stringMatching(/^wamid\./), attempts: 1 });
    const request = graph.requests[before]!;
    expect(request).toMatchObject({ version: 'v21.0', phoneNumberId: '100000000000001', authorization: 'Bearer token' });
    expect(request.body.text.body).toBe('Bonjour');
  });

  it('retries 429 and 5xx with backoff, then succeeds', async () => {
    graph.failNext({ status: 429 }, { status: 503 });
    const result = await client().send('100000000000001', text('Encore'));
    expect(result).toMatchObject({ outcome: 'sent', attempts: 3 });
  });

  it('says once when a request has left the process, and never for one that could not connect', async () => {
    let written = 0;
    graph.failNext({ status: 503 });
    expect(await client().send('100000000000001', text('Parti'), () => (written += 1))).toMatchObject({ outcome: 'sent', attempts: 2 });
    expect(written).toBe(1);
    let refused = 0;
    const nowhere = client({ baseUrl: 'http://127.0.0.1:9', retries: 0 });
    expect(await nowhere.send('100000000000001', text('x'), () => (refused += 1))).toMatchObject({ outcome: 'unavailable' });
    expect(refused).toBe(0);
  });

  it('gives up as unavailable after the retries', async () => {
    graph.failNext({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    expect(await client().send('100000000000001', text('x'))).toMatchObject({ outcome: 'unavailable', status: 500, attempts: 4 });
  });

  it('does not retry a refused payload (over the limits) and says why', async () => {
    const before = graph.requests.length;
    const result = await client().send('100000000000001', text('x'.repeat(4097)));
    expect(result).toMatchObject({ outcome: 'rejected', status: 400, code: 131009, message: expect.stringContaining('4096') });
    expect(graph.requests.length).toBe(before + 1);
  });

  it('does not send again after a timeout: the first request may have been taken', async () => {
    graph.failNext({ delayMs: 300 });
    const before = graph.requests.length;
    const result = await client({ timeoutMs: 100 }).send('100000000000001', text('lent'));
    expect(result).toMatchObject({ outcome: 'uncertain', attempts: 1 });
    await new Promise((r) => setTimeout(r, 350));
    expect(graph.requests.length).toBe(before + 1);
  });

  it('retries when Graph cannot be reached at all', async () => {
    const closed = await startFakeGraphServer();
    await closed.close();
    const result = await client({ baseUrl: closed.url, retries: 2 }).send('1', text('x'));
    expect(result).toMatchObject({ outcome: 'unavailable', attempts: 3, message: expect.stringContaining('ECONNREFUSED') });
  });
});
