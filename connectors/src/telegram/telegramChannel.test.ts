import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Flow, lintFlow, type FlowEvent } from '@griot/flows';
import { MemoryLedger } from '../messaging/MemoryLedger.ts';
import { InterpreterPort } from '../messaging/testing/InterpreterPort.ts';
import { menuFlow } from '../messaging/testing/menuFlow.ts';
import type { ConversationTurn } from '../channel/ConversationPort.ts';
import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import { createTelegram } from './createTelegram.ts';
import { readTelegramConfig } from './telegramConfig.ts';
import { telegramReplies } from './telegramReplies.ts';
import type { TelegramChannel } from './TelegramChannel.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from './testing/fakeTelegramApi.ts';
import { callbackUpdate, contactUpdate, groupTextUpdate, postUpdate, textUpdate, type TelegramSubscriber } from './testing/telegramUpdates.ts';

const SECRET = 'webhook-secret_123';
const TOKEN = '123456789:AAFakeTelegramTokenForTests-000000';
const BOT_ID = '123456789';

/** The engine in memory, remembering what each `handle` was given besides its event. */
class RecordingPort extends InterpreterPort {
  readonly options: { key: string; event: FlowEvent; sharedNumber?: string | undefined }[] = [];
  /** As the runtime's engine: a contact handed over waits for its agent. */
  async waitsForAgent(key: string): Promise<boolean> {
    return this.sessions.get(key)?.status === 'handoff';
  }
  override async handle(key: string, event: FlowEvent, options?: { sharedNumber?: string }): Promise<ConversationTurn> {
    this.options.push({ key, event, sharedNumber: options?.sharedNumber });
    return super.handle(key, event);
  }
}

interface Harness {
  url: string;
  api: FakeTelegramApi;
  port: RecordingPort;
  channel: TelegramChannel;
  logs: string[];
  idle: () => Promise<void>;
  send: (update: unknown, secret?: string | null) => Promise<Response>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function harness(flow: Flow = menuFlow(3), env: Record<string, string> = {}, production = false): Promise<Harness> {
  const api = await startFakeTelegramApi({ token: TOKEN });
  const port = new RecordingPort({ [flow.id]: flow });
  port.bind({ id: 'tg', channel: 'telegram', address: BOT_ID, flowId: flow.id });
  const logs: string[] = [];
  const logger: ChannelLogger = {
    info: (d, m) => logs.push(JSON.stringify([d, m])),
    warn: (d, m) => logs.push(JSON.stringify([d, m])),
    error: (d, m) => logs.push(JSON.stringify([d, m])),
    debug: (d, m) => logs.push(JSON.stringify([d, m])),
  };
  const config = readTelegramConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_BASE_URL: api.url, TELEGRAM_SEND_TIMEOUT_MS: '2000', ...env });
  const { router, channel } = createTelegram({
    port,
    bindings: port,
    ledger: new MemoryLedger(),
    config,
    production,
    defaultInactivityMinutes: 30,
    publicBaseUrl: 'https://griot.example',
    logger,
    inbox: { backoff: { baseMs: 20, maxMs: 50, jitter: 0 } },
  });
  if (!channel) throw new Error('a token is set: the channel exists');
  channel.start();
  const server: Server = await new Promise((resolve) => {
    const s = express()
      .use(router)
      .listen(0, '127.0.0.1', () => resolve(s));
  });
  cleanups.push(async () => {
    server.close();
    await channel.close();
    await api.close();
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, api, port, channel, logs, idle: () => channel.queue.idle(), send: (update, secret = SECRET) => postUpdate(url, update, secret) };
}

const afiavi: TelegramSubscriber = { userId: 5_550_000_001 };
const keyboardOf = (api: FakeTelegramApi) =>
  api
    .sent()
    .findLast((c) => c.params.reply_markup?.inline_keyboard)
    ?.params.reply_markup.inline_keyboard.flat();

