import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/testServer.ts';
import { listTestNumbers } from './helpers/testNumbers.ts';

const TEST_NUMBER = '+2290197000031';

/** JSON whose key is JavaScript's `__proto__`, what a hostile (or broken) staging system may answer. */
const PROTO_ANSWER = '{"segment":"vip","__proto__":{"griotPolluted":"yes"}}';
/** `{"data": [[[…1…]]]}`, `depth` lists deep. */
const deepAnswer = (depth: number) => `{"data":${'['.repeat(depth)}1${']'.repeat(depth)}}`;

/** A flow whose look-up reads `path` (the backend answers by it) and whose prompt shows what it mapped, and JavaScript's names. */
const lookupFlow = (id: string, path: string, mapping: Array<{ variable: string; path: string }>) => ({
  schemaVersion: 2,
  id,
  name: id,
  locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google', voice: 'fr-FR-Wavenet-A', language: 'fr-FR' }, asr: null }],
  variables: [
    // Kept in clear (a look-up's answer is sensitive by default, and its fixture made up): the answers themselves are the subject here.
    { name: 'flag', type: 'json', keptInClear: true },
    { name: 'segment', type: 'string', keptInClear: true },
    { name: 'data', type: 'json', keptInClear: true },
  ],
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'look', type: 'http', method: 'GET', backend: 'operator', url: path, responseMapping: mapping },
    { id: 'say', type: 'message', prompt: { fr: { text: 'A[{{constructor}}] B[{{segment.length}}] C[{{flag}}] D[{{segment.constructor}}] E[{{data}}]' } } },
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
});

type Lookup = { output?: string; reason?: { code: string; params?: Record<string, string> }; fixture: { status?: number; body?: unknown } };

/**
 * Security review: what the operator's systems answer is data, whatever its keys and its depth.
 * The simulator recorded each answer as a test fixture, rebuilding the body along the node's
 * paths: a path through `__proto__`, with a staging system answering that key, wrote into the
 * prototype every object of the server shares (one preview changed the whole process until it
 * restarted). An answer nested a few thousand lists deep overflowed the stack of the prompt that
 * showed it (the turn failed with a 500) or of the look-up itself (read as « unreachable », and
 * asked again). The real server, a staging backend on loopback.
 */
describe("the operator's answers stay data", () => {
  let server: TestServer;
  let backend: Server;
  const asked: string[] = [];

  beforeAll(async () => {
    backend = createServer((req, res) => {
      asked.push(req.url ?? '');
      const depth = /^\/deep\/(\d+)$/.exec(req.url ?? '')?.[1];
      res.setHeader('content-type', 'application/json');
      res.end(depth ? deepAnswer(Number(depth)) : PROTO_ANSWER);
    });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    server = await startTestServer({ env: { GRIOT_DEMO: '1', GRIOT_BACKENDS_STAGING: `operator=${url}` } });
    await listTestNumbers(server, [TEST_NUMBER]);
  });
  afterAll(async () => {
    delete (Object.prototype as Record<string, unknown>).griotPolluted;
    await server?.stop();
    backend?.closeAllConnections();
    await new Promise<void>((resolve) => backend?.close(() => resolve()));
  });

  async function preview(document: ReturnType<typeof lookupFlow>) {
    expect((await server.admin.post('/api/flows', { document })).status).toBe(201);
    return server.admin.post('/api/preview/sessions', { flowId: document.id, source: 'draft', channel: 'whatsapp', callerNumber: TEST_NUMBER, useBackend: true });
  }
  const said = (body: { effects: Array<{ type: string; text?: string }> }) => body.effects.find((e) => e.type === 'say')?.text;

  it('leaves every other object as it was when an answer holds `__proto__`, and prompts read no JavaScript name', async () => {
    const started = await preview(
      lookupFlow('proto-keys', '/subscriber', [
        { variable: 'flag', path: '$.__proto__.griotPolluted' },
        { variable: 'segment', path: '$.segment' },
      ]),
    );
    expect(started.status).toBe(201);
    expect(({} as Record<string, unknown>).griotPolluted).toBeUndefined();
    const [lookup] = started.body.lookups as Lookup[];
    expect(lookup?.output).toBe('ok');
    expect(lookup?.fixture).toEqual({ status: 200, body: { segment: 'vip' } });
    // What the subscriber reads: the answer's own values, nothing of JavaScript's objects.
    expect(said(started.body)).toBe('A[] B[] C[] D[] E[]');
  });

  it('takes the error output, once, for an answer nested thousands deep, and answers the tester', async () => {
    for (const depth of [2800, 20_000]) {
      const before = asked.length;
      const started = await preview(lookupFlow(`deep-${depth}`, `/deep/${depth}`, [{ variable: 'data', path: '$.data' }]));
      expect(started.status).toBe(201);
      const [lookup] = started.body.lookups as Lookup[];
      expect(lookup).toMatchObject({ output: 'error', reason: { code: 'http.tooDeep', params: { limit: '64' } } });
      expect(asked.length - before).toBe(1);
    }
    // An answer within the limit is read as before.
    const shallow = await preview(lookupFlow('deep-60', '/deep/60', [{ variable: 'data', path: '$.data' }]));
    expect(said(shallow.body)).toBe(`A[] B[] C[] D[] E[${'['.repeat(60)}1${']'.repeat(60)}]`);
  });
});
