import express from 'express';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Flow } from '@griot/flows';
import { MemoryLedger } from '../messaging/MemoryLedger.ts';
import { MessagingConversations } from '../messaging/MessagingConversations.ts';
import { InterpreterPort } from '../messaging/testing/InterpreterPort.ts';
import { webchatRouter } from '../webchat/webchatRouter.ts';
import { createTelegram } from '../telegram/createTelegram.ts';
import { readTelegramConfig } from '../telegram/telegramConfig.ts';
import { startFakeTelegramApi } from '../telegram/testing/fakeTelegramApi.ts';
import { callbackUpdate, postUpdate, textUpdate } from '../telegram/testing/telegramUpdates.ts';
import { createMessenger } from '../messenger/createMessenger.ts';
import { readMessengerConfig } from '../messenger/messengerConfig.ts';
import { startFakeMessengerGraph } from '../messenger/testing/fakeMessengerGraph.ts';
import { postMessengerWebhook } from '../messenger/testing/postWebhook.ts';
import { quickReply, textMessage as messengerText, type MessengerWebhook } from '../messenger/testing/webhookFixtures.ts';
import { createBotFramework } from '../botframework/createBotFramework.ts';
import { readBotFrameworkConfig } from '../botframework/botFrameworkConfig.ts';
import { smsOverFakeSmsc } from '../sms/testing/smsOverFakeSmsc.ts';

/**
 * A Fon-speaking subscriber (Fon has recordings, no written texts) on the bundled 1919 flow, whose
 * default language is French: the channel's own words (a menu's body when its prompt is a
 * recording, an unreadable message, a technical problem) are in French on every written channel,
 * as on WhatsApp, never English.
 */
