import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flow } from '@griot/flows';
import { createLogger } from '../src/logger.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';
import { listTestNumbers } from './helpers/testNumbers.ts';

const FLOW = 'selfcare-1919';
const SERVICE_DOWN = 'Nous sommes désolés : ce service est momentanément indisponible.';
const LIMIT = 64 * 1024;
/** The operator's token for the gateway (the demo's well-known one never goes to a configured URL). */
const TOKEN = 'gateway-token-7f3a91c2e4';

/**
 * A shared gateway on loopback: the operator's API under /operator/v1, an admin service beside
 * it. Every request is recorded; the API answers a PUK, echoes what it was sent on /echo, says
 * `Cannot GET <path>` for what it does not know, and streams without end on /huge.
 */
async function startGateway(): Promise<{ url: string; requests: Array<{ line: string; host?: string; auth?: string }>; close(): Promise<void> }> {
  const requests: Array<{ line: string; host?: string; auth?: string }> = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '';
    requests.push({ line: `${req.method} ${path}`, ...(req.headers.host ? { host: req.headers.host } : {}), ...(req.headers.authorization ? { auth: req.headers.authorization } : {}) });
    res.setHeader('content-type', 'application/json');
    if (path.startsWith('/operator/v1/subscribers/')) return void res.end(JSON.stringify({ segment: 'vip', puk: '87654321', balance: { airtime: 1500 } }));
    if (path.startsWith('/operator/v1/echo/')) return void res.end(JSON.stringify({ segment: 'vip', youSent: { path, authorization: req.headers.authorization } }));
    if (path.startsWith('/operator/v1/huge/')) {
      let sent = 0;
      const pump = () => {
        while (sent < 32 * 1024 * 1024 && !res.destroyed) {
          sent += 16 * 1024;
          if (!res.write(`"${'x'.repeat(16 * 1024 - 2)}"`)) return void res.once('drain', pump);
        }
        res.end();
      };
      return void pump();
    }
    res.statusCode = 404;
    res.setHeader('content-type', 'text/plain');
    res.end(`Cannot GET ${path}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Security review (MEDIUM): an editor's look-up could leave its named backend with the
 * operator's token (`/../`, a Host header), and a backend echoing the token showed it in the
 * preview. The real server with the demo, backend `operator` based at a gateway's /operator/v1.
 */
describe('a look-up stays under its backend, and its token stays out of sight', () => {
  let server: TestServer;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  let editor: ApiClient;
  /** Previews a draft with the real backends: only a publisher may (an editor's draft is not vetted). */
  let publisher: ApiClient;
  let original: Flow;
  const logs: string[] = [];

  beforeAll(async () => {
    gateway = await startGateway();
    const logger = createLogger({ logLevel: 'debug' }, { write: (line: string) => void logs.push(line) });
    server = await startTestServer({
      env: {
        GRIOT_DEMO: '1',
        GRIOT_FLOW_SECRETS: 'OPERATOR_API_TOKEN@operator',
        OPERATOR_API_TOKEN: TOKEN,
        GRIOT_BACKENDS_STAGING: `operator=${gateway.url}/operator/v1`,
        GRIOT_HTTP_MAX_RESPONSE_BYTES: String(LIMIT),
      },
      start: { logger },
    });
    editor = await userWithRoles(server, 'mallory', ['editor']);
    publisher = await userWithRoles(server, 'awa', ['publisher']);
    original = (await server.admin.get(`/api/flows/${FLOW}/draft`)).body.document;
    await listTestNumbers(
      server,
      Array.from({ length: 30 }, (_, i) => `+22901970092${String(i + 1).padStart(2, '0')}`),
    );
  });
  afterAll(async () => {
    await server?.stop();
    await gateway?.close();
  });

  function withLookup(change: (lookup: Record<string, any>) => void): Flow {
    const doc = structuredClone(original);
    change(doc.nodes.find((n) => n.id === 'lookupSubscriber') as Record<string, any>);
    return doc;
  }

  async function saveDraft(document: Flow) {
    const { revision } = (await editor.get(`/api/flows/${FLOW}/draft`)).body;
    const saved = await editor.put(`/api/flows/${FLOW}/draft`, { revision, document });
    expect(saved.status).toBe(200);
    return saved.body as { lint: Array<{ severity: string; code: string; node?: string; field?: string }> };
  }

  let callers = 0;
  /** A test number in a publisher's preview of the editor's draft asks for its PUK (French, then 1); the turn of the look-up. */
  async function previewPuk() {
    const callerNumber = `+22901970092${String(++callers).padStart(2, '0')}`;
    const started = await publisher.post('/api/preview/sessions', { flowId: FLOW, source: 'draft', channel: 'voice', callerNumber, useBackend: true });
    expect(started.status).toBe(201);
    const press = (digits: string) => publisher.post(`/api/preview/sessions/${started.body.id}/events`, { event: { type: 'digits', digits } });
    await press('1');
    const turn = await press('1');
    expect(turn.status).toBe(200);
    await publisher.post(`/api/preview/sessions/${started.body.id}/events`, { event: { type: 'hangup' } });
    return { ...(turn.body as { effects: unknown[]; lookups: Array<Record<string, any>>; issues: Array<{ code: string; message: string }> }), callerNumber };
  }

  it.each([['/../readyz'], ['/../../internal-admin/users'], ['/%2e%2e/%2E%2E/internal-admin/users'], ['/subscribers%2F..%2F..%2F..%2Freadyz'], ['/subscribers/..\\..\\readyz']])(
    '%s: flagged at save, refused in preview, and no request reaches the gateway',
    async (url) => {
      const saved = await saveDraft(
        withLookup((n) => {
          n.url = url;
        }),
      );
      expect(saved.lint).toContainEqual(expect.objectContaining({ severity: 'error', code: 'http.pathEscape', node: 'lookupSubscriber', field: 'url' }));
      const before = gateway.requests.length;
      const turn = await previewPuk();
      expect(turn.lookups).toEqual([expect.objectContaining({ node: 'lookupSubscriber', outcome: 'error', output: 'error', reason: { code: 'http.pathEscape', params: { backend: 'operator' } } })]);
      expect(JSON.stringify(turn.effects)).toContain(SERVICE_DOWN);
      expect(gateway.requests.slice(before)).toEqual([]);
    },
  );

  it('Host and X-Forwarded-For headers: flagged at save, refused in preview, nothing sent', async () => {
    const saved = await saveDraft(
      withLookup((n) => {
        n.headers = { ...n.headers, Host: 'admin.gateway.internal', 'X-Forwarded-For': '127.0.0.1' };
      }),
    );
    expect(saved.lint.filter((i) => i.code === 'http.routingHeader').map((i) => i.field)).toEqual(['headers.Host', 'headers.X-Forwarded-For']);
    const before = gateway.requests.length;
    const turn = await previewPuk();
    expect(turn.lookups).toEqual([expect.objectContaining({ outcome: 'error', reason: { code: 'http.routingHeader', params: { header: 'Host' } } })]);
    expect(gateway.requests.slice(before)).toEqual([]);
  });

  it('a backend that quotes the token (in its 404, or echoing the request): the preview, the transcript and the logs never show it', async () => {
    for (const url of ['/nope/{{secret.OPERATOR_API_TOKEN}}', '/echo/{{caller.number}}?key={{secret.OPERATOR_API_TOKEN}}']) {
      await saveDraft(
        withLookup((n) => {
          n.url = url;
        }),
      );
      const before = gateway.requests.length;
      const turn = await previewPuk();
      // The backend got the token, as the flow asked: in the URL and the Authorization header.
      expect(gateway.requests.slice(before)).toEqual([expect.objectContaining({ line: expect.stringContaining(TOKEN), auth: `Bearer ${TOKEN}` })]);
      const [lookup] = turn.lookups;
      expect(lookup?.body?.text).toContain('•••');
      expect(JSON.stringify(turn)).not.toContain(TOKEN);
      // What is kept (a preview's transcript is its starter's alone: read from the store).
      const transcripts = await server.store.listTranscripts({ callerNumber: turn.callerNumber, limit: 10 });
      expect(transcripts).toHaveLength(1);
      expect(JSON.stringify(transcripts)).not.toContain(TOKEN);
    }
    const [notFound, echoed] = gateway.requests.slice(-2);
    expect(notFound?.line).toBe(`GET /operator/v1/nope/${TOKEN}`);
    expect(echoed?.line).toMatch(/^GET \/operator\/v1\/echo\//);
    expect(logs.join('\n')).not.toContain(TOKEN);
  });

  it('an answer larger than GRIOT_HTTP_MAX_RESPONSE_BYTES: the look-up takes its error output, the tester is told why', async () => {
    await saveDraft(
      withLookup((n) => {
        n.url = '/huge/{{caller.number}}';
      }),
    );
    const turn = await previewPuk();
    expect(turn.lookups).toEqual([
      expect.objectContaining({ outcome: 'error', output: 'error', reason: expect.objectContaining({ code: 'http.tooLarge', params: expect.objectContaining({ limit: String(LIMIT) }) }) }),
    ]);
    expect(JSON.stringify(turn.effects)).toContain(SERVICE_DOWN);
  });

  it('the demo 1919 flow still reads the PUK from the backend, under its base path', async () => {
    const saved = await saveDraft(original);
    expect(saved.lint.filter((i) => i.severity === 'error')).toEqual([]);
    const before = gateway.requests.length;
    const turn = await previewPuk();
    expect(turn.issues.filter((i) => i.code === 'http.failed')).toEqual([]);
    expect(turn.lookups).toEqual([expect.objectContaining({ outcome: 'response', status: 200, output: 'ok' })]);
    expect(JSON.stringify(turn.effects)).toContain('8, 7, 6, 5, 4, 3, 2, 1');
    expect(gateway.requests.slice(before).map((r) => r.line)).toEqual([`GET /operator/v1/subscribers/${encodeURIComponent(turn.callerNumber)}`]);
  });
});
