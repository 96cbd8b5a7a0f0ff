import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTelegramApi, telegramUpdates as tg, type FakeTelegramApi } from '@griot/connectors/messaging/testing';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * A web chat visitor is anonymous: whatever they send, their contact is not taken for a
 * subscriber's phone number (whose balance and PUK code the 1919 flow reads by caller number).
 */
describe('who a web chat visitor is', () => {
  let server: TestServer;
  let bindingId: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1' } });
    const created = await server.admin.post('/api/bindings', { channel: 'webchat', address: 'site', flowId: 'selfcare-1919', environment: 'production' });
    bindingId = created.body.id;
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  const chat = async (body: unknown) => {
    const response = await fetch(`${server.url}/chat/${bindingId}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, text: await response.text() };
  };

  it('a conversation id spelling a phone number does not give that subscriber’s balance', async () => {
    // 36 characters of hex digits and dashes, which read as +229 01 97 00 00 01 once the dashes go.
    const conversationId = `${'-'.repeat(21)}002290197000001`;
    expect(conversationId).toHaveLength(36);
    const steps = [{ open: true }, { option: 'fr' }, { option: 'balance' }].map((step) => ({ conversationId, ...step }));
    const answers: string[] = [];
    for (const step of steps) answers.push((await chat(step)).text);
    expect(answers.join('\n')).not.toContain('1250');
    expect(await server.store.getSession(`webchat:${bindingId}:${conversationId}`, new Date().toISOString())).toBeNull();
  });

  it('a visitor with the id the server gave still chats', async () => {
    const opened = await chat({ open: true });
    expect(opened.status).toBe(200);
    const { conversationId } = JSON.parse(opened.text) as { conversationId: string };
    await chat({ conversationId, option: 'fr' });
    const balance = await chat({ conversationId, option: 'balance' });
    expect(balance.status).toBe(200);
    expect(balance.text).toContain("n'est pas reconnu");
  });
});

/**
 * A Bot Framework user id is whatever the channel's client says (Direct Line and Web Chat let
 * the page choose it): it is not taken for a subscriber's phone number either.
 */
describe('who a Bot Framework user is', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1' } });
    await server.admin.post('/api/bindings', { channel: 'botframework', address: 'default', flowId: 'selfcare-1919', environment: 'production' });
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  let seq = 0;
  const send = async (from: string, conversation: string, fields: Record<string, unknown>) => {
    const activity = {
      type: 'message',
      id: `act-${++seq}`,
      channelId: 'directline',
      serviceUrl: 'http://127.0.0.1:1',
      deliveryMode: 'expectReplies',
      from: { id: from },
      recipient: { id: 'griot-bot' },
      conversation: { id: conversation },
      ...fields,
    };
    const response = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    return response.text();
  };

  it('a user id spelling a phone number does not give that subscriber’s balance', async () => {
    const answers: string[] = [];
    for (const fields of [{ text: 'Bonjour' }, { value: { option: 'fr' } }, { value: { option: 'balance' } }]) answers.push(await send('+2290197000001', 'conv-forged', fields));
    const all = answers.join('\n');
    expect(all).toContain('Bienvenue sur le 1919');
    expect(all).not.toContain('1250');
    expect(all).toContain("n'est pas reconnu");
  }, 30_000);
});

/**
 * Finding 1 of the channel review, reproduced as it was found: a Bot Framework user whose
 * `from.id` spells a Telegram (or Messenger) subscriber's key is not that subscriber. The
 * Telegram subscriber once shared their own number (a verified link); posing as them gets
 * neither their number nor their PUK, and nothing is filed in their history.
 */
describe('a Bot Framework user posing as another channel’s subscriber', () => {
  const TOKEN = '777000111:AAE2eTelegramTokenForGriotTests-00000';
  const BOT_ID = '777000111';
  const SECRET = 'e2e-identity-telegram-secret';
  const victim = { userId: 555_000_111 };
  let api: FakeTelegramApi;
  let server: TestServer;

  beforeAll(async () => {
    api = await startFakeTelegramApi({ token: TOKEN, username: 'griot1919_bot' });
    server = await startTestServer({ env: { GRIOT_DEMO: '1', TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_BASE_URL: api.url } });
    await server.admin.post('/api/bindings', { channel: 'botframework', address: 'default', flowId: 'selfcare-1919', environment: 'production' });
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
    await api?.close();
  });

  /** Posts an update as Telegram does and waits until Griot has processed it. */
  const deliver = async (update: { update_id: number }) => {
    expect((await tg.postUpdate(server.url, update, SECRET)).status).toBe(200);
    for (let waited = 0; waited < 10_000; waited += 25) {
      const processed = await server.admin.get('/api/messaging/inbound?state=processed&limit=1000');
      if ((processed.body as { id: string }[]).some((m) => m.id === `telegram:${BOT_ID}:${update.update_id}`)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`update ${update.update_id} was not processed`);
  };
  const press = async (label: string) => {
    const buttons = api
      .sent(victim.userId)
      .findLast((c) => c.params.reply_markup?.inline_keyboard)
      ?.params.reply_markup.inline_keyboard.flat() as { text: string; callback_data: string }[];
    const button = buttons.find((b) => b.text === label);
    if (!button) throw new Error(`no ${label} button`);
    await deliver(tg.callbackUpdate(button.callback_data, victim));
  };

  let seq = 0;
  /** The PUK menu through Direct Line as `from`, in conversation `conversation`: everything the bot answered. */
  const askPukAs = async (from: string, conversation: string) => {
    const answers: string[] = [];
    for (const fields of [{ text: 'Bonjour' }, { value: { option: 'fr' } }, { value: { option: 'puk' } }]) {
      const activity = {
        type: 'message',
        id: `act-${++seq}`,
        channelId: 'directline',
        serviceUrl: 'http://127.0.0.1:1',
        deliveryMode: 'expectReplies',
        from: { id: from },
        recipient: { id: 'griot-bot' },
        conversation: { id: conversation },
        ...fields,
      };
      const response = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      expect(response.status).toBe(200);
      answers.push(await response.text());
    }
    return answers.join('\n');
  };
  const callerOf = async (conversation: string) => (await server.store.getSession(`botframework:${conversation}`, new Date().toISOString()))?.session.caller.number;

  it('the Telegram subscriber who shared their own number gets their PUK on Telegram', async () => {
    await deliver(tg.contactUpdate('2290197000001', victim));
    expect(await server.store.getCallerLink(`telegram:${victim.userId}`)).toMatchObject({ number: '+2290197000001', verified: true });
    await press('Français');
    await press('Code PUK');
    expect(
      api
        .sent(victim.userId)
        .map((c) => String(c.params.text ?? ''))
        .join('\n'),
    ).toContain('12345678');
  }, 30_000);

  it('from.id "telegram:<their id>" gets neither their number nor their PUK, and leaves their history alone', async () => {
    const before = await server.store.getCaller('+2290197000001');
    const answers = await askPukAs(`telegram:${victim.userId}`, 'conv-posing-telegram');
    expect(answers).toContain('Bienvenue sur le 1919');
    expect(answers).not.toContain('12345678');
    expect(await callerOf('conv-posing-telegram')).toBe(`botframework:telegram:${victim.userId}`);
    expect(await server.store.getCallerLink(`botframework:telegram:${victim.userId}`)).toBeNull();
    expect(await server.store.getCallerLink(`telegram:${victim.userId}`)).toMatchObject({ number: '+2290197000001', verified: true });
    const after = await server.store.getCaller('+2290197000001');
    expect(after?.lastChannel).toBe('telegram');
    expect(after?.contacts).toEqual(before?.contacts);
  }, 30_000);

  it('from.id "messenger:<psid>" is not that Messenger subscriber, even one linked to a number', async () => {
    await server.store.linkCaller({ key: 'messenger:7100003', number: '+2290197000003', verified: true, linkedAt: new Date().toISOString() });
    const answers = await askPukAs('messenger:7100003', 'conv-posing-messenger');
    expect(answers).not.toContain('11223344');
    expect(await callerOf('conv-posing-messenger')).toBe('botframework:messenger:7100003');
    expect(await server.store.getCaller('+2290197000003')).toBeNull();
  }, 30_000);

  it('from.id spelling a phone number gets no number and no PUK', async () => {
    const answers = await askPukAs('+2290197000004', 'conv-posing-number');
    expect(answers).not.toContain('55667788');
    expect(await callerOf('conv-posing-number')).toBe('botframework:+2290197000004');
    expect(await server.store.getCaller('+2290197000004')).toBeNull();
  }, 30_000);
});