describe('Telegram webhook', () => {
  it('refuses an update without the secret token (401) or with another (403), and processes nothing', async () => {
    const { send, port, api, idle } = await harness();
    expect((await send(textUpdate('Bonjour', afiavi), null)).status).toBe(401);
    expect((await send(textUpdate('Bonjour', afiavi), 'webhook-secret_124')).status).toBe(403);
    await idle();
    expect(port.calls).toEqual([]);
    expect(api.sent()).toEqual([]);
  });

  it('refuses every update in production when no secret is configured', async () => {
    const api = await startFakeTelegramApi({ token: TOKEN });
    cleanups.push(() => api.close());
    const port = new InterpreterPort({});
    const config = readTelegramConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_BASE_URL: api.url });
    const { router, channel } = createTelegram({ port, bindings: port, ledger: new MemoryLedger(), config, production: true, defaultInactivityMinutes: 30 });
    const server: Server = await new Promise((resolve) => {
      const s = express()
        .use(router)
        .listen(0, '127.0.0.1', () => resolve(s));
    });
    cleanups.push(async () => {
      server.close();
      await channel?.close();
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect((await postUpdate(url, textUpdate('Bonjour', afiavi), null)).status).toBe(403);
    expect((await postUpdate(url, textUpdate('Bonjour', afiavi), 'anything')).status).toBe(403);
    expect(port.calls).toEqual([]);
  });

  it('shows the menu as an inline keyboard whose buttons carry the option ids, and a press answers its query and moves on', async () => {
    const { send, api, idle } = await harness();
    expect((await send(textUpdate('Bonjour', afiavi))).status).toBe(200);
    await idle();
    // The language first: a keyboard too.
    const language = keyboardOf(api);
    expect(language.map((b: { text: string }) => b.text)).toEqual(['Français', 'English']);
    const french = callbackUpdate(language[0].callback_data, afiavi);
    await send(french);
    await idle();
    expect(api.answered()).toContain(french.callback_query.id);
    const main = api.sent().at(-1)!;
    expect(main.params).toMatchObject({ chat_id: String(afiavi.userId), text: 'Que voulez-vous faire ?' });
    expect(main.params.reply_markup.inline_keyboard).toEqual([
      [{ text: 'Solde', callback_data: 'opt1' }],
      [{ text: 'Code PUK', callback_data: 'opt2' }],
      [{ text: 'Conseiller', callback_data: 'agent' }],
    ]);
    const press = callbackUpdate('opt2', afiavi);
    await send(press);
    await idle();
    expect(api.answered()).toContain(press.callback_query.id);
    // The answer and the menu again, as one message with the keyboard under it.
    expect(api.sent().at(-1)!.params).toMatchObject({ text: 'Vous avez choisi Code PUK.\n\nQue voulez-vous faire ?', reply_markup: { inline_keyboard: expect.any(Array) } });
    // Plain text, always: nothing the flow writes is read as Markdown or HTML.
    expect(api.sent().every((c) => c.params.parse_mode === undefined)).toBe(true);
  });

  it('answers a message dated past what a date can hold (was 503: Telegram re-delivered it, holding back the bot’s next updates)', async () => {
    const { send, api, idle } = await harness();
    const far = textUpdate('Bonjour', afiavi);
    far.message.date = 9_000_000_000_000;
    expect((await send(far)).status).toBe(200);
    await idle();
    expect(keyboardOf(api).map((b: { text: string }) => b.text)).toEqual(['Français', 'English']);
  });

  it('begins again at « /start » (Telegram’s Start, « Restart bot »), where each counted as a wrong answer to the menu and the third handed the subscriber to an agent', async () => {
    const { send, api, idle, port } = await harness();
    await send(textUpdate('/start', afiavi));
    await idle();
    await send(callbackUpdate('fr', afiavi));
    await idle();
    const menu = api.sent().at(-1)!.params;
    expect(menu.text).toBe('Que voulez-vous faire ?');
    for (const again of ['/start', '/start@GriotBot', '/start promo2026']) {
      const before = api.sent().length;
      await send(textUpdate(again, afiavi));
      await idle();
      // The menu from the start (French remembered), never « Je vous passe un conseiller ».
      expect(
        api
          .sent()
          .slice(before)
          .map((c) => c.params),
      ).toEqual([menu]);
    }
    expect(port.calls.slice(2).map((c) => [c.op, c.reason ?? c.event ?? null])).toEqual([
      ['end', 'restarted'],
      ['start', null],
      ['end', 'restarted'],
      ['start', null],
      ['end', 'restarted'],
      ['start', null],
    ]);
  });

  it('gives « /start » to the agent who holds the conversation, as the subscriber’s words', async () => {
    const { send, idle, port } = await harness();
    await send(textUpdate('Bonjour', afiavi));
    await send(callbackUpdate('fr', afiavi));
    await send(callbackUpdate('agent', afiavi));
    await idle();
    const before = port.calls.length;
    await send(textUpdate('/start', afiavi));
    await idle();
    expect(port.calls.slice(before).map((c) => [c.op, c.event ?? null])).toEqual([['handle', { type: 'text', text: '/start' }]]);
  });

  it('answers an update delivered twice (same update_id) once', async () => {
    const { send, api, idle, port } = await harness();
    const update = textUpdate('Bonjour', afiavi);
    expect((await send(update)).status).toBe(200);
    await idle();
    const after = api.sent().length;
    expect((await send(update)).status).toBe(200);
    await idle();
    expect(api.sent().length).toBe(after);
    expect(port.calls.filter((c) => c.op === 'start')).toHaveLength(1);
  });

  it('waits out a 429’s retry_after, then sends', async () => {
    const { send, api, idle } = await harness();
    api.failNext({ status: 429, retryAfter: 1 });
    const began = Date.now();
    await send(textUpdate('Bonjour', afiavi));
    await idle();
    const attempts = api.calls.filter((c) => c.method === 'sendMessage');
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(Date.now() - began).toBeGreaterThanOrEqual(1000);
  });

  it('splits a text longer than 4,096 characters, cutting nothing', async () => {
    const long = Array.from({ length: 80 }, (_, i) => `Article ${i + 1} : le service répond sans frais.`).join(' ');
    const flow = Flow.parse({
      schemaVersion: 2,
      id: 'long',
      name: 'Long',
      locales: [{ code: 'fr', name: 'Français', tts: null, asr: null }],
      nodes: [
        { id: 'start', type: 'start' },
        { id: 'a', type: 'message', prompt: { fr: { text: long } } },
        { id: 'b', type: 'message', prompt: { fr: { text: long } } },
        { id: 'end', type: 'end', reason: 'done' },
      ],
      edges: [
        { id: 'e1', source: 'start', output: 'next', target: 'a' },
        { id: 'e2', source: 'a', output: 'next', target: 'b' },
        { id: 'e3', source: 'b', output: 'next', target: 'end' },
      ],
    });
    const { send, api, idle } = await harness(flow);
    await send(textUpdate('Bonjour', afiavi));
    await idle();
    const texts = api.sent().map((c) => c.params.text as string);
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.every((t) => t.length <= 4096)).toBe(true);
    expect(texts.join(' ').replace(/\s+/g, ' ')).toBe(`${long} ${long}`);
  });

  it('serves private chats only: a group message is answered 200 and left alone', async () => {
    const { send, api, idle, port } = await harness();
    expect((await send(groupTextUpdate('Bonjour', afiavi))).status).toBe(200);
    await idle();
    expect(port.calls).toEqual([]);
    expect(api.sent()).toEqual([]);
  });
});

