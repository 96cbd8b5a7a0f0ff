import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryLedger } from '../messaging/MemoryLedger.ts';
import { InterpreterPort } from '../messaging/testing/InterpreterPort.ts';
import { menuFlow } from '../messaging/testing/menuFlow.ts';
import { createWhatsApp } from '../whatsapp/createWhatsApp.ts';
import { readWhatsAppConfig } from '../whatsapp/whatsappConfig.ts';
import { whatsappReplies } from '../whatsapp/whatsappReplies.ts';
import { startFakeGraphServer } from '../whatsapp/testing/fakeGraphServer.ts';
import { postWebhook } from '../whatsapp/testing/postWebhook.ts';
import { textMessage } from '../whatsapp/testing/webhookFixtures.ts';
import { createTelegram } from '../telegram/createTelegram.ts';
import { readTelegramConfig } from '../telegram/telegramConfig.ts';
import { telegramReplies } from '../telegram/telegramReplies.ts';
import { startFakeTelegramApi } from '../telegram/testing/fakeTelegramApi.ts';
import { postUpdate, textUpdate } from '../telegram/testing/telegramUpdates.ts';
import { smsReplies } from '../sms/smsReplies.ts';
import { smsOverFakeSmsc } from '../sms/testing/smsOverFakeSmsc.ts';
import { ReplyNotDeliveredError } from './ReplyNotDeliveredError.ts';

/**
 * An agent's reply sent while the platform is down is not taken for sent: the channel says
 * "not now" (`platformUnavailable`), the reply stays pending, and the recovery pass — which sends
 * it again under the same message id — gets it to the subscriber exactly once. A refusal for good
 * is said with the reason the agent reads, so the reply is not tried again for a day.
 */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(router: express.Router): Promise<string> {
  const server: Server = await new Promise((resolve) => {
    const s = express()
      .use(router)
      .listen(0, '127.0.0.1', () => resolve(s));
  });
  cleanups.push(async () => void server.close());
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const flow = menuFlow(3);
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'delivered',
    (error: unknown) => error,
  );

describe('WhatsApp: an agent’s reply during a Graph outage', () => {
  const PHONE_ID = '100000000000001';
  const WA_ID = '2290197000001';
  async function harness() {
    const graph = await startFakeGraphServer({ accessToken: 'graph-token' });
    const port = new InterpreterPort({ [flow.id]: flow }).bind({ id: 'wa', channel: 'whatsapp', address: PHONE_ID, flowId: flow.id });
    const { router, channel } = createWhatsApp({
      port,
      bindings: port,
      ledger: new MemoryLedger(),
      config: readWhatsAppConfig({
        WHATSAPP_APP_SECRET: 'secret',
        WHATSAPP_ACCESS_TOKEN: 'graph-token',
        WHATSAPP_GRAPH_BASE_URL: graph.url,
        WHATSAPP_SEND_TIMEOUT_MS: '2000',
        WHATSAPP_SEND_RETRIES: '0',
      }),
      defaultInactivityMinutes: 30,
      inbox: { backoff: { baseMs: 5, maxMs: 10, jitter: 0 } },
    });
    channel.start();
    const url = await listen(router);
    cleanups.push(async () => {
      await channel.close();
      await graph.close();
    });
    expect((await postWebhook(url, textMessage('Bonjour', { phoneNumberId: PHONE_ID, waId: WA_ID }), 'secret')).status).toBe(200);
    await channel.queue.idle();
    const target = { sessionKey: `whatsapp:${PHONE_ID}:${WA_ID}`, channel: 'whatsapp' as const, callerNumber: WA_ID, locale: 'fr' };
    const agentTexts = () => graph.sent().filter((r) => r.body.type === 'text' && r.body.text.body === 'Bonjour, ici Awa.');
    return { graph, replies: whatsappReplies(() => channel), target, agentTexts };
  }

  it('a 503 is “not now”, and the same reply sent again is delivered exactly once', async () => {
    const { graph, replies, target, agentTexts } = await harness();
    graph.failNext({ status: 503 });
    expect(await refusal(replies.sendAgentText(target, 'Bonjour, ici Awa.', 'awa', 'm-1'))).toMatchObject({ reason: 'platformUnavailable' });
    expect(agentTexts()).toHaveLength(0);
    // The recovery pass: the same message id.
    await replies.sendAgentText(target, 'Bonjour, ici Awa.', 'awa', 'm-1');
    await replies.sendAgentText(target, 'Bonjour, ici Awa.', 'awa', 'm-1');
    expect(agentTexts()).toHaveLength(1);
  });

  it('a rate limit answered 400 (#130429) is “not now” too', async () => {
    const { graph, replies, target } = await harness();
    graph.failNext({ status: 400, code: 130429, details: 'Rate limit hit' });
    expect(await refusal(replies.sendAgentText(target, 'Bonjour, ici Awa.', 'awa', 'm-2'))).toMatchObject({ reason: 'platformUnavailable' });
  });

  it('the 24-hour window closed (#131047) or an undeliverable subscriber (#131026) is given up, with the reason', async () => {
    const { graph, replies, target } = await harness();
    graph.failNext({ status: 400, code: 131047, details: 'Re-engagement message' }, { status: 400, code: 131026, details: 'Message undeliverable' });
    const closed = await refusal(replies.sendAgentText(target, 'Toujours là ?', 'awa', 'm-3'));
    expect(closed).toBeInstanceOf(ReplyNotDeliveredError);
    expect(closed).toMatchObject({ reason: 'outsideWindow' });
    expect(await refusal(replies.sendAgentText(target, 'Toujours là ?', 'awa', 'm-4'))).toMatchObject({ reason: 'recipientUnavailable' });
  });
});

