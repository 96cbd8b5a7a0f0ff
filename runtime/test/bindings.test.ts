import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';

describe('bindings', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await server.admin.post('/api/flows', { document: testFlow() });
    await server.admin.post('/api/flows/hotline/publish', { message: 'v1' });
    await server.admin.post('/api/flows/hotline/environments/production', { version: 1 });
  });
  afterAll(() => server.stop());

  it('binds an address to a flow, with tester numbers normalized to E.164', async () => {
    const created = await server.admin.post('/api/bindings', {
      channel: 'voice',
      address: '1919',
      flowId: 'hotline',
      environment: 'production',
      testers: [{ number: '01 97 00 00 01' }, { number: '2290197000002', version: 1, locale: 'fr' }],
      settings: { vendor: 'jambonz' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      channel: 'voice',
      address: '1919',
      testers: [{ number: '+2290197000001' }, { number: '+2290197000002', version: 1, locale: 'fr' }],
      environments: { staging: null, production: 1 },
    });
    const list = await server.admin.get('/api/bindings');
    expect(list.body).toEqual([expect.objectContaining({ address: '1919', environments: { staging: null, production: 1 } })]);
  });

  it('refuses a second binding of the same channel and address (409), not the same address on another channel', async () => {
    const taken = await server.admin.post('/api/bindings', { channel: 'voice', address: '1919', flowId: 'hotline' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('address_taken');
    // What holds the address, for the admin's screen: the flow's name and its environment.
    expect(taken.body.error.params).toMatchObject({ channel: 'voice', address: '1919', flow: testFlow().name, environment: 'production' });
    const whatsapp = await server.admin.post('/api/bindings', { channel: 'whatsapp', address: '1919', flowId: 'hotline' });
    expect(whatsapp.status).toBe(201);
    expect(whatsapp.body.environment).toBe('production');
  });

  it('names the field at fault: a bad tester number, an unknown flow, an unknown channel', async () => {
    const badNumber = await server.admin.post('/api/bindings', { channel: 'voice', address: '2000', flowId: 'hotline', testers: [{ number: '12' }] });
    expect(badNumber.status).toBe(400);
    expect(badNumber.body.error.field).toBe('testers.0.number');
    const badFlow = await server.admin.post('/api/bindings', { channel: 'voice', address: '2000', flowId: 'ghost' });
    expect(badFlow.status).toBe(400);
    expect(badFlow.body.error.field).toBe('flowId');
    const badChannel = await server.admin.post('/api/bindings', { channel: 'fax', address: '2000', flowId: 'hotline' });
    expect(badChannel.status).toBe(400);
    expect(badChannel.body.error.field).toBe('channel');
    // An SMS short code is digits: a typo is refused at once, naming the address.
    const badShortCode = await server.admin.post('/api/bindings', { channel: 'sms', address: '19l9', flowId: 'hotline' });
    expect(badShortCode.status).toBe(400);
    expect(badShortCode.body.error.field).toBe('address');
    expect((await server.admin.post('/api/bindings', { channel: 'sms', address: '1919', flowId: 'hotline' })).status).toBe(201);
  });

  it('binds a Messenger Page by its id, and refuses a page name or URL in its place', async () => {
    const byName = await server.admin.post('/api/bindings', { channel: 'messenger', address: 'facebook.com/GriotTelecom', flowId: 'hotline' });
    expect(byName.status).toBe(400);
    expect(byName.body.error.field).toBe('address');
    expect(byName.body.error.message).toContain('Facebook Page id');
    const byId = await server.admin.post('/api/bindings', { channel: 'messenger', address: '200000000000002', flowId: 'hotline' });
    expect(byId.status).toBe(201);
    await server.admin.delete(`/api/bindings/${byId.body.id}`);
  });

  it('updates and deletes bindings, refusing to move onto a taken address; admin only', async () => {
    const list = (await server.admin.get('/api/bindings')).body as Array<{ id: string; channel: string; address: string }>;
    const whatsapp = list.find((b) => b.channel === 'whatsapp')!;
    const clash = await server.admin.put(`/api/bindings/${whatsapp.id}`, { channel: 'voice', address: '1919', flowId: 'hotline' });
    expect(clash.status).toBe(409);
    const moved = await server.admin.put(`/api/bindings/${whatsapp.id}`, { channel: 'whatsapp', address: '100000000000009', flowId: 'hotline', environment: 'staging' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ address: '100000000000009', environment: 'staging' });

    const editor = await userWithRoles(server, 'ed', ['editor']);
    expect((await editor.delete(`/api/bindings/${whatsapp.id}`)).status).toBe(403);
    expect((await server.admin.delete(`/api/bindings/${whatsapp.id}`)).status).toBe(204);
    expect((await server.admin.delete(`/api/bindings/${whatsapp.id}`)).status).toBe(404);

    const audit = await server.admin.get(`/api/audit?target=binding:${whatsapp.id}`);
    expect(audit.body.map((e: { action: string }) => e.action)).toEqual(['binding.delete', 'binding.update', 'binding.create']);
    expect(audit.body[1].hashBefore).not.toBe(audit.body[1].hashAfter);
  });
});
