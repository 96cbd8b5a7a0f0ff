import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTelegramApi, telegramUpdates as tg, type FakeTelegramApi } from '@griot/connectors/messaging/testing';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * Telegram on the 1919 demo, through the real server: the demo binds the configured bot, the
 * menu comes as an inline keyboard and a press is answered, a forged update is refused, an
 * update delivered twice is answered once, and a subscriber who shares their own number has
 * their profile linked, so the language they chose follows them to a call, and back.
 */
const TOKEN = '555000111:AAE2eTelegramTokenForGriotTests-00000';
const BOT_ID = '555000111';
const SECRET = 'e2e-telegram-secret';
const JAMBONZ_SECRET = 'e2e-telegram-jambonz';

let api: FakeTelegramApi;
let server: TestServer;

beforeAll(async () => {
  api = await startFakeTelegramApi({ token: TOKEN, username: 'griot1919_bot' });
  server = await startTestServer({
    env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: JAMBONZ_SECRET, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_BASE_URL: api.url },
  });
});
afterAll(async () => {
  await server?.stop();
  await api?.close();
});

/** Posts an update as Telegram does and waits until Griot has processed it. */
async function deliver(update: { update_id: number }): Promise<void> {
  const response = await tg.postUpdate(server.url, update, SECRET);
  expect(response.status).toBe(200);
  for (let waited = 0; waited < 10_000; waited += 25) {
    const processed = await server.admin.get('/api/messaging/inbound?state=processed&limit=1000');
    if ((processed.body as { id: string }[]).some((m) => m.id === `telegram:${BOT_ID}:${update.update_id}`)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`update ${update.update_id} was not processed`);
}

const keyboard = (user: tg.TelegramSubscriber) =>
  api
    .sent(user.userId)
    .findLast((c) => c.params.reply_markup?.inline_keyboard)
    ?.params.reply_markup.inline_keyboard.flat() as { text: string; callback_data: string }[];
const pressLabel = async (user: tg.TelegramSubscriber, label: string) => {
  const button = keyboard(user).find((b) => b.text === label);
  if (!button) throw new Error(`no ${label} button`);
  const press = tg.callbackUpdate(button.callback_data, user);
  await deliver(press);
  return press;
};
const texts = (user: tg.TelegramSubscriber) => api.sent(user.userId).map((c) => String(c.params.text ?? ''));

describe('Telegram on the 1919 demo', () => {
  it('binds the configured bot (its id) to the 1919 flow', async () => {
    const bindings = (await server.admin.get('/api/bindings')).body as { channel: string; address: string; flowId: string }[];
    const voice = bindings.find((b) => b.channel === 'voice');
    expect(bindings).toContainEqual(expect.objectContaining({ channel: 'telegram', address: BOT_ID, flowId: voice?.flowId }));
  });

  it('shows the menu as buttons, and a press is answered and moves on', async () => {
    const user = { userId: 6_000_000_001 };
    await deliver(tg.textUpdate('Bonjour', user));
    expect(keyboard(user).map((b) => b.text)).toEqual(['Français', 'English', 'Fon']);
    const press = await pressLabel(user, 'English');
    expect(api.answered()).toContain(press.callback_query.id);
    const menu = api.sent(user.userId).at(-1)!.params;
    expect(menu.text).toContain('Welcome to 1919, Griot Telecom customer service.');
    expect(menu.reply_markup.inline_keyboard.flat().map((b: { text: string }) => b.text)).toEqual(expect.arrayContaining(['PUK code']));
    expect(api.sent().every((c) => c.params.parse_mode === undefined)).toBe(true);
  });

  it('begins again at « /start » in mid-menu: the welcome and the menu, not « that is not a valid choice »', async () => {
    const user = { userId: 6_000_000_009 };
    await deliver(tg.textUpdate('/start', user));
    await pressLabel(user, 'English');
    const welcome = api.sent(user.userId).at(-1)!.params;
    expect(welcome.text).toContain('Welcome to 1919');
    const before = api.sent(user.userId).length;
    await deliver(tg.textUpdate('/start', user));
    const again = api.sent(user.userId).slice(before);
    expect(again.at(-1)!.params.text).toBe(welcome.text);
    expect(again.at(-1)!.params.reply_markup).toEqual(welcome.reply_markup);
  });

  it('gives the flow where the subscriber came from (a deep link’s « /start offre-noel »), and keeps it in the transcript', async () => {
    const user = { userId: 6_000_000_020 };
    const key = `telegram:${BOT_ID}:${user.userId}`;
    await deliver(tg.textUpdate('/start offre-noel', user));
    expect((await server.store.getSession(key, new Date().toISOString()))?.session.caller.source).toBe('offre-noel');
    // A new link mid-conversation: a new contact, with its own source.
    await pressLabel(user, 'English');
    await deliver(tg.textUpdate('/start boutique-cotonou', user));
    expect((await server.store.getSession(key, new Date().toISOString()))?.session.caller.source).toBe('boutique-cotonou');
    const transcripts = async () => JSON.stringify(await server.store.listTranscripts({ callerNumber: `telegram:${user.userId}`, limit: 10 }));
    await expect.poll(transcripts).toContain('/start boutique-cotonou');
    expect(await transcripts()).toContain('/start offre-noel');
  });

  it('drops a payload Telegram would not send: not in the session, not in the transcript', async () => {
    const user = { userId: 6_000_000_021 };
    const key = `telegram:${BOT_ID}:${user.userId}`;
    await deliver(tg.textUpdate('/start <script>alert(1)</script>', user));
    const record = await server.store.getSession(key, new Date().toISOString());
    expect(record?.session.status).not.toBe('ended');
    expect(record?.session.caller.source).toBeUndefined();
    await pressLabel(user, 'English');
    const transcripts = JSON.stringify(await server.store.listTranscripts({ callerNumber: `telegram:${user.userId}`, limit: 10 }));
    expect(transcripts).not.toContain('<script>');
    expect(JSON.stringify(api.sent(user.userId))).not.toContain('<script>');
  });

  it('takes the one number of a short sentence as the option it names (« le 2 svp », "option 4 please"), where « not a valid choice » came back', async () => {
    const pressed = { userId: 6_000_000_022 };
    await deliver(tg.textUpdate('Bonjour', pressed));
    await pressLabel(pressed, 'English');
    await pressLabel(pressed, 'Speak to an agent');
    const agentReply = api.sent(pressed.userId).at(-1)!.params.text;

    const writer = { userId: 6_000_000_023 };
    await deliver(tg.textUpdate('Bonjour', writer));
    await deliver(tg.textUpdate('le 2 svp', writer));
    expect(api.sent(writer.userId).at(-1)!.params.text).toContain('Welcome to 1919');
    await deliver(tg.textUpdate('option 4 please', writer));
    expect(api.sent(writer.userId).at(-1)!.params.text).toBe(agentReply);
  });

  it('refuses a forged update (no secret token, or another) and starts nothing', async () => {
    const user = { userId: 6_000_000_002 };
    expect((await tg.postUpdate(server.url, tg.textUpdate('Bonjour', user), null)).status).toBe(401);
    expect((await tg.postUpdate(server.url, tg.textUpdate('Bonjour', user), 'guessed-secret')).status).toBe(403);
    expect(await server.store.getSession(`telegram:${BOT_ID}:${user.userId}`, new Date().toISOString())).toBeNull();
    expect(api.sent(user.userId)).toEqual([]);
  });

  it('answers an update delivered twice once', async () => {
    const user = { userId: 6_000_000_003 };
    const update = tg.textUpdate('Bonjour', user);
    await deliver(update);
    const answered = api.sent(user.userId).length;
    expect(answered).toBeGreaterThan(0);
    expect((await tg.postUpdate(server.url, update, SECRET)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(api.sent(user.userId).length).toBe(answered);
  });

  it('links the profile when the subscriber shares their own number: English chosen on Telegram greets their next call', async () => {
    const user = { userId: 6_000_000_004 };
    await deliver(tg.textUpdate('Bonjour', user));
    await pressLabel(user, 'English');
    await deliver(tg.contactUpdate('2290197000002', user));
    const link = await server.store.getCallerLink(`telegram:${user.userId}`);
    expect(link).toMatchObject({ number: '+2290197000002', verified: true });
    const profile = await server.store.getCaller('+2290197000002');
    expect(profile).toMatchObject({ preferredLocale: 'en', lastChannel: 'telegram' });

    const call = new SimulatedCall(httpLink(server.url, { secret: JAMBONZ_SECRET }), { callSid: 'CA-after-telegram', from: '+2290197000002', to: '1919' });
    await call.start();
    const heard = call.heard.join(' ');
    expect(heard).toContain('Welcome to 1919');
    expect(heard).not.toContain('Pour le français');
    await call.hangup();
  });

  it('greets in the language chosen on the phone once the subscriber shares their number on Telegram', async () => {
    const call = new SimulatedCall(httpLink(server.url, { secret: JAMBONZ_SECRET }), { callSid: 'CA-before-telegram', from: '+2290197000004', to: '1919' });
    await call.start();
    await call.press('2');
    await call.hangup();
    const user = { userId: 6_000_000_005 };
    // Their first message is their contact card: no language menu, English at once.
    await deliver(tg.contactUpdate('+2290197000004', user));
    const first = texts(user).join('\n');
    expect(first).toContain('Welcome to 1919');
    expect(first).not.toContain('Pour le français');
  });

  it('never links someone else’s card', async () => {
    const user = { userId: 6_000_000_006 };
    await deliver(tg.textUpdate('Bonjour', user));
    await deliver(tg.contactUpdate('2290197000001', user, 6_000_000_999));
    expect(await server.store.getCallerLink(`telegram:${user.userId}`)).toBeNull();
    expect(texts(user).at(-1)).toContain('votre propre numéro');
  });
});
