import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import type { BindingDirectory, ConversationPort } from '../channel/ConversationPort.ts';
import type { HookName } from './hooks.ts';
import type { Verb } from './verbs.ts';
import type { VoiceCredentials } from './voiceAccess.ts';
import type { SecretGuesses } from '../http/SecretGuesses.ts';

/**
 * What the voice channel needs from its host (the runtime): the engine and bindings, its credentials
 * (`webhookSecret`, `wsAuth`, `allowAnonymous`: see `voiceAccess`, which refuses anonymous
 * requests unless the host allows them and configured nothing), and a few settings.
 */
export interface VoiceDeps extends VoiceCredentials {
  conversations: ConversationPort;
  /** Which flow a called number runs. */
  bindings: BindingDirectory;
  logger?: ChannelLogger;
  /** Griot's public URL: recorded prompts are fetched by jambonz from `${publicBaseUrl}/audio/…`. */
  publicBaseUrl?: string;
  /** Base for absolute action hooks over HTTP, when Griot sits under a path prefix; relative otherwise. */
  hookBaseUrl?: string;
  /** How long a turn waits for a look-up before answering with its wait prompt (jambonz waits 10 s at most). */
  webhookBudgetMs?: number;
  /** How long one continuation waits for a slow look-up before another filler. */
  continueWaitMs?: number;
  /** Language of apologies when neither the call nor its binding says. */
  defaultLocale?: string;
  bindingCacheMs?: number;
  /** Wrong WebSocket passwords per address (`GRIOT_SECRET_GUESSES_*`); absent: the defaults. */
  secretGuesses?: SecretGuesses;
}

export type Transport = 'http' | 'ws';

export interface HookRequest {
  hook: HookName;
  payload: unknown;
  transport: Transport;
  /** Where this request reached Griot (for audio URLs when `publicBaseUrl` is unset). */
  baseUrl?: string;
  /** Which continuation of a slow look-up this is (1 for the first). */
  round?: number;
}

/** A look-up still runs: the transport plays the filler and asks again with this payload. */
export interface Continuation {
  payload: { call_sid: string; from?: string; to?: string; customerData: Record<string, unknown> };
  round: number;
}

/**
 * `replayed`: the hook answers a turn already taken (the same call hook on another instance, a
 * gather the call is past): nothing was run; over HTTP a 409, over the WebSocket an empty ack.
 */
export type VoiceReply = { kind: 'verbs'; verbs: Verb[]; continuation?: Continuation } | { kind: 'done' } | { kind: 'invalid'; message: string } | { kind: 'replayed'; message: string };
