import type { Channel, ClassificationFixture, ClassifyEffect, Effect, Flow, FlowEvent, HandoffEffect, HttpFixture, Session, StepIssue, Understanding } from '@griot/flows';
import type { Logger } from '../logger.ts';
import type { ContactOutcome, ContactSummary, ContainedContact, FactBatch, PendingFacts, SessionRecord, Store } from '../store/types.ts';
import type { TurnSoFar } from './turnState.ts';
import type { WebhookTarget } from '../webhooks/performWebhook.ts';
import type { FlowResolver, FlowSource } from './flowResolver.ts';
import type { SessionVault } from '../sensitive/SessionVault.ts';
import type { GriotMetrics } from '../metrics/GriotMetrics.ts';
import type { LookupAnswer } from './turnState.ts';

/** Where a session runs: a binding's environment, or what a preview asked for. */
export type SessionEnvironment = SessionRecord['environment'];

/**
 * Answers by node id, as in test cases: for `http` nodes a response (a list answers successive
 * calls), for `intent` nodes the model's classification.
 */
export type WebhookFixtures = Record<string, HttpFixture | HttpFixture[] | ClassificationFixture>;

export interface ConversationServiceOptions {
  store: Store;
  logger: Logger;
  clock: () => Date;
  /** Inactivity after which a session is gone. */
  sessionTtlMinutes: number;
  /** ISO 3166 region for caller numbers without a country code (`BJ`). */
  defaultRegion: string;
  /** Backends and secrets for live look-ups; preview with `useBackend` asks for `staging`. */
  webhookTargetFor: (environment: SessionEnvironment) => WebhookTarget;
  /** Defaults to reading the store (`createFlowResolver`). */
  loadFlow?: FlowResolver;
  /**
   * The model that understands free words for `intent` nodes; must answer a `classification`
   * event. Without one, the flow's fallback classifier decides.
   */
  classify?: (request: ClassifyEffect) => Promise<FlowEvent>;
  /** The agent queues (runtime/src/handoff); without them a handoff just waits for the channel's outcome. */
  handoffs?: HandoffHooks;
  /** How sensitive variables are stored (sealed with GRIOT_DATA_KEY); without one, in clear while the contact lives. */
  vault?: SessionVault;
  /** This instance, as the holder of slow look-ups in the store (default: host, process id and a random part). */
  instanceId?: string;
  /** How long a slow look-up's holder keeps it without renewing before another instance takes it over (default 10 s). */
  continuationLeaseMs?: number;
  /** Analytics and metrics: told about every turn (runtime/src/analytics, runtime/src/metrics). */
  observer?: TurnObserver;
  /**
   * Whether a preview may call the backends as this caller number (E.164) now: a test number
   * (bindings/testNumbers.ts). Asked before each of its backend look-ups, so a number taken off
   * the list stops the previews already running too. Absent: not asked (the start was checked).
   */
  previewBackendAllowed?: (callerNumber: string) => Promise<boolean>;
  /**
   * Where the store's failures the channels meet are counted (`griot_store_failures_total{channel,cause}`, see `storeFailure`).
   * Required: a service built without it would count no channel's store failure, and the alert on them would never fire.
   */
  metrics: Pick<GriotMetrics, 'storeFailure'>;
}

/** A turn as the engine is about to save it. */
export interface ObservedTurn {
  /** The session record after the turn (with its handoff progress). */
  record: SessionRecord;
  flow: Flow;
  before: Session;
  after: Session;
  event: FlowEvent;
  turn: TurnSoFar;
  at: Date;
  /** The turn started a contact; `previousContact` is the caller's latest one before it (from the profile). */
  newContact: boolean;
  previousContact?: ContactSummary;
  /** The contact ended with this turn. */
  ended: boolean;
}

/** What analytics makes of a turn: facts handed to the store once it is saved (`Store.queueFacts`), and when the contact ended, its outcome. */
export interface TurnReport {
  /** The turn's facts as it hands them over: built into a batch when the store writes them (`PendingFacts`). */
  facts?: FactBatch | PendingFacts;
  outcome?: ContactOutcome;
  /** The contact was counted as contained under these dimensions (kept in the caller's history, for containment). */
  contained?: ContainedContact;
}

/**
 * Told about every turn: `observe` before the turn's single write (what it returns is saved
 * with it), `saved` once the write is durable. Must not feed events to the session.
 */
export interface TurnObserver {
  /** A report at once when it needs nothing from the store (the usual turn), else its promise. */
  observe(turn: ObservedTurn): TurnReport | Promise<TurnReport>;
  saved(turn: ObservedTurn, report: TurnReport, timing: { engineMs: number; storeMs: number }): void;
}

/**
 * How the engine tells the agent queues about handoffs of live (non-preview) sessions. Called
 * inside the session's turn: they must not feed events to the same session.
 */
export interface HandoffHooks {
  /** A session asked for an agent: queue it, answer `unavailable` at once (closed hours), or carry it over to the node's `continueOn` channel. */
  requested(record: SessionRecord, session: Session, effect: HandoffEffect): Promise<HandoffAdmission>;
  /**
   * A voice caller offered a callback chose to keep waiting: their contact moves one priority
   * step up (they re-enter the channel's queue ahead of everyone at their former priority).
   * Null when the session has no waiting contact.
   */
  keepWaiting(sessionKey: string): Promise<{ priority: number } | null>;
  /** An event reached a session waiting for an agent: a subscriber's message, the outcome, a hang-up. */
  waitingEvent(record: SessionRecord, session: Session, event: FlowEvent): Promise<void>;
  /** Who handled the session's handoff, and how it ended, for the caller's contact history. */
  contactOf(sessionKey: string): Promise<Partial<Pick<ContactSummary, 'agent' | 'outcome'>> | null>;
}

