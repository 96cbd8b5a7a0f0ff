import type { Channel as ChannelId, Effect, FlowEvent, JsonValue, Locale, Session, StepIssue } from '@griot/flows';

/**
 * What every channel needs from the conversation engine: start a contact, feed it events, wait
 * for a look-up that outlived its turn, end it. The runtime's `ConversationService` satisfies it
 * structurally (and its Store the `BindingDirectory`): connectors never import the runtime.
 */
export interface ConversationPort {
  /** Starts the contact (replacing any under the same key) and runs its first turn; rejects when the binding has nothing to run. */
  start(input: StartConversation): Promise<ConversationTurn>;
  /**
   * Delivers one event; a look-up slower than `webhookBudgetMs` leaves the turn pending (see
   * `awaitPending`). With `sharedNumber` (the subscriber's own number, vouched for by the
   * platform), a caller known by a platform id is linked to that number first, and it becomes
   * the caller's number from this turn on. With `callerName` (the account's name on the platform), a contact handed
   * to agents shows it. With `turn`, the event answers the session as it was
   * at that turn number (`Session.turns`): when the session moved on since, nothing is run and
   * the turn is `missing` with `replayed: true` (a replayed webhook, on any instance).
   */
  handle(key: string, event: FlowEvent, options?: { webhookBudgetMs?: number; sharedNumber?: string; callerName?: string; turn?: number }): Promise<ConversationTurn>;
  /**
   * Waits up to `maxWaitMs` for a look-up that outlived its turn and returns the turn that
   * follows it (still running: `pendingWebhook` and no effects); null when none runs.
   */
  awaitPending(key: string, maxWaitMs: number): Promise<ConversationTurn | null>;
  /** The contact is over (hang-up, inactivity…): close it. */
  end(key: string, reason: string, options?: EndOptions): Promise<unknown>;
  /**
   * Synchronously: whether `end(key, …)` now has nothing to record before it may be acknowledged:
   * this instance's last turn already ended the contact and saved it (a version's session, no
   * look-up held), and nothing of the key is queued or running. A hang-up in mid-flow, a contact
   * waiting for an agent, one unknown here: false (close it first, as always).
   */
  endsQuietly?(key: string): boolean;
  /**
   * A caller offered a callback keeps waiting: the agent queues move them one priority step up
   * and say which priority to re-enter the queue with (null: no waiting contact there).
   */
  keepWaiting?(key: string): Promise<{ priority: number } | null>;
  /** Whether the conversation waits for (or is with) an agent: then the agent, not inactivity, closes it. */
  waitsForAgent?(key: string): Promise<boolean>;
  /**
   * The language the conversation last spoke (its stored session), else the one remembered for
   * the caller: for channel words outside a turn (an apology) once this process has no note of it
   * (after a restart, on another instance). Undefined when neither is known.
   */
  rememberedLocale?(key: string, callerNumber: string): Promise<string | undefined>;
  /**
   * When `error` is the store failing (a full disk, a read-only file, MongoDB out of reach): the
   * store's cause code (`SQLITE_FULL`, `MongoServerSelectionError`), counted for `channel` in the
   * host's metrics; undefined for any other error (a bug). See `StoreFailureLog`.
   */
  storeFailure?(error: unknown, channel: ChannelId): string | undefined;
}

export interface EndOptions {
  /**
   * The caller does not read the result and owes the platform only an acknowledgement (jambonz's
   * final call status): when this instance's own last turn ended the contact, the promise settles
   * at once and the store is asked whether another instance moved the session on once the
   * acknowledgement is written (`afterAnswer`). What that check finds is closed as before, after
   * the answer instead of before it.
   */
  answerFirst?: boolean;
  /**
   * Why a contact ends on an error (`reason: 'error'`), as the channel knows it: a short code
   * (`noCallState`, `internalError`), never a value. Kept in the transcript's last entry.
   */
  cause?: string;
}

