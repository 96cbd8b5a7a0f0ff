import type { Flow, Session, Channel, JsonValue, HandoffContact, HandoffMessage, HandoffStatus, CallbackRequest, CallbackStatus, QueueSettings, Traffic, ContactOutcome } from '@griot/flows';
import type { MessagingDump, MessagingStore } from './messagingTypes.ts';
import type { ContinuationStore } from './continuationTypes.ts';
import type { ChannelStateStore } from './channelStateTypes.ts';
import type { AudioDumpEntry, AudioStore, FrozenAudioName } from './audioTypes.ts';
import type { PublicationRequest, PublicationRequestStore } from './publicationTypes.ts';
import type { ClusterEventStore, LeaseStore } from './clusterTypes.ts';
import type { FactsTrouble } from './FactQueue.ts';
import type { DataKeyring } from '../sensitive/dataKeys.ts';

export type * from './messagingTypes.ts';
export type * from './continuationTypes.ts';
export type * from './channelStateTypes.ts';
export type * from './audioTypes.ts';
export type * from './publicationTypes.ts';
export type * from './clusterTypes.ts';

/**
 * Everything Griot keeps. One interface, two adapters (embedded SQLite, MongoDB), one contract
 * test suite run against both. Every method is async so both adapters fit; every write that
 * must not race (draft revisions, version numbers, environment pointers) is atomic inside the
 * adapter.
 */

export type EnvironmentName = 'staging' | 'production';
export type Role = 'admin' | 'editor' | 'publisher' | 'tester' | 'viewer' | 'agent' | 'supervisor';

export interface FlowRecord {
  id: string;
  name: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  /**
   * Set while the flow is archived: a user deleted it, it is out of the designer and cannot be
   * routed, edited or promoted, and an admin can restore it until the retention job purges it.
   */
  archivedAt?: string;
  archivedBy?: string;
  /** When its production pointer was last cleared: the flow has run in production before. */
  leftProductionAt?: string;
  /**
   * What the file a flow was imported from said of its creation (anyone can write it): the flow
   * itself is the importer's, created at the import.
   */
  importedFrom?: FlowImportProvenance;
}
/** What an imported file claimed about its flow's creation. */
export interface FlowImportProvenance {
  createdAt?: string;
  createdBy?: string;
}

/** What still routes callers to a flow, so it cannot be archived. */
export interface FlowUsage {
  environments: EnvironmentPointer[];
  bindings: Binding[];
}

export type ArchiveFlowResult = { ok: true; flow: FlowRecord } | { ok: false; reason: 'notFound' } | { ok: false; reason: 'archived'; flow: FlowRecord } | ({ ok: false; reason: 'live' } & FlowUsage);

export interface Draft {
  flowId: string;
  /** Incremented on every save; a save on a stale revision is refused. */
  revision: number;
  document: Flow;
  hash: string;
  updatedAt: string;
  updatedBy: string;
}

export interface FlowVersion {
  flowId: string;
  number: number;
  hash: string;
  document: Flow;
  author: string;
  message: string;
  createdAt: string;
  /** A name people use for it ("Ramadan 2027"), set when publishing or later; absent when none. */
  label?: string;
  /**
   * For a version brought in by an import: what the file said of it. Claims, not facts (anyone
   * can write any author into a file): `author` and `createdAt` above are the importer and the
   * import's time.
   */
  importedFrom?: ImportProvenance;
}
/** What an imported file claimed about a version: shown as such, never as who published it. */
export interface ImportProvenance {
  author: string;
  createdAt: string;
  message: string;
}
export type FlowVersionSummary = Omit<FlowVersion, 'document'>;

export interface EnvironmentPointer {
  flowId: string;
  name: EnvironmentName;
  version: number;
  /** Versions this environment ran before, most recent last (for roll-back). */
  history: number[];
  updatedAt: string;
  updatedBy: string;
  /**
   * Versions a publisher or admin put in this environment (the current one included when they
   * did), most recent last: who pointed staging matters, since a version a publisher put there
   * may reach the real backends in previews. Absent on pointers written before Griot recorded it,
   * which vets none of their versions.
   */
  vetted?: number[];
}

export interface TesterRoute {
  /** E.164 number of a tester. */
  number: string;
  /** Run this version instead of staging. */
  version?: number;
  locale?: string;
  /**
   * The user (username) who listed their own number here from Admin → Entry points, without
   * being an admin (`BindingService.addOwnTestNumber`): always staging, theirs to remove.
   * Absent for numbers an admin listed.
   */
  addedBy?: string;
  /**
   * A listed-by-themselves number is pending until an admin confirms it is that user's phone
   * (`confirmOwnTestNumber`): until then its calls run the binding's environment like any
   * subscriber's. Never set on an admin's rows, which need no confirmation.
   */
  confirmedBy?: string;
  /** When (ISO) it was confirmed. */
  confirmedAt?: string;
}

/** An entry point: a channel address (voice number, WhatsApp phone number id…) → a flow. */
export interface Binding {
  id: string;
  channel: Channel;
  address: string;
  flowId: string;
  environment: EnvironmentName;
  testers: TesterRoute[];
  /** Channel-specific settings (voice vendor, handoff mode, inactivity timeout…). */
  settings: Record<string, JsonValue>;
  createdAt: string;
  updatedAt: string;
}

/** Where a new contact enters (`Store.readEntry`): through a binding, or a flow asked for directly (a preview). */
export type EntryTarget = { bindingId: string } | { flowId: string; version?: number; draft?: boolean };

/**
 * What starting a contact needs to choose its flow's document and check it may run, read at
 * once: the binding (read every time, never cached: a change made on another instance counts
 * from the next contact), whether the flow is archived, where its environments point, and the
 * content hashes of the versions it may run, so a document parsed before is reused by its hash.
 */
export interface EntryRecord {
  /** The binding asked for; absent when a flow was asked for directly. */
  binding?: Binding;
  flowId: string;
  /** Set while the flow is archived. */
  archivedAt?: string;
  /** The versions staging and production point at; absent when unset. */
  environments: Partial<Record<EnvironmentName, number>>;
  /**
   * The content hash of the versions the environments point at and of the one asked for, by
   * number, for those that exist. Not those of a binding's testers' own versions: those are read
   * when such a tester calls, so the other callers' read stays a few primary-key look-ups.
   */
  versionHashes: Record<number, string>;
  /** The draft's content hash when it was asked for (`draft: true`); null when there is none. */
  draftHash?: string | null;
}

/**
 * A session's `sensitive` variables (a PUK code, balances), kept apart from `session.vars` while
 * the contact lives: in clear without a data key, else sealed with AES-256-GCM under the key
 * `kid` (runtime/src/sensitive). An ended session has none, and no backup holds them.
 */
export type SensitiveValues = { clear: Record<string, JsonValue> } | SealedValues;
export interface SealedValues {
  alg: 'A256GCM';
  /** Which data key sealed them (GRIOT_DATA_KEY's id). */
  kid: string;
  /** Base64: the 12-byte nonce, the 16-byte authentication tag, the ciphertext of their JSON. */
  iv: string;
  tag: string;
  data: string;
}

