import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { OPERATOR_SECRET, startRecordingOperator, type RecordingOperator } from './helpers/fakeOperator.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

const FLOW = 'selfcare-1919';
const PUK = '87654321';
/** The demo's subscriber John Mensah: a number that never called, so the live-subscriber check lets it through. */
const SUBSCRIBER = '+2290197000002';
const JAMBONZ_SECRET = 'jambonz-own-numbers-secret';

/**
 * Security review (sec13a): a tester listed a subscriber's number as their "own SIM" and then read
 * that subscriber's PUK code in a preview calling the operator's real systems, and had the
 * subscriber's calls sent to staging. Now a number a user lists is never one a preview may call the
 * real backends as, and it routes calls to staging only once an admin confirmed it. The real
 * server, the operator's backend and jambonz's webhooks on loopback.
 */
describe('a number a user lists as their own', () => {
  let server: TestServer;
  let operator: RecordingOperator;
  let tester: ApiClient;
  let voiceId: string;
  const ownPath = (number?: string) => `/api/bindings/${voiceId}/own-test-numbers${number ? `/${encodeURIComponent(number)}` : ''}`;

  beforeAll(async () => {
    operator = await startRecordingOperator(PUK);
    server = await startTestServer({ env: { GRIOT_DEMO: '1', GRIOT_BACKENDS_STAGING: `operator=${operator.url}`, ...OPERATOR_SECRET, JAMBONZ_WEBHOOK_SECRET: JAMBONZ_SECRET } });
    tester = await userWithRoles(server, 'mallory', ['tester']);
    const bindings = (await server.admin.get('/api/bindings')).body as Array<{ id: string; channel: string }>;
    voiceId = bindings.find((b) => b.channel === 'voice')!.id;
  });
  afterAll(async () => {
    await server?.stop();
    await operator?.close();
  });

  // The review's repro, word for word.
  const preview = (client: ApiClient) => client.post('/api/preview/sessions', { flowId: FLOW, source: 'production', channel: 'ussd', callerNumber: SUBSCRIBER, useBackend: true });

  const environmentOf = async (from: string, callSid: string) => {
    const call = new SimulatedCall(await httpLink(server.url, { secret: JAMBONZ_SECRET }), { callSid, from, to: '1919' });
    await call.start();
    const environment = (await server.store.getSession(`voice:${callSid}`, new Date().toISOString()))?.environment;
    await call.hangup();
    call.close();
    return environment;
  };

  it('never lets a preview call the real backends as it, pending or confirmed: 403 preview_number_not_test, the operator never asked', async () => {
    expect((await preview(tester)).status).toBe(403);
    const added = await tester.post(ownPath(), { number: SUBSCRIBER });
    expect(added.status).toBe(201);
    expect(added.body.testers).toContainEqual({ number: SUBSCRIBER, addedBy: 'mallory' });

    const pending = await preview(tester);
    expect(pending.status).toBe(403);
    expect(pending.body.error).toMatchObject({ code: 'preview_number_not_test', field: 'callerNumber', params: { number: SUBSCRIBER } });
    expect(pending.body.error.message).toContain('only as a number an admin listed');
    // Not an approved test number: the simulator's list leaves it out.
    expect(((await tester.get('/api/test-numbers')).body as Array<{ number: string }>).map((n) => n.number)).not.toContain(SUBSCRIBER);

    // An admin's confirmation routes its calls, never previews with real data.
    expect((await server.admin.post(`${ownPath(SUBSCRIBER)}/confirm`)).status).toBe(200);
    expect((await preview(tester)).status).toBe(403);
    expect((await preview(server.admin)).status).toBe(403);
    expect(operator.asked).toEqual([]);
    expect((await tester.delete(ownPath(SUBSCRIBER))).status).toBe(200);
  });

  it('keeps a pending number’s calls on production; once an admin confirms it (audited), they reach staging', async () => {
    const OWN_SIM = '+2290197000071';
    const added = await tester.post(ownPath(), { number: '01 97 00 00 71' });
    expect(added.status).toBe(201);
    expect(added.body.testers.find((t: { number: string }) => t.number === OWN_SIM)).toEqual({ number: OWN_SIM, addedBy: 'mallory' });
    expect(await environmentOf(OWN_SIM, 'CA-pending')).toBe('production');

    // Only an admin confirms: not the tester who listed it.
    expect((await tester.post(`${ownPath(OWN_SIM)}/confirm`)).status).toBe(403);
    const confirmed = await server.admin.post(`${ownPath('0197000071')}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.testers.find((t: { number: string }) => t.number === OWN_SIM)).toEqual({
      number: OWN_SIM,
      addedBy: 'mallory',
      confirmedBy: 'admin-token',
      confirmedAt: expect.any(String),
    });
    expect(await environmentOf(OWN_SIM, 'CA-confirmed')).toBe('staging');
    const audit = (await server.admin.get(`/api/audit?action=binding.testerConfirm`)).body as Array<{ actor: string; target: string; details: Record<string, unknown> }>;
    // Newest first: this confirmation, then the one of the first test.
    expect(audit).toEqual([
      expect.objectContaining({ actor: 'admin-token', target: `binding:${voiceId}`, details: expect.objectContaining({ number: OWN_SIM, addedBy: 'mallory' }) }),
      expect.objectContaining({ actor: 'admin-token', target: `binding:${voiceId}`, details: expect.objectContaining({ number: SUBSCRIBER, addedBy: 'mallory' }) }),
    ]);

    // Confirming again changes nothing; a number no user listed is not there to confirm.
    expect((await server.admin.post(`${ownPath(OWN_SIM)}/confirm`)).status).toBe(200);
    expect((await server.admin.get(`/api/audit?action=binding.testerConfirm`)).body).toHaveLength(2);
    const unknown = await server.admin.post(`${ownPath('+2290197000090')}/confirm`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('own_test_number_unknown');

    // An admin's full edit of the binding keeps the confirmation.
    const binding = (await server.admin.get('/api/bindings')).body.find((b: { id: string }) => b.id === voiceId);
    const { channel, address, flowId, environment, settings, testers } = binding;
    await server.admin.put(`/api/bindings/${voiceId}`, { channel, address, flowId, environment, settings, testers: testers.map(({ number }: { number: string }) => ({ number })) });
    expect(await environmentOf(OWN_SIM, 'CA-after-edit')).toBe('staging');
    expect((await tester.delete(ownPath(OWN_SIM))).status).toBe(200);
  });

  it('bounds a user’s adds over a day, removals not given back: 429 own_test_numbers_daily_limit, audited', async () => {
    const churner = await userWithRoles(server, 'churn', ['tester']);
    const before = (await server.admin.get('/api/audit?action=binding.testerAdd&actor=churn')).body as unknown[];
    expect(before).toEqual([]);
    // A refused add (already listed) costs nothing.
    expect((await churner.post(ownPath(), { number: '+2290197000090' })).status).toBe(409);
    for (let i = 0; i < 10; i++) {
      const number = `+22901970001${String(i).padStart(2, '0')}`;
      expect((await churner.post(ownPath(), { number })).status).toBe(201);
      expect((await churner.delete(ownPath(number))).status).toBe(200);
    }
    const refused = await churner.post(ownPath(), { number: '+2290197000120' });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('own_test_numbers_daily_limit');
    expect(refused.body).toMatchObject({ limit: 10, retryAfterSeconds: expect.any(Number) });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(23 * 3600);
    const binding = (await server.admin.get('/api/bindings')).body.find((b: { id: string }) => b.id === voiceId);
    expect(binding.testers.map((t: { number: string }) => t.number)).not.toContain('+2290197000120');
    const audit = (await server.admin.get('/api/audit?action=binding.testerThrottled')).body as Array<{ actor: string; target: string }>;
    expect(audit).toEqual([expect.objectContaining({ actor: 'churn', target: `binding:${voiceId}` })]);
    expect(JSON.stringify(audit)).not.toContain('0197000120');
    // Another user is not held back by it.
    expect((await tester.post(ownPath(), { number: '+2290197000121' })).status).toBe(201);
  });
});
