import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  postWebhook,
  startFakeGraphServer,
  startFakeTelegramApi,
  telegramUpdates as tg,
  whatsappWebhooks as wa,
  type FakeGraphServer,
  type FakeTelegramApi,
} from '@griot/connectors/messaging/testing';
import { newSessionId, postUssd } from '@griot/connectors/ussd/testing';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { createLogger } from '../src/logger.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * The store failing under calls and messages (here SQLite refusing every write, as on a file
 * turned read-only: SQLITE_READONLY from the real engine): callers on jambonz hear the apology
 * and are hung up on, a WhatsApp subscriber is told of a technical problem; the log says the
 * store's cause code once for many subscribers (no stack trace per call, no number), and
 * `griot_store_failures_total` counts each one for an alert.
 */
const SECRET = 'store-failing-jambonz-secret';
const APP_SECRET = 'store-failing-app-secret';
const METRICS_TOKEN = 'store-failing-metrics-token-0123';
const CALLERS = ['+2290197000031', '+2290197000032', '+2290197000033'];
const sender = { phoneNumberId: '100000000000001', waId: '2290197000034' };
const TELEGRAM_TOKEN = '555000222:AAStoreFailingTelegramTokenForGriot-000';
const TELEGRAM_SECRET = 'store-failing-telegram-secret';
const USSD_TOKEN = 'store-failing-ussd-callback-token-01';
let graph: FakeGraphServer;
let telegram: FakeTelegramApi;
let server: TestServer;
const lines: Array<Record<string, unknown> & { msg: string }> = [];