export interface SessionRecord {
  /** `${channel}:${conversation}`, e.g. `voice:<call_sid>`, `whatsapp:<wa_id>`, `preview:<uuid>`. */
  key: string;
  /** As stored: `session.vars` without the flow's sensitive variables, which are in `sensitive`. */
  session: Session;
  /** The sensitive variables of a live contact; the stores drop them when the session is ended. */
  sensitive?: SensitiveValues;
  bindingId: string | null;
  environment: EnvironmentName | 'draft' | 'version';
  preview: boolean;
  createdAt: string;
  updatedAt: string;
  /** After this instant the session is gone (inactivity). */
  expiresAt: string;
  /**
   * Read from the store: its revision, raised by every write of the session (0: stored before
   * sessions had one). Given to `saveTurn`: the revision the turn read (0: no live session), so
   * that of two instances running one conversation's events at once only one writes; absent, the
   * write replaces whatever is stored.
   */
  revision?: number;
  /**
   * How far the contact went with an agent: asked (a handoff node), queued, answered (an agent
   * took it), continued (on another channel), callback, unavailable. Never counted as contained.
   */
  handoff?: HandoffProgress;
  /** A look-up failed (error, timeout) and none answered since: unless an agent takes over, the contact ended on an error. */
  lookupFailed?: boolean;
  /** Carried over from another channel's conversation: its contact is counted there, not again here. */
  carried?: boolean;
  /** The caller's platform identity (`telegram:<user id>`) on a channel that knows subscribers by one. */
  platformCaller?: string;
  /**
   * The number that platform identity is linked to (erasure finds the contact by it). Verified,
   * it is also `session.caller.number`, which the caller's memory is kept under; claimed (typed),
   * their memory stays under `platformCaller`.
   */
  linkedNumber?: string;
  /**
   * The name the subscriber gave their account on the platform (WhatsApp's profile name), the latest a message gave:
   * the contact handed to agents shows it. Account data: never logged, left out of backups, dropped by the write that ends the session.
   */
  callerName?: string;
  /**
   * A call's first turn as its instance answered it (voice only, the call hook's: the only hook
   * jambonz retries), written in the turn's own save and dropped by the next: which instance took
   * it, the session's turn number the event answered, a digest of the event, and what the turn
   * said (its effects, sealed with the session's vault like `sensitive`). The call hook retried
   * after that instance died (`#rc=…&rp=…`) gets its answer rebuilt from it, once
   * (`ConversationService`, `TurnAnswer`). Dropped when the session ends, as `sensitive` is, but
   * when that first turn is what ended it (`TurnAnswer.ends`: a closed line's goodbye) and said no
   * sensitive value (in clear, `answerOf`): kept then until the session's purge, jambonz's retry of
   * that call hook answered with the goodbye.
   */
  answer?: TurnAnswer;
}

/** What a call's first turn answered, kept with its session for jambonz's retry of the call hook (`SessionRecord.answer`). */
export interface TurnAnswer {
  /** The instance that took the turn (`ConversationService.instanceId`). */
  by: string;
  /** The session's turn number the event answered (`Session.turns` before it). */
  turn: number;
  /** A digest of the event: only the same event gets the answer again. */
  event: string;
  /** `{ effects, queued? }`, sealed with the session's vault (purpose `answer`). */
  sealed: SensitiveValues;
  /** The turn ended the call (its goodbye): the answer (sealed when it rendered a value) stays with the ended session (`storedSession`) until the call's final status, or its purge. */
  ends?: true;
}

export type HandoffProgress = 'asked' | 'queued' | 'answered' | 'continued' | 'callback' | 'unavailable';

export interface ContactSummary {
  at: string;
  channel: Channel;
  reason: string;
  outcome: string;
  agent?: string;
  /**
   * Set when analytics counted the contact as contained: what it was counted under, so that the
   * caller's next contact within the containment window takes it back (runtime/src/analytics).
   */
  contained?: ContainedContact;
}

/** What Griot remembers of a caller, keyed by the E.164 number. */
export interface CallerProfile {
  number: string;
  preferredLocale?: string;
  lastChannel?: Channel;
  contacts: ContactSummary[];
  variables: Record<string, JsonValue>;
  consent?: { given: boolean; at: string };
  createdAt: string;
  updatedAt: string;
}

/** What a call's first hook reads at once (`Store.readEntryAndCaller`). */
export interface EntryAndCaller {
  entry: EntryRecord | null;
  caller: RecalledCaller | null;
}

/**
 * What a contact's start needs of a caller's profile (`Store.recallCaller`): the language, last
 * channel, variables and consent, and of the history only the last contact (containment). The
 * agent's history and the API read the whole profile (`getCaller`).
 */
export interface RecalledCaller extends Omit<CallerProfile, 'contacts'> {
  lastContact?: ContactSummary;
}

/**
 * A subscriber a channel knows by a platform id (`telegram:<user id>`, `messenger:<psid>`) who
 * gave their phone number: their profile lives under the number from then on, so language and
 * last channel follow them between that channel and calls, WhatsApp, USSD (`callerLinks.ts`).
 */
export interface CallerLink {
  /** The platform identity, `<channel>:<platform id>`. */
  key: string;
  /** E.164. */
  number: string;
  /**
   * Vouched for by the platform (a Telegram contact card of the sender's own account): the
   * number is then the caller's number in their contacts, and their profile is the number's.
   * Otherwise typed in a flow (`linkCaller`), a claim anyone can make: the caller's number and
   * profile stay the platform id's, and only the number's language is read (their greeting).
   * Links stored before this rule read the same way, by this flag.
   */
  verified: boolean;
  linkedAt: string;
}

/**
 * What a turn teaches about a caller, applied to the stored profile by the store, atomically
 * (`applyCallerChanges` says how): no read by the engine, no lost update between two contacts.
 */
export interface CallerChanges {
  lastChannel?: Channel;
  preferredLocale?: string;
  /** `persist` variables that changed; the others are kept. */
  variables?: Record<string, JsonValue>;
  /**
   * Remembered names to drop, with `variables` only (ignored without: a profile never loses a
   * value in a write that sets none): the former names of renamed variables, once their values
   * are under the current names (`CallerMemory.movedFormerNames`). A name also in `variables` is set, not dropped.
   */
  forget?: string[];
  /**
   * A move's condition (`CallerMemory.movedFormerNames`): what the contact read, at its start, under
   * each name the move sets or forgets (`{ value }`, or null where the profile held nothing). The
   * move (the `variables` named here and every `forget`) applies only while the stored profile
   * still holds exactly that under every one of these names, checked by the store in the write
   * itself; otherwise another contact of the caller changed them since (moved them, wrote a newer
   * value), and the move is dropped: the next contact moves what is stored then. The other
   * `variables` (the turn's own changes) apply in any case.
   */
  read?: Record<string, { value: JsonValue } | null>;
  /** A finished contact: appended to the history (the last `CONTACTS_KEPT`), its channel becomes the last one. */
  contact?: ContactSummary;
}

export interface TranscriptTurn {
  at: string;
  /** The event that drove the turn, with sensitive input masked. */
  input: JsonValue;
  /** Prompts given, with sensitive values masked. */
  prompts: string[];
  nodes: string[];
  effects: string[];
  durationMs: number;
  /**
   * The look-ups of the turn (http nodes, the intent model): backend, ok or error with its cause
   * (`timeout`, `http 503`, `ECONNREFUSED`…), how long. Never the request nor the answer.
   */
  lookups?: TranscriptLookup[];
}

export interface TranscriptLookup {
  node: string;
  backend: string;
  /**
   * `notFound`: a status the http node reads as « not found » (its `notFoundStatuses`), the flow's notFound branch;
   * `misconfigured`: not sent, for want of Griot's own configuration (a secret unset, a backend without an address: `cause`
   * says which), the flow's error branch all the same; `error`: the operator's system failed or did not answer.
   */
  outcome: 'ok' | 'notFound' | 'error' | 'misconfigured';
  cause?: string;
  ms: number;
}

