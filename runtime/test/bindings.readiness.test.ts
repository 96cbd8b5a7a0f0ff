import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSmsc } from '@griot/connectors/sms/testing';
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

  it('says what SMS, Telegram, Messenger, Bot Framework and web chat need, and the address to give each platform', async () => {
    const answer = await server.admin.get('/api/bindings/readiness');
    const of = (channel: string) => (answer.body as Array<{ channel: string }>).find((r) => r.channel === channel);
    expect(of('sms')).toMatchObject({ ready: false, missing: ['SMPP_URL', 'SMPP_SYSTEM_ID', 'SMPP_PASSWORD'], urls: {} });
    expect(of('sms')).not.toHaveProperty('link');
    expect(of('telegram')).toMatchObject({ ready: false, missing: ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET'], urls: { webhook: `${server.url}/telegram/webhook` } });
    expect(of('messenger')).toMatchObject({
      ready: false,
      missing: ['MESSENGER_APP_SECRET', 'MESSENGER_VERIFY_TOKEN', 'MESSENGER_PAGE_ACCESS_TOKEN'],
      urls: { webhook: `${server.url}/messenger/webhook` },
    });
    // Outside production, Bot Framework takes anonymous activities: it receives, open to anyone.
    expect(of('botframework')).toMatchObject({
      ready: true,
      notes: ['openToAnyone'],
      missing: ['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppTenantId'],
      urls: { messaging: `${server.url}/api/messages` },
    });
    expect(of('webchat')).toMatchObject({ ready: true, missing: [], urls: { page: `${server.url}/chat/<bindingId>` } });
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

describe('SMS readiness follows the SMPP link', () => {
  const SYSTEM_ID = 'griot-ready';
  const PASSWORD = 'rdy-pass';
  const BOT_TOKEN = '123456789:AAtelegram-token-value';
  const APP_SECRET = 'messenger-app-secret-value';
  let smsc: FakeSmsc;
  let withSms: TestServer;
  beforeAll(async () => {
    smsc = await FakeSmsc.start({ systemId: SYSTEM_ID, password: PASSWORD });
    withSms = await startTestServer({
      env: {
        SMPP_URL: smsc.url,
        SMPP_SYSTEM_ID: SYSTEM_ID,
        SMPP_PASSWORD: PASSWORD,
        TELEGRAM_BOT_TOKEN: BOT_TOKEN,
        TELEGRAM_WEBHOOK_SECRET: 'telegram-webhook-secret',
        MESSENGER_APP_SECRET: APP_SECRET,
      },
    });
  }, 30_000);
  afterAll(async () => {
    await withSms?.stop();
    await smsc?.close();
  });
  const readiness = async (channel: string) => ((await withSms.admin.get('/api/bindings/readiness')).body as Array<Record<string, unknown>>).find((r) => r.channel === channel);

  it('is ready once bound to the SMSC, and says the link is down when the SMSC goes away', async () => {
    await expect.poll(async () => (await readiness('sms'))?.link, { timeout: 10_000 }).toBe('up');
    expect(await readiness('sms')).toMatchObject({ ready: true, missing: [], notes: [] });
    expect(await readiness('telegram')).toMatchObject({ ready: true, missing: [], notes: [] });
    expect(await readiness('messenger')).toMatchObject({ ready: true, missing: ['MESSENGER_VERIFY_TOKEN', 'MESSENGER_PAGE_ACCESS_TOKEN'], notes: ['receiveOnly'] });
    const text = JSON.stringify((await withSms.admin.get('/api/bindings/readiness')).body);
    for (const secret of [PASSWORD, BOT_TOKEN, APP_SECRET, 'telegram-webhook-secret', smsc.url]) expect(text).not.toContain(secret);
    await smsc.close();
    await expect.poll(async () => (await readiness('sms'))?.link, { timeout: 10_000 }).not.toBe('up');
    expect(await readiness('sms')).toMatchObject({ ready: false, missing: [], notes: ['linkDown'] });
  });
});
