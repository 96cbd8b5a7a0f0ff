import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signBody, SLOW_WEBHOOK_MS, startFakeTelegramApi, telegramUpdates as tg, whatsappWebhooks, type FakeTelegramApi } from '@griot/connectors/messaging/testing';
import { messengerWebhooks } from '@griot/connectors/messenger/testing';
import { createLogger } from '../src/logger.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * The messaging webhooks (WhatsApp, Messenger, Telegram) on the real server are answered ahead
 * of the API's middleware (issue 17), like jambonz's: each message is recorded in the inbox
 * before the platform has its 200, forged or oversized ones are refused, no request line is
 * written per webhook, and what the hot path does not take (a compressed body) still reaches
 * the express route.
 */
const WHATSAPP_SECRET = 'hot-path-whatsapp-app-secret';
const MESSENGER_SECRET = 'hot-path-messenger-app-secret';
const TELEGRAM_SECRET = 'hot-path-telegram-secret';
const TELEGRAM_TOKEN = '555000222:AAE2eTelegramTokenForHotPathTests-0000';

let api: FakeTelegramApi;
let server: TestServer;
let lines: Array<{ level: string; msg: string; path?: string; status?: number; durationMs?: number }> = [];

beforeAll(async () => {
  api = await startFakeTelegramApi({ token: TELEGRAM_TOKEN, username: 'griot_hot_bot' });
  const logger = createLogger({ logLevel: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  server = await startTestServer({
    env: {
      WHATSAPP_APP_SECRET: WHATSAPP_SECRET,
      MESSENGER_APP_SECRET: MESSENGER_SECRET,
      MESSENGER_PAGE_ACCESS_TOKEN: 'hot-path-page-token',
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
      TELEGRAM_API_BASE_URL: api.url,
    },
    start: { logger },
  });
});
afterAll(async () => {
  await server?.stop();
  await api?.close();
});
beforeEach(() => {
  lines = [];
});

const post = (path: string, body: string | Buffer, headers: Record<string, string>) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
const recorded = async (channel: string) => (await server.store.messaging.listInbound({ states: ['received', 'processed', 'failed'], limit: 1000 })).filter((r) => r.channel === channel).length;
const requestLines = () => lines.filter((l) => l.msg === 'request').map((l) => l.path);
/**
 * The request lines but the hot path's slow-webhook ones: a cold server's first webhook on a busy
 * machine may take over SLOW_WEBHOOK_MS and keep its line, which is allowed; the line of an
 * ordinary webhook is not (nor express's, written whatever the time, but for one slower still).
 */
const quickRequestLines = () => lines.filter((l) => l.msg === 'request' && (l.durationMs ?? 0) < SLOW_WEBHOOK_MS).map((l) => l.path);

describe('messaging webhooks ahead of express', () => {
  it('records a signed WhatsApp, Messenger and Telegram message before answering 200, without a request line', async () => {
    const whatsapp = JSON.stringify(whatsappWebhooks.textMessage('Bonjour', { waId: '22997000101' }));
    const wa = await post('/whatsapp/webhook', whatsapp, { 'x-hub-signature-256': signBody(WHATSAPP_SECRET, whatsapp) });
    expect([wa.status, wa.headers.get('content-type'), await wa.text()]).toEqual([200, 'application/json', '{"received":true}']);
    // The 200 means recorded: the inbox holds it as soon as the answer is read.
    expect(await recorded('whatsapp')).toBe(1);

    const messenger = JSON.stringify(messengerWebhooks.textMessage('Bonjour', { psid: '1254459154682001' }));
    const ms = await post('/messenger/webhook', messenger, { 'x-hub-signature-256': signBody(MESSENGER_SECRET, messenger) });
    expect([ms.status, await ms.text()]).toEqual([200, 'EVENT_RECEIVED']);
    expect(await recorded('messenger')).toBe(1);

    const telegram = await tg.postUpdate(server.url, tg.textUpdate('Bonjour', { userId: 6_000_000_101 }), TELEGRAM_SECRET);
    expect([telegram.status, await telegram.text()]).toEqual([200, '']);
    expect(await recorded('telegram')).toBe(1);

    expect(quickRequestLines()).toEqual([]);
  });

  it('refuses forged, unsigned and oversized webhooks and records none of them', async () => {
    const before = { whatsapp: await recorded('whatsapp'), messenger: await recorded('messenger'), telegram: await recorded('telegram') };
    const body = JSON.stringify(whatsappWebhooks.textMessage('forged', { waId: '22997000102' }));
    const forged = await post('/whatsapp/webhook', body, { 'x-hub-signature-256': signBody('not-the-secret', body) });
    expect([forged.status, await forged.json()]).toEqual([403, { error: { code: 'signature_invalid', message: 'X-Hub-Signature-256 does not match the body' } }]);
    const unsigned = await post('/messenger/webhook', body, {});
    expect([unsigned.status, ((await unsigned.json()) as { error: { code: string } }).error.code]).toEqual([401, 'signature_missing']);
    const wrongSecret = await tg.postUpdate(server.url, tg.textUpdate('forged', { userId: 6_000_000_102 }), 'guessed');
    expect(wrongSecret.status).toBe(403);
    const huge = `{"object":"whatsapp_business_account","pad":"${'x'.repeat(1024 * 1024)}"}`;
    const tooLarge = await post('/whatsapp/webhook', huge, { 'x-hub-signature-256': signBody(WHATSAPP_SECRET, huge) });
    expect([tooLarge.status, await tooLarge.json()]).toEqual([413, { error: { code: 'entity_too_large', message: 'request entity too large', field: 'body' } }]);
    const notJson = await post('/whatsapp/webhook', '{"object":', { 'x-hub-signature-256': signBody(WHATSAPP_SECRET, '{"object":') });
    expect([notJson.status, ((await notJson.json()) as { error: { code: string } }).error.code]).toEqual([400, 'invalid_json']);
    expect({ whatsapp: await recorded('whatsapp'), messenger: await recorded('messenger'), telegram: await recorded('telegram') }).toEqual(before);
  });

  it('leaves a compressed body to the express route, which inflates it and checks the signature on the JSON', async () => {
    const before = await recorded('whatsapp');
    const body = JSON.stringify(whatsappWebhooks.textMessage('gzip', { waId: '22997000103' }));
    const res = await post('/whatsapp/webhook', gzipSync(body), { 'content-encoding': 'gzip', 'x-hub-signature-256': signBody(WHATSAPP_SECRET, body) });
    expect([res.status, await res.text()]).toEqual([200, '{"received":true}']);
    expect(await recorded('whatsapp')).toBe(before + 1);
    // express's request line shows which path answered.
    expect(requestLines()).toEqual(['/whatsapp/webhook']);
  });
});