/** What `Store.listTranscripts` lists. */
export interface TranscriptFilter {
  callerNumber?: string;
  flowId?: string;
  previewsOf?: string;
  /**
   * Test calls only: live contacts that were routed as a listed tester's (`tester`), from these
   * numbers (E.164), each started at or after its `since` (ISO) when given. Previews and a
   * subscriber's calls never match, whatever the number; an empty list matches nothing.
   * Filtered in the query, before `limit`.
   */
  testCallsFrom?: ReadonlyArray<{ number: string; since?: string | undefined }>;
  limit: number;
}

/**
 * Past the bound on everyone's preview transcripts, how many are kept: 90% of it, so the oldest are
 * sorted out once in a while rather than at every preview started.
 */
export const previewsKeptAfterTrim = (inAll: number) => Math.floor(inAll * 0.9);

/** The beginning of the session keys of the previews `userId` started (runtime/src/api/previewRoutes.ts). */
export const previewKeyPrefix = (userId: string) => `preview:${userId}:`;

export interface Transcript {
  sessionKey: string;
  flowId: string;
  flowVersion: number | null;
  channel: Channel;
  callerNumber: string;
  preview: boolean;
  /**
   * True when the contact was routed as a tester's (a number an admin listed on the line, or a
   * user's own phone once confirmed): staging or the version chosen for it. Absent for everyone
   * else's contacts, previews, and transcripts written before 2026-12-06.
   */
  tester?: true;
  startedAt: string;
  endedAt?: string;
  endReason?: string;
  turns: TranscriptTurn[];
}

/**
 * Everything one conversation turn leaves behind, saved by one `saveTurn` call: in SQLite one
 * transaction, so the session, its transcript and the caller's memory never disagree.
 */
export interface TurnWrite {
  /** The session after the turn; replaces the stored one while it is still at `session.revision`. */
  session: SessionRecord;
  /** The turn, appended to the latest transcript of the session's key (dropped when it has none). */
  turn: TranscriptTurn;
  /** A new contact: its transcript starts here, with `turn` as its first turn. */
  newTranscript?: Omit<Transcript, 'turns' | 'endedAt' | 'endReason'>;
  /** The contact ended with this turn: its transcript is closed after `turn`. */
  end?: { at: string; reason: string };
  /** Changes to a caller profile (its store key: the number, or `preview:<number>`), created when absent. */
  caller?: { key: string; changes: CallerChanges; at: string };
  /** What analytics learnt from the turn, saved with it (as durable as the turn, never more). */
  facts?: FactBatch;
}

/**
 * `saveTurn`'s outcome: saved (the session's new revision), or nothing saved because the stored
 * session is no longer at the revision the turn read: another instance ran an event of the same
 * conversation meanwhile, and the turn must be run again from the stored session.
 */
export type SaveTurnResult = { ok: true; revision: number } | { ok: false; reason: 'conflict' };

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  hashBefore?: string;
  hashAfter?: string;
  details?: Record<string, JsonValue>;
}

/** Which audit entries to list: every field narrows; `from` inclusive, `to` exclusive (ISO instants). */
export interface AuditFilter {
  target?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  /** The id of the last entry of the previous page: entries older than it. */
  before?: string;
  limit: number;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  roles: Role[];
  createdAt: string;
  disabled: boolean;
  /**
   * Set while the password is one Griot printed or an admin handed over (the first admin, a
   * reset): the user must choose their own before doing anything else.
   */
  mustChangePassword?: boolean;
  /**
   * The queues an agent answers (sees, takes, reads, replies to, is told about). Absent: every
   * queue, as before assignments existed, until an admin assigns some; empty: none. Supervisors
   * and admins answer every queue whatever it says (agentQueues.ts).
   */
  queues?: string[];
  /**
   * Changes each time all of the user's browser sessions are ended (an admin's « Fermer ses
   * sessions », « Se déconnecter partout », a password changed or reset, the account disabled): a
   * sign-in under way at that moment ends its own session (auth/endLoginSessions.ts).
   */
  sessionsEpoch?: string;
}

/** What `patchUser` may change: everything but the id, the name and the creation date. */
export type UserPatch = { [K in Exclude<keyof User, 'id' | 'username' | 'createdAt'>]?: User[K] | undefined };

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  /** SHA-256 of the token; the token itself is shown once and never stored. */
  tokenHash: string;
  createdAt: string;
  lastUsedAt?: string;
  /**
   * From then on the token opens nothing. Absent: it never expires (tokens made before expiries
   * existed, or made with "no expiry" on purpose).
   */
  expiresAt?: string;
}

/** A logged-in browser session (cookie). */
export interface LoginSession {
  id: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  /** When it last let in a request its user made (not one their pages made by themselves): the idle timeout counts from it, or from `createdAt`. */
  lastUsedAt?: string;
}

// ── Handoff: contacts waiting for an agent, their messages, callback requests, queue settings ──

// The records themselves are the API's answers too: they live in `flows` (api/handoff.ts), for the designer.
/**
 * A text agents insert in their reply box instead of typing it: a title to find it by, the text
 * per language (`fr` first), and optionally the one queue it is meant for. Plain text: nothing in
 * it is filled from the caller's data.
 */
export interface CannedReply {
  id: string;
  title: string;
  /** Language code (`fr`, `en`, `fon`…) → text; at least one. */
  texts: Record<string, string>;
  /** Offered only on these queues' contacts (listed first there); absent: on every queue. */
  queues?: string[];
  /** Older replies (before `queues`): the one queue it was meant for. Read as `queues: [queue]`; never written now. */
  queue?: string;
  updatedAt: string;
  updatedBy: string;
}

/**
 * The bot's turn after an agent handed a messaging conversation back (or turned it into a
 * callback), kept until its channel took it, so that a restart or a kill -9 does not lose it:
 * first the engine event still to run (`outcome`), then, once run, the turn to send (sealed like a
 * session's sensitive values: it may say a PUK code). One per contact. The recovery pass
 * (`resendBotTurns`) runs or sends those due; `nextAt` is also the claim of the instance trying it.
 * Never in backups; removed once sent or given up.
 */
export interface PendingBotTurn {
  contactId: string;
  sessionKey: string;
  /** The handoff outcome the engine runs (`done` after a release, `callback`). */
  outcome: 'done' | 'callback';
  /** The turn once the engine ran it (`BotTurn`: effects, the session's flow and turn number, the flow's locales), sealed. */
  turn?: SensitiveValues;
  /** Tries to send so far. */
  tries: number;
  /** When it is due (again): before then, an instance holds it or waits to try again. */
  nextAt: string;
  createdAt: string;
}

export type { AgentPresence, AgentPresenceChange } from './agentPresenceTypes.ts';
import type { AgentPresence, AgentPresenceChange } from './agentPresenceTypes.ts';
export type { HandoffStatus, HandoffHistoryItem, HandoffNote, HandoffContact, HandoffMessage, CallbackStatus, CallbackRequest, CallbackCall, Weekday, QueueSettings } from '@griot/flows';

/** What may change on a handoff contact; `undefined` removes the field (the agent on a transfer). */
export type HandoffContactPatch = Partial<
  Pick<
    ContactToMask,
    | 'queue'
    | 'priority'
    | 'enqueuedAt'
    | 'firstEnqueuedAt'
    | 'status'
    | 'agent'
    | 'assignedAt'
    | 'closedAt'
    | 'outcome'
    | 'updatedAt'
    | 'handedOverAt'
    | 'maskPending'
    | 'maskValues'
    | 'notes'
    | 'callerName'
  >
>;

