import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flow } from '@griot/flows';
import { OPERATOR_SECRET, startRecordingOperator, type RecordingOperator } from './helpers/fakeOperator.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';
import { listTestNumbers } from './helpers/testNumbers.ts';

const FLOW = 'selfcare-1919';
const PUK = '87654321';
const TEST_NUMBER = '+2290197000031';
/** Another subscriber: the number an editor writes into the look-up. */
const SUBSCRIBER = '+2290197000055';

type AuditEntry = { actor: string; action: string; details: Record<string, unknown> };

/**
 * Security review: the test-number check says who a preview may ask about, but the flow says
 * what is asked. An editor wrote another subscriber's number into the look-up of a draft and
 * previewed it with the real backends as an approved test number: the PUK read out was that
 * subscriber's. The real server with the demo flow (version 1 in staging and production), the
 * operator's backend on loopback.
 */
describe('a preview sends look-ups to the real backends only with content a publisher vetted', () => {
  let server: TestServer;
  let operator: RecordingOperator;
  let editor: ApiClient;
  let publisher: ApiClient;
  let tester: ApiClient;

  beforeAll(async () => {
    operator = await startRecordingOperator(PUK);
    server = await startTestServer({ env: { GRIOT_DEMO: '1', GRIOT_BACKENDS_STAGING: `operator=${operator.url}`, ...OPERATOR_SECRET } });
    editor = await userWithRoles(server, 'mallory', ['editor']);
    publisher = await userWithRoles(server, 'awa', ['publisher']);
    tester = await userWithRoles(server, 'tess', ['tester']);
    await listTestNumbers(server, [TEST_NUMBER]);
    // The editor's change: the look-up asks for someone else, whoever calls.
    const { revision, document } = (await editor.get(`/api/flows/${FLOW}/draft`)).body as { revision: number; document: Flow };
    const lookup = document.nodes.find((n) => n.id === 'lookupSubscriber') as unknown as { url: string };
    expect(lookup.url).toContain('{{caller.number}}');
    lookup.url = lookup.url.replace('{{caller.number}}', encodeURIComponent(SUBSCRIBER));
    expect((await editor.put(`/api/flows/${FLOW}/draft`, { revision, document })).status).toBe(200);
  });
  afterAll(async () => {
    await server?.stop();
    await operator?.close();
  });

  const start = (client: ApiClient, source: unknown) => client.post('/api/preview/sessions', { flowId: FLOW, source, channel: 'voice', callerNumber: TEST_NUMBER, useBackend: true });

  /** French, then the PUK code: what the caller hears. */
  async function pukHeard(client: ApiClient, id: string): Promise<string> {
    await client.post(`/api/preview/sessions/${id}/events`, { event: { type: 'digits', digits: '1' } });
    return JSON.stringify((await client.post(`/api/preview/sessions/${id}/events`, { event: { type: 'digits', digits: '1' } })).body.effects);
  }

  /** Oldest first. */
  const audit = async () => ((await server.admin.get(`/api/audit?target=${encodeURIComponent(`flow:${FLOW}`)}`)).body as AuditEntry[]).reverse();

  it('refuses an editor the real backends with their draft, or a version they published: 403, and the operator hears nothing', async () => {
    const draft = await start(editor, 'draft');
    expect(draft.status).toBe(403);
    expect(draft.body.error).toMatchObject({ code: 'preview_not_vetted', field: 'source', params: { version: null, required: ['publisher'] } });

    // Editors may publish: that is no one else's review. Staging takes it only from a publisher (stagingVetting.e2e).
    expect((await editor.post(`/api/flows/${FLOW}/publish`, { message: 'look-up by number' })).status).toBe(201);
    expect((await editor.post(`/api/flows/${FLOW}/environments/staging`, { version: 2 })).body.error).toMatchObject({ code: 'staging_needs_publisher' });
    const refused = await start(editor, { version: 2 });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'preview_not_vetted', params: { version: 2 } });
    // A tester running the editor's version is refused alike.
    expect((await start(tester, { version: 2 })).body.error).toMatchObject({ code: 'preview_not_vetted' });
    expect(operator.asked).toEqual([]);

    // Mock answers stay free for everyone.
    const mock = await editor.post('/api/preview/sessions', {
      flowId: FLOW,
      source: 'draft',
      channel: 'voice',
      callerNumber: TEST_NUMBER,
      fixtures: { lookupSubscriber: { status: 200, body: { segment: 'regular', puk: '11112222' } } },
    });
    expect(mock.status).toBe(201);
    expect(await pukHeard(editor, mock.body.id)).toContain('1, 1, 1, 1, 2, 2, 2, 2');
    expect(operator.asked).toEqual([]);

    const refusals = (await audit()).filter((e) => e.action === 'preview.backendRefused');
    expect(refusals.map((e) => [e.actor, e.details])).toEqual(
      expect.arrayContaining([
        ['mallory', { reason: 'notVetted', runs: 'draft' }],
        ['mallory', { reason: 'notVetted', runs: 2 }],
        ['tess', { reason: 'notVetted', runs: 2 }],
      ]),
    );
    expect(refusals).toHaveLength(3);
  });

  it('lets an editor or a tester call the real backends with the version production runs, however it is named', async () => {
    for (const [client, source] of [
      [editor, 'production'],
      [tester, { version: 1 }],
    ] as const) {
      const before = operator.asked.length;
      const started = await start(client, source);
      expect(started.status).toBe(201);
      expect(await pukHeard(client, started.body.id)).toContain('8, 7, 6, 5, 4, 3, 2, 1');
      expect(operator.asked.slice(before)).toEqual([`/subscribers/${TEST_NUMBER}`]);
    }
    const granted = (await audit()).filter((e) => e.action === 'preview.backend');
    expect(granted.map((e) => [e.actor, e.details])).toEqual([
      ['mallory', { number: TEST_NUMBER, runs: 1 }],
      ['tess', { number: TEST_NUMBER, runs: 1 }],
    ]);
  });

  it('lets a publisher, and an admin, run a draft or an unvetted version against the real backends: they may put it in production', async () => {
    for (const [client, source] of [
      [publisher, 'draft'],
      [server.admin, { version: 2 }],
    ] as const) {
      const before = operator.asked.length;
      const started = await start(client, source);
      expect(started.status).toBe(201);
      await pukHeard(client, started.body.id);
      // What the content asks for: the publisher vets it by running it.
      expect(operator.asked.slice(before)).toEqual([`/subscribers/${SUBSCRIBER}`]);
    }
    const granted = (await audit()).filter((e) => e.action === 'preview.backend').slice(-2);
    expect(granted.map((e) => [e.actor, e.details])).toEqual([
      ['awa', { number: TEST_NUMBER, runs: 'draft' }],
      ['admin-token', { number: TEST_NUMBER, runs: 2 }],
    ]);
  });

  it('vets a version once a publisher puts it in production, and still after a newer one replaces it', async () => {
    // Back to the caller's own number, published as version 3 and put in production by the publisher.
    const { revision, document } = (await editor.get(`/api/flows/${FLOW}/draft`)).body as { revision: number; document: Flow };
    const lookup = document.nodes.find((n) => n.id === 'lookupSubscriber') as unknown as { url: string };
    lookup.url = lookup.url.replace(encodeURIComponent(SUBSCRIBER), '{{caller.number}}');
    expect((await editor.put(`/api/flows/${FLOW}/draft`, { revision, document })).status).toBe(200);
    expect((await editor.post(`/api/flows/${FLOW}/publish`, { message: 'back to the caller' })).status).toBe(201);
    expect((await start(editor, { version: 3 })).status).toBe(403);
    const promoted = await publisher.post(`/api/flows/${FLOW}/environments/production`, { version: 3 });
    expect(promoted.status).toBe(200);
    for (const source of [{ version: 3 }, { version: 1 }]) {
      const before = operator.asked.length;
      const started = await start(editor, source);
      expect(started.status).toBe(201);
      await pukHeard(editor, started.body.id);
      expect(operator.asked.slice(before)).toEqual([`/subscribers/${TEST_NUMBER}`]);
    }
    // Version 2 never ran in production.
    expect((await start(editor, { version: 2 })).status).toBe(403);
  });
});
