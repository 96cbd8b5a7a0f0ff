import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';
import { contentHash } from '@griot/flows';

describe('export and import (flows kept in git)', () => {
  let source: TestServer;
  let target: TestServer;
  let exported: any;
  beforeAll(async () => {
    [source, target] = await Promise.all([startTestServer(), startTestServer({ env: { LOG_LEVEL: 'error' } })]);
    await source.admin.post('/api/flows', { document: testFlow() });
    await source.admin.post('/api/flows/hotline/publish', { message: 'v1' });
    await source.admin.put('/api/flows/hotline/draft', { revision: 1, document: testFlow({ balanceText: 'Votre solde est de 5 francs.' }) });
    await source.admin.post('/api/flows/hotline/publish', { message: 'v2' });
    await source.admin.post('/api/flows/hotline/environments/staging', { version: 2 });
    await source.admin.post('/api/flows/hotline/environments/production', { version: 1 });
    exported = (await source.admin.get('/api/flows/hotline/export')).body;
  });
  afterAll(() => Promise.all([source.stop(), target.stop()]));

  it('exports the flow with its draft, versions and environments', () => {
    expect(exported).toMatchObject({ format: 'griot-flow', formatVersion: 1, flow: { id: 'hotline' }, draft: { revision: 2 } });
    expect(exported.versions.map((v: { number: number }) => v.number)).toEqual([1, 2]);
    expect(exported.environments).toMatchObject({ staging: { version: 2 }, production: { version: 1 } });
  });

  it('imports into another installation with the same versions, hashes and environments', async () => {
    const imported = await target.admin.post('/api/flows/import', exported);
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({
      created: true,
      versions: { added: [1, 2], existing: [] },
      environments: {
        applied: [
          { environment: 'staging', version: 2 },
          { environment: 'production', version: 1 },
        ],
        skipped: [],
      },
    });
    const again = (await target.admin.get('/api/flows/hotline/export')).body;
    // The same documents; who published them where they came from is the file's word, kept apart.
    const documents = (versions: Array<{ number: number; hash: string; document: unknown }>) => versions.map(({ number, hash, document }) => ({ number, hash, document }));
    expect(documents(again.versions)).toEqual(documents(exported.versions));
    expect(again.versions[0].importedFrom).toEqual({ author: exported.versions[0].author, createdAt: exported.versions[0].createdAt, message: 'v1' });
    expect(again.draft.hash).toBe(exported.draft.hash);
    expect(again.draft.document).toEqual(exported.draft.document);
    expect(again.environments.production.version).toBe(1);
    expect(again.environments.staging.version).toBe(2);
  });

  it('refuses to import an existing flow unless replace=true, then adds only what is missing', async () => {
    expect((await target.admin.post('/api/flows/import', exported)).status).toBe(409);
    await source.admin.put('/api/flows/hotline/draft', { revision: 2, document: testFlow({ balanceText: 'Votre solde est de 7 francs.' }) });
    await source.admin.post('/api/flows/hotline/publish', { message: 'v3' });
    const newer = (await source.admin.get('/api/flows/hotline/export')).body;
    const replaced = await target.admin.post('/api/flows/import?replace=true', newer);
    expect(replaced.status).toBe(201);
    expect(replaced.body).toMatchObject({ created: false, versions: { added: [3], existing: [1, 2] }, draft: { changed: true } });
  });

  it("makes an imported flow and its versions the importer's, now, keeping the file's author, date and message as its claim", async () => {
    const editor = await userWithRoles(target, 'importer', ['editor']);
    const forged = structuredClone(exported);
    forged.flow.id = 'forged';
    forged.draft.document.id = 'forged';
    forged.flow.createdBy = 'upublisher';
    forged.flow.createdAt = '2020-01-01T00:00:00.000Z';
    forged.versions = [{ ...forged.versions[0], author: 'upublisher', createdAt: '2020-01-01T00:00:00.000Z', message: 'Reviewed and approved by upublisher' }];
    forged.versions[0].document = { ...forged.versions[0].document, id: 'forged' };
    forged.versions[0].hash = contentHash(forged.versions[0].document);
    const before = Date.now();
    const answer = await editor.post('/api/flows/import', forged);
    expect(answer.status).toBe(201);
    const [version] = (await editor.get('/api/flows/forged/versions')).body;
    expect(version.author).toBe('importer');
    expect(Date.parse(version.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(version.message).not.toContain('approved');
    expect(version.importedFrom).toEqual({ author: 'upublisher', createdAt: '2020-01-01T00:00:00.000Z', message: 'Reviewed and approved by upublisher' });
    // The flow too: created by the importer, now; the file's claim kept apart.
    const { flow } = (await editor.get('/api/flows/forged')).body;
    expect(flow.createdBy).toBe('importer');
    expect(Date.parse(flow.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(flow.importedFrom).toEqual({ createdBy: 'upublisher', createdAt: '2020-01-01T00:00:00.000Z' });
  });

  it('keeps the first origin when an imported flow is exported and imported again elsewhere', async () => {
    // The flow imported above, passed on: its file says who imported it, and where it first came from.
    const passedOn = (await target.admin.get('/api/flows/forged/export')).body;
    expect(passedOn.flow.createdBy).toBe('importer');
    expect(passedOn.flow.importedFrom).toEqual({ createdBy: 'upublisher', createdAt: '2020-01-01T00:00:00.000Z' });
    expect((await source.admin.post('/api/flows/import', passedOn)).status).toBe(201);
    const { flow } = (await source.admin.get('/api/flows/forged')).body;
    expect(flow.createdBy).toBe('admin-token');
    expect(flow.importedFrom).toEqual({ createdBy: 'upublisher', createdAt: '2020-01-01T00:00:00.000Z' });
    const [version] = (await source.admin.get('/api/flows/forged/versions')).body;
    expect(version.author).toBe('admin-token');
    expect(version.importedFrom).toEqual({ author: 'upublisher', createdAt: '2020-01-01T00:00:00.000Z', message: 'Reviewed and approved by upublisher' });
  });

  it('refuses a version whose document does not match its hash', async () => {
    const tampered = structuredClone(exported);
    tampered.flow.id = 'tampered';
    tampered.draft.document.id = 'tampered';
    for (const v of tampered.versions) v.document.id = 'tampered';
    const answer = await target.admin.post('/api/flows/import', tampered);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'hash_mismatch', field: 'versions.0.hash' });
    expect((await target.admin.get('/api/flows/tampered')).status).toBe(404);
  });

  it('lets an editor import but skips production, which needs a publisher', async () => {
    const copy = structuredClone(exported);
    const editor = await userWithRoles(target, 'ed', ['editor']);
    // An installation that never had the flow (deleting through the API would only archive it).
    await target.store.deleteFlow('hotline');
    const answer = await editor.post('/api/flows/import', copy);
    expect(answer.status).toBe(201);
    expect(answer.body.environments.applied).toEqual([{ environment: 'staging', version: 2 }]);
    expect(answer.body.environments.skipped).toEqual([expect.objectContaining({ environment: 'production', reason: expect.stringContaining('publisher') })]);
  });
});