beforeAll(async () => {
  graph = await startFakeGraphServer({ accessToken: 'token' });
  telegram = await startFakeTelegramApi({ token: TELEGRAM_TOKEN, username: 'griot1919_bot' });
  const logger = createLogger({ logLevel: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  server = await startTestServer({
    env: {
      GRIOT_DEMO: '1',
      JAMBONZ_WEBHOOK_SECRET: SECRET,
      GRIOT_METRICS_TOKEN: METRICS_TOKEN,
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_ACCESS_TOKEN: 'token',
      WHATSAPP_GRAPH_BASE_URL: graph.url,
      WHATSAPP_MAX_ATTEMPTS: '1',
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
      TELEGRAM_API_BASE_URL: telegram.url,
      USSD_CALLBACK_TOKEN: USSD_TOKEN,
    },
    start: { logger },
  });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await graph?.close();
  await telegram?.close();
});

/** The store's own connection stops writing: every write fails as on a read-only file. */
function storeReadOnly(on: boolean): void {
  const db = (server.store as unknown as { db: Database.Database }).db;
  db.pragma(`query_only = ${on ? 'ON' : 'OFF'}`);
}

async function storeFailures(labels: Record<string, string>): Promise<number> {
  const answer = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const family = parsePrometheusTextFormat(await answer.text()).find((f) => f.name === 'griot_store_failures_total');
  const sample = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return Number(sample?.value ?? 0);
}

describe('calls and messages while the store refuses writes', () => {
  it('callers hear the apology and are hung up on; the cause is logged once with its code and counted per call', async () => {
    // Calls in progress when the store fails: each was answered before, and its next key press fails.
    const calls = await Promise.all(CALLERS.map((from, i) => new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: `CA-store-failing-${i}`, from, to: '1919' }).start()));
    for (const call of calls) expect(call.waitingOn?.verb).toBe('gather');
    const before = lines.length;
    storeReadOnly(true);
    try {
      for (const call of calls) {
        const mark = call.heard.length;
        await call.press('1');
        expect(call.heardSince(mark)).toContain('momentanément indisponible');
        expect(call.ended).toBe(true);
      }
      // A new call while the store still fails: the apology too, not silence.
      const late = await new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: 'CA-store-failing-late', from: '+2290197000035', to: '1919' }).start();
      expect(late.heard.join(' ')).toContain('momentanément indisponible');
      expect(late.ended).toBe(true);
    } finally {
      storeReadOnly(false);
    }

    expect(await storeFailures({ channel: 'voice', cause: 'SQLITE_READONLY' })).toBeGreaterThanOrEqual(4);
    const during = lines.slice(before);
    const said = during.filter((l) => l.cause === 'storeUnavailable');
    // One line for the first failure; the others wait for the minute's summary.
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ channel: 'voice', reason: 'SQLITE_READONLY', level: 'error' });
    expect(said[0]?.msg).toContain('SQLITE_READONLY');
    // No bug's stack trace per call, no caller's number.
    expect(during.filter((l) => /internal error/.test(l.msg))).toEqual([]);
    expect(JSON.stringify(during)).not.toMatch(/at .*\.ts:\d+/);
    for (const number of CALLERS) expect(JSON.stringify(during)).not.toContain(number.slice(1));
  });

  it('a WhatsApp subscriber is told of a technical problem; the failure is counted with its code', async () => {
    expect((await postWebhook(server.url, wa.textMessage('Bonjour', sender), APP_SECRET)).status).toBe(200);
    await graph.waitForSent(1);
    // The turn fails on the store, not the inbox's record before Meta's 200: only the turn's writes are refused.
    const db = (server.store as unknown as { db: Database.Database }).db;
    const saveTurn = server.store.saveTurn.bind(server.store);
    server.store.saveTurn = async (write) => {
      db.pragma('query_only = ON');
      try {
        return await saveTurn(write);
      } finally {
        db.pragma('query_only = OFF');
      }
    };
    try {
      expect((await postWebhook(server.url, wa.buttonReply('fr', 'Français', sender), APP_SECRET)).status).toBe(200);
      const [apology] = (await graph.waitForSent(2)).slice(1);
      expect(apology!.body).toMatchObject({ text: { body: expect.stringMatching(/technical problem|problème technique/i) } });
      await vi.waitFor(async () => expect(await storeFailures({ channel: 'whatsapp', cause: 'SQLITE_READONLY' })).toBeGreaterThanOrEqual(1), { timeout: 10_000, interval: 100 });
    } finally {
      server.store.saveTurn = saveTurn;
    }
    const said = lines.find((l) => l.cause === 'storeUnavailable' && l.channel === 'whatsapp');
    expect(said).toMatchObject({ reason: 'SQLITE_READONLY', session: expect.stringMatching(/^whatsapp:#[0-9a-f]{10}:#[0-9a-f]{10}$/) });
    expect(JSON.stringify(lines)).not.toContain(sender.waId);
  });

  it('WhatsApp webhooks the store cannot record get 503 for Meta to re-deliver; the log says the cause once, not a line per webhook', async () => {
    const before = lines.length;
    const counted = await storeFailures({ channel: 'whatsapp', cause: 'SQLITE_READONLY' });
    const senders = ['2290197000041', '2290197000042', '2290197000043'];
    storeReadOnly(true);
    try {
      for (const waId of senders) {
        const answer = await postWebhook(server.url, wa.textMessage('Bonjour', { ...sender, waId }), APP_SECRET);
        expect(answer.status).toBe(503);
      }
    } finally {
      storeReadOnly(false);
    }
    expect(await storeFailures({ channel: 'whatsapp', cause: 'SQLITE_READONLY' })).toBe(counted + senders.length);
    // Said with the store's code within the channel's one line a minute (the turn above wrote this minute's), not once per webhook.
    const during = lines.slice(before).filter((l) => /could not be recorded/.test(l.msg));
    expect(during.length).toBeLessThanOrEqual(1);
    for (const line of during) expect(line).toMatchObject({ channel: 'whatsapp', reason: 'SQLITE_READONLY', cause: 'storeUnavailable' });
    for (const waId of senders) expect(JSON.stringify(lines)).not.toContain(waId);
  });

  it('Telegram updates the store cannot record get 503 for Telegram to re-deliver; each is counted for the channel with its code', async () => {
    const counted = await storeFailures({ channel: 'telegram', cause: 'SQLITE_READONLY' });
    const subscribers = [{ userId: 881_000_001 }, { userId: 881_000_002 }];
    storeReadOnly(true);
    try {
      for (const subscriber of subscribers) expect((await tg.postUpdate(server.url, tg.textUpdate('Bonjour', subscriber), TELEGRAM_SECRET)).status).toBe(503);
    } finally {
      storeReadOnly(false);
    }
    expect(await storeFailures({ channel: 'telegram', cause: 'SQLITE_READONLY' })).toBe(counted + subscribers.length);
    expect(lines.find((l) => l.cause === 'storeUnavailable' && l.channel === 'telegram')).toMatchObject({ reason: 'SQLITE_READONLY' });
  });

  it('USSD subscribers are told of a technical problem (END); each failure is counted for ussd with its code, said once, no number logged', async () => {
    const counted = await storeFailures({ channel: 'ussd', cause: 'SQLITE_READONLY' });
    const numbers = ['+2290197000041', '+2290197000042'];
    // Sessions under way when the store fails: each showed its first screen, its next answer fails.
    const sessions = numbers.map((phoneNumber) => ({ sessionId: newSessionId(), serviceCode: '*919#', phoneNumber }));
    for (const session of sessions) expect((await postUssd(server.url, { ...session, text: '' }, { token: USSD_TOKEN })).kind).toBe('CON');
    const before = lines.length;
    storeReadOnly(true);
    try {
      for (const session of sessions) {
        const answer = await postUssd(server.url, { ...session, text: '1' }, { token: USSD_TOKEN });
        expect(answer).toMatchObject({ status: 200, kind: 'END' });
        expect(answer.screen).toContain('problème technique');
      }
    } finally {
      storeReadOnly(false);
    }
    expect(await storeFailures({ channel: 'ussd', cause: 'SQLITE_READONLY' })).toBe(counted + sessions.length);
    const during = lines.slice(before);
    const said = during.filter((l) => l.cause === 'storeUnavailable' && l.channel === 'ussd');
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ reason: 'SQLITE_READONLY', level: 'error' });
    expect(during.filter((l) => l.msg === 'USSD request failed')).toEqual([]);
    for (const number of numbers) expect(JSON.stringify(during)).not.toContain(number.slice(4));
  });

  it('a web chat visitor gets 503 with Retry-After (the page tries again); the failure is counted with its code', async () => {
    const created = await server.admin.post('/api/bindings', { channel: 'webchat', address: 'site', flowId: 'selfcare-1919', environment: 'production' });
    expect(created.status).toBe(201);
    storeReadOnly(true);
    let answer: Response;
    try {
      answer = await fetch(`${server.url}/chat/${created.body.id}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ open: true, messageId: randomUUID() }),
      });
    } finally {
      storeReadOnly(false);
    }
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(await storeFailures({ channel: 'webchat', cause: 'SQLITE_READONLY' })).toBeGreaterThanOrEqual(1);
    expect(lines.find((l) => l.cause === 'storeUnavailable' && l.channel === 'webchat')).toMatchObject({ reason: 'SQLITE_READONLY' });
  });
});
