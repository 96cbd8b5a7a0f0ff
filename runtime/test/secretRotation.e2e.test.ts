import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody, startFakeTelegramApi, telegramUpdates as tg, type FakeTelegramApi } from '@griot/connectors/messaging/testing';
import { callHookPayload, upgradeJambonzWebSocket } from '@griot/connectors/voice/testing';
import { createLogger } from '../src/logger.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * The security review's third finding (step 15): a channel's webhook secret could not be changed
 * without refusing the platform's requests in between (a jambonz call refused is a dropped call).
 * During a rotation `<NAME>_PREVIOUS` holds the old value: requests made with the new one or the
 * old one are accepted, anything else is still refused, and start-up says the old one is live.
 */
const NEW = 'rotation-new-secret-0123456789';
const OLD = 'rotation-old-secret-0123456789';
const THIRD = 'rotation-someone-else-01234567';
const TELEGRAM_TOKEN = '555000333:AAE2eTelegramTokenForRotationTests-00';

let api: FakeTelegramApi;
let server: TestServer;
const lines: Array<{ level: string; msg: string; event?: string; variable?: string }> = [];

beforeAll(async () => {
  api = await startFakeTelegramApi({ token: TELEGRAM_TOKEN, username: 'griot_rotation_bot' });
  const logger = createLogger({ logLevel: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  server = await startTestServer({
    env: {
      GRIOT_DEMO: '1',
      WHATSAPP_APP_SECRET: NEW,
      WHATSAPP_APP_SECRET_PREVIOUS: OLD,
      MESSENGER_APP_SECRET: NEW,
      MESSENGER_APP_SECRET_PREVIOUS: OLD,
      MESSENGER_PAGE_ACCESS_TOKEN: 'rotation-page-token',
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_WEBHOOK_SECRET: 'rotation-new-telegram',
      TELEGRAM_WEBHOOK_SECRET_PREVIOUS: 'rotation-old-telegram',
      TELEGRAM_API_BASE_URL: api.url,
      USSD_CALLBACK_TOKEN: NEW,
      USSD_CALLBACK_TOKEN_PREVIOUS: OLD,
      JAMBONZ_WEBHOOK_SECRET: NEW,
      JAMBONZ_WEBHOOK_SECRET_PREVIOUS: OLD,
      JAMBONZ_WS_USERNAME: 'jambonz-new',
      JAMBONZ_WS_PASSWORD: NEW,
      JAMBONZ_WS_USERNAME_PREVIOUS: 'jambonz-old',
      JAMBONZ_WS_PASSWORD_PREVIOUS: OLD,
    },
    start: { logger },
  });
});
afterAll(async () => {
  await server?.stop();
  await api?.close();
});

const post = (path: string, body: string, headers: Record<string, string>) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then(async (res) => {
    await res.arrayBuffer();
    return res.status;
  });

function signJambonz(secret: string, body: string): string {
  const now = Math.floor(Date.now() / 1000);
  return `t=${now},v1=${createHmac('sha256', secret).update(`${now}.${body}`).digest('hex')}`;
}

describe('rotating a channel secret', () => {
  it('says at start-up that each previous secret is still accepted', () => {
    const said = lines.filter((l) => l.event === 'config.previousSecret').map((l) => l.variable);
    expect(said.sort()).toEqual(
      [
        'JAMBONZ_WEBHOOK_SECRET_PREVIOUS',
        'JAMBONZ_WS_PASSWORD_PREVIOUS',
        'JAMBONZ_WS_USERNAME_PREVIOUS',
        'MESSENGER_APP_SECRET_PREVIOUS',
        'TELEGRAM_WEBHOOK_SECRET_PREVIOUS',
        'USSD_CALLBACK_TOKEN_PREVIOUS',
        'WHATSAPP_APP_SECRET_PREVIOUS',
      ].sort(),
    );
  });

  it('WhatsApp and Messenger: signed with the new or the old app secret, accepted; with another, refused', async () => {
    const whatsapp = JSON.stringify({ object: 'whatsapp_business_account', entry: [] });
    const messenger = JSON.stringify({ object: 'page', entry: [] });
    for (const [path, body] of [
      ['/whatsapp/webhook', whatsapp],
      ['/messenger/webhook', messenger],
    ] as const) {
      expect(await post(path, body, { 'x-hub-signature-256': signBody(NEW, body) }), `${path} new`).toBe(200);
      expect(await post(path, body, { 'x-hub-signature-256': signBody(OLD, body) }), `${path} old`).toBe(200);
      expect(await post(path, body, { 'x-hub-signature-256': signBody(THIRD, body) }), `${path} third`).toBe(403);
    }
  });

  it('Telegram: the new or the old secret token accepted; another refused', async () => {
    const update = () => JSON.stringify(tg.textUpdate('Bonjour', { userId: 4242, firstName: 'Awa' }));
    expect(await post('/telegram/webhook', update(), { 'x-telegram-bot-api-secret-token': 'rotation-new-telegram' })).toBe(200);
    expect(await post('/telegram/webhook', update(), { 'x-telegram-bot-api-secret-token': 'rotation-old-telegram' })).toBe(200);
    expect(await post('/telegram/webhook', update(), { 'x-telegram-bot-api-secret-token': 'rotation-third-telegram' })).toBe(403);
  });

  it('USSD: a callback with the new or the old token answered; another refused', async () => {
    const form = (token: string) =>
      fetch(`${server.url}/ussd?token=${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `sessionId=rot-${token.slice(9, 12)}&serviceCode=*123%23&phoneNumber=%2B2290197000001&text=`,
      }).then(async (res) => {
        await res.arrayBuffer();
        return res.status;
      });
    expect(await form(NEW)).toBe(200);
    expect(await form(OLD)).toBe(200);
    expect(await form(THIRD)).toBe(401);
  });

  it('jambonz: webhooks signed with the new or the old secret answered, another refused; the WebSocket takes the new or the old credentials', async () => {
    const body = (sid: string) => JSON.stringify(callHookPayload({ callSid: sid, from: '+2290197000001', to: '1919' }));
    const call = (secret: string, sid: string) => {
      const payload = body(sid);
      return post('/jambonz/call', payload, { 'jambonz-signature': signJambonz(secret, payload) });
    };
    expect(await call(NEW, 'CA-rot-new')).toBe(200);
    expect(await call(OLD, 'CA-rot-old')).toBe(200);
    expect(await call(THIRD, 'CA-rot-third')).toBe(403);
    const ws = `${server.url.replace(/^http/, 'ws')}/jambonz/ws`;
    expect((await upgradeJambonzWebSocket(ws, { username: 'jambonz-new', password: NEW })).status).toBe(101);
    expect((await upgradeJambonzWebSocket(ws, { username: 'jambonz-old', password: OLD })).status).toBe(101);
    // Mixing the two is no credential: each pair is checked whole.
    expect((await upgradeJambonzWebSocket(ws, { username: 'jambonz-new', password: OLD })).status).toBe(401);
    expect((await upgradeJambonzWebSocket(ws, { username: 'jambonz-third', password: THIRD })).status).toBe(401);
  });
});
