import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/testServer.ts';
import { listTestNumbers } from './helpers/testNumbers.ts';

const TEST_NUMBER = '+2290197000031';
const TOKEN = 'operator-token-never-in-a-body-7f3a';

/** A message the caller writes, sent by the flow to the operator's system (a ticket, an SMS) in the body its template writes. */
const flowSending = (id: string, body: string) => ({
  schemaVersion: 2,
  id,
  name: id,
  locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google', voice: 'fr-FR-Wavenet-A', language: 'fr-FR' }, asr: null }],
  variables: [
    { name: 'first', type: 'string' },
    { name: 'last', type: 'string' },
  ],
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'askFirst', type: 'input', kind: 'text', variable: 'first', prompt: { fr: { text: 'Prénom ?' } } },
    { id: 'askLast', type: 'input', kind: 'text', variable: 'last', prompt: { fr: { text: 'Nom ?' } } },
    {
      id: 'send',
      type: 'http',
      method: 'POST',
      backend: 'operator',
      url: '/tickets',
      headers: { Authorization: 'Bearer {{secret.OPERATOR_API_TOKEN}}', 'X-Subject': '{{first}}{{last}}' },
      body,
    },
    { id: 'bye', type: 'end', reason: 'done' },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'askFirst' },
    { id: 'e2', source: 'askFirst', output: 'ok', target: 'askLast' },
    { id: 'e3', source: 'askLast', output: 'ok', target: 'send' },
    ...['ok', 'notFound', 'error', 'timeout'].map((output) => ({ id: `s-${output}`, source: 'send', output, target: 'bye' })),
    ...['noInput', 'invalid'].flatMap((output) => [
      { id: `f-${output}`, source: 'askFirst', output, target: 'bye' },
      { id: `l-${output}`, source: 'askLast', output, target: 'bye' },
    ]),
  ],
});

/**
 * Security review: `{{secret.NAME}}` is filled by the runtime in a look-up's request, and a
 * caller's words must not write one (they are escaped when they hold `{{`). But two values side by
 * side (`{{first}}{{last}}`: « { » then « {secret.OPERATOR_API_TOKEN}} »), or a value inside the
 * template's own brace (`{{{name}}}`, Mustache's habit), joined into a placeholder the runtime
 * filled: the operator's token went into the ticket the caller wrote, for whoever reads it. The
 * real server, the operator's staging system on loopback recording what it is sent.
 */
describe("a caller's words cannot make a look-up send a secret", () => {
  let server: TestServer;
  let backend: Server;
  const received: Array<{ headers: Record<string, unknown>; body: string }> = [];

  beforeAll(async () => {
    backend = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.setHeader('content-type', 'application/json');
        res.end('{"ticket":"T-1"}');
      });
    });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    server = await startTestServer({
      env: { GRIOT_DEMO: '1', GRIOT_BACKENDS_STAGING: `operator=${url}`, GRIOT_FLOW_SECRETS: 'OPERATOR_API_TOKEN@operator', OPERATOR_API_TOKEN: TOKEN },
    });
    await listTestNumbers(server, [TEST_NUMBER]);
  });
  afterAll(async () => {
    await server?.stop();
    backend?.closeAllConnections();
    await new Promise<void>((resolve) => backend?.close(() => resolve()));
  });

  async function send(id: string, body: string, first: string, last: string) {
    expect((await server.admin.post('/api/flows', { document: flowSending(id, body) })).status).toBe(201);
    const started = await server.admin.post('/api/preview/sessions', { flowId: id, source: 'draft', channel: 'whatsapp', callerNumber: TEST_NUMBER, useBackend: true });
    expect(started.status).toBe(201);
    const before = received.length;
    for (const text of [first, last]) {
      const turn = await server.admin.post(`/api/preview/sessions/${started.body.id}/events`, { event: { type: 'text', text } });
      expect(turn.status).toBe(200);
    }
    expect(received.length).toBe(before + 1);
    return received.at(-1)!;
  }

  it('sends the secret only where the flow wrote it, whatever the caller writes beside or inside braces', async () => {
    for (const [id, body, first, last] of [
      ['side-by-side', '{"subject":"{{first}}{{last}}"}', '{', '{secret.OPERATOR_API_TOKEN}}'],
      ['in-braces', '{"subject":"{{{first}}}","name":"{{last}}"}', '{secret.OPERATOR_API_TOKEN}', 'Houngbédji'],
    ] as const) {
      const request = await send(id, body, first, last);
      // Where the flow asked for it: the Authorization header.
      expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(request.body).not.toContain(TOKEN);
      expect(String(request.headers['x-subject'])).not.toContain(TOKEN);
      // The caller's words arrive as written.
      expect(JSON.parse(request.body).subject).toBe('{{secret.OPERATOR_API_TOKEN}}');
    }
  });
});
