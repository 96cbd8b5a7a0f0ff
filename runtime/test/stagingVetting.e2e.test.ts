import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flow } from '@griot/flows';
import { newSessionId, postUssd } from '@griot/connectors/ussd/testing';
import { OPERATOR_SECRET, startRecordingOperator, type RecordingOperator } from './helpers/fakeOperator.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';
import { listTestNumbers } from './helpers/testNumbers.ts';
import { testFlow } from './fixtures/testFlow.ts';

const FLOW = 'selfcare-1919';
const PUK = '87654321';
const TOKEN = 'e2e-ussd-callback-token-0123456';
/** The test SIM, listed on the USSD binding: its calls run staging. */
const TEST_SIM = '+2290197000031';
/** Another subscriber: the number an editor writes into the look-up. */
const SUBSCRIBER = '+2290197000055';

type AuditEntry = { actor: string; action: string; details: Record<string, unknown> };

/**
 * Security review, the phone path: an editor wrote another subscriber's number into the look-up,
 * published it and pointed staging at it; the test SIM dialled *919# and the PUK it read out was
 * that subscriber's, from the live system behind the staging backends. Staging now takes a
 * version with a look-up only from a publisher (or admin) unless one vetted it; what a publisher
 * put there is vetted for previews too. The real server with the demo flow (version 1 in staging
 * and production), USSD from the test SIM, the operator's backend on loopback.
 */
