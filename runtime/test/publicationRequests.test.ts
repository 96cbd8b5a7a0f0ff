import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';
import { testFlow } from './fixtures/testFlow.ts';

type AuditEntry = { actor: string; action: string; details: Record<string, unknown> };

/**
 * An editor who may not take a flow to production asks a publisher to; the publisher sees the
 * request with its checks, approves it (the version published and promoted as by hand) or
 * refuses it; the editor sees the outcome. The real server, real HTTP, real SQLite.
 */
describe('asking a publisher to publish', () => {
  let server: TestServer;
  let edith: ApiClient;
  let eric: ApiClient;
  let paul: ApiClient;
  let both: ApiClient;
  let tess: ApiClient;

  const draftOf = async (flow: string) => (await server.admin.get(`/api/flows/${flow}/draft`)).body as { revision: number; document: unknown };
  const save = async (flow: string, document: unknown) => {
    const draft = await draftOf(flow);
    const saved = await server.admin.put(`/api/flows/${flow}/draft`, { revision: draft.revision, document });
    expect(saved.status).toBe(200);
    return saved.body.revision as number;
  };
  const versionCount = async (flow: string) => ((await server.admin.get(`/api/flows/${flow}/versions`)).body as unknown[]).length;
  const ask = async (client: ApiClient, flow: string, body: Record<string, unknown> = {}) =>
    client.post(`/api/flows/${flow}/publication-requests`, { targets: ['staging', 'production'], comment: 'Nouveau message de solde', revision: (await draftOf(flow)).revision, ...body });
  const audit = async (flow: string) => (await server.admin.get(`/api/audit?target=flow:${flow}&limit=200`)).body as AuditEntry[];

  beforeAll(async () => {
    server = await startTestServer();
    edith = await userWithRoles(server, 'edith', ['editor']);
    eric = await userWithRoles(server, 'eric', ['editor']);
    paul = await userWithRoles(server, 'paul', ['publisher']);
    both = await userWithRoles(server, 'bea', ['editor', 'publisher']);
    tess = await userWithRoles(server, 'tess', ['tester']);
    for (const id of ['hotline', 'other', 'crash']) {
      expect((await server.admin.post('/api/flows', { document: testFlow({ id, name: `Flow ${id}` }) })).status).toBe(201);
      expect((await server.admin.post(`/api/flows/${id}/publish`, { message: 'v1' })).status).toBe(201);
    }
  });
  afterAll(() => server?.stop());

  it('an editor asks; a publisher sees it with its checks, approves it, and it runs in staging and production', async () => {
    const revision = await save('hotline', testFlow({ balanceText: 'Votre solde est de 2000 francs.' }));
    const asked = await ask(edith, 'hotline');
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ flowId: 'hotline', flowName: 'Hotline', status: 'pending', requestedBy: 'edith', draftRevision: revision, outdated: false, targets: ['staging', 'production'] });

    // The publisher's list of what waits for them, and the request opened.
    const open = await paul.get('/api/publication-requests?open=true');
    expect(open.status).toBe(200);
    expect(open.body.map((r: { id: string }) => r.id)).toContain(asked.body.id);
    const opened = await paul.get(`/api/flows/hotline/publication-requests/${asked.body.id}`);
    expect(opened.body).toMatchObject({ comment: 'Nouveau message de solde', checks: { lint: [], tests: { total: 1, passed: 1, failed: 0 } }, environments: { staging: null, production: null } });

    const before = await versionCount('hotline');
    const approved = await paul.post(`/api/flows/hotline/publication-requests/${asked.body.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: 'paul', version: before + 1 });
    expect(await versionCount('hotline')).toBe(before + 1);
    const environments = (await server.admin.get('/api/flows/hotline/environments')).body;
    expect(environments).toMatchObject({ staging: { version: before + 1, updatedBy: 'paul' }, production: { version: before + 1, updatedBy: 'paul' } });
    const version = (await server.admin.get(`/api/flows/hotline/versions/${before + 1}`)).body;
    expect(version).toMatchObject({ author: 'paul', message: 'Nouveau message de solde' });

    // Approving again (a double click, a retry after a lost answer) publishes nothing more.
    const again = await paul.post(`/api/flows/hotline/publication-requests/${asked.body.id}/approve`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'approved', version: before + 1 });
    expect(await versionCount('hotline')).toBe(before + 1);

    // The editor sees the outcome among their own requests.
    const mine = await edith.get('/api/publication-requests?mine=true');
    expect(mine.body.find((r: { id: string }) => r.id === asked.body.id)).toMatchObject({ status: 'approved', version: before + 1, decidedBy: 'paul' });

    const actions = (await audit('hotline')).map((e) => `${e.actor} ${e.action}`);
    expect(actions).toEqual(expect.arrayContaining(['edith publication.request', 'paul publication.approve', 'paul flow.publish', 'paul environment.promote', 'paul publication.approved']));
  });

  it('four eyes: the author cannot approve their own request, nor may an editor or tester approve or ask beyond their role', async () => {
    await save('hotline', testFlow({ balanceText: 'Votre solde est de 2500 francs.' }));
    const asked = await ask(both, 'hotline');
    expect(asked.status).toBe(201);
    const own = await both.post(`/api/flows/hotline/publication-requests/${asked.body.id}/approve`);
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('own_publication_request');
    expect((await edith.post(`/api/flows/hotline/publication-requests/${asked.body.id}/approve`)).status).toBe(403);
    expect((await edith.post(`/api/flows/hotline/publication-requests/${asked.body.id}/refuse`, { reason: 'non' })).status).toBe(403);
    expect((await ask(tess, 'hotline')).status).toBe(403);
    expect((await server.anonymous.get('/api/publication-requests')).status).toBe(401);
    // Only its author withdraws it.
    const theirs = await eric.post(`/api/flows/hotline/publication-requests/${asked.body.id}/withdraw`);
    expect(theirs.status).toBe(403);
    expect(theirs.body.error.code).toBe('not_your_publication_request');
    expect((await paul.get(`/api/flows/hotline/publication-requests/${asked.body.id}`)).body.status).toBe('pending');
    expect((await audit('hotline')).some((e) => e.actor === 'bea' && e.action === 'publication.approveRefused')).toBe(true);
  });

  it('a draft saved after the request makes it outdated: approving it is refused and nothing is published', async () => {
    await save('hotline', testFlow({ balanceText: 'Votre solde est de 3000 francs.' }));
    const asked = await ask(edith, 'hotline', { targets: ['staging'] });
    expect(asked.status).toBe(201);
    await save('hotline', testFlow({ balanceText: 'Votre solde est de 3100 francs.' }));
    const opened = await paul.get(`/api/flows/hotline/publication-requests/${asked.body.id}`);
    expect(opened.body).toMatchObject({ outdated: true, checks: null });
    const before = await versionCount('hotline');
    const refused = await paul.post(`/api/flows/hotline/publication-requests/${asked.body.id}/approve`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('publication_request_outdated');
    expect(await versionCount('hotline')).toBe(before);
    expect((await paul.get(`/api/flows/hotline/publication-requests/${asked.body.id}`)).body.status).toBe('pending');
    // Asking again supersedes it (and the earlier pending one).
    const again = await ask(edith, 'hotline', { targets: ['staging'] });
    expect(again.status).toBe(201);
    expect((await paul.get(`/api/flows/hotline/publication-requests/${asked.body.id}`)).body.status).toBe('superseded');
    const pending = (await paul.get('/api/flows/hotline/publication-requests?open=true')).body as { id: string }[];
    expect(pending.map((r) => r.id)).toEqual([again.body.id]);
  });

  it('a publisher refuses with a reason the editor reads; a closed request stays closed', async () => {
    const pending = (await paul.get('/api/flows/hotline/publication-requests?open=true')).body as { id: string }[];
    const id = pending[0]!.id;
    expect((await paul.post(`/api/flows/hotline/publication-requests/${id}/refuse`, { reason: '   ' })).status).toBe(400);
    const refused = await paul.post(`/api/flows/hotline/publication-requests/${id}/refuse`, { reason: 'Pas avant la fin de la promo' });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ status: 'refused', reason: 'Pas avant la fin de la promo', decidedBy: 'paul' });
    const mine = (await edith.get('/api/publication-requests?mine=true')).body as { id: string; status: string; reason?: string }[];
    expect(mine.find((r) => r.id === id)).toMatchObject({ status: 'refused', reason: 'Pas avant la fin de la promo' });
    for (const action of ['approve', 'refuse']) {
      const late = await paul.post(`/api/flows/hotline/publication-requests/${id}/${action}`, action === 'refuse' ? { reason: 'encore' } : {});
      expect(late.status).toBe(409);
      expect(late.body.error.code).toBe('publication_request_closed');
    }
    expect((await audit('hotline')).some((e) => e.actor === 'paul' && e.action === 'publication.refuse' && e.details.request === id)).toBe(true);
  });

  it('refuses hostile input with a clear error: huge comments, unknown flows, another flow’s request, bad targets', async () => {
    const huge = await ask(edith, 'hotline', { comment: 'x'.repeat(2001) });
    expect(huge.status).toBe(400);
    expect(huge.body.error.field).toBe('comment');
    expect((await ask(edith, 'hotline', { targets: [] })).status).toBe(400);
    expect((await ask(edith, 'hotline', { targets: ['staging', 'staging'] })).status).toBe(400);
    expect((await ask(edith, 'hotline', { targets: ['live'] })).status).toBe(400);
    expect((await ask(edith, 'hotline', { revision: 1 })).status).toBe(409);
    expect((await edith.post('/api/flows/nope/publication-requests', { targets: ['staging'], comment: '', revision: 1 })).status).toBe(404);
    expect((await edith.post('/api/flows/hotline/publication-requests', 'x'.repeat(2_000_000))).status).toBe(413);
    // A request is reached only through its own flow.
    await save('other', testFlow({ id: 'other', name: 'Flow other', balanceText: 'Votre solde est de 10 francs.' }));
    const others = await ask(edith, 'other', { targets: ['staging'] });
    expect(others.status).toBe(201);
    for (const path of ['', '/approve']) {
      const wrong = path ? await paul.post(`/api/flows/hotline/publication-requests/${others.body.id}${path}`) : await paul.get(`/api/flows/hotline/publication-requests/${others.body.id}${path}`);
      expect(wrong.status).toBe(404);
      expect(wrong.body.error.code).toBe('publication_request_not_found');
    }
    expect((await paul.get('/api/flows/hotline/publication-requests/..%2F..%2Fusers')).status).toBe(404);
    expect((await paul.get(`/api/flows/other/publication-requests/${others.body.id}`)).body.status).toBe('pending');
  });

  it('production’s failing tests refuse the approval: the request waits again, and staging is left as it was', async () => {
    await save('other', testFlow({ id: 'other', name: 'Flow other', balanceText: 'Votre crédit est de 10 francs.' }));
    const asked = await ask(edith, 'other', { targets: ['production'] });
    const opened = await paul.get(`/api/flows/other/publication-requests/${asked.body.id}`);
    expect(opened.body.checks.tests).toMatchObject({ total: 1, failed: 1, failures: [{ name: 'balance is read out' }] });
    const refused = await paul.post(`/api/flows/other/publication-requests/${asked.body.id}/approve`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('tests_failed');
    expect((await paul.get(`/api/flows/other/publication-requests/${asked.body.id}`)).body).toMatchObject({ status: 'pending' });
    expect((await server.admin.get('/api/flows/other/environments')).body.production).toBeNull();
  });

  it('an archived flow’s requests leave the lists, and go for good with its purge', async () => {
    const pending = (await paul.get('/api/flows/other/publication-requests?open=true')).body as { id: string }[];
    expect(pending.length).toBeGreaterThan(0);
    expect((await server.admin.delete('/api/flows/other', { confirm: 'Flow other' })).status).toBe(200);
    const open = (await paul.get('/api/publication-requests?open=true')).body as { flowId: string }[];
    expect(open.filter((r) => r.flowId === 'other')).toEqual([]);
    expect((await paul.get(`/api/flows/other/publication-requests/${pending[0]!.id}`)).status).toBe(404);
    expect((await paul.post(`/api/flows/other/publication-requests/${pending[0]!.id}/approve`)).status).toBe(404);
    await server.services.flows.purgeArchived(new Date(Date.now() + 365 * 24 * 3600_000));
    expect(await server.store.publicationRequests.listPublicationRequests({ flowId: 'other', limit: 10 })).toEqual([]);
  });

  it('an editor sees the outcome of her one request even after another asked a hundred times', async () => {
    const asked = await ask(edith, 'crash', { targets: ['staging'] });
    expect(asked.status).toBe(201);
    expect((await paul.post(`/api/flows/crash/publication-requests/${asked.body.id}/refuse`, { reason: 'Pas cette semaine' })).status).toBe(200);
    expect((await server.admin.post('/api/flows', { document: testFlow({ id: 'busy', name: 'Flow busy' }) })).status).toBe(201);
    for (let i = 0; i < 101; i++) expect((await ask(eric, 'busy', { targets: ['staging'] })).status).toBe(201);
    const mine = (await edith.get('/api/publication-requests?mine=true')).body as { id: string; status: string }[];
    expect(mine.find((r) => r.id === asked.body.id)).toMatchObject({ status: 'refused', reason: 'Pas cette semaine' });
    expect(mine.every((r) => (r as unknown as { requestedBy: string }).requestedBy === 'edith')).toBe(true);
    const hers = (await edith.get('/api/flows/crash/publication-requests?mine=true')).body as { id: string }[];
    expect(hers.map((r) => r.id)).toContain(asked.body.id);
    // Everyone's open ones, waiting and being approved together: a hundred at most, newest first.
    const base = new Date('2030-01-01T00:00:00.000Z').getTime();
    for (let i = 0; i < 120; i++) {
      const requestedAt = new Date(base + i * 1000).toISOString();
      await server.store.publicationRequests.addPublicationRequest({
        id: `bulk-${String(i).padStart(3, '0')}`,
        flowId: 'busy',
        draftRevision: asked.body.draftRevision,
        draftHash: asked.body.draftHash,
        targets: ['staging'],
        comment: '',
        requestedBy: 'eric',
        requestedAt,
        updatedAt: requestedAt,
        status: i % 2 ? 'approving' : 'pending',
      });
    }
    const open = (await paul.get('/api/publication-requests?open=true')).body as { id: string }[];
    expect(open).toHaveLength(100);
    expect(open[0]!.id).toBe('bulk-119');
    expect(open[99]!.id).toBe('bulk-020');
  });

  it('a process that died between approving and publishing leaves the request to finish once, never twice', async () => {
    const store = server.store.publicationRequests;
    await save('crash', testFlow({ id: 'crash', name: 'Flow crash', balanceText: 'Votre solde est de 42 francs.' }));
    const asked = await ask(edith, 'crash', { targets: ['staging'] });
    const before = await versionCount('crash');
    // The approval claimed the request, published the version, and the process died.
    const request = await store.getPublicationRequest(asked.body.id);
    const claimedAt = new Date(Date.now() - 5 * 60_000).toISOString();
    expect(await store.updatePublicationRequest({ ...request!, status: 'approving', decidedBy: 'paul', decidedAt: claimedAt, updatedAt: claimedAt }, request!)).toBe(true);
    expect((await server.admin.post('/api/flows/crash/publish', { message: 'published before the crash' })).status).toBe(201);
    expect(await versionCount('crash')).toBe(before + 1);

    // Not open to a new request meanwhile; a publisher finishes it: the same version, promoted.
    expect((await ask(edith, 'crash', { targets: ['staging'] })).body.error.code).toBe('publication_in_progress');
    const resumed = await both.post(`/api/flows/crash/publication-requests/${asked.body.id}/approve`);
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ status: 'approved', version: before + 1, decidedBy: 'bea' });
    expect(await versionCount('crash')).toBe(before + 1);
    expect((await server.admin.get('/api/flows/crash/environments')).body.staging).toMatchObject({ version: before + 1 });

    // A claim still fresh belongs to an approval under way: nobody else publishes alongside it.
    await save('crash', testFlow({ id: 'crash', name: 'Flow crash', balanceText: 'Votre solde est de 43 francs.' }));
    const next = await ask(edith, 'crash', { targets: ['staging'] });
    const fresh = await store.getPublicationRequest(next.body.id);
    const now = new Date().toISOString();
    await store.updatePublicationRequest({ ...fresh!, status: 'approving', decidedBy: 'paul', decidedAt: now, updatedAt: now }, fresh!);
    const busy = await both.post(`/api/flows/crash/publication-requests/${next.body.id}/approve`);
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('publication_in_progress');
    expect(await versionCount('crash')).toBe(before + 1);
  });
});

describe('when the admin allows approving one’s own request (GRIOT_PUBLICATION_SELF_APPROVAL)', () => {
  let server: TestServer;
  afterAll(() => server?.stop());

  it('its author approves it, and the audit log says so', async () => {
    server = await startTestServer({ env: { GRIOT_PUBLICATION_SELF_APPROVAL: '1' } });
    const bea = await userWithRoles(server, 'bea', ['editor', 'publisher']);
    await server.admin.post('/api/flows', { document: testFlow() });
    const revision = (await server.admin.get('/api/flows/hotline/draft')).body.revision;
    const asked = await bea.post('/api/flows/hotline/publication-requests', { targets: ['staging'], comment: '', revision });
    const approved = await bea.post(`/api/flows/hotline/publication-requests/${asked.body.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', version: 1, requestedBy: 'bea', decidedBy: 'bea' });
    const entries = (await server.admin.get('/api/audit?target=flow:hotline&limit=50')).body as AuditEntry[];
    expect(entries.filter((e) => e.actor === 'bea').map((e) => e.action)).toEqual(expect.arrayContaining(['publication.request', 'publication.approve', 'publication.approved']));
  });
});