/**
 * The agent queues' answer to a handoff. `queued`: the contact waits; a callback is offered after
 * `callbackAfterSeconds` of waiting (null: never), or at once (`offerCallbackNow`) when the queue
 * is closed and its settings say to offer a callback rather than a message.
 */
export type HandoffAdmission =
  | { status: 'queued'; callbackAfterSeconds: number | null; offerCallbackNow: boolean }
  | { status: 'unavailable' }
  /** The contact was carried over to another channel (`continueOn`), where it waits for an agent. */
  | { status: 'continued' };

/** How a queued handoff waits, for the channel that renders it. */
export type QueuedHandoff = Omit<Extract<HandoffAdmission, { status: 'queued' }>, 'status'>;

export type FlowChoice = { flowId: string; source: FlowSource } | { bindingId: string };

export interface StartRequest {
  /** `${channel}:${conversation}`: `voice:<call_sid>`, `whatsapp:<wa_id>`, `preview:<uuid>`. */
  key: string;
  channel: Channel;
  flow: FlowChoice;
  /** As the channel gives it; normalized to E.164 for memory. A platform id (`telegram:<id>`) is kept as it is, never taken for a number. */
  callerNumber: string;
  /** The caller's own number, vouched for by the platform (a Telegram contact card): a platform caller is linked to it first. */
  sharedNumber?: string | undefined;
  /** The name the subscriber gave their account on the platform (WhatsApp's profile name): kept with the session for agents, never logged. */
  callerName?: string | undefined;
  /**
   * The key was never used (a call's `call_sid`): no contact under it is looked for to replace.
   * The first save is still conditional (on no live session): one found then runs the start again,
   * the contact under the key replaced as usual.
   */
  newKey?: boolean | undefined;
  /**
   * The key names one contact only (a call's `call_sid`): a contact found under it (live or
   * ended, on any instance) means the start came again, a replayed call hook: nothing replaced,
   * nothing run, `{status: 'missing', replayed: true}`.
   */
  onlyNew?: boolean | undefined;
  /** Tester sessions: separate caller memory, kept out of statistics. */
  preview: boolean;
  /** Start in this locale (a tester's choice). */
  locale?: string | undefined;
  /** What the subscriber wrote that opened the contact (a WhatsApp "Bonjour"): the first turn's input in the transcript. */
  opening?: string | undefined;
  /** Where the contact came from (a Telegram deep link's payload): the flow's `caller.source`; one that is not a `ContactSource` is dropped. */
  source?: string | undefined;
  /** Preview: answers for look-ups, by http node id. */
  fixtures?: WebhookFixtures | undefined;
  /** Preview: look-ups without a fixture go to the staging backends (otherwise they fail). */
  useBackend?: boolean | undefined;
  webhookBudgetMs?: number | undefined;
}

export interface TurnOptions {
  /**
   * Longest the channel can wait for this turn's look-ups. Past it the turn answers with what it
   * has (and the node's wait prompt), `pendingWebhook: true`, and the look-up goes on:
   * `awaitPending` returns the rest.
   */
  webhookBudgetMs?: number | undefined;
  /**
   * The caller's own number, vouched for by the platform (a Telegram contact card of their own
   * account): a platform caller is linked to it before the event, and it is their number from
   * this turn on.
   */
  sharedNumber?: string | undefined;
  /** The account's name on the platform, as this message gives it (a subscriber may change it): kept with the session. */
  callerName?: string | undefined;
  /**
   * The session's turn number (`Session.turns`) the event answers (a gather rendered at that
   * turn): a live session that moved on since runs nothing, `{status: 'missing',
   * replayed: true}`. Checked on the session the turn loads anyway (no read of its own); a copy
   * kept here that another instance moved on fails its conditional save and is read again.
   */
  turn?: number | undefined;
}

export interface TurnOutput {
  /** `ended`: the contact is over (channels hang up or close after the effects). */
  status: 'ok' | 'ended';
  session: Session;
  effects: Effect[];
  issues: StepIssue[];
  trace: { nodes: string[]; edges: string[] };
  /** The flow document used, for rendering effects (locales, voices). */
  flow: Flow;
  /** A look-up (or the intent model) is still running; its continuation comes from `awaitPending`. */
  pendingWebhook?: boolean;
  /** The turn's handoff was queued: when to offer the caller a callback. */
  queued?: QueuedHandoff;
  /** Preview sessions: what each look-up of the turn answered. */
  lookups?: LookupAnswer[];
  /** What free words were understood as (intent and menu nodes): shown by the preview route only, never sent to a channel. */
  understanding?: Understanding[];
  /** The answer of a turn taken before, by an instance that died before sending it, for jambonz's retry: nothing ran. */
  resent?: true;
}

/** `missing`: no session under that key, or it expired; channels start over. */
export type TurnResult = TurnOutput | { status: 'missing'; replayed?: true };
