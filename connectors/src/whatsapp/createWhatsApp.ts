import type { Router } from 'express';
import { MessagingConversations } from '../messaging/MessagingConversations.ts';
import type { MessagingLedger } from '../messaging/ledger.ts';
import type { AudioReader } from '../channel/AudioReader.ts';
import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import type { BindingDirectory, ConversationPort } from '../channel/ConversationPort.ts';
import { GraphClient } from './GraphClient.ts';
import { WhatsAppChannel, type ProcessedEvent, type WhatsAppChannelOptions } from './WhatsAppChannel.ts';
import { WhatsAppSender } from './WhatsAppSender.ts';
import { WhatsAppMedia } from './WhatsAppMedia.ts';
import type { WhatsAppConfig } from './whatsappConfig.ts';
import { whatsappHotPath, whatsappRouter } from './whatsappRouter.ts';
import type { ClientView, HotHandler } from '../http/HotRoutes.ts';

export interface WhatsAppDeps {
  port: ConversationPort;
  bindings: BindingDirectory;
  ledger: MessagingLedger;
  config: WhatsAppConfig;
  defaultInactivityMinutes: number;
  /** Recorded prompts, uploaded to Graph when a turn sends one. */
  audio?: AudioReader;
  logger?: ChannelLogger;
  now?: () => number;
  onProcessed?: (event: ProcessedEvent) => void;
  /** Overrides of the inbox's settings (tests: a short backoff). */
  inbox?: WhatsAppChannelOptions['inbox'];
  onSignatureFailure?: (failure: { channel: 'whatsapp'; reason: string }) => void;
}

/** Wires the WhatsApp channel: conversations, Graph client, sender, channel and router. Call `channel.start()` to process. */
export function createWhatsApp(deps: WhatsAppDeps): { router: Router; hotPath: (client: ClientView) => HotHandler; channel: WhatsAppChannel } {
  const { config } = deps;
  const now = deps.now ?? Date.now;
  const conversations = new MessagingConversations({
    port: deps.port,
    bindings: deps.bindings,
    ledger: deps.ledger,
    defaultInactivityMinutes: deps.defaultInactivityMinutes,
    now,
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  const graph = new GraphClient({
    baseUrl: config.graphBaseUrl,
    version: config.graphVersion,
    accessToken: config.accessToken ?? '',
    timeoutMs: config.sendTimeoutMs,
    retries: config.sendRetries,
    backoff: { baseMs: 250, maxMs: 8_000, jitter: 0.2 },
  });
  const media = deps.audio ? new WhatsAppMedia({ graph, audio: deps.audio, now, ...(deps.logger ? { logger: deps.logger } : {}) }) : undefined;
  const sender = new WhatsAppSender({
    graph,
    ledger: deps.ledger,
    now,
    ...(media ? { media } : {}),
    ...(config.template ? { template: config.template } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  const channel = new WhatsAppChannel({
    conversations,
    sender,
    ledger: deps.ledger,
    maxPending: config.maxPending,
    maxPendingPerSender: config.maxPendingPerSender,
    inbox: { leaseMs: config.leaseSeconds * 1000, maxAttempts: config.maxAttempts, ...deps.inbox },
    now,
    uploadsAudio: media !== undefined,
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
  return { router: whatsappRouter(webhook), hotPath: (client) => whatsappHotPath(webhook, client), channel };
}