/**
 * A closed contact whose messages are not yet masked, as the masking pass reads it: with the
 * values to mask kept at its close (`maskValues`: the session's sensitive values, sealed like them,
 * as the ending turn removes them from the session). Only `listHandoffContactsToMask` gives them;
 * every other read leaves them out, and the masking removes them with `maskPending`.
 */
export interface ContactToMask extends HandoffContact {
  maskValues?: SensitiveValues;
}

/**
 * What a contact must still be for a change to apply: one of these statuses, or (compare-and-set on
 * the holder too) one of these statuses with this agent (`null`: nobody holds it). Two supervisors
 * moving the same contact at once: the second finds it no longer held by whom they saw. With `queue`,
 * also still in that queue: a waiting contact is waiting, held by nobody, before and after a transfer.
 * With `priority`, also still at that priority: a supervisor who raised it meanwhile is not overwritten.
 */
export type HandoffExpectation = HandoffStatus[] | { statuses: HandoffStatus[]; agent: string | null; queue?: string; priority?: number };

export type CallbackRequestPatch = Partial<Pick<CallbackRequest, 'status' | 'attempts' | 'agent' | 'lastCall' | 'updatedAt'>>;

export type SaveDraftResult = { ok: true; draft: Draft } | { ok: false; reason: 'conflict'; current: Draft } | { ok: false; reason: 'notFound' };

export type SetEnvironmentResult = { ok: true; pointer: EnvironmentPointer } | { ok: false; reason: 'conflict'; current: EnvironmentPointer | null };

/** The whole content of a store, for backup and restore. */
export interface StoreDump {
  format: 'griot-backup';
  formatVersion: 1;
  /**
   * The schema of the release that wrote it (`SCHEMA_VERSION`, its latest SQLite migration, on
   * either store; absent in backups written before 2026-12-07): a release that does not know it refuses the backup.
   */
  schemaVersion?: number;
  createdAt: string;
  flows: FlowRecord[];
  drafts: Draft[];
  versions: FlowVersion[];
  environments: EnvironmentPointer[];
  bindings: Binding[];
  sessions: SessionRecord[];
  callers: CallerProfile[];
  /** Platform callers linked to numbers (absent in older backups). */
  callerLinks?: CallerLink[];
  transcripts: Transcript[];
  audit: AuditEntry[];
  users: User[];
  tokens: ApiToken[];
  /** Contacts for agents, their messages, callback requests, queue settings and canned replies (absent in older backups). */
  handoff?: {
    contacts: HandoffContact[];
    messages: HandoffMessage[];
    callbacks: CallbackRequest[];
    queueSettings: QueueSettings[];
    /** The agents' réponses types (absent in older backups). */
    cannedReplies?: CannedReply[];
  };
  /** Messaging's inbox and what finishing it needs (absent in older backups; see `MessagingDump`). */
  messaging?: MessagingDump;
  /** Analytics: the caller-hash key, raw facts still kept, and the counters (absent in older backups). */
  analytics?: AnalyticsDump;
  /** Recorded prompts with their content (absent in older backups, which carried them as files beside the dump). */
  audio?: AudioDumpEntry[];
  /**
   * The names published versions froze, with or without a file (absent in older backups): a
   * restored store keeps refusing to replace or remove what a version a rollback may return to plays.
   */
  audioFrozen?: FrozenAudioName[];
  /** Requests that a publisher publish a draft (absent in older backups). */
  publicationRequests?: PublicationRequest[];
}

/**
 * A throttling counter (login attempts, bad bearer tokens): the points counted in a window
 * that ends at `expiresAt`, milliseconds since the epoch (null: never). It is the record
 * rate-limiter-flexible keeps in its own stores, kept in ours so that every instance sharing
 * the store sees the same counts, and a restart forgets nothing.
 */
export interface ThrottleCounter {
  key: string;
  points: number;
  expiresAt: number | null;
}

/** The Store's part for throttling counters; transient, so never in a backup. */
export interface ThrottleCounters {
  /**
   * Adds `points` (negative to give back) atomically and returns the counter after it. A counter
   * that is absent or expired at `now` starts again at `points`, expiring `durationMs` after
   * `now` (never when 0). `replace` sets points and expiry whatever was there (a block).
   */
  addThrottlePoints(key: string, points: number, durationMs: number, now: number, replace: boolean): Promise<ThrottleCounter>;
  /** The counter while it lives at `now`, else null. */
  getThrottleCounter(key: string, now: number): Promise<ThrottleCounter | null>;
  deleteThrottleCounter(key: string): Promise<boolean>;
  /** Removes every counter whose key starts with `prefix` (an account's counters from all addresses); returns how many. */
  deleteThrottleCounters(prefix: string): Promise<number>;
}

// ── Analytics (runtime/src/analytics): facts from every contact, and counters by hour and day ──

// What analytics count by: in `flows` (api/analyticsReport.ts) with the reports the designer reads.
export type { Traffic, ContactOutcome } from '@griot/flows';

/** What every fact of a batch is counted under. */
export interface FactDimensions {
  flowId: string;
  /** The published version, null for a draft (previews). */
  version: number | null;
  /** `production`, `staging`, `draft`, `version` (a pinned version); empty for agent-queue facts. */
  environment: string;
  channel: Channel;
  locale: string;
  traffic: Traffic;
}

/** A contained contact as its caller's profile remembers it (`ContactSummary.contained`). */
export interface ContainedContact extends FactDimensions {
  startedAt: string;
}

/** One thing that happened; its time is the batch's `at` unless it says otherwise. */
export type AnalyticsEvent =
  | { type: 'contact' }
  /** The contact ended; counted under the hour it started in, `node` is where the caller was. */
  | { type: 'end'; outcome: ContactOutcome; node?: string; startedAt: string; seconds: number }
  | { type: 'visit'; node: string }
  | { type: 'exit'; node: string; output: string }
  | { type: 'noInput'; node: string }
  | { type: 'noMatch'; node: string }
  /** An http node's look-up (`backend`: its named backend, `url` for an absolute URL) or an intent node's model (`model`). */
  | { type: 'lookup'; node: string; backend: string; outcome: string; ms: number }
  | { type: 'csatAsked'; node: string }
  /** A satisfaction answer; `agent` when an agent handled the contact before the survey. */
  | { type: 'csat'; node: string; score: number; scale: number; agent?: string }
  /** A contained contact whose caller came back within the window: counted back under that contact. */
  | { type: 'returned'; of: ContainedContact }
  | { type: 'queued'; queue: string }
  | { type: 'answered'; queue: string; waitSeconds: number; agent?: string }
  /** The caller hung up while waiting in the queue. */
  | { type: 'abandoned'; queue: string; waitSeconds: number }
  /** Left the queue unanswered otherwise: `callback` (asked to be called back), `unavailable`, `transferred`, `replaced`. */
  | { type: 'left'; queue: string; reason: string; waitSeconds: number }
  /** An agent closed the contact with this outcome. */
  | { type: 'agentOutcome'; queue: string; agent: string; outcome: string }
  | { type: 'callback'; queue: string; step: 'requested' | 'taken' | 'placed' | 'answered' | 'completed' | 'failed' };

/** Facts of one turn (or one agent-queue change) of one contact. Never a number in clear nor a variable's value. */
export interface FactBatch extends FactDimensions {
  at: string;
  /** An opaque id of the contact (a keyed hash), the same in all its batches. */
  contact: string;
  /** HMAC-SHA256 of the caller's E.164 number with the analytics key, on a contact's first batch (and agent-queue facts); null otherwise or without a number. */
  caller: string | null;
  events: AnalyticsEvent[];
}

