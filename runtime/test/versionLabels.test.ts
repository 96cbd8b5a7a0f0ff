import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';

/** "Ramadan 2027": published versions named the way the team speaks of them. */
describe('version labels', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    expect((await server.admin.post('/api/flows', { document: testFlow({ id: 'promo' }) })).status).toBe(201);
  });
  afterAll(() => server.stop());

  it('labels a version when publishing, renames it later as a publisher, removes it, and audits each change', async () => {
    const published = await server.admin.post('/api/flows/promo/publish', { message: 'Offre du mois sacré', label: '  Ramadan 2027 ' });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ number: 1, label: 'Ramadan 2027' });

    const publisher = await userWithRoles(server, 'pauline', ['publisher']);
    const renamed = await publisher.put('/api/flows/promo/versions/1/label', { label: 'Ramadan 2027 (final)' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ flowId: 'promo', number: 1, message: 'Offre du mois sacré', label: 'Ramadan 2027 (final)' });
    expect(renamed.body).not.toHaveProperty('document');
    expect((await server.admin.get('/api/flows/promo/versions')).body).toEqual([expect.objectContaining({ number: 1, label: 'Ramadan 2027 (final)' })]);
    expect((await server.admin.get('/api/flows/promo')).body.versions[0].label).toBe('Ramadan 2027 (final)');
    // The published document is untouched: same hash.
    expect((await server.admin.get('/api/flows/promo/versions/1')).body.hash).toBe(published.body.hash);

    const removed = await publisher.put('/api/flows/promo/versions/1/label', { label: '   ' });
    expect(removed.status).toBe(200);
    expect(removed.body).not.toHaveProperty('label');

    const audit = await server.admin.get('/api/audit?target=flow:promo');
    const labels = audit.body.filter((e: { action: string }) => e.action === 'version.label').map((e: { actor: string; details: unknown }) => ({ actor: e.actor, details: e.details }));
    expect(labels).toEqual(
      expect.arrayContaining([
        { actor: 'pauline', details: { version: 1, before: 'Ramadan 2027', after: 'Ramadan 2027 (final)' } },
        { actor: 'pauline', details: { version: 1, before: 'Ramadan 2027 (final)', after: null } },
      ]),
    );
  });

  it('keeps the label through export and import', async () => {
    await server.admin.put('/api/flows/promo/versions/1/label', { label: 'Tabaski' });
    const exported = await server.admin.get('/api/flows/promo/export');
    expect(exported.body.versions[0].label).toBe('Tabaski');
    const elsewhere = await startTestServer();
    try {
      expect((await elsewhere.admin.post('/api/flows/import', exported.body)).status).toBe(201);
      expect((await elsewhere.admin.get('/api/flows/promo/versions')).body[0]).toMatchObject({ number: 1, label: 'Tabaski' });
    } finally {
      await elsewhere.stop();
    }
  });

  it('refuses a label too long, a version that does not exist, and a viewer', async () => {
    expect((await server.admin.put('/api/flows/promo/versions/1/label', { label: 'x'.repeat(81) })).status).toBe(400);
    const missing = await server.admin.put('/api/flows/promo/versions/7/label', { label: 'Ghost' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('version_not_found');
    const viewer = await userWithRoles(server, 'vera', ['viewer']);
    expect((await viewer.put('/api/flows/promo/versions/1/label', { label: 'Mine' })).status).toBe(403);
  });
});
