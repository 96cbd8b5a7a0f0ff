import type { SharedGuessCounts } from '../http/SecretGuesses.ts';
import type { Server } from 'node:http';
import type { Router } from 'express';
import type { Channel as ChannelId, ChannelCapabilities, Effect, Session } from '@griot/flows';
import type { HotRoutes } from '../http/HotRoutes.ts';
import type { MessagingLedger } from '../messaging/ledger.ts';
import type { CallbackCallPort } from '../voice/callbackCallPort.ts';
import type { AudioReader } from './AudioReader.ts';
import type { ChannelLogger } from './ChannelLogger.ts';
import type { ChannelRateLimits } from './ChannelRateLimits.ts';
import type { ChannelStates } from './ChannelStates.ts';
import type { BindingDirectory, ConversationPort } from './ConversationPort.ts';

/**
 * One channel (voice, WhatsApp, web chat…): its id, what it can show (the `flows` table's row),
 * and how it attaches to the server. Each channel folder exports `create<X>Channel(config)`;
 * `createChannels` builds the enabled ones and the runtime mounts them in one place.
 */
export interface Channel {
  readonly id: ChannelId;
  readonly capabilities: ChannelCapabilities;
  /** Adds the channel's routes, WebSocket upgrades and background work to the host. Called once. */
  mount(host: ChannelHost): void;
  /**
   * Writing to a subscriber outside their own turn: an agent's words, the flow's turn after an
   * agent hands back. Absent when the channel can only answer within the subscriber's request.
   * Usable once mounted.
   */
  readonly replies?: ChannelReplies;
  /** Graceful stop: finishes (or hands back for the next process) what is queued, closes sockets. */
  close(): Promise<void>;
  /**
   * A link the channel keeps open itself, as this process holds it now (SMS's bind to the SMSC):
   * `up` receives. Undefined when the channel keeps none (it is called) or is not configured.
   */
  linkState?(): 'up' | 'connecting' | 'down' | undefined;
}

/** What a channel factory reads: configuration only (the runtime's services come with `mount`). */
export interface ChannelConfig {
  /** The environment: each channel reads its own variables (`JAMBONZ_*`, `WHATSAPP_*`…). Never handed to flows. */
  env: Record<string, string | undefined>;
  production: boolean;
}

export type ChannelFactory = (config: ChannelConfig) => Channel;

/**
 * What the runtime gives every channel when mounting it. Optional fields are services only some
 * channels use; new ones are added as optional fields, so no channel breaks.
 */
export interface ChannelHost {
  /**
   * Where the channel's HTTP routes go: mounted before `/api`'s JSON parser and authentication,
   * because webhooks are checked on their raw bytes and bring their own credentials.
   */
  router: Router;
  /** The HTTP server, for WebSocket upgrades (the jambonz WebSocket API). */
  server: Server;
  /**
   * Where a channel puts the webhooks it answers on node's own request and response, ahead of
   * the whole express application (`HotRoutes`); absent, the `router` serves them.
   */
  hotRoutes?: HotRoutes;
  /** The conversation engine. */
  conversations: ConversationPort;
  bindings: BindingDirectory;
  /**
   * The durable ledger in the runtime's Store (inbox, last message times, outbound keys,
   * delivery reports), shared by every instance and part of backups. Nothing on local disk.
   */
  ledger: MessagingLedger;
  /** This channel's logger (the runtime's, with the channel's name). */
  logger: ChannelLogger;
  /** Griot's public URL: recorded prompts are fetched from `${publicBaseUrl}/audio/…`. */
  publicBaseUrl?: string;
  /** The recorded prompts themselves, for a channel that uploads them (WhatsApp) instead of linking to them. */
  audio?: AudioReader;
  /** Minutes of silence after which a chat's next message starts over (a binding's settings win). */
  defaultInactivityMinutes: number;
  /** Voice: the agent queues' side of the calls Griot places to call subscribers back; absent when agents dial by hand. */
  callbackCalls?: { port: CallbackCallPort; publicBaseUrl: string; ringSeconds: number };
  /** Lifecycle hooks for metrics; a channel calls those it has events for. */
  metrics?: ChannelMetrics;
  /** Limits on anonymous senders (web chat: conversations per address, messages per conversation), counted in the Store. */
  rateLimits?: ChannelRateLimits;
  /** Per-conversation state kept between a platform's requests, in the Store (USSD: its screens and answers read). */
  channelStates?: ChannelStates;
  /**
   * A keyed digest (HMAC-SHA256 under the server's key, the same on every instance and across
   * restarts) for what a channel keeps to recognise a subscriber without keeping their number
   * (USSD: whose session it is). Never an unkeyed hash: phone numbers are few enough to try all.
   */
  subscriberDigest?(text: string): Promise<string>;
  /**
   * Another mounted channel's replies, looked up when needed (channels mount in any order):
   * USSD sends the answer of a look-up its session could not wait for through the SMS channel's.
   * Undefined when that channel is not mounted or cannot write first.
   */
  repliesOf?(channel: ChannelId): ChannelReplies | undefined;
  /**
   * Calls `listener` when a binding is created, changed or removed on any instance sharing the
   * store (within about a second): a channel that caches bindings forgets them. Returns the
   * function that stops listening.
   */
  onBindingsChanged?(listener: () => void): () => void;
  /**
   * Wrong guesses at a channel's secret counted in the Store too (SecretGuesses.shareThrough), so
   * every instance sharing it allows one address the same tries; absent, each instance counts alone.
   */
  sharedGuessCounts?: SharedGuessCounts;
}

