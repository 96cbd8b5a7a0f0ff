import type { Router } from 'express';
import { type ChatDeps, wireChat } from '../messaging/wireChat.ts';
import { TelegramApi } from './TelegramApi.ts';
import { TelegramChannel } from './TelegramChannel.ts';
import { TelegramSender, type TelegramSendReport } from './TelegramSender.ts';
import type { TelegramConfig } from './telegramConfig.ts';
import { telegramHotPath, telegramRouter } from './telegramRouter.ts';
import type { ClientView, HotHandler } from '../http/HotRoutes.ts';
import { secretGuessesFromEnv, TELEGRAM_SOURCE_RANGES, type SecretGuesses } from '../http/SecretGuesses.ts';

export interface TelegramDeps extends ChatDeps<TelegramSendReport> {
  config: TelegramConfig;
  production: boolean;
  publicBaseUrl?: string;
  onSignatureFailure?: (failure: { channel: 'telegram'; reason: string }) => void;
  /** Wrong webhook secrets per address, shared by the router and the hot path. */
  guesses?: SecretGuesses;
}

/**
 * Wires the Telegram channel: conversations, the Bot API client, the sender, the channel and
 * its router. Without a bot token there is no channel: the router refuses every update. Call
 * `channel.start()` to process.
 */
export function createTelegram(deps: TelegramDeps): { router: Router; hotPath: (client: ClientView) => HotHandler; channel?: TelegramChannel; api?: TelegramApi } {
  const { config } = deps;
  const routerOptions = {
    production: deps.production,
    ...(config.webhookSecret ? { secret: config.webhookSecret } : {}),
    ...(config.previousWebhookSecret ? { previousSecret: config.previousWebhookSecret } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.onSignatureFailure ? { onSignatureFailure: deps.onSignatureFailure } : {}),
    guesses: deps.guesses ?? secretGuessesFromEnv({}, TELEGRAM_SOURCE_RANGES),
  };
  if (!config.botToken || !config.botId) return { router: telegramRouter(routerOptions), hotPath: (client) => telegramHotPath(routerOptions, client) };
  const { now, options } = wireChat(deps, config);
  const api = new TelegramApi({
    baseUrl: config.apiBaseUrl,
    token: config.botToken,
    timeoutMs: config.sendTimeoutMs,
    retries: config.sendRetries,
    maxRetryAfterSeconds: config.maxRetryAfterSeconds,
    backoff: { baseMs: 250, maxMs: 8_000, jitter: 0.2 },
  });
  const sender = new TelegramSender({ api, ledger: deps.ledger, now, ...(deps.logger ? { logger: deps.logger } : {}) });
  const channel = new TelegramChannel({ ...options, botId: config.botId, api, sender, ...(deps.publicBaseUrl ? { publicBaseUrl: deps.publicBaseUrl } : {}) });
  const webhook = { ...routerOptions, channel };
  return { router: telegramRouter(webhook), hotPath: (client) => telegramHotPath(webhook, client), channel, api };
}
