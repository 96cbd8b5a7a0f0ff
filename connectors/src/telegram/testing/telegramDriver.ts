import type { MenuPresentation } from '@griot/flows';
import { inboxSettled } from '../../conformance/inboxSettled.ts';
import { numberedMenu } from '../../conformance/numberedMenu.ts';
import { adminGet, bindAddress, type ChannelDriver, type Screen, type Subscriber } from '../../conformance/ChannelDriver.ts';
import { startFakeTelegramApi, type FakeTelegramApi, type RecordedTelegramCall } from './fakeTelegramApi.ts';
import { callbackUpdate, newUpdateId, postUpdate, textUpdate, type TelegramSubscriber } from './telegramUpdates.ts';

const TOKEN = '987654321:AAConformanceTelegramToken-0000000000';
const BOT_ID = '987654321';
const SECRET = 'conformance-telegram-secret';

/** What a Telegram chat shows for the calls Griot made: texts, and the inline keyboard under the last one. */
export function telegramScreenOf(sent: readonly RecordedTelegramCall[]): Screen {
  const texts: string[] = [];
  let menu: Screen['menu'];
  for (const { method, params } of sent) {
    if (method !== 'sendMessage') continue;
    texts.push(params.text);
    const keyboard = params.reply_markup?.inline_keyboard as { text: string }[][] | undefined;
    if (keyboard) {
      menu = { presentation: 'buttons' as MenuPresentation, labels: keyboard.flat().map((b) => b.text) };
      continue;
    }
    // A menu Telegram cannot show as a keyboard comes as numbered lines at the end of a text.
    menu = numberedMenu(String(params.text));
  }
  return { texts, ...(menu ? { menu } : {}) };
}

/**
 * A subscriber writing to the bot on Telegram: updates posted to the webhook with its secret
 * token as Telegram does, presses as callback queries carrying the button's `callback_data`,
 * answers caught by a fake Bot API that refuses what Telegram would. Telegram users have no
 * phone number: each subscriber is a user id of their own.
 */
export function telegramDriver(): ChannelDriver {
  let api: FakeTelegramApi | undefined;
  const fake = () => {
    if (!api) throw new Error('start the driver first');
    return api;
  };
  let users = 0;
  return {
    channel: 'telegram',
    name: 'Telegram (Bot API)',
    async start() {
      api = await startFakeTelegramApi({ token: TOKEN });
      return { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_BASE_URL: api.url };
    },
    async bind(griot, flowId) {
      // The demo binds the configured bot itself (to the 1919 flow, or the flow it was given).
      const bound = (await adminGet(griot, '/api/bindings')).body as { channel: string; address: string; flowId: string }[];
      const existing = bound.find((b) => b.channel === 'telegram' && b.address === BOT_ID);
      if (existing?.flowId === flowId) return;
      if (existing) throw new Error(`the Telegram bot is bound to ${existing.flowId}, not ${flowId}`);
      await bindAddress(griot, 'telegram', BOT_ID, flowId);
    },
    subscriber(griot): Subscriber {
      const user: TelegramSubscriber = { userId: 5_100_000_000 + ++users };
      let seen = 0;
      let lastKeyboard: { text: string; callback_data: string }[] | undefined;
      let opening: ReturnType<typeof textUpdate> | undefined;
      const replies = (): Screen => {
        const mine = fake().sent(user.userId);
        const fresh = mine.slice(seen);
        seen = mine.length;
        const keyboards = fresh.flatMap((c) => (c.params.reply_markup?.inline_keyboard ? [c.params.reply_markup.inline_keyboard.flat()] : []));
        if (fresh.length > 0) lastKeyboard = keyboards.at(-1);
        return telegramScreenOf(fresh);
      };
      const send = async (update: { update_id: number }): Promise<Screen> => {
        const response = await postUpdate(griot.url, update, SECRET);
        if (response.status !== 200) throw new Error(`the webhook was answered ${response.status}`);
        await inboxSettled(griot, `telegram:${BOT_ID}:${update.update_id}`);
        return replies();
      };
      return {
        sessionKey: `telegram:${BOT_ID}:${user.userId}`,
        open: () => send((opening = textUpdate('Bonjour', user))),
        async choose(option) {
          if (!lastKeyboard) return send(textUpdate(option.key, user));
          const button = lastKeyboard.find((b) => b.callback_data === option.id);
          if (!button) throw new Error(`no button for ${option.id} on the last keyboard`);
          const press = callbackUpdate(button.callback_data, user);
          const screen = await send(press);
          // The press was answered, so the subscriber's client stopped waiting.
          if (!fake().answered().includes(press.callback_query.id)) throw new Error('the callback query was not answered');
          return screen;
        },
        enterDigits: (digits) => send(textUpdate(digits, user)),
        async redeliverOpening() {
          // Telegram sends the same update (same update_id) again: the 200 says it is safe, nothing more.
          const response = await postUpdate(griot.url, opening, SECRET);
          if (response.status !== 200) throw new Error(`the webhook was answered ${response.status}`);
          return replies();
        },
        close: async () => {},
      };
    },
    async forge(griot) {
      const user: TelegramSubscriber = { userId: 5_900_000_000 + ++users };
      const update = textUpdate('Bonjour', user, newUpdateId());
      const response = await postUpdate(griot.url, update, 'not-the-webhook-secret');
      return { status: response.status, sessionKey: `telegram:${BOT_ID}:${user.userId}` };
    },
    stop: async () => {
      await api?.close();
    },
  };
}
