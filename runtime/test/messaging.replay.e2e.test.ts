import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody, startFakeTelegramApi, telegramUpdates as tg, whatsappWebhooks, type FakeTelegramApi } from '@griot/connectors/messaging/testing';
import { messengerWebhooks } from '@griot/connectors/messenger/testing';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * A captured, validly signed webhook replayed later. Meta signs the body, not a time of the
 * request, and Telegram's secret token is the same on every update: what stops a replay is the
 * inbox's memory of message ids (7 days, in the store: across restarts and instances). Past it,
 * the message's own date, signed with the body, says it is a replay: the platform is answered
 * 200 and the message is not processed (no contact restarted, no payment confirmed again).
 */
const WHATSAPP_SECRET = 'replay-whatsapp-app-secret';
const MESSENGER_SECRET = 'replay-messenger-app-secret';
const TELEGRAM_SECRET = 'replay-telegram-secret';
const TELEGRAM_TOKEN = '555000333:AAE2eTelegramTokenForReplayTests-00000';
const DAY_MS = 86_400_000;

let api: FakeTelegramApi;
let server: TestServer;

beforeAll(async () => {
  api = await startFakeTelegramApi({ token: TELEGRAM_TOKEN, username: 'griot_replay_bot' });
  server = await startTestServer({
    env: {
      WHATSAPP_APP_SECRET: WHATSAPP_SECRET,
      MESSENGER_APP_SECRET: MESSENGER_SECRET,
      MESSENGER_PAGE_ACCESS_TOKEN: 'replay-page-token',
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
      TELEGRAM_API_BASE_URL: api.url,
    },
  });
});
afterAll(async () => {
  await server?.stop();
  await api?.close();
});

const post = (path: string, body: string, secret: string) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(secret, body) }, body });
/** The inbox records of a channel's conversation (what Griot will process, or has). */
const recordedFor = async (conversationKey: string) =>
  (await server.store.messaging.listInbound({ states: ['received', 'processed', 'failed'], limit: 1000 })).filter((r) => r.conversationKey === conversationKey).length;

describe('a signed webhook replayed after the inbox forgot its id', () => {
  it('WhatsApp: a message dated 8 days ago is answered 200 and not processed; one of 6 days ago still is', async () => {
    const seconds = (ms: number) => Math.floor(ms / 1000);
    const replayed = JSON.stringify(whatsappWebhooks.textMessage('1', { waId: '22997000301', timestamp: seconds(Date.now() - 8 * DAY_MS) }));
    const answer = await post('/whatsapp/webhook', replayed, WHATSAPP_SECRET);
    // 200: Meta must not deliver it again and again.
    expect([answer.status, await answer.text()]).toEqual([200, '{"received":true}']);
    expect(await recordedFor('whatsapp:106540352242922:22997000301')).toBe(0);

    // A late delivery within the memory (Meta retries for days after an outage) is still taken.
    const late = JSON.stringify(whatsappWebhooks.textMessage('1', { waId: '22997000302', timestamp: seconds(Date.now() - 6 * DAY_MS) }));
    expect((await post('/whatsapp/webhook', late, WHATSAPP_SECRET)).status).toBe(200);
    expect(await recordedFor('whatsapp:106540352242922:22997000302')).toBe(1);
  });

  it('WhatsApp: in one delivery, the replayed message is dropped and the current one processed', async () => {
    const old = whatsappWebhooks.textMessage('1', { waId: '22997000303', timestamp: Math.floor((Date.now() - 30 * DAY_MS) / 1000) });
    const now = whatsappWebhooks.textMessage('Bonjour', { waId: '22997000304' });
    const body = JSON.stringify(whatsappWebhooks.batch(old, now));
    expect((await post('/whatsapp/webhook', body, WHATSAPP_SECRET)).status).toBe(200);
    expect([await recordedFor('whatsapp:106540352242922:22997000303'), await recordedFor('whatsapp:106540352242922:22997000304')]).toEqual([0, 1]);
  });

  it('Messenger: an m.me referral (which restarts the contact) replayed 8 days later is not processed', async () => {
    const psid = '1254459154683001';
    const replayed = JSON.stringify(messengerWebhooks.referral('promo-puk', { psid, timestamp: Date.now() - 8 * DAY_MS }));
    const answer = await post('/messenger/webhook', replayed, MESSENGER_SECRET);
    expect([answer.status, await answer.text()]).toEqual([200, 'EVENT_RECEIVED']);
    expect(await recordedFor(`messenger:200000000000001:${psid}`)).toBe(0);

    const current = JSON.stringify(messengerWebhooks.referral('promo-puk', { psid }));
    expect((await post('/messenger/webhook', current, MESSENGER_SECRET)).status).toBe(200);
    expect(await recordedFor(`messenger:200000000000001:${psid}`)).toBe(1);
  });

  it('Telegram: a message dated 8 days ago is answered 200 and not processed', async () => {
    const userId = 6_000_000_301;
    const update = tg.textUpdate('/start promo', { userId });
    update.message.date = Math.floor((Date.now() - 8 * DAY_MS) / 1000);
    const answer = await tg.postUpdate(server.url, update, TELEGRAM_SECRET);
    expect(answer.status).toBe(200);
    const bot = TELEGRAM_TOKEN.split(':')[0];
    expect(await recordedFor(`telegram:${bot}:${userId}`)).toBe(0);

    expect((await tg.postUpdate(server.url, tg.textUpdate('/start promo', { userId }), TELEGRAM_SECRET)).status).toBe(200);
    expect(await recordedFor(`telegram:${bot}:${userId}`)).toBe(1);
  });
});
