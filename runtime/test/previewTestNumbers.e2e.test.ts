import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { OPERATOR_SECRET, startRecordingOperator, type RecordingOperator } from './helpers/fakeOperator.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';
import { listTestNumbers } from './helpers/testNumbers.ts';
import { DEMO_TEST_NUMBER } from '../src/demo/demoDefaults.ts';

const FLOW = 'selfcare-1919';
const PUK = '87654321';
const TEST_NUMBER = '+2290197000031';
/** A real subscriber's number, as a tester might type it. */
const SUBSCRIBER = '+229 01 97 00 00 55';
const JAMBONZ_SECRET = 'jambonz-test-numbers-secret';

/**
 * Security review: a tester's preview could call the real look-up backends as any number and
 * read that subscriber's PUK code. The real server, a tester logged in with only that role, the
 * operator's backend on loopback.
 */
describe('a preview reaches the real backends only as a test number', () => {
  let server: TestServer;
  let operator: RecordingOperator;
  let tester: ApiClient;
  let agent: ApiClient;

  beforeAll(async () => {
    operator = await startRecordingOperator(PUK);
    server = await startTestServer({ env: { GRIOT_DEMO: '1', GRIOT_BACKENDS_STAGING: `operator=${operator.url}`, ...OPERATOR_SECRET, JAMBONZ_WEBHOOK_SECRET: JAMBONZ_SECRET } });
    tester = await userWithRoles(server, 'tess', ['tester']);
    agent = await userWithRoles(server, 'aimee', ['agent']);
  });
  afterAll(async () => {
    await server?.stop();
    await operator?.close();
  });

  const start = (client: ApiClient, callerNumber: string, extra: Record<string, unknown> = { useBackend: true }) =>
    client.post('/api/preview/sessions', { flowId: FLOW, source: 'staging', channel: 'voice', callerNumber, ...extra });

  /** French, then the PUK code. */
  async function askPuk(client: ApiClient, id: string) {
    await client.post(`/api/preview/sessions/${id}/events`, { event: { type: 'digits', digits: '1' } });
    return client.post(`/api/preview/sessions/${id}/events`, { event: { type: 'digits', digits: '1' } });
  }

  it('refuses a tester, and an admin, the real backends as a subscriber’s number: 403, and the operator is never asked', async () => {
    for (const client of [tester, server.admin]) {
      const refused = await start(client, SUBSCRIBER);
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatchObject({ code: 'preview_number_not_test', field: 'callerNumber', params: { number: '+2290197000055' } });
    }
    expect(operator.asked).toEqual([]);
    // The attempts are in the audit log, by whom, without the subscriber's number.
    const audit = (await server.admin.get(`/api/audit?target=${encodeURIComponent(`flow:${FLOW}`)}`)).body as Array<{ actor: string; action: string; details: Record<string, unknown> }>;
    const refusals = audit.filter((e) => e.action === 'preview.backendRefused');
    expect(refusals.map((e) => e.actor).sort()).toEqual(['admin-token', 'tess']);
    // A keyed digest: the same for the same number (one tester trying numbers shows up), not one anyone can compute.
    expect(refusals[0]!.details.caller).toMatch(/^#[\w-]{12}$/);
    expect(refusals[1]!.details.caller).toBe(refusals[0]!.details.caller);
    expect(JSON.stringify(audit)).not.toContain(createHash('sha256').update('+2290197000055').digest('hex').slice(0, 12));
    expect(JSON.stringify(audit)).not.toContain('0197000055');
  });

  it('lets anyone preview with mock answers as any number', async () => {
    const mock = await start(tester, SUBSCRIBER, { fixtures: { lookupSubscriber: { status: 200, body: { segment: 'regular', puk: '11112222' } } } });
    expect(mock.status).toBe(201);
    const puk = await askPuk(tester, mock.body.id);
    expect(JSON.stringify(puk.body.effects)).toContain('1, 1, 1, 1, 2, 2, 2, 2');
    expect(operator.asked).toEqual([]);
  });

  it('lets a tester call the real backends as a test number an admin listed, and keeps the PUK out of the state and the transcript', async () => {
    // The demo lists its own test SIM only.
    expect((await tester.get('/api/test-numbers')).body).toEqual([expect.objectContaining({ number: DEMO_TEST_NUMBER })]);
    const bindingId = await listTestNumbers(server, ['01 97 00 00 31']);
    expect((await tester.get('/api/test-numbers')).body).toEqual([{ number: TEST_NUMBER, routes: [expect.objectContaining({ bindingId, channel: 'voice', flowId: FLOW })] }]);

    // Typed in the national form: the same number.
    const started = await start(tester, '0197000031');
    expect(started.status).toBe(201);
    const puk = await askPuk(tester, started.body.id);
    expect(puk.status).toBe(200);
    expect(JSON.stringify(puk.body.effects)).toContain('8, 7, 6, 5, 4, 3, 2, 1');
    expect(operator.asked).toEqual([`/subscribers/${TEST_NUMBER}`]);
    const audit = (await server.admin.get(`/api/audit?target=${encodeURIComponent(`flow:${FLOW}`)}`)).body as Array<{ actor: string; action: string; details: Record<string, unknown> }>;
    expect(audit.filter((e) => e.action === 'preview.backend')).toEqual([expect.objectContaining({ actor: 'tess', details: { number: TEST_NUMBER, runs: 1 } })]);
    expect(JSON.stringify(puk.body.state)).not.toContain(PUK);
    expect(JSON.stringify(puk.body.lookups)).not.toContain(PUK);
    await tester.post(`/api/preview/sessions/${started.body.id}/events`, { event: { type: 'hangup' } });
    // What is kept (a preview's transcript is its starter's alone: read from the store).
    const transcripts = await server.store.listTranscripts({ callerNumber: TEST_NUMBER, limit: 10 });
    expect(transcripts).toHaveLength(1);
    const kept = JSON.stringify(transcripts);
    // The read-out is kept masked: the prompt is there, the digits are not, in either form.
    expect(kept).toContain('Votre code PUK est');
    expect(kept).not.toContain(PUK);
    expect(kept).not.toContain('8, 7, 6, 5, 4, 3, 2, 1');

    // Taken off the list while a preview runs: its next look-up is not sent, and the tester is told why.
    const running = await start(tester, TEST_NUMBER);
    expect(running.body.state.wait).toMatchObject({ node: 'mainMenu' }); // French is remembered
    await listTestNumbers(server, []);
    const cut = await tester.post(`/api/preview/sessions/${running.body.id}/events`, { event: { type: 'digits', digits: '1' } });
    expect(cut.body.lookups).toEqual([expect.objectContaining({ node: 'lookupSubscriber', source: 'missing', outcome: 'error', reason: { code: 'preview.notTestNumber' } })]);
    expect(cut.body.issues).toContainEqual(expect.objectContaining({ code: 'preview.notTestNumber', node: 'lookupSubscriber' }));
    expect(operator.asked).toHaveLength(1);

    // And a new one is refused.
    expect((await start(tester, TEST_NUMBER)).status).toBe(403);
    expect(operator.asked).toHaveLength(1);
  });

  it('refuses a running preview’s look-up when the test numbers cannot be read (the store failing), and the server goes on', async () => {
    await listTestNumbers(server, ['01 97 00 00 31']);
    const running = await start(tester, TEST_NUMBER);
    expect(running.status).toBe(201);
    const asked = operator.asked.length;
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const listBindings = server.store.listBindings;
    server.store.listBindings = () => Promise.reject(new Error('store unavailable'));
    try {
      const cut = await tester.post(`/api/preview/sessions/${running.body.id}/events`, { event: { type: 'digits', digits: '1' } });
      expect(cut.status).toBe(200);
      expect(cut.body.lookups).toEqual([expect.objectContaining({ node: 'lookupSubscriber', source: 'missing', outcome: 'error', reason: { code: 'preview.notTestNumber' } })]);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      server.store.listBindings = listBindings;
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
    expect(operator.asked).toHaveLength(asked);
    // Served as before once the store answers.
    expect((await tester.get('/api/test-numbers')).status).toBe(200);
    await listTestNumbers(server, []);
  });

  it('lets testers read the list for the preview, and only admins change it', async () => {
    expect((await tester.get('/api/test-numbers')).status).toBe(200);
    expect((await agent.get('/api/test-numbers')).status).toBe(403);
    const [binding] = (await server.admin.get('/api/bindings')).body as Array<Record<string, any>>;
    const { id, environments: _e, createdAt: _c, updatedAt: _u, ...input } = binding!;
    const attempt = await tester.put(`/api/bindings/${id}`, { ...input, testers: [{ number: SUBSCRIBER }] });
    expect(attempt.status).toBe(403);
    expect((await tester.get('/api/test-numbers')).body).toEqual([]);
  });

  it('routes the same list on the phone: a test number calling 1919 reaches staging, a subscriber production', async () => {
    await listTestNumbers(server, [TEST_NUMBER]);
    const environmentOf = async (from: string, callSid: string) => {
      const call = new SimulatedCall(await httpLink(server.url, { secret: JAMBONZ_SECRET }), { callSid, from, to: '1919' });
      await call.start();
      const environment = (await server.store.getSession(`voice:${callSid}`, new Date().toISOString()))?.environment;
      await call.hangup();
      call.close();
      return environment;
    };
    expect(await environmentOf(TEST_NUMBER, 'CA-test-number')).toBe('staging');
    expect(await environmentOf('+2290197000055', 'CA-subscriber')).toBe('production');
  });
});
