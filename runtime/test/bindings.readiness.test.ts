import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';

/**
 * The admin binding a WhatsApp number is told it receives nothing until operations set
 * WHATSAPP_APP_SECRET, and is given the USSD gateway's callback and events addresses with
 * `?token=`; the API names variables, never their values. A called number typed with spaces, as
 * tester numbers are, is kept as jambonz sends it.
 */
const USSD_TOKEN = 'ussd-callback-token-value-0123';
const VERIFY = 'meta-verify-token-value-4567';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { WHATSAPP_VERIFY_TOKEN: VERIFY, USSD_CALLBACK_TOKEN: USSD_TOKEN, JAMBONZ_WEBHOOK_SECRET: 'jambonz-secret-value-89' } });
  await server.admin.post('/api/flows', { document: testFlow() });
  await server.admin.post('/api/flows/hotline/publish', { message: 'v1' });
  await server.admin.post('/api/flows/hotline/environments/production', { version: 1 });
});
afterAll(() => server.stop());

describe('channel readiness on the bindings page', () => {
  it('says per channel whether it can receive and what is missing, by name only', async () => {
    const answer = await server.admin.get('/api/bindings/readiness');
    expect(answer.status).toBe(200);
    const of = (channel: string) => (answer.body as Array<{ channel: string }>).find((r) => r.channel === channel);
    expect(of('whatsapp')).toMatchObject({ ready: false, missing: ['WHATSAPP_APP_SECRET', 'WHATSAPP_ACCESS_TOKEN'] });
    expect(of('voice')).toMatchObject({ ready: true, missing: [], notes: ['webhookOnly'] });
    expect(of('ussd')).toMatchObject({
      ready: true,
      missing: [],
      urls: { callback: `${server.url}/ussd?token=<USSD_CALLBACK_TOKEN>`, events: `${server.url}/ussd/events?token=<USSD_CALLBACK_TOKEN>` },
    });
    const text = JSON.stringify(answer.body);
    for (const secret of [USSD_TOKEN, VERIFY, 'jambonz-secret-value-89']) expect(text).not.toContain(secret);
  });

  it('is for admins only', async () => {
    const editor = await userWithRoles(server, 'edna', ['editor']);
    expect((await editor.get('/api/bindings/readiness')).status).toBe(403);
  });

  it('keeps a called number typed with spaces as jambonz sends it', async () => {
    const created = await server.admin.post('/api/bindings', { channel: 'voice', address: '+229 21 30 19 19', flowId: 'hotline', environment: 'production', testers: [], settings: {} });
    expect(created.status).toBe(201);
    expect(created.body.address).toBe('+22921301919');
  });
});