/**
 * A turn's facts as the engine hands them over (issue 14): what the turn already had, by
 * reference, made into a batch by the store's queue (`FactQueue`) as it writes, many in a row,
 * within `FACTS_WINDOW_MS` at the latest. `build` is called once: the batch (its contact and
 * caller hashed), or null when the turn had no fact to record.
 */
export interface PendingFacts {
  build(): FactBatch | null;
}

export type CounterBucket = 'hour' | 'day';

/** One counter: how many, their sum (seconds, milliseconds, scores) and the largest, under its dimensions in one hour or day. */
export interface AnalyticsCounter extends FactDimensions {
  bucket: CounterBucket;
  /** Start of the hour or (UTC) day, ISO-8601. */
  start: string;
  metric: string;
  /** What the metric is about: a node, a queue, a back-end, an agent; empty when nothing. */
  key: string;
  detail: string;
  count: number;
  sum: number;
  max: number;
}

export type CounterGroup = 'hour' | 'day' | 'metric' | 'key' | 'detail' | 'flowId' | 'version' | 'environment' | 'channel' | 'locale' | 'traffic';

/** Sums of counters over whole hours [from, to) (UTC), filtered, grouped. */
export interface CounterQuery {
  from: string;
  to: string;
  metrics: string[];
  flowId?: string;
  /** Any of these versions (null: drafts). */
  versions?: Array<number | null>;
  environment?: string;
  channel?: Channel;
  locale?: string;
  traffic?: Traffic[];
  /** Only counters about this key (a queue). */
  key?: string;
  groupBy: CounterGroup[];
}

/** A group's sums; the grouped fields are set, the others absent. */
export interface CounterSum extends Partial<Omit<AnalyticsCounter, 'count' | 'sum' | 'max' | 'bucket' | 'start'>> {
  hour?: string;
  day?: string;
  count: number;
  sum: number;
  max: number;
}

export interface AnalyticsDump {
  /** The key callers' numbers are hashed with, when the store generated it (not from the environment). */
  key?: string;
  facts: FactBatch[];
  counters: AnalyticsCounter[];
}

/**
 * The Store's part for analytics. Raw facts are kept for a short time (GRIOT_ANALYTICS_RAW_RETENTION_DAYS),
 * counters by hour and day for long (GRIOT_ANALYTICS_RETENTION_DAYS); both are in backups.
 */
export interface AnalyticsRecords {
  /** Facts that are not part of a turn (agent queues, callbacks): durable once resolved. */
  recordFacts(batches: FactBatch[]): Promise<void>;
  /**
   * A turn's facts, handed over once the turn is saved (the engine's way since 2026-12-05; `saveTurn`
   * still takes them in the turn's commit): kept in memory and written with the others queued
   * meanwhile, within `FACTS_WINDOW_MS` or as soon as `FACTS_WRITE_AT` wait (`FactQueue`). Every
   * read of facts or counters through this store, a backup, a restore and `close` write them
   * first; a crash loses at most the last window's. Another store on the same data sees them once
   * written.
   */
  queueFacts(batch: FactBatch | PendingFacts): void;
  /** Writes the queued facts now; never rejects (a failed write keeps them queued, told to `onFactsTrouble`). */
  flushFacts(): Promise<void>;
  /** Told when a write of queued facts failed (they are tried again) or facts were dropped past the bound. */
  onFactsTrouble(listener: (trouble: FactsTrouble) => void): void;
  /**
   * Folds facts recorded since the last roll-up into the counters, each exactly once even with
   * several instances on one store, reading at most `limit` batches (those this process folded as
   * it wrote them are counted whatever their number); returns how many it folded. A store that
   * counts as it records (MongoDB) has nothing to fold: 0.
   */
  rollUpFacts(limit: number): Promise<number>;
  /** Counter sums; hours are covered exactly (day counters for whole UTC days, hour counters for the rest). */
  sumCounters(query: CounterQuery): Promise<CounterSum[]>;
  /** Raw facts recorded in [from, to), in the order recorded (one recorded out of time order right at `from` may be left out). */
  listFacts(filter: { from: string; to: string; flowId?: string; limit: number }): Promise<FactBatch[]>;
  /**
   * Right to erasure: the raw facts that name one of `callers` (keyed digests, `FactBatch.caller`)
   * no longer do (null), so an erased caller's contacts cannot be linked together; counters, which
   * never read it, stay as they are. Returns how many batches changed.
   */
  eraseCallerFacts(callers: string[]): Promise<number>;
  /** Removes raw facts recorded before `before` that are already counted; returns how many batches. */
  purgeFacts(before: string): Promise<number>;
  /** Removes counters of hours and days that start before `before`; returns how many. */
  purgeCounters(before: string): Promise<number>;
  /**
   * The key callers' numbers are hashed with when the environment gives none: `candidate` is kept
   * if the store has no key yet, else the stored one is returned (stable across restarts and instances).
   */
  analyticsKey(candidate: string): Promise<string>;
  /** The stored caller-hash key, if any, read without keeping one (`griot log-key`). */
  storedAnalyticsKey(): Promise<string | undefined>;
}

/** What an erasure removed of a caller's conversations (`Store.eraseConversations`). */
export interface ConversationErasure {
  handoffContacts: number;
  handoffMessages: number;
  callbacks: number;
  sessions: number;
  /** Records of the messaging ledger: inbound messages, outbound keys, conversation marks, delivery reports. */
  messaging: number;
}
export type EraseConversationsResult = ({ ok: true } & ConversationErasure) | { ok: false; open: { kind: 'contact' | 'callback'; id: string; status: string } };
export interface HandoffPurgeCounts {
  handoffContacts: number;
  handoffMessages: number;
  callbacks: number;
}

/** How a dump is read. */
export interface DumpOptions {
  /**
   * For the backup writer only (`writeBackupFile`): big lists may come as `pagedRows` (empty
   * arrays whose rows the writer reads a page at a time from the store's snapshot: the audit log,
   * transcripts, callers, handoff contacts (SQLite) and messages, conversations, analytics facts
   * and counters), and prompts whose bytes it reads as it writes them. The snapshot lives until
   * `endOfDump(dump)`. Without it, every list holds its rows.
   */
  paged?: boolean;
}

export interface Store extends ThrottleCounters, AnalyticsRecords {
  readonly kind: 'sqlite' | 'mongodb';
  /** What opening the store repaired, counts only (MongoDB: duplicates in the way of a unique index); start-up logs each. */
  readonly repairs?: ReadonlyArray<{ event: string; message: string; counts: Record<string, number>; level?: 'info' | 'warn' }>;
  /** Whether the store answers a read. */
  ping(): Promise<boolean>;
  /**
   * When a `griot restore` into this store began that never finished (its process died half-way:
   * the store holds part of a backup), else null. The server refuses to start on it; `griot
   * restore` run again empties it first. SQLite restores in one transaction: never.
   */
  interruptedRestore(): Promise<string | null>;
  /**
   * Proves the store accepts a write (for /readyz): upserts its one readiness record with this
   * instance's id and the time, and resolves once that is durable. Rejects when it cannot write.
   * Not part of backups.
   */
  writeHeartbeat(instance: string, at: string): Promise<void>;
  /**
   * SQLite only: how often this process's group commit found the file's write lock held by
   * another process (a second instance on GRIOT_SQLITE_PATH), and how long it waited for it,
   * serving requests meanwhile. For the metrics.
   */
  writeLockWaits?(): { waits: number; waitedSeconds: number };
  /**
   * SQLite only: the code WAL checkpoints fail with now (`SQLITE_FULL`: the disk is full), null
   * while they work. For the metrics: an operator alerts on it before writes fail too.
   */
  walCheckpointFailing?(): string | null;
  close(): Promise<void>;

