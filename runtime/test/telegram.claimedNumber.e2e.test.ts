import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTelegramApi, telegramUpdates as tg, type FakeTelegramApi } from '@griot/connectors/messaging/testing';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * The security review's finding, through the real server and a fake Telegram: on a flow whose
 * phone question links callers, a Telegram user who types someone else's number does not get
 * that subscriber's memory (their remembered plan), and nothing they do changes it (language,
 * last channel, plan, history). The subscriber who shared their own contact card keeps theirs.
 */
const TOKEN = '555000222:AAE2eTelegramTokenForGriotTests-00000';
const BOT_ID = '555000222';
const SECRET = 'e2e-claim-telegram-secret';
const FLOW = 'plans';
const VICTIM_NUMBER = '+2290197000007';
const PLAN = 'Gold-4471';

const both = (fr: string, en: string) => ({ fr: { text: fr }, en: { text: en } });

/** Asks the number (linking callers), the language, says the remembered plan, and lets it change. */
const plansFlow = () => ({
  schemaVersion: 2,
  id: FLOW,
  name: 'Forfaits',
  locales: [
    { code: 'fr', name: 'Français', tts: { vendor: 'google' }, asr: null },
    { code: 'en', name: 'English', tts: { vendor: 'google' }, asr: null },
  ],
  variables: [
    { name: 'phone', type: 'string' },
    { name: 'plan', type: 'string', persist: true },
  ],
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'ask', type: 'input', kind: 'phone', variable: 'phone', prompt: both('Votre numéro ?', 'Your number?'), linkCaller: true },
    {
      id: 'language',
      type: 'language',
      skipIfKnown: true,
      prompt: both('Pour le français, tapez 1.', 'For English, press 2.'),
      options: [
        { locale: 'fr', key: '1' },
        { locale: 'en', key: '2' },
      ],
    },
    { id: 'show', type: 'message', prompt: both('Forfait : [{{plan}}].', 'Plan: [{{plan}}].') },
    {
      id: 'choice',
      type: 'menu',
      prompt: both('1 pour changer, 2 pour quitter.', '1 to change, 2 to leave.'),
      options: [
        { id: 'change', key: '1', label: { fr: 'Changer', en: 'Change' } },
        { id: 'leave', key: '2', label: { fr: 'Quitter', en: 'Leave' } },
      ],
    },
    { id: 'newPlan', type: 'input', kind: 'text', variable: 'plan', prompt: both('Nouveau forfait ?', 'New plan?') },
    { id: 'bye', type: 'end', reason: 'served', prompt: both('Merci.', 'Thank you.') },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'ask' },
    { id: 'e2', source: 'ask', output: 'ok', target: 'language' },
    { id: 'e3', source: 'ask', output: 'noInput', target: 'bye' },
    { id: 'e4', source: 'ask', output: 'invalid', target: 'bye' },
    { id: 'e5', source: 'language', output: 'next', target: 'show' },
    { id: 'e6', source: 'show', output: 'next', target: 'choice' },
    { id: 'e7', source: 'choice', output: 'change', target: 'newPlan' },
    { id: 'e8', source: 'choice', output: 'leave', target: 'bye' },
    { id: 'e9', source: 'choice', output: 'noInput', target: 'bye' },
    { id: 'e10', source: 'choice', output: 'noMatch', target: 'bye' },
    { id: 'e11', source: 'newPlan', output: 'ok', target: 'bye' },
    { id: 'e12', source: 'newPlan', output: 'noInput', target: 'bye' },
    { id: 'e13', source: 'newPlan', output: 'invalid', target: 'bye' },
  ],
  settings: { phoneRegion: 'BJ' },
});

let api: FakeTelegramApi;
let server: TestServer;

beforeAll(async () => {
  api = await startFakeTelegramApi({ token: TOKEN, username: 'griot_plans_bot' });
  server = await startTestServer({ env: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_BASE_URL: api.url } });
  expect((await server.admin.post('/api/flows', { document: plansFlow() })).status).toBe(201);
  expect((await server.admin.post(`/api/flows/${FLOW}/publish`, { message: 'v1' })).status).toBe(201);
  const promoted = await server.admin.post(`/api/flows/${FLOW}/environments/production`, { version: 1 });
  expect(promoted.status, JSON.stringify(promoted.body)).toBe(200);
  expect((await server.admin.post('/api/bindings', { channel: 'telegram', address: BOT_ID, flowId: FLOW, environment: 'production' })).status).toBe(201);
}, 30_000);
afterAll(async () => {
  await server?.stop();
  await api?.close();
});