export interface ChannelMetrics {
  /** A subscriber's message was fully handled: how it ended and how long each stage took (milliseconds). */
  messageProcessed?(event: { channel: ChannelId; outcome: string; timings: Record<string, number> }): void;
  /** A request was refused for its credentials (a missing or bad signature, wrong WebSocket credentials), and why. */
  signatureFailure?(event: { channel: ChannelId; reason: string }): void;
  /**
   * A request answered "busy" because it could not be answered before the platform gives up
   * (USSD: `queued` too long behind its session, `slow` turn, this process `full`).
   */
  requestShed?(event: { channel: ChannelId; reason: string }): void;
  /** An anonymous request refused (429) because one of its rate budgets was spent, and which (`limit`). */
  requestThrottled?(event: { channel: ChannelId; limit: string }): void;
}

/** The conversation a reply goes to. */
export interface ReplyTarget {
  sessionKey: string;
  channel: ChannelId;
  callerNumber: string;
  locale: string;
}

/** A flow's turn to send outside the subscriber's own turn (the part a channel reads). */
export interface BotTurn {
  effects: Effect[];
  /** `status` `ended`: the turn ended the contact (the web chat then keeps nothing it was told in clear). */
  session: Pick<Session, 'flowId' | 'turns'> & Partial<Pick<Session, 'status'>>;
  /** The flow's locales: a language without written words (Fon) gets menus and errors in the flow's default language. */
  flow?: { locales: readonly { code: string }[] } | null;
  /**
   * Nothing follows this turn (an agent handed the contact back, or turned it into a callback):
   * when it ends the conversation without a word, a channel that can (the web chat's page) is
   * told the conversation ended. Absent after an agent's close: the goodbye that follows
   * (`sendClosingText`) says so, once.
   */
  lastWord?: true;
}

/**
 * How agents' words, and the bot's turn after an agent hands back, reach a channel. A channel
 * that can write first implements it; the agent queues use it for that channel's contacts.
 */
export interface ChannelReplies {
  /**
   * An agent's words. `messageId` is the reply's send key (the runtime passes
   * `<contact id>:<message id>`): the channel sends once per key (`agent:<messageId>`), so a retry
   * or the recovery pass after a crash does not send it twice, and the same client id on another
   * contact is another reply.
   */
  sendAgentText(to: ReplyTarget, text: string, agent: string, messageId?: string): Promise<void>;
  /** The flow's turn after the agent released the contact (e.g. the satisfaction question). */
  sendBotTurn(to: ReplyTarget, turn: BotTurn): Promise<void>;
  /**
   * The goodbye of a conversation an agent closed whose flow said nothing more: the conversation
   * is over (the web chat tells its page so and drops what it kept in clear). Absent: the goodbye
   * goes as an agent's words (`sendAgentText`).
   */
  sendClosingText?(to: ReplyTarget, text: string): Promise<void>;
  /**
   * Opens a conversation carried over from another channel (a voice caller answered on
   * WhatsApp): outside the channel's reply window its approved template goes instead.
   */
  openConversation?(to: ReplyTarget, text: string, causeId: string): Promise<void>;
  /** Whether a conversation opened now would reach the subscriber (WhatsApp: the 24-hour window, or a template). */
  canReach?(to: Pick<ReplyTarget, 'sessionKey'>): Promise<boolean>;
  /**
   * The client a conversation comes through, where one channel carries several (Bot Framework's
   * `channelId`: `msteams`, `webchat`, `directline`…): the agents' inbox names it. Undefined when unknown.
   */
  platformOf?(to: Pick<ReplyTarget, 'sessionKey'>): Promise<string | undefined>;
}