describe('Telegram: an agent’s reply during an outage', () => {
  const TOKEN = '123456789:AAFakeTelegramTokenForTests-000000';
  const BOT_ID = '123456789';
  const afiavi = { userId: 5_550_000_001 };
  async function harness() {
    const api = await startFakeTelegramApi({ token: TOKEN });
    const port = new InterpreterPort({ [flow.id]: flow }).bind({ id: 'tg', channel: 'telegram', address: BOT_ID, flowId: flow.id });
    const config = readTelegramConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_SECRET: 'hook-secret-0123456',
      TELEGRAM_API_BASE_URL: api.url,
      TELEGRAM_SEND_TIMEOUT_MS: '2000',
      TELEGRAM_SEND_RETRIES: '0',
    });
    const { router, channel } = createTelegram({
      port,
      bindings: port,
      ledger: new MemoryLedger(),
      config,
      production: false,
      defaultInactivityMinutes: 30,
      inbox: { backoff: { baseMs: 20, maxMs: 50, jitter: 0 } },
    });
    if (!channel) throw new Error('a token is set: the channel exists');
    channel.start();
    const url = await listen(router);
    cleanups.push(async () => {
      await channel.close();
      await api.close();
    });
    await postUpdate(url, textUpdate('Bonjour', afiavi), 'hook-secret-0123456');
    await channel.queue.idle();
    const target = { sessionKey: `telegram:${BOT_ID}:${afiavi.userId}`, channel: 'telegram' as const, callerNumber: `telegram:${afiavi.userId}`, locale: 'fr' };
    const agentTexts = () => api.sent().filter((c) => c.params.text === 'Bonjour, ici Awa.');
    return { api, replies: telegramReplies(() => channel), target, agentTexts };
  }

  it('a 5xx is “not now”, and the same reply sent again is delivered exactly once', async () => {
    const { api, replies, target, agentTexts } = await harness();
    api.failNext({ status: 502 });
    expect(await refusal(replies.sendAgentText(target, 'Bonjour, ici Awa.', 'awa', 'm-1'))).toMatchObject({ reason: 'platformUnavailable' });
    expect(agentTexts()).toHaveLength(0);
    await replies.sendAgentText(target, 'Bonjour, ici Awa.', 'awa', 'm-1');
    await replies.sendAgentText(target, 'Bonjour, ici Awa.', 'awa', 'm-1');
    expect(agentTexts()).toHaveLength(1);
  });

  it('flood control (429) is “not now”, with the wait Telegram asks for', async () => {
    const { api, replies, target } = await harness();
    api.failNext({ status: 429, retryAfter: 30 });
    expect(await refusal(replies.sendAgentText(target, 'Bonjour, ici Awa.', 'awa', 'm-2'))).toMatchObject({ reason: 'platformUnavailable', retryAfterSeconds: 30 });
  });

  it('a subscriber who blocked the bot (403) is given up, with the reason', async () => {
    const { api, replies, target } = await harness();
    api.failNext({ status: 403, description: 'Forbidden: bot was blocked by the user' });
    expect(await refusal(replies.sendAgentText(target, 'Toujours là ?', 'awa', 'm-3'))).toMatchObject({ reason: 'recipientUnavailable' });
  });
});

