import { channelCapabilities } from '@griot/flows';
import type { Channel, ChannelConfig, ChannelHost } from '../channel/Channel.ts';
import { mountWebhook } from '../http/mountWebhook.ts';
import { chatDepsFrom } from '../messaging/chatDepsFrom.ts';
import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import { createTelegram, type TelegramDeps } from './createTelegram.ts';
import type { TelegramApi } from './TelegramApi.ts';
import type { TelegramChannel } from './TelegramChannel.ts';
import { readTelegramConfig } from './telegramConfig.ts';
import { telegramReplies } from './telegramReplies.ts';
import { secretGuessesFromEnv, TELEGRAM_SOURCE_RANGES } from '../http/SecretGuesses.ts';

/** Settings tests (and only tests) change: a short retry backoff, a clock. */
export type TelegramOverrides = Pick<TelegramDeps, 'inbox' | 'now'>;

/**
 * Telegram (Bot API): `POST /telegram/webhook`, updates checked with the webhook's secret token,
 * recorded in the Store's inbox before Telegram has its 200 and processed at least once;
 * answers through the Bot API at TELEGRAM_API_BASE_URL with TELEGRAM_BOT_TOKEN. Reads
 * `TELEGRAM_*` (throws naming the variable when one is invalid). Agents answer through `replies`.
 */
export function createTelegramChannel(config: ChannelConfig, overrides: TelegramOverrides = {}): Channel {
  const settings = readTelegramConfig(config.env);
  const guesses = secretGuessesFromEnv(config.env, TELEGRAM_SOURCE_RANGES);
  let mounted: TelegramChannel | undefined;
  const channel = () => {
    if (!mounted) throw new Error('the Telegram channel is not mounted (or TELEGRAM_BOT_TOKEN is not set)');
    return mounted;
  };
  return {
    id: 'telegram',
    capabilities: channelCapabilities.telegram,
    mount(host: ChannelHost) {
      guesses.shareThrough(host.sharedGuessCounts, 'telegram');
      const telegram = createTelegram({
        ...chatDepsFrom(host, 'telegram'),
        config: settings,
        production: config.production,
        guesses,
        ...(host.publicBaseUrl ? { publicBaseUrl: host.publicBaseUrl } : {}),
        ...overrides,
      });
      mountWebhook(host, telegram);
      if (!telegram.channel || !telegram.api) return;
      mounted = telegram.channel;
      mounted.start();
      void introduce(telegram.api, settings.botId!, host.logger);
    },
    replies: telegramReplies(channel),
    close: async () => {
      await mounted?.close();
    },
  };
}

/**
 * `getMe` at start: proves the token works and names the bot in the log (its username is what
 * subscribers search for; its id is its address in bindings). A failure is logged, not fatal:
 * Telegram may be briefly out of reach.
 */
async function introduce(api: TelegramApi, botId: string, logger: ChannelLogger): Promise<void> {
  const me = await api.call('getMe', {}).catch(() => null);
  if (me?.outcome === 'ok') {
    const bot = me.result as { id?: unknown; username?: unknown };
    logger.info({ bot: String(bot.id ?? botId), username: typeof bot.username === 'string' ? `@${bot.username}` : undefined }, 'Telegram bot ready: bind its id to a flow');
    return;
  }
  logger.error({ bot: botId, error: me ? me.description : 'no answer' }, 'Telegram getMe failed: check TELEGRAM_BOT_TOKEN and TELEGRAM_API_BASE_URL');
}