describe('Telegram: each chat has a fair share of the queue', () => {
  it('refuses a chat past its share (503: Telegram re-delivers) while another chat still gets in', async () => {
    const { send, api, idle, port } = await harness(menuFlow(3), { TELEGRAM_MAX_PENDING: '5', TELEGRAM_MAX_PENDING_PER_SENDER: '3' });
    const loopingBot: TelegramSubscriber = { userId: 5_550_000_666 };
    // Telegram holds the first reply: the chat's first update stays in processing, the next ones wait behind it.
    api.failNext({ delayMs: 1_000 });
    const answers: number[] = [];
    for (let i = 0; i < 6; i += 1) answers.push((await send(textUpdate(`boucle ${i}`, loopingBot))).status);
    expect(answers).toEqual([200, 200, 200, 503, 503, 503]);
    expect((await send(textUpdate('Bonjour', afiavi))).status).toBe(200);
    await idle();
    expect(api.sent().filter((c) => c.params.chat_id === String(afiavi.userId))).toHaveLength(1);
    expect(port.calls.filter((c) => c.key === `telegram:${BOT_ID}:${loopingBot.userId}` && c.op === 'handle')).toHaveLength(3);
  });
});

describe('Telegram deep links (« /start offre-noel »)', () => {
  /** A flow that greets by where the subscriber came from, then asks what they want. */
  const campaignFlow = (): Flow => {
    const base = menuFlow(3);
    return Flow.parse({
      ...base,
      id: 'campaign-test',
      nodes: [...base.nodes, { id: 'hello', type: 'message', prompt: { fr: { text: 'Bienvenue, campagne {{caller.source}}.' } } }],
      edges: [
        ...base.edges.filter((e) => e.id !== 'e_start'),
        { id: 'e_start', source: 'start', output: 'next', target: 'hello' },
        { id: 'e_hello', source: 'hello', output: 'next', target: 'language' },
      ],
    });
  };
  const greeting = (api: FakeTelegramApi, user: TelegramSubscriber) =>
    api
      .sent()
      .filter((c) => c.params.chat_id === String(user.userId) || c.params.chat_id === user.userId)
      .map((c) => String(c.params.text).split('\n\n')[0])
      .findLast((t) => t?.startsWith('Bienvenue'));

  it('gives the flow the payload of the link or QR code the subscriber followed, as caller.source', async () => {
    // A built-in caller field: an editor may write it in a prompt.
    expect(lintFlow(campaignFlow()).filter((i) => i.code === 'variable.undefined')).toEqual([]);
    const { send, api, idle, port } = await harness(campaignFlow());
    const user = { userId: 5_550_000_101 };
    await send(textUpdate('/start offre-noel', user));
    await idle();
    expect(greeting(api, user)).toBe('Bienvenue, campagne offre-noel.');
    expect(port.sessions.get(`telegram:${BOT_ID}:${user.userId}`)?.caller.source).toBe('offre-noel');
  });

  it('a new link mid-conversation begins again with its own payload', async () => {
    const { send, api, idle, port } = await harness(campaignFlow());
    const user = { userId: 5_550_000_102 };
    await send(textUpdate('/start offre-noel', user));
    await send(callbackUpdate('fr', user));
    await send(textUpdate('/start@GriotBot boutique-cotonou', user));
    await idle();
    expect(port.sessions.get(`telegram:${BOT_ID}:${user.userId}`)?.caller.source).toBe('boutique-cotonou');
    expect(greeting(api, user)).toBe('Bienvenue, campagne boutique-cotonou.');
  });

  it('ignores a payload Telegram would not send (another alphabet, over 64 characters, several words): never passed on, never echoed', async () => {
    const { send, api, idle, port } = await harness(campaignFlow());
    const hostile = ['<b>x</b>', '{{secret.TOKEN}}', 'a'.repeat(65), 'offre noel', 'offre-noël', "x'+OR+1=1"];
    for (const [i, payload] of hostile.entries()) {
      const user = { userId: 5_550_000_200 + i };
      await send(textUpdate(`/start ${payload}`, user));
      await idle();
      expect(port.sessions.get(`telegram:${BOT_ID}:${user.userId}`)?.caller.source, payload).toBeUndefined();
      expect(greeting(api, user), payload).toBe('Bienvenue, campagne .');
    }
    expect(JSON.stringify(api.sent())).not.toContain('<b>');
    expect(JSON.stringify(api.sent())).not.toContain('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
  });
});

describe('Telegram phone numbers', () => {
  const phoneFlow = () =>
    Flow.parse({
      schemaVersion: 2,
      id: 'phone',
      name: 'Phone',
      locales: [{ code: 'fr', name: 'Français', tts: null, asr: null }],
      variables: [{ name: 'phone', type: 'string' }],
      nodes: [
        { id: 'start', type: 'start' },
        { id: 'ask', type: 'input', kind: 'phone', variable: 'phone', prompt: { fr: { text: 'Quel est votre numéro ?' } }, linkCaller: true },
        { id: 'thanks', type: 'message', prompt: { fr: { text: 'Merci, {{phone}}.' } } },
        { id: 'end', type: 'end', reason: 'done' },
      ],
      edges: [
        { id: 'e1', source: 'start', output: 'next', target: 'ask' },
        { id: 'e2', source: 'ask', output: 'ok', target: 'thanks' },
        { id: 'e3', source: 'ask', output: 'noInput', target: 'end' },
        { id: 'e4', source: 'ask', output: 'invalid', target: 'end' },
        { id: 'e5', source: 'thanks', output: 'next', target: 'end' },
      ],
      settings: { phoneRegion: 'BJ' },
    });

  it('offers the “Share my number” button under a phone question, and takes the subscriber’s own card as the answer and as their verified number', async () => {
    const { send, api, idle, port } = await harness(phoneFlow());
    await send(textUpdate('Bonjour', afiavi));
    await idle();
    expect(api.sent().at(-1)!.params).toMatchObject({
      text: 'Quel est votre numéro ?',
      reply_markup: { keyboard: [[{ text: 'Partager mon numéro', request_contact: true }]], one_time_keyboard: true },
    });
    await send(contactUpdate('2290197000001', afiavi));
    await idle();
    expect(port.options.at(-1)).toEqual({ key: `telegram:${BOT_ID}:${afiavi.userId}`, event: { type: 'text', text: '+2290197000001' }, sharedNumber: '+2290197000001' });
    // The answer takes the contact keyboard away.
    expect(api.sent().at(-1)!.params).toMatchObject({ text: 'Merci, +2290197000001.', reply_markup: { remove_keyboard: true } });
  });

  it('never takes someone else’s card for the subscriber’s number', async () => {
    const { send, api, idle, port } = await harness(phoneFlow());
    await send(textUpdate('Bonjour', afiavi));
    await idle();
    await send(contactUpdate('2290197000002', afiavi, 5_550_000_999));
    await send(contactUpdate('2290197000003', afiavi, null));
    await idle();
    expect(port.options.filter((o) => o.sharedNumber !== undefined)).toEqual([]);
    expect(
      api
        .sent()
        .slice(-2)
        .map((c) => c.params.text),
    ).toEqual([
      'Je ne peux enregistrer que votre propre numéro : utilisez le bouton « Partager mon numéro », ou écrivez-le.',
      'Je ne peux enregistrer que votre propre numéro : utilisez le bouton « Partager mon numéro », ou écrivez-le.',
    ]);
  });
});

describe('Telegram outside the subscriber’s turn, and secrets', () => {
  it('sends an agent’s words to the chat', async () => {
    const { send, api, idle, channel } = await harness();
    await send(textUpdate('Bonjour', afiavi));
    await idle();
    const replies = telegramReplies(() => channel);
    await replies.sendAgentText({ sessionKey: `telegram:${BOT_ID}:${afiavi.userId}`, channel: 'telegram', callerNumber: `telegram:${afiavi.userId}`, locale: 'fr' }, 'Bonjour, ici Awa.', 'awa');
    expect(api.sent().at(-1)!.params).toMatchObject({ chat_id: String(afiavi.userId), text: 'Bonjour, ici Awa.' });
  });

  it('never writes the bot token in a log, even when Telegram refuses it or cannot be reached', async () => {
    const { send, idle, logs, api } = await harness(menuFlow(3), { TELEGRAM_SEND_RETRIES: '0' });
    api.failNext({ status: 500 });
    await send(textUpdate('Bonjour', afiavi));
    await idle();
    const secretPart = TOKEN.split(':')[1]!;
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('\n')).not.toContain(secretPart);
  });
});
