import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';
import { testFlow } from './fixtures/testFlow.ts';

/**
 * A tester's own number that no admin has confirmed reaches the binding's environment, never
 * staging: it is no staging traffic, so staging can be cleared while it is pending; once an admin
 * confirms it, its calls reach staging and clearing staging is refused as for any tester.
 */
describe('staging usage and a pending own test number', () => {
  let server: TestServer;
  let tester: ApiClient;
  let editor: ApiClient;
  let bindingId: string;

  beforeAll(async () => {
    server = await startTestServer();
    await server.admin.post('/api/flows', { document: testFlow() });
    await server.admin.post('/api/flows/hotline/publish', { message: 'v1' });
    await server.admin.post('/api/flows/hotline/environments/production', { version: 1 });
    const created = await server.admin.post('/api/bindings', { channel: 'voice', address: '1919', flowId: 'hotline', environment: 'production', settings: { vendor: 'jambonz' } });
    bindingId = created.body.id;
    tester = await userWithRoles(server, 'awa', ['tester']);
    editor = await userWithRoles(server, 'eli', ['editor']);
  });
  afterAll(() => server.stop());

  it('lets an editor clear staging while the only tester number is pending, and refuses once an admin confirmed it', async () => {
    expect((await tester.post(`/api/bindings/${bindingId}/own-test-numbers`, { number: '+2290197000011' })).status).toBe(201);
    expect((await editor.post('/api/flows/hotline/environments/staging', { version: 1 })).status).toBeLessThan(300);
    const cleared = await editor.delete('/api/flows/hotline/environments/staging');
    expect(cleared).toMatchObject({ status: 200, body: { environment: 'staging', cleared: 1 } });

    expect((await editor.post('/api/flows/hotline/environments/staging', { version: 1 })).status).toBeLessThan(300);
    expect((await server.admin.post(`/api/bindings/${bindingId}/own-test-numbers/${encodeURIComponent('+2290197000011')}/confirm`)).status).toBe(200);
    const refused = await editor.delete('/api/flows/hotline/environments/staging');
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'environment_in_use', message: expect.stringContaining('voice 1919') });
  });
});
