import type { Router } from 'express';
import { MessagingConversations } from '../messaging/MessagingConversations.ts';
import type { MessagingLedger } from '../messaging/ledger.ts';
import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import type { BindingDirectory, ConversationPort } from '../channel/ConversationPort.ts';
import { MessengerChannel, type MessengerChannelOptions, type ProcessedEvent } from './MessengerChannel.ts';
import { HUMAN_AGENT_WINDOW_MS, MessengerSender } from './MessengerSender.ts';
import type { MessengerConfig } from './messengerConfig.ts';
import { messengerHotPath, messengerRouter } from './messengerRouter.ts';
import type { ClientView, HotHandler } from '../http/HotRoutes.ts';
import { SendApiClient } from './SendApiClient.ts';

export interface MessengerDeps {
  port: ConversationPort;
  bindings: BindingDirectory;
  ledger: MessagingLedger;
  config: MessengerConfig;
  defaultInactivityMinutes: number;
  publicBaseUrl?: string;
  logger?: ChannelLogger;
  now?: () => number;
  onProcessed?: (event: ProcessedEvent) => void;
  /** Overrides of the inbox's settings (tests: a short backoff). */
  inbox?: MessengerChannelOptions['inbox'];
  /** Overrides of the Send API client's waits between retries (tests). */
  sendBackoff?: { baseMs: number; maxMs: number; jitter?: number };
  onSignatureFailure?: (failure: { channel: 'messenger'; reason: string }) => void;
}

/** Wires the Messenger channel: conversations, Send API client, sender, channel and router. Call `channel.start()` to process. */
export function createMessenger(deps: MessengerDeps): { router: Router; hotPath: (client: ClientView) => HotHandler; channel: MessengerChannel } {
  const { config } = deps;
  const now = deps.now ?? Date.now;
  const conversations = new MessagingConversations({
    port: deps.port,
    bindings: deps.bindings,
    ledger: deps.ledger,
    defaultInactivityMinutes: deps.defaultInactivityMinutes,
    // An agent may answer for 7 days after the subscriber's last message: when that was is kept as long.
    keepLastMessageHours: HUMAN_AGENT_WINDOW_MS / 3_600_000,
    now,
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  const client = new SendApiClient({
    baseUrl: config.graphBaseUrl,
    version: config.graphVersion,
    pageAccessToken: config.pageAccessToken ?? '',
    timeoutMs: config.sendTimeoutMs,
    retries: config.sendRetries,
    backoff: deps.sendBackoff ?? { baseMs: 500, maxMs: 8_000, jitter: 0.2 },
  });
  const sender = new MessengerSender({ client, ledger: deps.ledger, now, ...(deps.logger ? { logger: deps.logger } : {}) });
  const channel = new MessengerChannel({
    conversations,
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
  const webhook = {
    channel,
    ...(config.verifyToken ? { verifyToken: config.verifyToken } : {}),
    ...(config.appSecret ? { appSecret: config.appSecret } : {}),
    ...(config.previousAppSecret ? { previousAppSecret: config.previousAppSecret } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.onSignatureFailure ? { onSignatureFailure: deps.onSignatureFailure } : {}),
  };
  return { router: messengerRouter(webhook), hotPath: (client) => messengerHotPath(webhook, client), channel };
}