/** Posts an update as Telegram does and waits until Griot has processed it. */
async function deliver(update: { update_id: number }): Promise<void> {
  expect((await tg.postUpdate(server.url, update, SECRET)).status).toBe(200);
  for (let waited = 0; waited < 10_000; waited += 25) {
    const processed = await server.admin.get('/api/messaging/inbound?state=processed&limit=1000');
    if ((processed.body as { id: string }[]).some((m) => m.id === `telegram:${BOT_ID}:${update.update_id}`)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`update ${update.update_id} was not processed`);
}

const texts = (user: tg.TelegramSubscriber) => api.sent(user.userId).map((c) => String(c.params.text ?? ''));
/** What the bot wrote to `user` from their `from`-th message on. */
const since = (user: tg.TelegramSubscriber, from: number) => texts(user).slice(from).join('\n');
const press = async (user: tg.TelegramSubscriber, label: string) => {
  const buttons = api
    .sent(user.userId)
    .findLast((c) => c.params.reply_markup?.inline_keyboard)
    ?.params.reply_markup.inline_keyboard.flat() as { text: string; callback_data: string }[];
  const button = buttons.find((b) => b.text === label);
  if (!button) throw new Error(`no ${label} button in ${JSON.stringify(buttons)}`);
  await deliver(tg.callbackUpdate(button.callback_data, user));
};

describe('a number typed at a phone question that links callers', () => {
  const victim = { userId: 6_100_000_001 };
  const attacker = { userId: 6_100_000_002 };

  it('gives the typist none of that subscriber’s memory, and changes none of it', async () => {
    // The subscriber shares their own contact card (Telegram vouches for it), chooses English and remembers a plan.
    await deliver(tg.textUpdate('Bonjour', victim));
    await deliver(tg.contactUpdate(VICTIM_NUMBER.slice(1), victim));
    expect(await server.store.getCallerLink(`telegram:${victim.userId}`)).toMatchObject({ number: VICTIM_NUMBER, verified: true });
    await press(victim, 'English');
    await press(victim, 'Change');
    await deliver(tg.textUpdate(PLAN, victim));
    expect(texts(victim).at(-1)).toContain('Thank you.');
    const before = await server.store.getCaller(VICTIM_NUMBER);
    expect(before).toMatchObject({ preferredLocale: 'en', lastChannel: 'telegram', variables: { plan: PLAN } });

    // Someone else types that number, picks French, and leaves.
    await deliver(tg.textUpdate('Bonjour', attacker));
    await deliver(tg.textUpdate('01 97 00 00 07', attacker));
    await press(attacker, 'Français');
    expect(texts(attacker).join('\n')).toContain('Forfait : [].');
    await press(attacker, 'Quitter');
    // And comes back: the subscriber's plan is not read to them, nor is it in their conversation; they change "the" plan.
    const second = texts(attacker).length;
    await deliver(tg.textUpdate('Bonjour', attacker));
    await deliver(tg.textUpdate('0197000007', attacker));
    expect(since(attacker, second)).toContain('Forfait : [].');
    const session = await server.store.getSession(`telegram:${BOT_ID}:${attacker.userId}`, new Date().toISOString());
    expect(session?.session.vars).not.toHaveProperty('plan');
    await press(attacker, 'Changer');
    await deliver(tg.textUpdate('Pirate', attacker));
    expect(texts(attacker).at(-1)).toContain('Merci.');
    expect(texts(attacker).join('\n')).not.toContain(PLAN);

    // The subscriber's profile is as they left it: language, last channel, plan, history; the typist's is their own.
    expect(await server.store.getCaller(VICTIM_NUMBER)).toEqual(before);
    expect(await server.store.getCaller(`telegram:${attacker.userId}`)).toMatchObject({ preferredLocale: 'fr', lastChannel: 'telegram', variables: { plan: 'Pirate' } });
    expect(await server.store.getCallerLink(`telegram:${attacker.userId}`)).toMatchObject({ number: VICTIM_NUMBER, verified: false });

    // The subscriber, back on Telegram, is greeted in English with their own plan.
    const back = texts(victim).length;
    await deliver(tg.textUpdate('Hello', victim));
    await deliver(tg.textUpdate('0197000007', victim));
    const again = since(victim, back);
    expect(again).toContain(`Plan: [${PLAN}].`);
    expect(again).not.toContain('Pour le français');
  }, 60_000);
});
