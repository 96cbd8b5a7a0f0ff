import type { Router } from 'express';
import { MessagingConversations } from '../messaging/MessagingConversations.ts';
import type { MessagingLedger } from '../messaging/ledger.ts';
import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import type { BindingDirectory, ConversationPort } from '../channel/ConversationPort.ts';
import { TelegramApi } from './TelegramApi.ts';
import { TelegramChannel, type TelegramChannelOptions, type TelegramProcessed } from './TelegramChannel.ts';
import { TelegramSender } from './TelegramSender.ts';
import type { TelegramConfig } from './telegramConfig.ts';
import { telegramHotPath, telegramRouter } from './telegramRouter.ts';
import type { ClientView, HotHandler } from '../http/HotRoutes.ts';

export interface TelegramDeps {
  port: ConversationPort;
  bindings: BindingDirectory;
  ledger: MessagingLedger;
  config: TelegramConfig;
  production: boolean;
  defaultInactivityMinutes: number;
  publicBaseUrl?: string;
  logger?: ChannelLogger;
  now?: () => number;
  onProcessed?: (event: TelegramProcessed) => void;
  /** Overrides of the inbox's settings (tests: a short backoff). */
  inbox?: TelegramChannelOptions['inbox'];
  onSignatureFailure?: (failure: { channel: 'telegram'; reason: string }) => void;
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
  };
  if (!config.botToken || !config.botId) return { router: telegramRouter(routerOptions), hotPath: (client) => telegramHotPath(routerOptions, client) };
  const now = deps.now ?? Date.now;
  const conversations = new MessagingConversations({
    port: deps.port,
    bindings: deps.bindings,
    ledger: deps.ledger,
    defaultInactivityMinutes: deps.defaultInactivityMinutes,
    now,
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  const api = new TelegramApi({
    baseUrl: config.apiBaseUrl,
    token: config.botToken,
    timeoutMs: config.sendTimeoutMs,
    retries: config.sendRetries,
    maxRetryAfterSeconds: config.maxRetryAfterSeconds,
    backoff: { baseMs: 250, maxMs: 8_000, jitter: 0.2 },
  });
  const sender = new TelegramSender({ api, ledger: deps.ledger, now, ...(deps.logger ? { logger: deps.logger } : {}) });
  const channel = new TelegramChannel({
    botId: config.botId,
    conversations,
    api,
    sender,
    ledger: deps.ledger,
    maxPending: config.maxPending,
    maxPendingPerSender: config.maxPendingPerSender,
    inbox: { leaseMs: config.leaseSeconds * 1000, maxAttempts: config.maxAttempts, ...deps.inbox },
    now,
    ...(deps.publicBaseUrl ? { publicBaseUrl: deps.publicBaseUrl } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.onProcessed ? { onProcessed: deps.onProcessed } : {}),
  });
  const webhook = { ...routerOptions, channel };
  return { router: telegramRouter(webhook), hotPath: (client) => telegramHotPath(webhook, client), channel, api };
}