describe('staging runs a version with look-ups only once a publisher vetted it', () => {
  let server: TestServer;
  let operator: RecordingOperator;
  let editor: ApiClient;
  let publisher: ApiClient;
  let tester: ApiClient;

  beforeAll(async () => {
    operator = await startRecordingOperator(PUK);
    server = await startTestServer({ env: { GRIOT_DEMO: '1', USSD_CALLBACK_TOKEN: TOKEN, GRIOT_BACKENDS_STAGING: `operator=${operator.url}`, ...OPERATOR_SECRET } });
    editor = await userWithRoles(server, 'mallory', ['editor']);
    publisher = await userWithRoles(server, 'awa', ['publisher']);
    tester = await userWithRoles(server, 'tess', ['tester']);
    await listTestNumbers(server, [TEST_SIM], 'ussd');
    await listTestNumbers(server, [TEST_SIM], 'voice');
    // The editor's change, published as version 2: the look-up asks for someone else, whoever calls.
    const { revision, document } = (await editor.get(`/api/flows/${FLOW}/draft`)).body as { revision: number; document: Flow };
    const lookup = document.nodes.find((n) => n.id === 'lookupSubscriber') as unknown as { url: string };
    expect(lookup.url).toContain('{{caller.number}}');
    lookup.url = lookup.url.replace('{{caller.number}}', encodeURIComponent(SUBSCRIBER));
    expect((await editor.put(`/api/flows/${FLOW}/draft`, { revision, document })).status).toBe(200);
    expect((await editor.post(`/api/flows/${FLOW}/publish`, { message: 'look-up by number' })).status).toBe(201);
  });
  afterAll(async () => {
    await server?.stop();
    await operator?.close();
  });

  /** The test SIM dials *919#, French, the PUK: the screen it reads. */
  async function pukDialled(): Promise<string> {
    const sessionId = newSessionId();
    let screen = '';
    for (const text of ['', '1', '1*1']) {
      const reply = await postUssd(server.url, { sessionId, serviceCode: '*919#', phoneNumber: TEST_SIM, text }, { token: TOKEN });
      expect(reply.status).toBe(200);
      screen = reply.screen;
    }
    return screen;
  }

  const staging = async () => (await server.admin.get(`/api/flows/${FLOW}/environments`)).body.staging as { version: number; updatedBy: string; vetted?: number[] };
  const audit = async () => ((await server.admin.get(`/api/audit?target=${encodeURIComponent(`flow:${FLOW}`)}`)).body as AuditEntry[]).reverse();
  const previewStaging = (client: ApiClient) => client.post('/api/preview/sessions', { flowId: FLOW, source: 'staging', channel: 'voice', callerNumber: TEST_SIM, useBackend: true });

  it("refuses an editor pointing staging at their unvetted version with a look-up: 403, audited, and the test SIM's call never asks the operator about anyone else", async () => {
    const refused = await editor.post(`/api/flows/${FLOW}/environments/staging`, { version: 2 });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'staging_needs_publisher', field: 'version', params: { version: 2, required: ['publisher'] } });
    expect(refused.body.error.params.nodes).toContain('lookupSubscriber');
    expect(await staging()).toMatchObject({ version: 1 });
    const refusals = (await audit()).filter((e) => e.action === 'environment.promoteRefused');
    expect(refusals.map((e) => [e.actor, e.details.version, e.details.reason])).toEqual([['mallory', 2, 'stagingNeedsPublisher']]);

    // The test SIM still reaches staging, which runs version 1: it asks for the caller alone.
    expect(await pukDialled()).toContain(PUK);
    expect(operator.asked).toEqual([`/subscribers/${TEST_SIM}`]);
  });

  it('lets an editor point staging at a version that calls no backend, and at the version production runs', async () => {
    expect((await editor.post('/api/flows', { document: testFlow({ id: 'nolookup' }) })).status).toBe(201);
    expect((await editor.post('/api/flows/nolookup/publish', { message: 'v1' })).status).toBe(201);
    expect(await editor.post('/api/flows/nolookup/environments/staging', { version: 1 })).toMatchObject({ status: 200, body: { changed: true } });

    // Version 1 has the look-up too, but production runs it: vetted (staging already runs it, so nothing changes).
    expect(await editor.post(`/api/flows/${FLOW}/environments/staging`, { version: 1 })).toMatchObject({ status: 200, body: { changed: false } });
  });

  it("lets a publisher put it in staging, recorded on the pointer: a tester's preview of staging and the test SIM's call then reach the backend", async () => {
    const promoted = await publisher.post(`/api/flows/${FLOW}/environments/staging`, { version: 2 });
    expect(promoted.status).toBe(200);
    expect(await staging()).toMatchObject({ version: 2, updatedBy: 'awa', vetted: [1, 2] });

    let before = operator.asked.length;
    const preview = await previewStaging(tester);
    expect(preview.status).toBe(201);
    await tester.post(`/api/preview/sessions/${preview.body.id}/events`, { event: { type: 'digits', digits: '1' } });
    const heard = await tester.post(`/api/preview/sessions/${preview.body.id}/events`, { event: { type: 'digits', digits: '1' } });
    expect(JSON.stringify(heard.body.effects)).toContain('8, 7, 6, 5, 4, 3, 2, 1');
    // What the publisher vetted (the demo seeded version 1 as an admin): the content asks for that subscriber.
    expect(operator.asked.slice(before)).toEqual([`/subscribers/${SUBSCRIBER}`]);

    before = operator.asked.length;
    expect(await pukDialled()).toContain(PUK);
    expect(operator.asked.slice(before)).toEqual([`/subscribers/${SUBSCRIBER}`]);
  });

  it('lets an editor point staging back at a version a publisher put there before; one only an editor pointed at before this release vets nothing', async () => {
    // Back to the version production runs, then again to the one the publisher put there.
    expect(await editor.post(`/api/flows/${FLOW}/environments/staging`, { version: 1 })).toMatchObject({ status: 200, body: { changed: true } });
    const back = await editor.post(`/api/flows/${FLOW}/environments/staging`, { version: 2 });
    expect(back.status).toBe(200);
    // The editor's pointing adds nothing to what is vetted.
    expect(await staging()).toMatchObject({ version: 2, updatedBy: 'mallory', vetted: [1, 2] });
    expect((await previewStaging(tester)).status).toBe(201);

    // A pointer as an editor left it before Griot recorded who vetted: nothing in it is vetted.
    const { vetted: _dropped, ...legacy } = (await server.store.getEnvironment(FLOW, 'staging'))!;
    await server.store.clearEnvironment(FLOW, 'staging', 2, new Date().toISOString());
    expect((await server.store.setEnvironment(FLOW, 'staging', null, legacy)).ok).toBe(true);
    const refused = await previewStaging(tester);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'preview_not_vetted', params: { version: 2 } });
    // A publisher re-pointing staging at the same version vets it, without a second entry in the history.
    const vetted = await publisher.post(`/api/flows/${FLOW}/environments/staging`, { version: 2 });
    expect(vetted).toMatchObject({ status: 200, body: { changed: true } });
    expect(await staging()).toMatchObject({ version: 2, updatedBy: 'awa', vetted: [2], history: legacy.history });
    expect((await previewStaging(tester)).status).toBe(201);
  });
});
