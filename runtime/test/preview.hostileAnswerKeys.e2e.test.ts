import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/testServer.ts';
import { listTestNumbers } from './helpers/testNumbers.ts';

const TEST_NUMBER = '+2290197000031';

/** What a hostile (or broken) staging system answers: JSON whose key is JavaScript's `__proto__`. */
const ANSWER = '{"segment":"vip","__proto__":{"griotPolluted":"yes"}}';

/** A flow whose look-up maps a path through `__proto__` and whose prompts read JavaScript's names. */
const document = {
  schemaVersion: 2,
  id: 'hostile-keys',
  name: 'Hostile keys',
  locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google', voice: 'fr-FR-Wavenet-A', language: 'fr-FR' }, asr: null }],
  variables: [
    { name: 'flag', type: 'json' },
    { name: 'segment', type: 'string' },
  ],
  nodes: [
    { id: 'start', type: 'start' },
    {
      id: 'look',
      type: 'http',
      method: 'GET',
      backend: 'operator',
      url: '/subscribers/{{caller.number}}',
      responseMapping: [
        { variable: 'flag', path: '$.__proto__.griotPolluted' },
        { variable: 'segment', path: '$.segment' },
      ],
    },
    { id: 'say', type: 'message', prompt: { fr: { text: 'A[{{constructor}}] B[{{segment.length}}] C[{{flag}}] D[{{segment.constructor}}]' } } },
    { id: 'bye', type: 'end', reason: 'done' },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'look' },
    { id: 'e2', source: 'look', output: 'ok', target: 'say' },
    { id: 'e3', source: 'look', output: 'notFound', target: 'bye' },
    { id: 'e4', source: 'look', output: 'error', target: 'bye' },
    { id: 'e5', source: 'look', output: 'timeout', target: 'bye' },
    { id: 'e6', source: 'say', output: 'next', target: 'bye' },
  ],
};

/**
 * Security review: the simulator records each look-up's answer as a test fixture, building the
 * body again along the node's paths. A path through `__proto__`, and a staging system answering
 * with that key, wrote into the prototype every object of the server shares: one preview changed
 * the whole process (every request, every caller) until it restarted. The real server, a
 * staging backend on loopback.
 */
describe("a look-up answer's keys stay in the answer", () => {
  let server: TestServer;
  let backend: Server;

  beforeAll(async () => {
    backend = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(ANSWER);
    });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    server = await startTestServer({ env: { GRIOT_DEMO: '1', GRIOT_BACKENDS_STAGING: `operator=${url}` } });
    await listTestNumbers(server, [TEST_NUMBER]);
    expect((await server.admin.post('/api/flows', { document })).status).toBe(201);
  });
  afterAll(async () => {
    delete (Object.prototype as Record<string, unknown>).griotPolluted;
    await server?.stop();
    backend?.closeAllConnections();
    await new Promise<void>((resolve) => backend?.close(() => resolve()));
  });

  it("records a `__proto__` key as the answer's own, leaves every other object as it was, and prompts read no JavaScript name", async () => {
    const started = await server.admin.post('/api/preview/sessions', { flowId: 'hostile-keys', source: 'draft', channel: 'whatsapp', callerNumber: TEST_NUMBER, useBackend: true });
    expect(started.status).toBe(201);
    expect(({} as Record<string, unknown>).griotPolluted).toBeUndefined();
    const [lookup] = started.body.lookups as Array<{ fixture: { status: number; body: unknown } }>;
    expect(lookup?.fixture.status).toBe(200);
    expect(JSON.stringify(lookup?.fixture.body)).toBe('{"__proto__":{"griotPolluted":"yes"},"segment":"vip"}');
    // What the caller reads: the answer's own values, nothing of JavaScript's objects.
    const said = (started.body.effects as Array<{ type: string; text?: string }>).find((e) => e.type === 'say')?.text;
    expect(said).toBe('A[] B[] C[yes] D[]');
  });
});