  // Flows, drafts, versions
  createFlow(flow: FlowRecord, draft: Draft): Promise<{ ok: true } | { ok: false; reason: 'exists' }>;
  /**
   * Creates a flow as a copy of another (« Dupliquer »): the flow, its draft, and the recordings
   * `audio.names` of flow `audio.from` (the file each name serves, a frozen name's pinned one) under
   * the new id, as one unit: a reader sees the new flow with all of them or no flow at all. The
   * files are copied first, one at a time (the event loop served between two), under an id no flow
   * holds, so nothing lists them; the flow and its draft last, together. A crash mid-copy leaves no
   * flow, and the files it left under the id are removed by the next creation of it (createFlow
   * removes them with the flow's insert; a copy first thing).
   * Names the source does not hold are left out of `recordings`. `exists` when the id is taken
   * (nothing written under it, its flow's files untouched). `commit`, when given, wraps the last
   * write (the flow and its draft), once the files are written: the quotas' checks with their locks
   * held (DuplicateFlow); when it throws, the files copied go and the error is the answer. The
   * caller holds the id for the copy (reserveCopyId): no other copy writes under it meanwhile.
   */
  copyFlow(
    flow: FlowRecord,
    draft: Draft,
    audio: { from: string; names: readonly string[] },
    commit?: (create: () => Promise<boolean>) => Promise<boolean>,
  ): Promise<{ ok: true; recordings: string[] } | { ok: false; reason: 'exists' }>;
  listFlows(): Promise<FlowRecord[]>;
  getFlow(id: string): Promise<FlowRecord | null>;
  /** Removes the flow with its draft, versions, environments, bindings and recorded audio (the archive's purge). */
  deleteFlow(id: string): Promise<boolean>;
  /**
   * Archives the flow (`archivedAt`, `archivedBy`) only while nothing routes to it: no
   * environment pointer and no binding, checked together with the write (`live` lists them).
   * Listing and reading still return archived flows; the services hide them.
   */
  archiveFlow(id: string, at: string, by: string): Promise<ArchiveFlowResult>;
  /** Takes an archived flow out of the archive; null when the flow is absent or not archived. */
  unarchiveFlow(id: string): Promise<FlowRecord | null>;
  /**
   * Removes flows archived before `before`, with everything `deleteFlow` removes; returns the
   * records removed.
   */
  purgeArchivedFlows(before: string): Promise<FlowRecord[]>;
  getDraft(flowId: string): Promise<Draft | null>;
  /** The draft's content hash alone: a cheap check that a cached draft is still current. */
  getDraftHash(flowId: string): Promise<string | null>;
  /**
   * Saves when `expectedRevision` is the current one; the new draft has revision + 1 and the
   * flow record takes the document's name. `at` defaults to the store's clock.
   */
  saveDraft(flowId: string, expectedRevision: number, document: Flow, hash: string, by: string, at?: string): Promise<SaveDraftResult>;
  /**
   * Stores the next version number for the flow atomically. With `unlessLatest`, when the
   * flow's latest version already has this content hash (another publisher of the same draft
   * got there first), nothing is stored and that version comes back with `existed: true`; the
   * check and the insert are one write, so two publishers of one draft make one version.
   */
  addVersion(version: Omit<FlowVersion, 'number'>, options?: { unlessLatest?: boolean }): Promise<FlowVersion & { existed?: true }>;
  /** Restores a version with its number as is (import, restore). */
  putVersion(version: FlowVersion): Promise<void>;
  listVersions(flowId: string): Promise<FlowVersionSummary[]>;
  getVersion(flowId: string, number: number): Promise<FlowVersion | null>;
  /** The flow's latest version (the highest number), document and all, read alone; null when none was published. */
  getLatestVersion(flowId: string): Promise<FlowVersion | null>;
  /**
   * The version's content hash alone: a cheap check that a cached version is still the one
   * stored (a flow purged and created again under the same id has new versions with old numbers).
   */
  getVersionHash(flowId: string, number: number): Promise<string | null>;
  /** Sets (or with null removes) a version's label; the summary after, or null when there is no such version. */
  setVersionLabel(flowId: string, number: number, label: string | null): Promise<FlowVersionSummary | null>;

  // Environments
  getEnvironments(flowId: string): Promise<EnvironmentPointer[]>;
  getEnvironment(flowId: string, name: EnvironmentName): Promise<EnvironmentPointer | null>;
  /**
   * Points an environment at a version when it still points where the caller saw it
   * (`expectedVersion`, null when unset): promotion and roll-back never race.
   */
  setEnvironment(flowId: string, name: EnvironmentName, expectedVersion: number | null, pointer: EnvironmentPointer): Promise<SetEnvironmentResult>;
  /**
   * Removes an environment pointer while it still points at `expectedVersion`; clearing
   * production also sets the flow's `leftProductionAt` to `at`. False when it moved or was unset.
   */
  clearEnvironment(flowId: string, name: EnvironmentName, expectedVersion: number, at: string): Promise<boolean>;

  // Bindings
  listBindings(): Promise<Binding[]>;
  getBinding(id: string): Promise<Binding | null>;
  findBinding(channel: Channel, address: string): Promise<Binding | null>;
  /** Creates or replaces by id; an address bound by another binding is refused (conflict `address_taken`). */
  putBinding(binding: Binding): Promise<void>;
  deleteBinding(id: string): Promise<boolean>;
  /**
   * Adds a tester to a binding in one atomic step, unless a tester of that number is listed
   * there already (then, or when the binding is gone: null). Two users adding at once both get
   * theirs in: no read-then-write loses one.
   */
  addBindingTester(id: string, tester: TesterRoute, at: string): Promise<Binding | null>;
  /** Removes the tester of `number` that `addedBy` listed, in one atomic step; null when there was none. */
  removeBindingTester(id: string, number: string, addedBy: string, at: string): Promise<Binding | null>;
  /**
   * Marks the tester of `number` that `addedBy` listed as confirmed by `confirmedBy` at `at`, in one
   * atomic step (a tester's add or remove at the same moment is kept); null when there is no such
   * row not yet confirmed (removed, or confirmed meanwhile).
   */
  confirmBindingTester(id: string, number: string, addedBy: string, confirmedBy: string, at: string): Promise<Binding | null>;
  /**
   * What a new contact's start reads (`EntryRecord`), in one read: SQLite one statement, MongoDB
   * one aggregation. Null when the binding asked for is gone; a flow asked for directly always
   * gives a record (without environments nor hashes when the flow is gone).
   */
  readEntry(target: EntryTarget): Promise<EntryRecord | null>;
  /**
   * A new contact's entry (`readEntry`) and its caller's profile as `recallCaller` gives it (under
   * `callerKey`: the number, or a preview's key), together: what a call's first hook reads when it
   * has no contact to close first. SQLite one statement (one WAL read lock, one snapshot), MongoDB
   * the two reads at once. The caller is recalled even when the entry is null.
   */
  readEntryAndCaller(target: EntryTarget, callerKey: string): Promise<EntryAndCaller>;

  // Sessions
  getSession(key: string, now: string): Promise<SessionRecord | null>;
  /**
   * The revision of the session `getSession` would return (null: none live), without reading the
   * session itself: enough to know whether the store still holds a session this process saved.
   */
  getSessionRevision(key: string, now: string): Promise<number | null>;
  /**
   * Creates or replaces by key whatever is stored (its revision rises); an ended session is stored
   * without its `sensitive` part (also in saveTurn). Turns go through `saveTurn`, which checks the revision.
   */
  putSession(record: SessionRecord): Promise<void>;
  deleteSession(key: string): Promise<void>;
  /**
   * Removes sessions whose expiresAt is not after `now` (those getSession no longer returns);
   * returns how many. Expired login sessions, throttle counters, continuations and channel states go too (MongoDB: by TTL index).
   */
  purgeExpiredSessions(now: string): Promise<number>;

