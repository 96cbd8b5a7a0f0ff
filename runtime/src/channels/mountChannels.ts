import type { Server } from 'node:http';
import type { Router } from 'express';
import { ChannelConfigError, createChannels, type Channel, type ChannelHost, type ChannelReplies, type HotRoutes } from '@griot/connectors';
import { ConfigError, type Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { BINDINGS_TOPIC, type AppServices } from '../services.ts';
import { sealedLedger } from '../sensitive/sealedLedger.ts';
import { sealedChannelStates } from './sealedChannelStates.ts';
import { maskLegacyOutboxes } from './maskLegacyOutboxes.ts';
import { sensitiveValuesOf } from '../sensitive/holdsSensitiveValue.ts';
import { storeRateLimits } from './storeRateLimits.ts';

export interface MountChannelsDeps {
  config: Config;
  services: AppServices;
  logger: Logger;
  /** Mounted by the app before `/api`'s JSON parser and authentication (see `createApp`). */
  router: Router;
  server: Server;
  /** Webhooks answered ahead of the express app (the server's request listener tries them first). */
  hotRoutes?: HotRoutes;
}

export interface MountedChannels {
  channels: Channel[];
  /**
   * Graceful stop, as the server stops accepting: WebSockets close, queued messages are
   * processed (the rest let go for the next process), before the store closes.
   */
  close(): Promise<void>;
}

/**
 * The one place the runtime attaches channels: builds the enabled ones from configuration
 * (`GRIOT_CHANNELS`, each channel's own variables), gives each the same host (the engine, the
 * bindings, the Store's ledger, its logger) and registers those that can write first as the
 * agent queues' reply senders for their channel.
 */
export function mountChannels(deps: MountChannelsDeps): MountedChannels {
  const { config, services, logger } = deps;
  let channels: Channel[];
  try {
    channels = createChannels({ env: config.env, production: config.nodeEnv === 'production' });
  } catch (error) {
    // A channel's own setting is the operator's to fix, like any other: start-up stops naming it.
    if (error instanceof ChannelConfigError) throw new ConfigError(error.variable, error.problem);
    throw error;
  }
  // Filled as channels mount; read when a channel needs another's (USSD's SMS follow-ups), by then all are mounted.
  const replies = new Map<string, ChannelReplies>();
  const callbacksOut = services.callbacksOut && config.callbacksOut ? { port: services.callbacksOut.port, ...config.callbacksOut } : undefined;
  const common: Omit<ChannelHost, 'logger'> = {
    router: deps.router,
    server: deps.server,
    ...(deps.hotRoutes ? { hotRoutes: deps.hotRoutes } : {}),
    // The engine itself, every method of the port it has: its \`storeFailure\` tells the store's failures
    // apart from bugs and counts them per channel (griot_store_failures_total).
    conversations: services.conversations,
    bindings: services.ctx.store,
    // The inbox, outbound keys and delivery reports live in the Store (SQLite or MongoDB): nothing on local disk.
    // What subscribers wrote and what a turn answered them are sealed under GRIOT_DATA_KEY while they wait.
    ledger: sealedLedger(services.ctx.store.messaging, config.dataKeys, logger),
    defaultInactivityMinutes: config.sessionTtlMinutes,
    ...(config.publicUrl ? { publicBaseUrl: config.publicUrl } : {}),
    // Recorded prompts through the audio library's read API: WhatsApp uploads them to Graph rather than linking to Griot.
    audio: {
      info: async (flowId, name) => {
        const found = await services.audio.info(flowId, name);
        return found ? { sha256: found.sha256 } : null;
      },
      // A stored part at a time: a WAV's samples stream to the MP3 encoder, never joined here.
      open: async (flowId, name) => {
        const found = await services.audio.open(flowId, name);
        return found ? { sha256: found.audio.sha256, length: found.length, parts: found.parts } : null;
      },
    },
    // Callbacks out: the hooks of the calls Griot places when an agent takes a callback (/jambonz/callback/*).
    ...(callbacksOut ? { callbackCalls: { port: callbacksOut.port, publicBaseUrl: callbacksOut.publicUrl, ringSeconds: callbacksOut.ringSeconds } } : {}),
    // Prometheus (runtime/src/metrics): requests refused for their credentials, and requests shed (answered "busy"), per channel and reason.
    metrics: {
      signatureFailure: (failure) => services.metrics.signatureFailure(failure),
      requestShed: (shed) => services.metrics.requestShed(shed),
      requestThrottled: (throttled) => services.metrics.requestThrottled(throttled),
    },
    // What a channel keeps between a platform's requests (USSD screens): in the Store, sealed like the ledger's payloads.
    channelStates: sealedChannelStates(services.ctx.store.channelStates, config.dataKeys, services.ctx.now, logger),
    // Keyed with the analytics key (GRIOT_ANALYTICS_KEY or the store's): the same on every instance, never rotated with GRIOT_DATA_KEY.
    subscriberDigest: async (text) => (await services.analytics.hasher).channelSubscriber(text),
    repliesOf: (channel) => replies.get(channel),
    // Anonymous senders' budgets (web chat), in the Store beside the login counters: shared by every instance.
    rateLimits: storeRateLimits(services.ctx.store, () => Date.parse(services.ctx.now())),
    // A binding changed on any instance sharing the store (runtime/src/cluster): caches of bindings forget them.
    onBindingsChanged: (listener) => services.cluster.subscribe(BINDINGS_TOPIC, () => listener()),
    // Wrong guesses at a channel's secret, beside the login counters: one address's tries are the deployment's, not each instance's.
    sharedGuessCounts: {
      add: (key, points, durationMs, replace) => services.ctx.store.addThrottlePoints(key, points, durationMs, Date.parse(services.ctx.now()), replace),
    },
  };
  for (const channel of channels) {
    channel.mount({ ...common, logger: logger.child({ component: channel.id }) });
    // Agents' replies, and the flow's turn after an agent hands back, go out on the contact's own channel.
    if (channel.replies) {
      services.handoff.useReplySender(channel.replies, channel.id);
      replies.set(channel.id, channel.replies);
    }
  }
  logger.info({ channels: channels.map((c) => c.id) }, 'channels mounted');
  // Web chat outboxes an older Griot wrote keep codes as sent for a day: masked once, in the background.
  const states = common.channelStates;
  if (states && channels.some((c) => c.id === 'webchat')) {
    const started = Date.now();
    // The session's sensitive values, while its contact lives (opened with the data key).
    const valuesOf = async (sessionKey: string) => {
      const conversation = await services.conversations.peek(sessionKey);
      return conversation ? sensitiveValuesOf(conversation.flow, [conversation.record.session]) : [];
    };
    maskLegacyOutboxes(services.ctx.store.channelStates, states, services.ctx.now, valuesOf)
      .then((pass) => {
        // Done for good by an earlier start, or no outbox yet: nothing ran worth a line.
        if (!pass || pass.outboxes === 0) return;
        const ms = Date.now() - started;
        const next = pass.finished ? 'none left from an older version: later starts skip this pass' : 'the next start checks them again';
        logger.info(
          { event: 'webchat.legacyOutboxesMasked', outboxes: pass.rewritten, read: pass.outboxes, ms, finished: pass.finished },
          `one-off upgrade pass: ${pass.rewritten} of ${pass.outboxes} web chat outboxes held replies an older version wrote, masked in ${ms} ms (${next})`,
        );
      })
      .catch((error: unknown) => logger.warn({ event: 'webchat.legacyOutboxesFailed', err: { message: (error as Error).message } }, 'web chat outboxes an older version wrote could not be masked'));
  }
  return {
    channels,
    close: async () => {
      await Promise.all(channels.map((channel) => channel.close().catch((error: unknown) => logger.error({ channel: channel.id, error: String(error) }, 'closing a channel failed'))));
    },
  };
}
