import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';

/** Folders are a setting of the draft: the flow list files flows by it. */
describe('flow folders', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('lists each flow with the folder its draft names, and none when unset', async () => {
    const filed = testFlow({ id: 'ramadan' });
    filed.settings = { ...filed.settings, folder: 'Campagnes/Ramadan' };
    expect((await server.admin.post('/api/flows', { document: filed })).status).toBe(201);
    expect((await server.admin.post('/api/flows', { document: testFlow({ id: 'loose' }) })).status).toBe(201);
    const list = await server.admin.get('/api/flows');
    expect(list.body.find((f: { id: string }) => f.id === 'ramadan').folder).toBe('Campagnes/Ramadan');
    expect(list.body.find((f: { id: string }) => f.id === 'loose')).not.toHaveProperty('folder');

    // Moved by saving the draft; an empty segment is refused with the field named.
    const draft = await server.admin.get('/api/flows/loose/draft');
    const document = { ...draft.body.document, settings: { ...draft.body.document.settings, folder: 'Self-care' } };
    expect((await server.admin.put('/api/flows/loose/draft', { revision: draft.body.revision, document })).status).toBe(200);
    expect((await server.admin.get('/api/flows')).body.find((f: { id: string }) => f.id === 'loose').folder).toBe('Self-care');
    const bad = await server.admin.put('/api/flows/loose/draft', { revision: draft.body.revision + 1, document: { ...document, settings: { ...document.settings, folder: 'a//b' } } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('settings');
  });
});