  // Callers
  getCaller(number: string): Promise<CallerProfile | null>;
  /** The profile without its history but its last contact: what a new contact reads, whatever the history's length. */
  recallCaller(number: string): Promise<RecalledCaller | null>;
  putCaller(profile: CallerProfile): Promise<void>;
  deleteCaller(number: string): Promise<boolean>;
  /** Removes profiles not updated since `before`, and the links to the numbers whose profile went; returns how many profiles. */
  purgeCallers(before: string): Promise<number>;
  /**
   * Links a platform caller to a number, atomically: the link recorded and, when the link kept is
   * verified, the platform profile (if any) merged into the number's (`mergeLinkedProfiles`) and
   * removed; a claimed link leaves both profiles as they are. A claimed link never replaces a
   * verified one to another number: the link kept is returned.
   */
  linkCaller(link: CallerLink): Promise<CallerLink>;
  getCallerLink(key: string): Promise<CallerLink | null>;
  /** The links to a number (erasure). */
  listCallerLinks(number: string): Promise<CallerLink[]>;
  deleteCallerLink(key: string): Promise<boolean>;

  // Transcripts. A session key can come back (a WhatsApp number writes again after its session
  // expired): startTranscript then begins another transcript, the earlier one is kept, and
  // appendTurn, endTranscript and getTranscript act on the latest one of that key. A turn for a
  // key with no transcript is dropped: a lost transcript line must not fail the caller's call.
  startTranscript(transcript: Transcript): Promise<void>;
  appendTurn(sessionKey: string, turn: TranscriptTurn): Promise<void>;
  /**
   * A conversation turn, all at once: the session, the transcript turn (after starting the
   * transcript of a new contact; before closing it when the contact ended) and the caller's
   * profile changes. Resolves once all of it is durable (SQLite: one transaction, group-committed;
   * MongoDB: one transaction on a replica set, else the session first, then the other parts, each
   * applied once). When `write.session.revision` is given and the stored session is no longer at
   * it, nothing is written and the result says `conflict`.
   */
  saveTurn(write: TurnWrite): Promise<SaveTurnResult>;
  endTranscript(sessionKey: string, endedAt: string, endReason: string): Promise<void>;
  getTranscript(sessionKey: string): Promise<Transcript | null>;
  /** Newest first (by startedAt). */
  /**
   * Newest first. With `previewsOf` (a user id), preview transcripts are listed only when that user
   * started them (their key `preview:<userId>:…`); without it, every transcript (erasure).
   */
  listTranscripts(filter: TranscriptFilter): Promise<Transcript[]>;
  /**
   * The caller numbers of transcripts that start with `prefix` (`webchat:`) and come after `after`
   * (byte order), distinct, ascending, at most `limit` (a range of the caller index, never a scan
   * of every transcript). Pages on with the last one returned; an empty list: none left. Erasing a
   * web chat visitor by their digest reads them so.
   */
  listTranscriptCallers(prefix: string, after: string, limit: number): Promise<string[]>;
  deleteTranscriptsOf(callerNumber: string): Promise<number>;
  /** Removes transcripts started before `before`; returns how many. */
  purgeTranscripts(before: string): Promise<number>;
  /**
   * Bounds preview transcripts: keeps the newest `perUser` of those `userId` started (key
   * `preview:<userId>:…`) and, when everyone's are more than `inAll`, the newest
   * `previewsKeptAfterTrim(inAll)` of them, by start; removes the older ones (with their turns)
   * and returns how many. Live transcripts are never touched.
   */
  trimPreviewTranscripts(userId: string, perUser: number, inAll: number): Promise<number>;

  // Audit
  appendAudit(entry: AuditEntry): Promise<void>;
  /** Newest first; `before` (an entry's id) pages on from that entry, an unknown one gives no entries. */
  listAudit(filter: AuditFilter): Promise<AuditEntry[]>;

  // Users, tokens, login sessions
  countUsers(): Promise<number>;
  listUsers(): Promise<User[]>;
  getUser(id: string): Promise<User | null>;
  getUserByName(username: string): Promise<User | null>;
  /** Creates or replaces by id; a username held by another user is refused (conflict `username_taken`). */
  putUser(user: User): Promise<void>;
  /**
   * Changes only the fields `patch` names, in one step, on the user as stored at that moment (a key
   * given as `undefined` is removed): a write that hashed a password meanwhile does not bring back
   * what an admin changed in between (`disabled`, `queues`, roles). The user as now stored, null
   * when there is none (nothing is created).
   */
  patchUser(id: string, patch: UserPatch): Promise<User | null>;
  /**
   * Creates a user unless another holds the name in any letter case (`Admin` beside `admin`),
   * as one step: of two creations at once, on one instance or two, one is made and the other
   * refused (conflict `username_taken`, `params.username` the name held). Pairs an older version
   * let in stay as they are (`putUser` updates them).
   */
  createUser(user: User): Promise<void>;
  putToken(token: ApiToken): Promise<void>;
  findToken(tokenHash: string): Promise<ApiToken | null>;
  deleteToken(id: string): Promise<boolean>;
  /** Tokens by id; only `userId`'s when given. */
  listTokens(filter: { userId?: string }): Promise<ApiToken[]>;
  /** Revokes every API token of a user (a password reset after a compromise); returns how many. */
  deleteTokensOf(userId: string): Promise<number>;
  /**
   * Records that a token was used at `usedAt`: only a token that still exists (a revoked one is
   * never brought back), and only forward (an instance with an older use cannot move it back).
   * Returns whether it changed.
   */
  touchToken(id: string, usedAt: string): Promise<boolean>;
  putLoginSession(session: LoginSession): Promise<void>;
  getLoginSession(id: string, now: string): Promise<LoginSession | null>;
  deleteLoginSession(id: string): Promise<void>;
  /**
   * Records that a login session was used at `usedAt` (the idle timeout counts from it): only a
   * session that still exists, and only forward. Returns whether it changed.
   */
  touchLoginSession(id: string, usedAt: string): Promise<boolean>;
  /**
   * Ends the login session `id` only if it was last used (or, never used, created) before
   * `usedBefore`, in one atomic step: of two requests (two instances) finding it idle at the same
   * moment only one gets true (the one that audits it), and a use recorded meanwhile keeps it.
   */
  endIdleLoginSession(id: string, usedBefore: string): Promise<boolean>;
  /** Logs a user out everywhere (their password changed), except the session `keep`; returns how many. */
  deleteLoginSessionsOf(userId: string, keep?: string): Promise<number>;