describe('SMS: an agent’s reply the SMSC cannot take now', () => {
  it('a reply the SMSC keeps throttling is “not now”, and the same reply sent again is delivered exactly once', async () => {
    const { sms, smsc, close } = await smsOverFakeSmsc(flow, { baseMs: 1, maxMs: 2 });
    cleanups.push(close);
    const replies = smsReplies(() => sms.channel);
    const target = { sessionKey: 'sms:1919:22901970000', channel: 'sms' as const, callerNumber: '22901970000', locale: 'fr' };
    // More refusals than the link's tries of one submit (20): the SMSC stays overloaded.
    smsc.throttle(21);
    expect(await refusal(replies.sendAgentText(target, 'Bonjour, ici Awa.', 'awa', 'm-1'))).toMatchObject({ reason: 'platformUnavailable' });
    expect(smsc.handset('22901970000').map((m) => m.text)).toEqual([]);
    await replies.sendAgentText(target, 'Bonjour, ici Awa.', 'awa', 'm-1');
    await replies.sendAgentText(target, 'Bonjour, ici Awa.', 'awa', 'm-1');
    expect(smsc.handset('22901970000').map((m) => m.text)).toEqual(['Bonjour, ici Awa.']);
  });

  it('a reply while the link is down is “not now” within the send budget, not a wait without end, and is sent once when it is back', { timeout: 20_000 }, async () => {
    const { sms, smsc, close } = await smsOverFakeSmsc(flow, { baseMs: 50, maxMs: 200 });
    cleanups.push(close);
    const replies = smsReplies(() => sms.channel);
    const target = { sessionKey: 'sms:1919:22901970002', channel: 'sms' as const, callerNumber: '22901970002', locale: 'fr' };
    // The SMSC goes away and refuses binds: the link keeps reconnecting.
    smsc.refusingBinds = true;
    smsc.dropLinks();
    await expect.poll(() => sms.link.state).not.toBe('bound');
    // The channel's send budget here: SMPP_RESPONSE_TIMEOUT_SECONDS=2.
    expect(await refusal(replies.sendAgentText(target, 'Je regarde votre forfait.', 'awa', 'm-down'))).toMatchObject({ reason: 'platformUnavailable' });
    expect(sms.link.outstanding).toBe(0);
    smsc.refusingBinds = false;
    expect(await sms.link.waitBound(10_000)).toBe(true);
    // The recovery pass sends it again under the same id: once on the handset.
    await replies.sendAgentText(target, 'Je regarde votre forfait.', 'awa', 'm-down');
    await replies.sendAgentText(target, 'Je regarde votre forfait.', 'awa', 'm-down');
    expect(smsc.handset('22901970002').map((m) => m.text)).toEqual(['Je regarde votre forfait.']);
  });
});
