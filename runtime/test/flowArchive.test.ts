import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';
import { testFlow } from './fixtures/testFlow.ts';

/**
 * Finding 2 of the trust review, as it was found: an editor's DELETE on the demo's 1919 flow
 * took the line down. Now deleting archives, only a flow nothing routes to, by the right role,
 * and an admin can restore it.
 */
const SECRET = 'jambonz-archive-webhook-secret';
const FLOW = 'selfcare-1919';
const NAME = '1919 — Service client Griot Telecom';
const DAY_MS = 24 * 60 * 60 * 1000;

describe('deleting the live 1919 flow', () => {
  let server: TestServer;
  let editor: ApiClient;
  let publisher: ApiClient;
  let calls = 0;

  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET, GRIOT_ARCHIVE_DAYS: '7' } });
    editor = await userWithRoles(server, 'edith', ['editor']);
    publisher = await userWithRoles(server, 'paul', ['publisher']);
  });
  afterAll(() => server.stop());

  /** Calls 1919 and returns what the caller heard before the first question. */
  async function call1919(): Promise<string> {
    const call = new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: `CA-archive-${++calls}`, from: '+2290197000003', to: '1919' });
    await call.start();
    const heard = call.heard.join(' ');
    await call.hangup();
    call.close();
    return heard;
  }

  const bindingsOf1919 = async () => ((await server.admin.get('/api/bindings')).body as Array<{ id: string; flowId: string }>).filter((b) => b.flowId === FLOW);

  it('refuses an editor: the flow runs in production, archiving it needs publisher', async () => {
    const answer = await editor.delete(`/api/flows/${FLOW}`, { confirm: NAME });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({ code: 'archive_needs_publisher', message: expect.stringContaining('publisher') });
  });

  it('refuses a publisher and an admin with 409 naming production, staging and the 1919 binding', async () => {
    for (const who of [publisher, server.admin]) {
      const answer = await who.delete(`/api/flows/${FLOW}`, { confirm: NAME });
      expect(answer.status).toBe(409);
      expect(answer.body.error.code).toBe('flow_in_use');
      expect(answer.body.error.message).toContain('production runs version 1');
      expect(answer.body.error.message).toContain('voice 1919');
      expect(answer.body.usedBy.environments).toEqual([
        { environment: 'production', version: 1 },
        { environment: 'staging', version: 1 },
      ]);
      expect(answer.body.usedBy.bindings).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ channel: 'voice', address: '1919', environment: 'production' }),
          expect.objectContaining({ channel: 'whatsapp', address: '100000000000001', environment: 'production' }),
          expect.objectContaining({ channel: 'ussd', address: '*919#', environment: 'production' }),
        ]),
      );
    }
  });

  it('leaves 1919 answering with its menu, and the flow listed', async () => {
    expect(await call1919()).toContain('Pour le français, tapez 1.');
    expect((await editor.get('/api/flows')).body.map((f: { id: string }) => f.id)).toContain(FLOW);
    // The demo binds voice 1919, WhatsApp and USSD *919#.
    expect(await bindingsOf1919()).toHaveLength(3);
    const audit = (await server.admin.get(`/api/audit?target=flow:${FLOW}`)).body as Array<{ action: string }>;
    expect(audit.map((e) => e.action)).not.toContain('flow.archive');
  });

  it('refuses to clear production while a binding sends callers there, and an editor at all', async () => {
    const inUse = await publisher.delete(`/api/flows/${FLOW}/environments/production`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.error).toMatchObject({ code: 'environment_in_use', message: expect.stringContaining('voice 1919') });
    expect((await editor.delete(`/api/flows/${FLOW}/environments/production`)).status).toBe(403);
    expect((await server.admin.get(`/api/flows/${FLOW}/environments`)).body.production).toMatchObject({ version: 1 });
  });

  it('archives once unbound and out of staging and production; the editor still may not', async () => {
    for (const binding of await bindingsOf1919()) expect((await server.admin.delete(`/api/bindings/${binding.id}`)).status).toBe(204);
    expect(await publisher.delete(`/api/flows/${FLOW}/environments/production`)).toMatchObject({ status: 200, body: { environment: 'production', cleared: 1 } });
    expect(await editor.delete(`/api/flows/${FLOW}/environments/staging`)).toMatchObject({ status: 200, body: { environment: 'staging', cleared: 1 } });

    // Nothing routes to it now, but it ran in production: still the publisher's call.
    const byEditor = await editor.delete(`/api/flows/${FLOW}`, { confirm: NAME });
    expect(byEditor.status).toBe(403);
    expect(byEditor.body.error.code).toBe('archive_needs_publisher');

    expect((await publisher.delete(`/api/flows/${FLOW}`, { confirm: 'selfcare-1919' })).status).toBe(400);
    const archived = await publisher.delete(`/api/flows/${FLOW}`, { confirm: NAME });
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ id: FLOW, name: NAME, archivedBy: 'paul' });
    expect(Date.parse(archived.body.purgeAfter) - Date.parse(archived.body.archivedAt)).toBe(7 * DAY_MS);
  });

  it('hides the archived flow: not listed, not readable, editable, previewable, promotable nor bindable, id not reusable', async () => {
    expect((await editor.get('/api/flows')).body.map((f: { id: string }) => f.id)).not.toContain(FLOW);
    const read = await editor.get(`/api/flows/${FLOW}`);
    expect(read.status).toBe(404);
    expect(read.body.error.code).toBe('flow_archived');
    const draft = await server.store.getDraft(FLOW);
    expect(draft).not.toBeNull();
    const refusals = await Promise.all([
      editor.put(`/api/flows/${FLOW}/draft`, { revision: draft!.revision, document: draft!.document }),
      editor.post(`/api/flows/${FLOW}/publish`, { message: 'again' }),
      editor.post('/api/preview/sessions', { flowId: FLOW, source: 'draft', channel: 'voice', callerNumber: '+2290197000003' }),
      editor.post('/api/preview/sessions', { flowId: FLOW, source: { version: 1 }, channel: 'voice', callerNumber: '+2290197000003' }),
      editor.post(`/api/flows/${FLOW}/environments/staging`, { version: 1 }),
      publisher.post(`/api/flows/${FLOW}/environments/production`, { version: 1 }),
      editor.get(`/api/flows/${FLOW}/export`),
      editor.call('POST', `/api/flows/${FLOW}/audio?name=fon/welcome.wav`, 'RIFF', { 'content-type': 'audio/wav' }),
    ]);
    for (const answer of refusals) expect({ status: answer.status, code: answer.body.error?.code }).toEqual({ status: 404, code: 'flow_archived' });

    const bind = await server.admin.post('/api/bindings', { channel: 'voice', address: '1919', flowId: FLOW });
    expect(bind.status).toBe(409);
    expect(bind.body.error.code).toBe('flow_archived');
    const again = await editor.post('/api/flows', { document: draft!.document });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('flow_archived');
    // The archive is in backups.
    expect((await server.store.dump()).flows.find((f) => f.id === FLOW)).toMatchObject({ archivedBy: 'paul' });
  });

  it('lists the archive for an admin only, who restores the flow; live again once promoted and bound', async () => {
    expect((await publisher.get('/api/archived-flows')).status).toBe(403);
    const archive = await server.admin.get('/api/archived-flows');
    expect(archive.body).toEqual([expect.objectContaining({ id: FLOW, name: NAME, archivedBy: 'paul' })]);
    expect((await publisher.post(`/api/archived-flows/${FLOW}/restore`)).status).toBe(403);

    const restored = await server.admin.post(`/api/archived-flows/${FLOW}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id: FLOW, name: NAME, leftProductionAt: expect.any(String) });
    expect((await server.admin.post(`/api/archived-flows/${FLOW}/restore`)).body.error.code).toBe('flow_not_archived');
    expect((await server.admin.get('/api/archived-flows')).body).toEqual([]);
    const detail = await editor.get(`/api/flows/${FLOW}`);
    expect(detail.body.versions.map((v: { number: number }) => v.number)).toEqual([1]);
    expect(detail.body.environments).toEqual({ staging: null, production: null });

    expect((await publisher.post(`/api/flows/${FLOW}/environments/production`, { version: 1 })).status).toBe(200);
    expect((await server.admin.post('/api/bindings', { channel: 'voice', address: '1919', flowId: FLOW })).status).toBe(201);
    // The voice connector remembers a number's binding for 5 seconds.
    await expect.poll(call1919, { timeout: 15_000, interval: 1000 }).toContain('Pour le français, tapez 1.');
  }, 20_000);

  it('audits the clears, the archive and the restore with who did them', async () => {
    const audit = (await server.admin.get(`/api/audit?target=flow:${FLOW}`)).body as Array<{ action: string; actor: string; details?: Record<string, unknown> }>;
    const of = (action: string) => audit.filter((e) => e.action === action).map((e) => ({ actor: e.actor, details: e.details }));
    expect(of('environment.clear')).toEqual(
      expect.arrayContaining([
        { actor: 'paul', details: { environment: 'production', version: 1 } },
        { actor: 'edith', details: { environment: 'staging', version: 1 } },
      ]),
    );
    expect(of('flow.archive')).toEqual([{ actor: 'paul', details: expect.objectContaining({ name: NAME }) }]);
    expect(of('flow.restore')).toEqual([{ actor: 'admin-token', details: expect.objectContaining({ archivedBy: 'paul' }) }]);
  });
});

describe('the archive retention', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_ARCHIVE_DAYS: '30' } });
  });
  afterAll(() => server.stop());

  it('lets an editor archive a flow that never ran in production, purges it after GRIOT_ARCHIVE_DAYS, audited, and frees its id', async () => {
    const editor = await userWithRoles(server, 'edna', ['editor']);
    const document = testFlow({ id: 'scratch', name: 'Scratch' });
    expect((await editor.post('/api/flows', { document })).status).toBe(201);
    expect((await editor.delete('/api/flows/scratch', { confirm: 'Scratch' })).status).toBe(200);

    expect(await server.services.flows.purgeArchived(new Date(Date.now() + 29 * DAY_MS))).toEqual([]);
    const purged = await server.services.flows.purgeArchived(new Date(Date.now() + 31 * DAY_MS));
    expect(purged.map((f) => f.id)).toEqual(['scratch']);
    expect(await server.store.getFlow('scratch')).toBeNull();
    const audit = (await server.admin.get('/api/audit?target=flow:scratch')).body as Array<{ action: string; actor: string }>;
    expect(audit.map((e) => `${e.action} by ${e.actor}`)).toEqual(['flow.purge by retention', 'flow.archive by edna', 'flow.create by edna']);
    expect((await editor.post('/api/flows', { document })).status).toBe(201);
  });

  it('purges at start-up what was archived longer ago than GRIOT_ARCHIVE_DAYS', async () => {
    await server.admin.post('/api/flows', { document: testFlow({ id: 'forgotten', name: 'Forgotten' }) });
    await server.store.archiveFlow('forgotten', new Date(Date.now() - 31 * DAY_MS).toISOString(), 'pat');
    const dataDir = server.dataDir;
    await server.stop({ keepData: true });
    server = await startTestServer({ dataDir, env: { GRIOT_ARCHIVE_DAYS: '30' } });
    const latest = async () => ((await server.admin.get('/api/audit?target=flow:forgotten')).body as Array<{ action: string }>)[0];
    await expect.poll(async () => (await latest())?.action).toBe('flow.purge');
    expect(await server.store.getFlow('forgotten')).toBeNull();
    expect(await latest()).toMatchObject({ action: 'flow.purge', actor: 'retention', details: { archivedBy: 'pat', archiveDays: 30 } });
  });
});