  // Handoff (agents). Contacts list by priority, then arrival (FIFO among equals).
  putHandoffContact(contact: HandoffContact): Promise<void>;
  getHandoffContact(id: string): Promise<HandoffContact | null>;
  listHandoffContacts(filter: { statuses?: HandoffStatus[]; queue?: string; sessionKey?: string }): Promise<HandoffContact[]>;
  /**
   * Applies `patch` only while the contact's status is one of `expected` (and, when given, its
   * agent is the expected one), atomically: of two agents taking the same contact, or two
   * supervisors moving it, one gets it, the other null. Null when absent or no longer as expected.
   */
  updateHandoffContact(id: string, expected: HandoffExpectation, patch: HandoffContactPatch): Promise<HandoffContact | null>;
  appendHandoffMessage(message: HandoffMessage): Promise<void>;
  /**
   * Stores an agent's message once per id on its contact (the agent app's own id, reused on a
   * retry): null when stored now, the message already stored under that id otherwise. Atomic:
   * two retries at once store one. With `holder`, a new message is stored only while its contact
   * is still `assigned` to that agent, in the same write: `'changedHands'` (nothing stored) when
   * a supervisor transferred, requeued or closed it meanwhile.
   */
  appendHandoffMessageOnce(message: HandoffMessage, holder?: string): Promise<HandoffMessage | null | 'changedHands'>;
  /** Agent messages still `pending` (never taken by their channel), stored before `before`, oldest first, at most `limit`. */
  listPendingHandoffMessages(before: string, limit: number): Promise<HandoffMessage[]>;
  /**
   * The message is no longer pending (its channel took it, or it was given up); with `undelivered`,
   * the channel refused it for good and that reason is kept on it. False when it was not pending.
   */
  settleHandoffMessage(contactId: string, id: string, undelivered?: string): Promise<boolean>;
  /** One message of a contact by its id (an agent's retry finds its first attempt), null when absent. */
  getHandoffMessage(contactId: string, id: string): Promise<HandoffMessage | null>;
  /** Oldest first. */
  listHandoffMessages(contactId: string): Promise<HandoffMessage[]>;
  /** Keeps (or replaces) a contact's pending bot turn. */
  putPendingBotTurn(turn: PendingBotTurn): Promise<void>;
  /** Pending bot turns due at `now` (`nextAt` reached), oldest due first, at most `limit`. */
  listDueBotTurns(now: string, limit: number): Promise<PendingBotTurn[]>;
  /**
   * Claims a due bot turn until `until`, atomically, only while its `nextAt` is still `seenNextAt`:
   * of two instances (or a retry timer and the recovery pass) that read it, one gets it, the other null.
   */
  claimBotTurn(contactId: string, seenNextAt: string, until: string): Promise<PendingBotTurn | null>;
  /** The contact's pending bot turn, null when none. */
  getPendingBotTurn(contactId: string): Promise<PendingBotTurn | null>;
  deletePendingBotTurn(contactId: string): Promise<void>;
  /**
   * Masks what was written in a closed contact (`maskMessageText`: `values`, runs of 6 digits or
   * more) in its stored messages, in one write, and removes the contact's `maskPending` and `maskValues`. Idempotent.
   * Returns how many messages changed.
   */
  maskHandoffMessages(contactId: string, values: string[]): Promise<number>;
  /** Closed contacts whose messages are not yet masked (`maskPending`), at most `limit`, with their `maskValues`. */
  listHandoffContactsToMask(limit: number): Promise<ContactToMask[]>;
  putCallbackRequest(request: CallbackRequest): Promise<void>;
  getCallbackRequest(id: string): Promise<CallbackRequest | null>;
  /** Oldest request first. */
  listCallbackRequests(filter: { statuses?: CallbackStatus[] }): Promise<CallbackRequest[]>;
  /** As updateHandoffContact: applies only while the status is one of `expected`. */
  updateCallbackRequest(id: string, expected: CallbackStatus[], patch: CallbackRequestPatch): Promise<CallbackRequest | null>;
  /**
   * Right to erasure of what a caller said and did in conversations: `callers` are their ids (the
   * E.164 number, the platform ids linked to it), `sessionKeys` conversations known to be theirs
   * (from transcripts). Removes, all or nothing, their handoff contacts with the messages,
   * callback requests, sessions (live or ended) with their continuations and channel states, and
   * the messaging ledger's records of their conversations (inbox, outbox, last-message marks,
   * delivery reports), also of conversations known only by the caller's id in the key. Refuses,
   * removing nothing, while a contact of theirs waits or is with an agent, or an agent has taken
   * one of their callbacks (`open` names it).
   */
  eraseConversations(callers: string[], sessionKeys: string[]): Promise<EraseConversationsResult>;
  /**
   * Retention: removes contacts closed before `before` with their messages, and callback requests
   * done before it; waiting and assigned contacts, pending, taken and failed callbacks (an agent
   * can still retry a failed one) stay.
   */
  purgeHandoff(before: string): Promise<HandoffPurgeCounts>;
  getQueueSettings(queue: string): Promise<QueueSettings | null>;
  putQueueSettings(settings: QueueSettings): Promise<void>;
  listQueueSettings(): Promise<QueueSettings[]>;
  /** Removes a queue's settings (it reads as a queue without any again); false when it had none. */
  deleteQueueSettings(queue: string): Promise<boolean>;
  /** An agent's chosen state and when a page of theirs was last open (`agentPresenceTypes.ts`); null: never seen. */
  getAgentPresence(username: string): Promise<AgentPresence | null>;
  /** Every agent's record, by username. */
  listAgentPresence(): Promise<AgentPresence[]>;
  /**
   * Sets the state chosen (by the agent, a supervisor, or their sign-out), creating the record if
   * needed; `lastSeenAt` is changed only when given (null: no page of theirs counts as open any more).
   */
  setAgentPresence(change: AgentPresenceChange): Promise<AgentPresence>;
  /**
   * A page of theirs is open at `at` (on any instance): `lastSeenAt` becomes `at`. One never seen, or
   * not seen since `staleBefore` (they were offline), comes back « available » (`since` = `at`,
   * `changedBy` themselves); one still seen keeps the state they (or a supervisor) chose. In one write.
   */
  touchAgentPresence(username: string, at: string, staleBefore: string): Promise<AgentPresence>;
  /** Canned replies ("réponses types") agents insert in their reply box, by title. */
  listCannedReplies(): Promise<CannedReply[]>;
  getCannedReply(id: string): Promise<CannedReply | null>;
  /** Creates or replaces the reply with this id. */
  putCannedReply(reply: CannedReply): Promise<void>;
  /** Whether there was one to remove. */
  deleteCannedReply(id: string): Promise<boolean>;

  /** Messaging channels' inbox, conversations, outbound keys and delivery reports (`messagingTypes.ts`). */
  readonly messaging: MessagingStore;
  /** Slow look-ups that outlived their turn, and the turns that follow them (`continuationTypes.ts`). Never in backups. */
  readonly continuations: ContinuationStore;
  /** What channels keep per conversation between a platform's requests (`channelStateTypes.ts`). Never in backups. */
  readonly channelStates: ChannelStateStore;
  /** Recorded prompts (`audioTypes.ts`); a flow's go with it when it is deleted. In backups. */
  readonly audio: AudioStore;
  /** Events instances sharing the store tell each other (`clusterTypes.ts`). Never in backups. */
  readonly events: ClusterEventStore;
  /** Timed jobs' leases, so one instance runs each (`clusterTypes.ts`). Never in backups. */
  readonly leases: LeaseStore;
  /** Editors' requests that a publisher publish a draft (`publicationTypes.ts`). */
  readonly publicationRequests: PublicationRequestStore;

  // Backup and restore
  /**
   * Everything but sensitive values: live sessions lose their `sensitive` part (and any variable
   * their flow declares sensitive), so a restored live session goes on without them; the messages
   * of contacts still open are masked as their close would (`withoutSensitiveValues`), the
   * session's sealed values opened with `keys` (GRIOT_DATA_KEY) to be found in them.
   */
  dump(keys?: DataKeyring, options?: DumpOptions): Promise<StoreDump>;
  /**
   * Loads a dump into an empty store; refuses (conflict `store_not_empty`) a store that already
   * has flows or users, and (invalid) anything but a Griot backup of format version 1.
   */
  restore(dump: StoreDump): Promise<void>;
}
