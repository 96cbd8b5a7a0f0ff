import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/types.ts';
import { ConversationService } from '../conversations/ConversationService.ts';
import { captureLogs, openTestStore, publishFlow, selfCareFlow, startOperatorBackend, TEST_PUK, type OperatorBackend, uncountedStoreFailures } from '../conversations/testSupport.ts';
import { CallerRecords } from '../callers/CallerRecords.ts';
import { ApiRegistry } from './openapi/apiRegistry.ts';
import { errorMiddleware } from './errorMiddleware.ts';
import { previewRoutes } from './previewRoutes.ts';
import { callerRoutes } from './callerRoutes.ts';
import { createAuditLog } from '../audit/auditLog.ts';
import { createBindingService } from '../bindings/bindingService.ts';
import { createFlowService } from '../flows/flowService.ts';

let dir: string;
let store: Store;
let backend: OperatorBackend;
let server: Server;
let base: string;
const logs = captureLogs();
const registry = new ApiRegistry();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'griot-preview-'));
  store = await openTestStore(dir);
  backend = await startOperatorBackend();
  await publishFlow(store, selfCareFlow(), ['staging']);
  const service = new ConversationService({
    metrics: uncountedStoreFailures,
    store,
    logger: logs.logger,
    clock: () => new Date(),
    sessionTtlMinutes: 30,
    defaultRegion: 'BJ',
    // Only staging may be reached from a preview; production would be a test failure.
    webhookTargetFor: (environment) => (environment === 'staging' ? backend.target : { backends: {}, secret: () => undefined, secretBackends: {} }),
  });
  const app = express();
  app.use(express.json());
  app.use((req, _res, next) => {
    // Tess by default; another admin (Ade, u2) when the test says so.
    req.principal =
      req.headers['x-test-user'] === 'ade'
        ? { userId: 'u2', username: 'ade', displayName: 'Ade', roles: ['admin'], via: 'token', credentialId: 't2' }
        : { userId: 'u1', username: 'tess', displayName: 'Tess', roles: ['admin'], via: 'token', credentialId: 't1' };
    next();
  });
  // The numbers the tests call the staging backend as, listed as testers on an entry point.
  const now = () => new Date().toISOString();
  let ids = 0;
  const newId = () => `id${++ids}`;
  const ctx = { store, now, newId, audit: createAuditLog(store, now, newId), logger: logs.logger };
  const bindings = createBindingService(ctx, { defaultRegion: 'BJ' });
  await bindings.create({ username: 'admin' }, { channel: 'voice', address: '1919', flowId: 'selfcare', environment: 'production', testers: TEST_NUMBERS.map((number) => ({ number })), settings: {} });
  app.use(previewRoutes(service, { registry, testNumbers: bindings, flows: createFlowService(ctx) }));
  app.use(callerRoutes(new CallerRecords({ store, defaultRegion: 'BJ' }), { registry }));
  app.use(errorMiddleware(logs.logger));
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await backend.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, path: string, body?: unknown, as?: 'ade'): Promise<{ status: number; json: any }> {
  const response = await fetch(base + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(as ? { 'x-test-user': as } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

const TEST_NUMBERS = ['0197000076', '0197000074', '0197000073'];
const startBody = { flowId: 'selfcare', source: 'draft', channel: 'whatsapp', callerNumber: '0197000077' };

describe('preview routes', () => {
  it('plays a preview with fixtures and masks sensitive variables in the state', async () => {
    const started = await call('POST', '/api/preview/sessions', { ...startBody, fixtures: { lookup: { status: 200, body: { puk: '11223344', segment: 'gold' } } } });
    expect(started.status).toBe(201);
    expect(started.json).toMatchObject({ id: expect.any(String), state: { status: 'active', wait: { node: 'language' }, flowVersion: null }, trace: { nodes: ['start', 'language'] } });
    const id = started.json.id as string;

    await call('POST', `/api/preview/sessions/${id}/events`, { event: { type: 'text', text: '1' } });
    const puk = await call('POST', `/api/preview/sessions/${id}/events`, { event: { type: 'text', text: '1' } });
    expect(puk.status).toBe(200);
    expect(puk.json.trace.nodes).toEqual(['lookup', 'readPuk', 'bye']);
    expect(puk.json.effects.find((e: { node?: string }) => e.node === 'readPuk').text).toBe('Votre code PUK est 11223344.');
    expect(puk.json.state.vars).toEqual({ puk: '•••', segment: 'gold' });
    expect(backend.hits).toHaveLength(0);

    const state = await call('GET', `/api/preview/sessions/${id}`);
    // The contact is over: its sensitive values went with it.
    expect(state.json.state).toMatchObject({ status: 'ended', endReason: 'served' });
    expect(state.json.state.vars).toEqual({ segment: 'gold' });

    const transcripts = await call('GET', `/api/transcripts?caller=${encodeURIComponent('+229 01 97 00 00 77')}`);
    expect(transcripts.json).toHaveLength(1);
    expect(transcripts.json[0]).toMatchObject({ sessionKey: `preview:u1:${id}`, preview: true, endReason: 'served' });
    expect(JSON.stringify(transcripts.json)).not.toContain('11223344');
  });

  it('calls the staging backend with useBackend, and says when a fixture is missing without it', async () => {
    const live = await call('POST', '/api/preview/sessions', { ...startBody, callerNumber: '0197000076', source: 'staging', channel: 'voice', useBackend: true });
    await call('POST', `/api/preview/sessions/${live.json.id}/events`, { event: { type: 'digits', digits: '1' } });
    const answered = await call('POST', `/api/preview/sessions/${live.json.id}/events`, { event: { type: 'digits', digits: '1' } });
    expect(answered.json.trace.nodes).toEqual(['lookup', 'readPuk', 'bye']);
    expect(answered.json.effects.find((e: { node?: string }) => e.node === 'readPuk').text).toContain(TEST_PUK);
    expect(backend.hits).toEqual(['+2290197000076']);
    // What the look-up answered, for the tester and a recorded test: the PUK made up, same shape.
    expect(answered.json.lookups).toEqual([
      {
        node: 'lookup',
        source: 'backend',
        outcome: 'response',
        status: 200,
        output: 'ok',
        durationMs: expect.any(Number),
        fixture: { status: 200, body: { puk: expect.stringMatching(/^\d{8}$/), segment: 'vip' } },
        synthetic: ['puk'],
        // The body to read, the sensitive value masked.
        body: { text: JSON.stringify({ puk: '•••', segment: 'vip' }, null, 2), truncated: false },
      },
    ]);
    expect(JSON.stringify(answered.json.lookups)).not.toContain(TEST_PUK);
    // Said to the tester (the caller hears it), never kept: not in the state, the transcript nor a log line.
    expect(JSON.stringify(answered.json.state)).not.toContain(TEST_PUK);
    const transcripts = await call('GET', `/api/transcripts?caller=${encodeURIComponent('+2290197000076')}`);
    expect(transcripts.json).toHaveLength(1);
    expect(JSON.stringify(transcripts.json)).not.toContain(TEST_PUK);
    expect(logs.lines.join('\n')).not.toContain(TEST_PUK);

    const bare = await call('POST', '/api/preview/sessions', { ...startBody, callerNumber: '0197000078' });
    await call('POST', `/api/preview/sessions/${bare.json.id}/events`, { event: { type: 'text', text: '1' } });
    const failed = await call('POST', `/api/preview/sessions/${bare.json.id}/events`, { event: { type: 'text', text: '1' } });
    expect(failed.json.trace.nodes).toEqual(['lookup', 'sorry']);
    expect(failed.json.issues).toContainEqual(expect.objectContaining({ code: 'preview.noFixture', node: 'lookup' }));
    expect(failed.json.lookups).toEqual([
      expect.objectContaining({
        node: 'lookup',
        source: 'missing',
        outcome: 'error',
        output: 'error',
        fixture: { error: expect.stringContaining('no fixture for http node lookup') },
        synthetic: [],
        reason: { code: 'preview.noFixture' },
      }),
    ]);
  });

  it('refuses the staging backends to a number that is not a test number, even to an admin, and the operator hears nothing', async () => {
    const hits = backend.hits.length;
    const refused = await call('POST', '/api/preview/sessions', { ...startBody, callerNumber: '+229 01 97 00 00 99', source: 'staging', channel: 'voice', useBackend: true });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ code: 'preview_number_not_test', field: 'callerNumber', params: { number: '+2290197000099' } });
    expect(backend.hits).toHaveLength(hits);
    // The same number with mock answers: free.
    const mock = await call('POST', '/api/preview/sessions', {
      ...startBody,
      callerNumber: '+229 01 97 00 00 99',
      source: 'staging',
      channel: 'voice',
      fixtures: { lookup: { status: 200, body: { puk: '11223344' } } },
    });
    expect(mock.status).toBe(201);
    // Not a phone number at all: refused too, never sent on as some other caller.
    const unnumbered = await call('POST', '/api/preview/sessions', { ...startBody, callerNumber: 'visitor-7', source: 'staging', channel: 'webchat', useBackend: true });
    expect(unnumbered.status).toBe(403);
    expect(backend.hits).toHaveLength(hits);
  });

  it('says why a look-up failed: the status and the body of a refused token, the rule that kept a request from being sent', async () => {
    const change = (id: string, edit: (lookup: Record<string, unknown>) => void) => {
      const flow = selfCareFlow({ id });
      edit(flow.nodes.find((n) => n.id === 'lookup') as unknown as Record<string, unknown>);
      return flow;
    };
    await publishFlow(
      store,
      change('wrongtoken', (n) => {
        n.headers = { Authorization: 'Bearer expired-token' };
      }),
      ['staging'],
    );
    await publishFlow(
      store,
      change('wrongbackend', (n) => {
        n.backend = 'crm';
      }),
      ['staging'],
    );
    const lookupVia = async (flowId: string, callerNumber: string) => {
      const started = await call('POST', '/api/preview/sessions', { ...startBody, flowId, callerNumber, source: 'staging', channel: 'voice', useBackend: true });
      await call('POST', `/api/preview/sessions/${started.json.id}/events`, { event: { type: 'digits', digits: '1' } });
      return call('POST', `/api/preview/sessions/${started.json.id}/events`, { event: { type: 'digits', digits: '1' } });
    };

    const refusedToken = await lookupVia('wrongtoken', '0197000074');
    expect(refusedToken.json.trace.nodes).toEqual(['lookup', 'sorry']);
    expect(refusedToken.json.lookups).toEqual([
      expect.objectContaining({ node: 'lookup', source: 'backend', outcome: 'response', status: 401, output: 'error', body: { text: '{\n  "error": "unauthenticated"\n}', truncated: false } }),
    ]);
    expect(refusedToken.json.lookups[0].reason).toBeUndefined();

    const hits = backend.hits.length;
    const refusedRule = await lookupVia('wrongbackend', '0197000073');
    expect(refusedRule.json.lookups).toEqual([
      expect.objectContaining({
        node: 'lookup',
        source: 'backend',
        outcome: 'error',
        output: 'error',
        reason: { code: 'secret.notBound', params: { secret: 'OPERATOR_TOKEN', allowed: 'operator', backend: 'crm' } },
      }),
    ]);
    expect(refusedRule.json.lookups[0].body).toBeUndefined();
    expect(refusedRule.json.issues).toContainEqual(expect.objectContaining({ code: 'http.failed', node: 'lookup' }));
    // Never sent: the backend saw nothing.
    expect(backend.hits).toHaveLength(hits);
  });

  it('answers an intent node with the model’s scripted classification', async () => {
    const started = await call('POST', '/api/preview/sessions', { ...startBody, callerNumber: '0197000075', fixtures: { understand: { intent: 'agent', confidence: 0.9 } } });
    const id = started.json.id as string;
    await call('POST', `/api/preview/sessions/${id}/events`, { event: { type: 'text', text: '1' } });
    await call('POST', `/api/preview/sessions/${id}/events`, { event: { type: 'text', text: '4' } });
    const routed = await call('POST', `/api/preview/sessions/${id}/events`, { event: { type: 'text', text: 'code puk' } });
    // The words say PUK, but the scripted model says agent: the preview follows the script.
    expect(routed.json.trace.nodes).toEqual(['handoff']);
    expect(routed.json.state).toMatchObject({ status: 'handoff', wait: { for: 'handoff' } });
  });

  it('starts in the language the designer chose, past the language menu, as a tester listed in it', async () => {
    const english = await call('POST', '/api/preview/sessions', { ...startBody, callerNumber: '0197000081', locale: 'en' });
    expect(english.json.state).toMatchObject({ locale: 'en', wait: { node: 'menu' }, caller: { knownLocale: 'en' } });
    // The menu is passed through without a word: nothing of it is said or asked.
    expect(english.json.effects.filter((e: { node?: string }) => e.node === 'language')).toEqual([]);
    // Without a choice (« Auto »), a caller the preview never heard of is asked (another test's number remembers the French it chose).
    const asked = await call('POST', '/api/preview/sessions', { ...startBody, callerNumber: '0197000082' });
    expect(asked.json.state).toMatchObject({ wait: { node: 'language' } });
  });

  it('remembers a tester’s language in the preview memory only', async () => {
    const first = await call('POST', '/api/preview/sessions', { ...startBody, callerNumber: '0197000079' });
    await call('POST', `/api/preview/sessions/${first.json.id}/events`, { event: { type: 'text', text: '2' } });
    const hangup = await call('POST', `/api/preview/sessions/${first.json.id}/events`, { event: { type: 'hangup' } });
    expect(hangup.json.state).toMatchObject({ status: 'ended', endReason: 'hangup' });

    const second = await call('POST', '/api/preview/sessions', { ...startBody, callerNumber: '+2290197000079' });
    expect(second.json.state).toMatchObject({ locale: 'en', wait: { node: 'menu' }, caller: { knownLocale: 'en' } });
    expect((await call('GET', '/api/callers/0197000079?preview=true')).json).toMatchObject({ number: 'preview:+2290197000079', preferredLocale: 'en', lastChannel: 'whatsapp' });
    expect((await call('GET', '/api/callers/0197000079')).status).toBe(404);
  });

  it('keeps what a tester’s previews taught to that tester: another user (an admin) reads it as unknown and starts afresh; erasure removes it', async () => {
    const first = await call('POST', '/api/preview/sessions', { ...startBody, callerNumber: '0197000061' });
    await call('POST', `/api/preview/sessions/${first.json.id}/events`, { event: { type: 'text', text: '2' } });
    await call('POST', `/api/preview/sessions/${first.json.id}/events`, { event: { type: 'hangup' } });
    expect((await call('GET', '/api/callers/0197000061?preview=true')).json).toMatchObject({ number: 'preview:+2290197000061', preferredLocale: 'en' });

    // Ade, an admin too, asks for the same number's preview memory: the same 404 as for a number nobody previewed.
    const other = await call('GET', '/api/callers/+2290197000061?preview=true', undefined, 'ade');
    expect(other.status).toBe(404);
    expect(other.json.error.code).toBe('caller_not_found');
    expect(JSON.stringify(other.json)).not.toMatch(/"en"|preferredLocale/);
    // Nor does Tess's preview teach Ade's: Ade's preview with that number is asked the language.
    const ades = await call('POST', '/api/preview/sessions', { ...startBody, callerNumber: '0197000061' }, 'ade');
    expect(ades.json.state.caller.knownLocale).toBeUndefined();
    await call('POST', `/api/preview/sessions/${ades.json.id}/events`, { event: { type: 'text', text: '1' } }, 'ade');
    await call('POST', `/api/preview/sessions/${ades.json.id}/events`, { event: { type: 'hangup' } }, 'ade');
    expect((await call('GET', '/api/callers/0197000061?preview=true', undefined, 'ade')).json).toMatchObject({ preferredLocale: 'fr' });
    expect((await call('GET', '/api/callers/0197000061?preview=true')).json).toMatchObject({ preferredLocale: 'en' });

    // Erasing the number removes every tester's preview memory of it.
    const erased = await call('DELETE', '/api/callers/0197000061');
    expect(erased.status).toBe(200);
    expect(erased.json.deleted.profiles).toBe(2);
    for (const as of [undefined, 'ade'] as const) expect((await call('GET', '/api/callers/0197000061?preview=true', undefined, as)).status).toBe(404);
  });

  it('answers 400 naming the field, and 404 for a session that is not there', async () => {
    const badChannel = await call('POST', '/api/preview/sessions', { ...startBody, channel: 'fax' });
    expect(badChannel.status).toBe(400);
    expect(badChannel.json.error).toMatchObject({ code: 'invalid_body', field: 'channel' });
    const badFixture = await call('POST', '/api/preview/sessions', { ...startBody, fixtures: { lookup: { status: 'ok' } } });
    expect(badFixture.status).toBe(400);
    expect(badFixture.json.error.field).toMatch(/^fixtures\.lookup/);
    const badEvent = await call('POST', '/api/preview/sessions/x/events', { event: { type: 'digits', digits: 'abc' } });
    expect(badEvent.json.error).toMatchObject({ field: 'event.digits' });
    expect((await call('POST', '/api/preview/sessions', { ...startBody, flowId: 'nope' })).status).toBe(404);
    expect((await call('POST', '/api/preview/sessions', { ...startBody, source: 'production' })).json.error.code).toBe('flow_not_runnable');
    expect((await call('POST', '/api/preview/sessions/unknown/events', { event: { type: 'noInput' } })).json.error.code).toBe('preview_not_found');
    expect((await call('GET', '/api/preview/sessions/unknown')).status).toBe(404);
  });

  it('documents its routes for the OpenAPI document', () => {
    expect(registry.routes.map((r) => r.operationId)).toEqual(
      expect.arrayContaining(['startPreview', 'sendPreviewEvent', 'getPreview', 'getCaller', 'eraseCaller', 'listTranscripts', 'getTranscript']),
    );
  });
});
