import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { createLogger } from '../src/logger.ts';
import { OPERATOR_SECRET } from './helpers/fakeOperator.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * The operator's system is down (nothing listens on its port) when a caller asks for their PUK
 * code: the caller hears the flow's error path, and whoever follows the incident finds why — one
 * warning with the backend, the cause and the duration, and the look-up's outcome in the
 * transcript — without the request or its answer (the URL holds the caller's number).
 */
let server: TestServer;
const lines: Array<Record<string, unknown> & { msg: string }> = [];
const raw: string[] = [];
const CALLER = '+2290197000044';

/** A port nothing listens on: taken, then let go. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  const logger = createLogger({ logLevel: 'info' }, { write: (line: string) => void (raw.push(line), lines.push(JSON.parse(line))) });
  server = await startTestServer({ env: { GRIOT_DEMO: '1', GRIOT_BACKENDS_PRODUCTION: `operator=http://127.0.0.1:${await closedPort()}`, ...OPERATOR_SECRET }, start: { logger } });
}, 60_000);
afterAll(() => server?.stop());

describe('a look-up to a backend that is down', () => {
  it('leaves one warning with backend, cause and duration, and the outcome in the transcript', async () => {
    const call = new SimulatedCall(httpLink(server.url), { callSid: 'CA-lookup-down', from: CALLER, to: '1919' });
    await call.start();
    await call.press('1');
    const mark = call.heard.length;
    await call.press('1');
    expect(call.heardSince(mark)).not.toMatch(/code PUK est/);

    const failed = lines.filter((l) => l.event === 'conversation.lookupFailed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ level: 'warn', session: 'voice:CA-lookup-down', backend: 'operator', cause: 'ECONNREFUSED', durationMs: expect.any(Number) });
    expect(raw.join('\n')).not.toContain(CALLER.slice(1));

    const transcript = await vi.waitFor(async () => (await server.store.getTranscript('voice:CA-lookup-down'))!, { timeout: 5000, interval: 100 });
    const lookups = transcript.turns.flatMap((t) => t.lookups ?? []);
    expect(lookups).toEqual([{ node: expect.any(String), backend: 'operator', outcome: 'error', cause: 'ECONNREFUSED', ms: expect.any(Number) }]);
    await call.hangup();
  }, 30_000);
});

describe('a look-up the operator answers « not found » or with an error', () => {
  let other: TestServer;
  let operator: HttpServer;
  const seen: Array<Record<string, unknown> & { msg: string }> = [];
  const UNKNOWN = '+2290197000045';
  const FAILING = '+2290197000046';

  beforeAll(async () => {
    // 404 for a number the operator does not know (the demo's http node reads it as « not found »), 503 for another.
    operator = createHttpServer((req, res) => {
      res.statusCode = decodeURIComponent(req.url ?? '').includes(UNKNOWN) ? 404 : 503;
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
    await new Promise<void>((resolve) => operator.listen(0, '127.0.0.1', resolve));
    const { port } = operator.address() as { port: number };
    const logger = createLogger({ logLevel: 'info' }, { write: (line: string) => void seen.push(JSON.parse(line)) });
    other = await startTestServer({ env: { GRIOT_DEMO: '1', GRIOT_BACKENDS_PRODUCTION: `operator=http://127.0.0.1:${port}`, ...OPERATOR_SECRET }, start: { logger } });
  }, 60_000);
  afterAll(async () => {
    await other?.stop();
    await new Promise<void>((resolve) => operator?.close(() => resolve()));
  });

  it('warns for a 503, not for a 404 the flow takes as an unknown subscriber', async () => {
    for (const [sid, from] of [
      ['CA-lookup-unknown', UNKNOWN],
      ['CA-lookup-503', FAILING],
    ] as const) {
      const call = new SimulatedCall(httpLink(other.url), { callSid: sid, from, to: '1919' });
      await call.start();
      await call.press('1');
      await call.press('1');
      await call.hangup();
    }
    const failed = seen.filter((l) => l.event === 'conversation.lookupFailed');
    expect(failed.map((l) => [l.session, l.cause])).toEqual([['voice:CA-lookup-503', 'http 503']]);

    const unknown = await vi.waitFor(async () => (await other.store.getTranscript('voice:CA-lookup-unknown'))!, { timeout: 5000, interval: 100 });
    const lookups = unknown.turns.flatMap((t) => t.lookups ?? []);
    expect(lookups.length).toBeGreaterThan(0);
    expect(lookups.every((l) => l.cause === undefined && l.outcome !== 'error')).toBe(true);
  }, 30_000);

  it('shows a subscriber the operator does not know as « not found » in the transcript, not « ok »; a 503 as an error', async () => {
    // What a supervisor reads: the transcripts API.
    const read = async (key: string) => {
      const response = await other.admin.get(`/api/transcripts/${encodeURIComponent(key)}`);
      expect(response.status).toBe(200);
      return (response.body as { turns: Array<{ lookups?: Array<{ node: string; outcome: string; cause?: string }> }> }).turns.flatMap((t) => t.lookups ?? []);
    };
    const unknown = await read('voice:CA-lookup-unknown');
    expect(unknown.map((l) => [l.outcome, l.cause])).toEqual([['notFound', undefined]]);
    const failing = await read('voice:CA-lookup-503');
    expect(failing.map((l) => [l.outcome, l.cause])).toEqual([['error', 'http 503']]);
  }, 30_000);
});
