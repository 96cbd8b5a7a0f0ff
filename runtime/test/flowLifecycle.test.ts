import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';

describe('flows, drafts, versions, diff', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('creates a flow with a draft at revision 1, and refuses the same id twice', async () => {
    const created = await server.admin.post('/api/flows', { document: testFlow() });
    expect(created.status).toBe(201);
    expect(created.body.flow).toMatchObject({ id: 'hotline', name: 'Hotline', createdBy: 'admin-token' });
    expect(created.body.draft).toMatchObject({ revision: 1, hash: expect.stringMatching(/^sha256:/) });
    const again = await server.admin.post('/api/flows', { document: testFlow() });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('flow_exists');

    const list = await server.admin.get('/api/flows');
    expect(list.body).toEqual([expect.objectContaining({ id: 'hotline', name: 'Hotline', draftRevision: 1, latestVersion: null, environments: { staging: null, production: null } })]);
    const detail = await server.admin.get('/api/flows/hotline');
    expect(detail.body).toMatchObject({ flow: { id: 'hotline' }, draft: { revision: 1 }, versions: [], environments: { staging: null, production: null }, lint: [] });
  });

  it('answers 409 with the current draft when a save comes on a stale revision', async () => {
    const first = await server.admin.put('/api/flows/hotline/draft', { revision: 1, document: testFlow({ name: 'Hotline A' }) });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ revision: 2, lint: [] });

    const stale = await server.admin.put('/api/flows/hotline/draft', { revision: 1, document: testFlow({ name: 'Hotline B' }) });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'stale_revision', field: 'revision' });
    expect(stale.body.current).toMatchObject({ revision: 2, hash: first.body.hash, updatedBy: 'admin-token' });
    expect(stale.body.current.document.name).toBe('Hotline A');

    const draft = await server.admin.get('/api/flows/hotline/draft');
    expect(draft.body).toMatchObject({ revision: 2, hash: first.body.hash, lint: [] });
    expect(draft.body.document.name).toBe('Hotline A');
  });

  it('saves a draft with lint errors but refuses to publish it: 422 listing the issues', async () => {
    const saved = await server.admin.put('/api/flows/hotline/draft', { revision: 2, document: testFlow({ brokenAgentEdge: true }) });
    expect(saved.status).toBe(200);
    expect(saved.body.lint.some((i: { severity: string }) => i.severity === 'error')).toBe(true);

    const publish = await server.admin.post('/api/flows/hotline/publish', { message: 'broken' });
    expect(publish.status).toBe(422);
    expect(publish.body.error.code).toBe('lint_errors');
    expect(publish.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ severity: 'error', code: 'output.unconnected', node: 'menu' })]));
    expect((await server.admin.get('/api/flows/hotline/versions')).body).toEqual([]);
  });

  it('publishes numbered versions with hash, author, message and time', async () => {
    await server.admin.put('/api/flows/hotline/draft', { revision: 3, document: testFlow() });
    const v1 = await server.admin.post('/api/flows/hotline/publish', { message: 'first release' });
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ number: 1, author: 'admin-token', message: 'first release', hash: expect.stringMatching(/^sha256:/), createdAt: expect.any(String) });
    expect(v1.body.document).toBeUndefined();

    const same = await server.admin.post('/api/flows/hotline/publish', { message: 'again' });
    expect(same.status).toBe(409);
    expect(same.body.error.code).toBe('no_changes');

    await server.admin.put('/api/flows/hotline/draft', { revision: 4, document: testFlow({ balanceText: 'Votre solde est de 2000 francs.' }) });
    const stalePublish = await server.admin.post('/api/flows/hotline/publish', { message: 'v2', revision: 4 });
    expect(stalePublish.status).toBe(409);
    const v2 = await server.admin.post('/api/flows/hotline/publish', { message: 'new amount', revision: 5 });
    expect(v2.body.number).toBe(2);

    const versions = await server.admin.get('/api/flows/hotline/versions');
    expect(versions.body.map((v: { number: number }) => v.number)).toEqual([1, 2]);
    const one = await server.admin.get('/api/flows/hotline/versions/1');
    expect(one.body).toMatchObject({ number: 1, hash: v1.body.hash });
    expect(one.body.document.nodes).toHaveLength(5);
    expect((await server.admin.get('/api/flows/hotline/versions/9')).status).toBe(404);
    expect((await server.admin.get('/api/flows/nope/versions')).status).toBe(404);
  });

  it('diffs two versions, and a version against the draft', async () => {
    const diff = await server.admin.get('/api/flows/hotline/diff?from=1&to=2');
    expect(diff.status).toBe(200);
    expect(diff.body.same).toBe(false);
    expect(diff.body.nodes.changed).toEqual([expect.objectContaining({ id: 'balance', locales: ['fr'] })]);
    const toDraft = await server.admin.get('/api/flows/hotline/diff?from=2');
    expect(toDraft.body.same).toBe(true);
    const bad = await server.admin.get('/api/flows/hotline/diff?from=latest');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('from');
  });

  it('runs the test cases of a version or of the draft', async () => {
    const report = await server.admin.post('/api/flows/hotline/tests/run', { version: 1 });
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ passed: 1, failed: 0 });
    expect(report.body.coverage.nodes.total).toBe(5);
    const draft = await server.admin.post('/api/flows/hotline/tests/run', { version: 'draft' });
    expect(draft.body.passed).toBe(1);
  });

  it('deletes (archives) a flow only when confirmed with its name', async () => {
    await server.admin.post('/api/flows', { document: testFlow({ id: 'doomed', name: 'Doomed line' }) });
    const wrong = await server.admin.delete('/api/flows/doomed', { confirm: 'doomed' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.field).toBe('confirm');
    const archived = await server.admin.delete('/api/flows/doomed', { confirm: 'Doomed line' });
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ id: 'doomed', name: 'Doomed line', archivedBy: 'admin-token' });
    const gone = await server.admin.get('/api/flows/doomed');
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('flow_archived');
    expect((await server.admin.get('/api/flows')).body.map((f: { id: string }) => f.id)).not.toContain('doomed');
  });
});
