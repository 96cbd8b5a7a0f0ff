import type { Effect, FlowEvent, Locale, Session, StepIssue } from '@griot/flows';

/**
 * The part of the conversation engine the voice connector uses. Connectors never import the
 * runtime: the runtime hands its engine (and its bindings) in through this port.
 */
export interface ConversationPort {
  /** The binding that owns a called number, or null when the number is not Griot's. */
  findBinding(channel: 'voice', address: string): Promise<VoiceBinding | null>;
  /** Starts the conversation and runs its first turn; rejects when the binding has nothing to run. */
  start(input: StartConversation): Promise<ConversationTurn>;
  /** Delivers one event; a look-up slower than `webhookBudgetMs` leaves the turn pending. */
  handle(key: string, event: FlowEvent, options?: { webhookBudgetMs?: number }): Promise<ConversationTurn>;
  /**
   * Waits up to `maxWaitMs` for a look-up that outlived its turn and returns the turn that
   * follows it (still running: `pendingWebhook` and no effects); null when none runs.
   */
  awaitPending(key: string, maxWaitMs: number): Promise<ConversationTurn | null>;
  /** The call is over (hangup, failure, no answer): close the conversation. */
  end(key: string, reason: string): Promise<unknown>;
  /**
   * A caller offered a callback keeps waiting: the agent queues move them one priority step up
   * and say which priority to re-enter the queue with (null: no waiting contact there).
   */
  keepWaiting?(key: string): Promise<{ priority: number } | null>;
}

/** What the voice connector reads of a binding. */
export interface VoiceBinding {
  id: string;
  flowId: string;
  address: string;
  /** Channel settings; the voice part is read with `parseVoiceSettings`. */
  settings: Record<string, unknown>;
}

export interface StartConversation {
  key: string;
  channel: 'voice';
  flow: { bindingId: string };
  callerNumber: string;
  preview: boolean;
  locale?: string;
  webhookBudgetMs?: number;
}

/** The engine's answer to a turn (the fields voice reads). */
export interface ConversationTurn {
  /** `missing`: no such conversation, or nothing published to run; `ended`: it was already over. */
  status: 'ok' | 'missing' | 'ended';
  session?: Session | null;
  /** In order; a turn answered early ends with the look-up's wait prompt. */
  effects?: Effect[];
  issues?: StepIssue[];
  /** The flow the conversation runs (its locales decide voices and recognition). */
  flow?: { id: string; locales: Locale[] } | null;
  /** Present while a look-up still runs after the turn's budget. */
  pendingWebhook?: unknown;
  /** The turn's handoff joined an agent queue: when to offer a callback (seconds; null never), or at once (closed). */
  queued?: { callbackAfterSeconds: number | null; offerCallbackNow: boolean };
}

/** Where voice writes what happened to a call (pino-compatible). Never handed PUK codes or prompts. */
export interface VoiceLogger {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export const silentLogger: VoiceLogger = { info() {}, warn() {}, error() {} };
