import type { Router } from 'express';
import { type ChatDeps, wireChat } from '../messaging/wireChat.ts';
import type { AudioReader } from '../channel/AudioReader.ts';
import type { ChannelStates } from '../channel/ChannelStates.ts';
import { GraphClient } from './GraphClient.ts';
import { WhatsAppChannel } from './WhatsAppChannel.ts';
import { type SendReport, WhatsAppSender } from './WhatsAppSender.ts';
import { WhatsAppMedia } from './WhatsAppMedia.ts';
import type { WhatsAppConfig } from './whatsappConfig.ts';
import { whatsappHotPath, whatsappRouter } from './whatsappRouter.ts';
import type { ClientView, HotHandler } from '../http/HotRoutes.ts';
import { metaWebhookHostOptions } from '../http/metaWebhookHostOptions.ts';

export interface WhatsAppDeps extends ChatDeps<SendReport> {
  config: WhatsAppConfig;
  /** Recorded prompts, uploaded to Graph when a turn sends one. */
  audio?: AudioReader;
  /** The Store's channel states: media ids kept there are shared by every instance and survive a restart. */
  channelStates?: ChannelStates;
  onSignatureFailure?: (failure: { channel: 'whatsapp'; reason: string }) => void;
}

/** Wires the WhatsApp channel: conversations, Graph client, sender, channel and router. Call `channel.start()` to process. */
export function createWhatsApp(deps: WhatsAppDeps): { router: Router; hotPath: (client: ClientView) => HotHandler; channel: WhatsAppChannel } {
  const { config } = deps;
  const { now, options } = wireChat(deps, config);
  const graph = new GraphClient({
    baseUrl: config.graphBaseUrl,
    version: config.graphVersion,
    accessToken: config.accessToken ?? '',
    timeoutMs: config.sendTimeoutMs,
    retries: config.sendRetries,
    backoff: { baseMs: 250, maxMs: 8_000, jitter: 0.2 },
  });
  const media = deps.audio
    ? new WhatsAppMedia({ graph, audio: deps.audio, now, ...(deps.channelStates ? { ids: deps.channelStates } : {}), ...(deps.logger ? { logger: deps.logger } : {}) })
    : undefined;
  const sender = new WhatsAppSender({
    graph,
    ledger: deps.ledger,
    now,
    ...(media ? { media } : {}),
    ...(config.template ? { template: config.template } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  const channel = new WhatsAppChannel({ ...options, sender, uploadsAudio: media !== undefined });
  const webhook = { channel, ...metaWebhookHostOptions<'whatsapp'>(config, deps) };
  return { router: whatsappRouter(webhook), hotPath: (client) => whatsappHotPath(webhook, client), channel };
}
