import { channelCapabilities } from '@griot/flows';
import type { Channel, ChannelConfig, ChannelHost } from '../channel/Channel.ts';
import { ChannelConfigError } from '../channel/ChannelConfigError.ts';
import { callbackCallRouter } from './callbackCallRouter.ts';
import { jambonzHotPath } from './jambonzHotPath.ts';
import { jambonzRouter } from './jambonzRouter.ts';
import { attachJambonzWebSocket, type JambonzWebSocket } from './jambonzWebSocket.ts';
import { VoiceCallHandler, type VoiceDeps } from './voiceCallHandler.ts';
import { voiceEnv } from './voiceEnv.ts';
import { secretGuessesFromEnv } from '../http/SecretGuesses.ts';

/** Settings tests (and only tests) change: a short look-up budget, no binding cache. */
export type VoiceOverrides = Pick<VoiceDeps, 'webhookBudgetMs' | 'continueWaitMs' | 'bindingCacheMs' | 'hookBaseUrl' | 'defaultLocale'>;

/**
 * Voice through jambonz: the webhooks under `/jambonz` (signed with `JAMBONZ_WEBHOOK_SECRET`),
 * the WebSocket API at `/jambonz/ws` (HTTP Basic `JAMBONZ_WS_USERNAME`/`PASSWORD`), both through
 * one turn handler, and the hooks of the calls Griot places to call subscribers back when the
 * host has callbacks out. Without credentials, open in development only (said loudly at mount),
 * refusing everything in production.
 */
export function createVoiceChannel(config: ChannelConfig, overrides: VoiceOverrides = {}): Channel {
  const access = voiceEnv(config.env, { production: config.production });
  if (!access.ok) throw new ChannelConfigError(access.variable, access.message);
  const secretGuesses = secretGuessesFromEnv(config.env);
  let socket: JambonzWebSocket | undefined;
  let stopListening: (() => void) | undefined;
  return {
    id: 'voice',
    capabilities: channelCapabilities.voice,
    mount(host: ChannelHost) {
      secretGuesses.shareThrough(host.sharedGuessCounts, 'voice');
      // Once per start: an open (development) or refusing voice channel must not go unnoticed.
      for (const notice of access.notices) host.logger[notice.level]({ notice: 'jambonzAccess' }, notice.message);
      const onSignatureFailure = host.metrics?.signatureFailure ? { onSignatureFailure: (failure: { channel: 'voice'; reason: string }) => host.metrics?.signatureFailure?.(failure) } : {};
      const deps: VoiceDeps = {
        conversations: host.conversations,
        bindings: host.bindings,
        logger: host.logger,
        ...access.credentials,
        ...onSignatureFailure,
        ...(host.publicBaseUrl ? { publicBaseUrl: host.publicBaseUrl } : {}),
        secretGuesses,
        ...overrides,
      };
      // One handler for both transports: a call is the same call over webhooks or the WebSocket.
      const handler = new VoiceCallHandler(deps);
      // A number moved to another flow on any instance is answered by the new flow at the next hook.
      stopListening = host.onBindingsChanged?.(() => handler.forgetBindings());
      // The webhooks ahead of express when the host allows it; the router serves what the hot path leaves.
      if (host.hotRoutes) host.hotRoutes.add(jambonzHotPath(deps, handler, host.hotRoutes.client));
      host.router.use(jambonzRouter(deps, handler));
      const callbacks = host.callbackCalls;
      if (callbacks) {
        host.router.use(
          callbackCallRouter({
            port: callbacks.port,
            publicBaseUrl: callbacks.publicBaseUrl,
            agentRingSeconds: callbacks.ringSeconds,
            logger: host.logger,
            ...access.credentials,
            ...onSignatureFailure,
          }),
        );
      }
      socket = attachJambonzWebSocket(host.server, deps, handler, host.hotRoutes?.client);
    },
    // Upgraded sockets are not the HTTP server's to close.
    close: async () => {
      stopListening?.();
      await socket?.close();
    },
  };
}
