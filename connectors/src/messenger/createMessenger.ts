import type { Router } from 'express';
import { type ChatDeps, wireChat } from '../messaging/wireChat.ts';
import { MessengerChannel } from './MessengerChannel.ts';
import { HUMAN_AGENT_WINDOW_MS, MessengerSender, type SendReport } from './MessengerSender.ts';
import type { MessengerConfig } from './messengerConfig.ts';
import { messengerHotPath, messengerRouter } from './messengerRouter.ts';
import type { ClientView, HotHandler } from '../http/HotRoutes.ts';
import { metaWebhookHostOptions } from '../http/metaWebhookHostOptions.ts';
import { SendApiClient } from './SendApiClient.ts';

export interface MessengerDeps extends ChatDeps<SendReport> {
  config: MessengerConfig;
  publicBaseUrl?: string;
  /** Overrides of the Send API client's waits between retries (tests). */
  sendBackoff?: { baseMs: number; maxMs: number; jitter?: number };
  onSignatureFailure?: (failure: { channel: 'messenger'; reason: string }) => void;
}

/** Wires the Messenger channel: conversations, Send API client, sender, channel and router. Call `channel.start()` to process. */
export function createMessenger(deps: MessengerDeps): { router: Router; hotPath: (client: ClientView) => HotHandler; channel: MessengerChannel } {
  const { config } = deps;
  // An agent may answer for 7 days after the subscriber's last message: when that was is kept as long.
  const { now, options } = wireChat(deps, config, { keepLastMessageHours: HUMAN_AGENT_WINDOW_MS / 3_600_000 });
  const client = new SendApiClient({
    baseUrl: config.graphBaseUrl,
    version: config.graphVersion,
    pageAccessToken: config.pageAccessToken ?? '',
    timeoutMs: config.sendTimeoutMs,
    retries: config.sendRetries,
    backoff: deps.sendBackoff ?? { baseMs: 500, maxMs: 8_000, jitter: 0.2 },
  });
  const sender = new MessengerSender({ client, ledger: deps.ledger, now, ...(deps.logger ? { logger: deps.logger } : {}) });
  const channel = new MessengerChannel({ ...options, sender, getStartedPayload: config.getStartedPayload, ...(deps.publicBaseUrl ? { publicBaseUrl: deps.publicBaseUrl } : {}) });
  const webhook = { channel, ...metaWebhookHostOptions<'messenger'>(config, deps) };
  return { router: messengerRouter(webhook), hotPath: (client) => messengerHotPath(webhook, client), channel };
}