export interface StartConversation {
  /** `${channel}:${conversation}`: `voice:<call_sid>`, `whatsapp:<phone_number_id>:<wa_id>`, `botframework:<conversation id>`… */
  key: string;
  channel: ChannelId;
  flow: { bindingId: string };
  /**
   * The subscriber's number (E.164 or as the channel gives it: the engine normalizes), or their
   * platform id as `<channel>:<id>` (`telegram:123456789`) on a channel that knows no number:
   * that caller has a profile of its own until linked to a number.
   */
  callerNumber: string;
  /** The subscriber's own number, vouched for by the platform: a platform caller is linked to it before the contact starts. */
  sharedNumber?: string;
  /** The name the subscriber gave their account on the platform (WhatsApp's profile name): shown to agents, never logged. */
  callerName?: string;
  /**
   * The key was never used before (a call's `call_sid`): the engine does not look for a contact
   * to replace under it first (one found anyway when saving costs the turn a second run).
   */
  newKey?: boolean;
  /**
   * The key names one contact only (a call's `call_sid`): a contact already under it means this
   * start came again (a replayed call hook, perhaps on another instance): nothing is replaced nor
   * run, and the turn is `missing` with `replayed: true`.
   */
  onlyNew?: boolean;
  preview: boolean;
  locale?: string;
  /** What the subscriber wrote that opened the contact (a WhatsApp "Bonjour"): kept in the transcript, for the agent who may take it. */
  opening?: string;
  /** Where the contact came from (a Telegram deep link's payload, already checked): the flow's `caller.source`. */
  source?: string;
  /** Longest the channel can wait for the first turn's look-ups. */
  webhookBudgetMs?: number;
}

/**
 * A turn's outcome, as the engine gives it. `missing`: no such (live) session, or nothing
 * published to run; nothing else is set. `ended`: the contact is over, either during this turn
 * (its last effects are here: the goodbye) or before it (no effects, nothing traced).
 */
export interface ConversationTurn {
  status: 'ok' | 'missing' | 'ended';
  session?: Session | null;
  /** In order; a turn answered early ends with the look-up's wait prompt. */
  effects?: Effect[];
  issues?: StepIssue[];
  trace?: { nodes: string[] };
  /** The flow the conversation runs (its locales decide voices and recognition). */
  flow?: { id: string; locales: Locale[] } | null;
  /** Present while a look-up still runs after the turn's budget. */
  pendingWebhook?: unknown;
  /**
   * With `status: 'missing'`: nothing was run because the event was one already taken (`handle`'s
   * `turn` no longer the session's; a start `onlyNew` found its key in use).
   */
  replayed?: boolean;
  /**
   * The answer of a turn already taken by an instance that stopped before sending it, rebuilt
   * for jambonz's retry of the same hook: nothing ran again.
   */
  resent?: boolean;
  /** The turn's handoff joined an agent queue: when to offer a callback (seconds; null never), or at once (closed). */
  queued?: { callbackAfterSeconds: number | null; offerCallbackNow: boolean };
}

/** Whether a turn found its contact already over (so a new message should start a new one). */
export function endedBefore(turn: ConversationTurn): boolean {
  return turn.status === 'ended' && (turn.effects?.length ?? 0) === 0 && (turn.trace?.nodes.length ?? 0) === 0;
}

/** The part of a binding (a channel address → a flow) a channel reads. */
export interface ChannelBinding {
  id: string;
  channel: ChannelId;
  address: string;
  flowId: string;
  /** Channel settings (`inactivityMinutes`, the voice part read with `parseVoiceSettings`…). */
  settings: Record<string, JsonValue>;
  /** Which environment it runs (`staging`, `production`), when the directory says. */
  environment?: string;
}

/** Bindings by channel and address, and by id (the runtime's Store fits as is). */
export interface BindingDirectory {
  findBinding(channel: ChannelId, address: string): Promise<ChannelBinding | null>;
  getBinding(id: string): Promise<ChannelBinding | null>;
  /** Every binding (a flow's address on another channel: USSD's SMS follow-ups). */
  listBindings?(): Promise<ChannelBinding[]>;
}