const FLOW = Flow.parse(JSON.parse(readFileSync(new URL('../../../flows/examples/1919-selfcare.json', import.meta.url), 'utf8')));

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(app: express.Express): Promise<string> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('web chat: a Fon visitor', () => {
  it('reads the channel’s words in French', async () => {
    const port = new InterpreterPort({ [FLOW.id]: FLOW }).bind({ id: 'chat-1919', channel: 'webchat', address: 'chat-1919', flowId: FLOW.id });
    const conversations = new MessagingConversations({ port, bindings: port, ledger: new MemoryLedger(), defaultInactivityMinutes: 30 });
    const base = await listen(express().use(webchatRouter({ conversations, bindings: port })));
    const chat = async (body: object) => {
      const response = await fetch(`${base}/chat/chat-1919/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return (await response.json()) as { conversationId: string; replies: unknown[] };
    };
    const opened = await chat({ text: 'Bonjour' });
    const fon = await chat({ conversationId: opened.conversationId, option: 'fon' });
    // The main menu's prompt is a Fon recording: its body is the channel's word, in French.
    expect(JSON.stringify(fon.replies)).toContain('Choisissez une option');
    expect(JSON.stringify(fon.replies)).not.toContain('Choose an option');
  });
});

describe('Telegram: a Fon subscriber', () => {
  it('reads the channel’s words in French', async () => {
    const TOKEN = '123456789:AAFakeTelegramTokenForTests-000000';
    const api = await startFakeTelegramApi({ token: TOKEN });
    const port = new InterpreterPort({ [FLOW.id]: FLOW }).bind({ id: 'tg', channel: 'telegram', address: '123456789', flowId: FLOW.id });
    const config = readTelegramConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: 'hook-secret-0123456', TELEGRAM_API_BASE_URL: api.url, TELEGRAM_SEND_TIMEOUT_MS: '2000' });
    const { router, channel } = createTelegram({ port, bindings: port, ledger: new MemoryLedger(), config, production: false, defaultInactivityMinutes: 30, publicBaseUrl: 'https://griot.example' });
    if (!channel) throw new Error('a token is set: the channel exists');
    channel.start();
    cleanups.push(async () => {
      await channel.close();
      await api.close();
    });
    const url = await listen(express().use(router));
    const subscriber = { userId: 5_550_000_009 };
    await postUpdate(url, textUpdate('Bonjour', subscriber), 'hook-secret-0123456');
    await channel.queue.idle();
    const before = api.sent().length;
    await postUpdate(url, callbackUpdate('fon', subscriber), 'hook-secret-0123456');
    await channel.queue.idle();
    const shown = JSON.stringify(
      api
        .sent()
        .slice(before)
        .map((c) => c.params),
    );
    expect(shown).toContain('Choisissez une option');
    expect(shown).not.toContain('Choose an option');
  });
});

describe('Messenger: a Fon subscriber', () => {
  it('reads the channel’s words in French', async () => {
    const PAGE = '200000000000001';
    const graph = await startFakeMessengerGraph({ pageAccessToken: 'page-token' });
    const port = new InterpreterPort({ [FLOW.id]: FLOW }).bind({ id: 'messenger', channel: 'messenger', address: PAGE, flowId: FLOW.id });
    const config = readMessengerConfig({
      MESSENGER_VERIFY_TOKEN: 'verify-me',
      MESSENGER_APP_SECRET: 'app-secret',
      MESSENGER_PAGE_ACCESS_TOKEN: 'page-token',
      MESSENGER_GRAPH_BASE_URL: graph.url,
      MESSENGER_SEND_TIMEOUT_MS: '2000',
    });
    const { router, channel } = createMessenger({ port, bindings: port, ledger: new MemoryLedger(), config, defaultInactivityMinutes: 30, publicBaseUrl: 'https://griot.example' });
    channel.start();
    cleanups.push(async () => {
      await channel.close();
      await graph.close();
    });
    const url = await listen(express().use(router));
    const sender = { pageId: PAGE, psid: '1254459154682999', timestamp: Date.now() };
    const send = async (body: MessengerWebhook) => {
      for (const event of body.entry.flatMap((e) => e.messaging)) graph.subscriberWrote(event.sender.id, event.timestamp);
      expect((await postMessengerWebhook(url, body, 'app-secret')).status).toBe(200);
      await channel.queue.idle();
    };
    await send(messengerText('Bonjour', sender));
    const before = graph.sent().length;
    await send(quickReply('fon', 'Fon', sender));
    const shown = JSON.stringify(graph.sent().slice(before));
    expect(shown).toContain('Choisissez une option');
    expect(shown).not.toContain('Choose an option');
  });
});

describe('SMS: a Fon subscriber', () => {
  it('reads the channel’s words in French', async () => {
    const { smsc, port, close } = await smsOverFakeSmsc(FLOW, { baseMs: 5, maxMs: 20 });
    cleanups.push(close);
    const handset = () => smsc.handset('22901970009').map((m) => m.text);
    await smsc.deliver({ from: '22901970009', to: '1919', text: 'Bonjour' });
    await expect.poll(() => handset().length, { timeout: 10_000, interval: 20 }).toBeGreaterThan(0);
    const before = handset().length;
    // The language menu's third option: Fon. SMS carries no recordings: the menus are the flow's French text.
    await smsc.deliver({ from: '22901970009', to: '1919', text: '3' });
    await expect.poll(() => handset().slice(before).join('\n'), { timeout: 10_000, interval: 20 }).toContain('Choisissez un service');
    const failing = handset().length;
    port.handle = async () => {
      throw new Error('the engine is down');
    };
    await smsc.deliver({ from: '22901970009', to: '1919', text: '1' });
    await expect.poll(() => handset().slice(failing), { timeout: 20_000, interval: 20 }).toEqual(['Désolé, un problème technique nous empêche de vous répondre. Réessayez dans quelques minutes.']);
  });
});

describe('Bot Framework: a Fon user', () => {
  it('reads the channel’s words in French', async () => {
    const port = new InterpreterPort({ [FLOW.id]: FLOW }).bind({ id: 'bf', channel: 'botframework', address: 'default', flowId: FLOW.id });
    const conversations = new MessagingConversations({ port, bindings: port, ledger: new MemoryLedger(), defaultInactivityMinutes: 30 });
    const { router } = createBotFramework({ conversations, config: readBotFrameworkConfig({}, false) });
    const url = `${await listen(express().use(router))}/api/messages`;
    let seq = 0;
    const post = async (text: string) => {
      const activity = {
        type: 'message',
        id: `act-${++seq}`,
        channelId: 'webchat',
        serviceUrl: 'http://127.0.0.1:1',
        timestamp: new Date().toISOString(),
        from: { id: 'user-1', name: 'Awa' },
        recipient: { id: 'griot-bot', name: 'Griot' },
        conversation: { id: 'conv-fon' },
        locale: 'fr-FR',
        text,
        deliveryMode: 'expectReplies',
      };
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      return JSON.stringify(await response.json());
    };
    await post('Bonjour');
    const shown = await post('Fon');
    expect(shown).toContain('Choisissez une option');
    expect(shown).not.toContain('Choose an option');
  });
});
