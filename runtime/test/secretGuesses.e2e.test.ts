import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTelegramApi, telegramUpdates as tg, type FakeTelegramApi } from '@griot/connectors/messaging/testing';
import { upgradeJambonzWebSocket } from '@griot/connectors/voice/testing';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * Guessing a channel's shared secret (the jambonz WebSocket's password, Telegram's webhook secret)
 * was never throttled: a client could try as fast as it liked. Past 10 wrong ones from an address
 * (as GRIOT_TRUST_PROXY reads it), that address is refused (429) before its secret is compared;
 * the platform, which sends the right one from its own address, never is, nor an address the
 * operator allows, nor Telegram's own ranges.
 */
const PASSWORD = 'ws-password-guessed-at-0123456789';
const TELEGRAM_TOKEN = '555000444:AAE2eTelegramTokenForGuessTests-000';
const TELEGRAM_SECRET = 'telegram-secret-guessed-at-01234';
const ALLOWED = '192.0.2.50';
const USSD_TOKEN = 'ussd-token-guessed-at-0123456789';

let api: FakeTelegramApi;
let server: TestServer;

beforeAll(async () => {
  api = await startFakeTelegramApi({ token: TELEGRAM_TOKEN, username: 'griot_guess_bot' });
  server = await startTestServer({
    env: {
      GRIOT_TRUST_PROXY: 'loopback',
      GRIOT_SECRET_GUESSES_ALLOWED_IPS: ALLOWED,
      JAMBONZ_WS_USERNAME: 'jambonz',
      JAMBONZ_WS_PASSWORD: PASSWORD,
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
      TELEGRAM_API_BASE_URL: api.url,
      USSD_CALLBACK_TOKEN: USSD_TOKEN,
    },
  });
});
afterAll(async () => {
  await server?.stop();
  await api?.close();
});

const from = (address: string) => ({ 'x-forwarded-for': address });

describe('guesses at a channel secret, per address', () => {
  it('jambonz WebSocket: an address refused after 10 wrong passwords, even with the right one; jambonz’s own address and an allowed one still in', async () => {
    const ws = `${server.url.replace(/^http/, 'ws')}/jambonz/ws`;
    const attempt = (address: string, password: string) => upgradeJambonzWebSocket(ws, { username: 'jambonz', password }, from(address));
    for (let i = 0; i < 10; i++) expect((await attempt('203.0.113.7', `guess-${i}`)).status, `guess ${i}`).toBe(401);
    const blocked = await attempt('203.0.113.7', PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.retryAfter)).toBeGreaterThan(3000);
    // jambonz, from its own address, is never held back by someone else's guesses.
    expect((await attempt('198.51.100.9', PASSWORD)).status).toBe(101);
    // An address the operator allows (a proxy in front of jambonz) is never refused.
    for (let i = 0; i < 15; i++) expect((await attempt(ALLOWED, `guess-${i}`)).status).toBe(401);
    expect((await attempt(ALLOWED, PASSWORD)).status).toBe(101);
  });

  it('Telegram webhook: an address refused after 10 wrong secrets; Telegram’s own ranges and other addresses still taken', async () => {
    const post = async (address: string, secret: string) => {
      const res = await fetch(`${server.url}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret, ...from(address) },
        body: JSON.stringify(tg.textUpdate('Bonjour', { userId: 4343, firstName: 'Awa' })),
      });
      await res.arrayBuffer();
      return [res.status, res.headers.get('retry-after')] as const;
    };
    for (let i = 0; i < 10; i++) expect((await post('203.0.113.8', `guess-${i}`))[0], `guess ${i}`).toBe(403);
    const [status, retryAfter] = await post('203.0.113.8', TELEGRAM_SECRET);
    expect(status).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(3000);
    expect((await post('198.51.100.10', TELEGRAM_SECRET))[0]).toBe(200);
    // Telegram's published source ranges are never throttled.
    for (let i = 0; i < 15; i++) expect((await post('149.154.167.10', `guess-${i}`))[0]).toBe(403);
    expect((await post('149.154.167.10', TELEGRAM_SECRET))[0]).toBe(200);
  });

  it('USSD gateway: an address refused after 10 wrong tokens, the gateway’s own address still answered', async () => {
    let session = 0;
    const form = async (address: string, token: string) => {
      const res = await fetch(`${server.url}/ussd?token=${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...from(address) },
        body: `sessionId=guess-${++session}&serviceCode=*123%23&phoneNumber=%2B2290197000001&text=`,
      });
      await res.arrayBuffer();
      return [res.status, res.headers.get('retry-after')] as const;
    };
    for (let i = 0; i < 10; i++) expect((await form('203.0.113.11', `guess-${i}`))[0], `guess ${i}`).toBe(401);
    const [status, retryAfter] = await form('203.0.113.11', USSD_TOKEN);
    expect(status).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(3000);
    expect((await form('198.51.100.11', USSD_TOKEN))[0]).toBe(200);
  });

  it('counts every refusal for too many guesses as a signature failure, on each channel (what an operator alerts on)', async () => {
    // Runs after the three above: each refused one address once with 429.
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
    for (const channel of ['voice', 'telegram', 'ussd']) {
      expect(metrics, channel).toMatch(new RegExp(`griot_webhook_signature_failures_total\\{channel="${channel}",reason="tooManyGuesses"\\} 1\\b`));
    }
  });
});
