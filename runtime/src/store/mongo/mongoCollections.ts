import type { Db, Document, IndexDescription } from 'mongodb';
import { markClosedContacts } from './markClosedContacts.ts';
import { dropDuplicateMessages, type StoreRepair } from './dropDuplicateMessages.ts';
import type {
  ApiToken,
  AuditEntry,
  Binding,
  CallerLink,
  CallerProfile,
  Draft,
  EnvironmentPointer,
  FlowRecord,
  FlowVersion,
  LoginSession,
  SessionRecord,
  Transcript,
  User,
  CallbackRequest,
  HandoffContact,
  HandoffMessage,
  QueueSettings,
  AgentPresence,
  CannedReply,
  PendingBotTurn,
  ThrottleCounter,
  ConversationMark,
  DeliveryReport,
  InboundRecord,
  OutboundRecord,
  PendingContinuation,
  FactBatch,
  StoredChannelState,
  PublicationRequest,
} from '../types.ts';
import type { AnalyticsStateDocument, CounterDocument } from './analyticsDocuments.ts';
import type { ErasedCallerDocument } from './factErasureDocuments.ts';
import { audioIndexes, type AudioFileDocument, type AudioOrphanDocument, type FrozenAudioDocument } from './audioDocuments.ts';
import { EVENT_TTL_SECONDS, type ClusterEventDocument, type LeaseDocument } from './clusterDocuments.ts';
import { guardFilters } from './guardFilters.ts';

/** Stored sessions carry their expiry as a Date too, for the TTL index; reads drop it. */
export type SessionDocument = SessionRecord & { expiresAtDate: Date };
/** Continuations expire with their session (TTL index). */
export type ContinuationDocument = PendingContinuation & { expiresAtDate: Date };
/** Channel states expire within minutes (TTL index). */
export type ChannelStateDocument = StoredChannelState & { expiresAtDate: Date };
/** Transcripts and caller profiles remember the last turns applied to them, so a retried write applies nothing twice. */
export type TranscriptDocument = Transcript & { turnIds?: string[] };
export type CallerDocument = CallerProfile & { turnIds?: string[] };
/** Flows remember the draft revision their name came from, so an older save never renames them back. */
export type FlowDocument = FlowRecord & { nameRevision?: number };
export type LoginSessionDocument = LoginSession & { expiresAtDate: Date };
/** Throttle counters carry their expiry as a Date too (null: never), for the TTL index. */
export type ThrottleCounterDocument = ThrottleCounter & { expiresAtDate: Date | null };
/** The readiness heartbeat: one document, rewritten by whichever instance last proved it could write. */
export interface ReadinessDocument {
  _id: 'readiness';
  instance: string;
  at: string;
}
/** Marks a restore while it runs: one that died half-way is undone by the next (`mongoBackup.ts`). */
export interface MaintenanceDocument {
  /** `restore`, or `closedContactsMarked` (markClosedContacts.ts: when). */
  _id: 'restore' | 'closedContactsMarked';
  startedAt: string;
  /** A restore's: refreshed while it runs (a mark not refreshed for `RESTORE_MARK_STALE_MS` is one whose process died), and which run holds it. */
  aliveAt?: string;
  owner?: string;
}
/** Messaging records that expire carry their expiry as a Date too, for the TTL indexes; reads drop it. */
/** `arrival`: the order messages recorded in one millisecond came in (absent on records from before it). */
export type InboundDocument = InboundRecord & { expiresAtDate?: Date; arrival?: number };
export type ConversationMarkDocument = ConversationMark & { expiresAtDate: Date };
export type OutboundDocument = OutboundRecord & { expiresAtDate: Date };
export type StatusDocument = DeliveryReport & { expiresAtDate: Date };
/** The last version number given out per flow, so addVersion never reads-then-writes. */
export interface VersionCounter {
  flowId: string;
  last: number;
  /** The content hash of the version the last number went to (absent before, or after a restore). */
  lastHash?: string;
}

/**
 * Every collection, each refusing a filter with a condition that has no value (`guardFilters`:
 * `ignoreUndefined` would make it match any document).
 */
export function mongoCollections(db: Pick<Db, 'collection'>) {
  const collection = <T extends Document>(name: string) => guardFilters(db.collection<T>(name));
  return {
    flows: collection<FlowDocument>('flows'),
    drafts: collection<Draft>('drafts'),
    versions: collection<FlowVersion>('versions'),
    versionCounters: collection<VersionCounter>('versionCounters'),
    environments: collection<EnvironmentPointer>('environments'),
    bindings: collection<Binding>('bindings'),
    sessions: collection<SessionDocument>('sessions'),
    callers: collection<CallerDocument>('callers'),
    callerLinks: collection<CallerLink>('callerLinks'),
    transcripts: collection<TranscriptDocument>('transcripts'),
    audit: collection<AuditEntry>('audit'),
    users: collection<User>('users'),
    tokens: collection<ApiToken>('tokens'),
    loginSessions: collection<LoginSessionDocument>('loginSessions'),
    handoffContacts: collection<HandoffContact>('handoffContacts'),
    handoffMessages: collection<HandoffMessage>('handoffMessages'),
    callbackRequests: collection<CallbackRequest>('callbackRequests'),
    queueSettings: collection<QueueSettings>('queueSettings'),
    agentPresence: collection<AgentPresence>('agentPresence'),
    cannedReplies: collection<CannedReply>('cannedReplies'),
    pendingBotTurns: collection<PendingBotTurn>('pendingBotTurns'),
    throttleCounters: collection<ThrottleCounterDocument>('throttleCounters'),
    readiness: collection<ReadinessDocument>('readiness'),
    messagingInbound: collection<InboundDocument>('messagingInbound'),
    messagingConversations: collection<ConversationMarkDocument>('messagingConversations'),
    messagingOutbound: collection<OutboundDocument>('messagingOutbound'),
    messagingStatuses: collection<StatusDocument>('messagingStatuses'),
    continuations: collection<ContinuationDocument>('continuations'),
    channelStates: collection<ChannelStateDocument>('channelStates'),
    maintenance: collection<MaintenanceDocument>('maintenance'),
    analyticsFacts: collection<FactBatch>('analyticsFacts'),
    analyticsCounters: collection<CounterDocument>('analyticsCounters'),
    analyticsState: collection<AnalyticsStateDocument>('analyticsState'),
    erasedCallers: collection<ErasedCallerDocument>('erasedCallers'),
    clusterEvents: collection<ClusterEventDocument>('clusterEvents'),
    leases: collection<LeaseDocument>('leases'),
    // Recorded prompts' GridFS bucket (audioDocuments.ts), named as MongoDB names them.
    'audio.files': collection<AudioFileDocument>('audio.files'),
    'audio.chunks': collection<{ _id: unknown; files_id: string; n: number; data: Uint8Array }>('audio.chunks'),
    audioFrozen: collection<FrozenAudioDocument>('audioFrozen'),
    // What the audio sweep noted of GridFS chunks no file names (audioDocuments.ts, sweepOrphanChunks).
    audioOrphans: collection<AudioOrphanDocument>('audioOrphans'),
    publicationRequests: collection<PublicationRequest>('publicationRequests'),
  };
}

export type MongoCollections = ReturnType<typeof mongoCollections>;

const unique = (key: Record<string, 1 | -1>): IndexDescription => ({ key, unique: true });
/** MongoDB removes a document about a minute after this Date passes; reads check expiry themselves. */
const expiresAt: IndexDescription = { key: { expiresAtDate: 1 }, expireAfterSeconds: 0 };

/**
 * The indexes each collection needs: uniqueness the adapter relies on, then, for every query it
 * sends, an index whose prefix is the query's equality fields followed by exactly what it sorts
 * on (`_id` included when it breaks ties), so no query sorts in memory or scans a collection.
 * `mongoIndexes.test.ts` checks every query the adapter builds against this list.
 */
export const indexes: { [K in keyof MongoCollections]: IndexDescription[] } = {
  flows: [unique({ id: 1 }), { key: { archivedAt: 1, id: 1 } }],
  drafts: [unique({ flowId: 1 })],
  versions: [unique({ flowId: 1, number: 1 })],
  versionCounters: [unique({ flowId: 1 })],
  environments: [unique({ flowId: 1, name: 1 })],
  bindings: [unique({ id: 1 }), unique({ channel: 1, address: 1 }), { key: { flowId: 1, channel: 1, address: 1 } }],
  // Erasure finds a caller's sessions by their number or platform id.
  sessions: [unique({ key: 1 }), expiresAt, { key: { 'session.caller.number': 1 } }, { key: { platformCaller: 1 }, sparse: true }, { key: { linkedNumber: 1 }, sparse: true }],
  callers: [unique({ number: 1 }), { key: { updatedAt: 1 } }],
  callerLinks: [unique({ key: 1 }), { key: { number: 1, key: 1 } }],
  transcripts: [
    { key: { sessionKey: 1, startedAt: -1, _id: -1 } },
    { key: { callerNumber: 1, startedAt: -1, _id: -1 } },
    { key: { flowId: 1, startedAt: -1, _id: -1 } },
    { key: { startedAt: -1, _id: -1 } },
    // Preview transcripts, oldest first: the instance keeps a bounded number of them (trimPreviewTranscripts).
    { key: { startedAt: 1, _id: 1 }, name: 'previews_oldest_first', partialFilterExpression: { preview: true } },
    // A flow's test calls (contacts routed as a tester's), newest first: the few tester documents only.
    { key: { flowId: 1, startedAt: -1, _id: -1 }, name: 'test_calls', partialFilterExpression: { tester: true } },
  ],
  audit: [unique({ id: 1 }), { key: { at: -1, _id: -1 } }, { key: { target: 1, at: -1, _id: -1 } }, { key: { actor: 1, at: -1, _id: -1 } }, { key: { action: 1, at: -1, _id: -1 } }],
  // `usernameKey`: the name's lower case, written by a creation (older users have none): `Admin` and `admin` cannot both be created.
  users: [unique({ id: 1 }), unique({ username: 1 }), { key: { usernameKey: 1 }, name: 'username_key', unique: true, sparse: true }],
  // A user's own tokens, listed by id (the tokens screen).
  tokens: [unique({ id: 1 }), unique({ tokenHash: 1 }), { key: { userId: 1, id: 1 } }],
  // Ending every browser session of a user (password reset).
  loginSessions: [unique({ id: 1 }), expiresAt, { key: { userId: 1 } }],
  handoffContacts: [
    unique({ id: 1 }),
    { key: { status: 1, priority: 1, enqueuedAt: 1, _id: 1 } },
    { key: { sessionKey: 1, priority: 1, enqueuedAt: 1, _id: 1 } },
    { key: { queue: 1, priority: 1, enqueuedAt: 1, _id: 1 } },
    { key: { priority: 1, enqueuedAt: 1, _id: 1 } },
    // Erasure: a caller's contacts.
    { key: { callerNumber: 1 } },
    // Closed contacts whose messages are not yet masked (a process stopped in between, or closed before an upgrade brought the masking).
    { key: { maskPending: 1 }, name: 'mask_pending', partialFilterExpression: { maskPending: true } },
  ],
  // By time, then insertion: ObjectIds alone order by process, not time, across instances.
  // An agent's retry finds its message by id (unique: two retries at once on two instances store
  // one); recovery reads the pending ones oldest first.
  handoffMessages: [
    { key: { contactId: 1, at: 1, _id: 1 } },
    unique({ contactId: 1, id: 1 }),
    { key: { pending: 1, at: 1, _id: 1 }, name: 'pending_oldest_first', partialFilterExpression: { pending: true } },
    // A standalone server's replies whose writer stopped before confirming them: the recovery pass removes the old ones.
    { key: { provisional: 1, at: 1 }, name: 'provisional_by_age', partialFilterExpression: { provisional: true } },
  ],
  // Erasure finds a caller's requests by number and by the contact they came from.
  callbackRequests: [unique({ id: 1 }), { key: { status: 1, requestedAt: 1, _id: 1 } }, { key: { requestedAt: 1, _id: 1 } }, { key: { number: 1 } }, { key: { contactId: 1 } }],
  queueSettings: [unique({ queue: 1 })],
  // One per agent; listed by username (the supervisor's view).
  agentPresence: [unique({ username: 1 })],
  cannedReplies: [unique({ id: 1 })],
  // One per contact; the recovery pass reads the due ones, soonest first.
  pendingBotTurns: [unique({ contactId: 1 }), { key: { nextAt: 1 } }],
  throttleCounters: [unique({ key: 1 }), expiresAt],
  // Keyed by _id alone.
  readiness: [],
  // The inbox: one record per message id; recovery reads the waiting ones oldest first, operations list by state, newest first.
  messagingInbound: [
    unique({ id: 1 }),
    // Within a millisecond, in the order they came (`arrival`; a new name: an index's key cannot change under its name).
    { key: { receivedAt: 1, arrival: 1, id: 1 }, name: 'waiting_in_arrival_order', partialFilterExpression: { state: 'received', payload: { $exists: true } } },
    { key: { state: 1, receivedAt: -1, arrival: -1, id: -1 } },
    // Erasure: a caller's conversations.
    { key: { conversationKey: 1 } },
    expiresAt,
  ],
  messagingConversations: [unique({ key: 1 }), expiresAt],
  messagingOutbound: [unique({ key: 1 }), { key: { conversationKey: 1, key: 1 } }, expiresAt],
  messagingStatuses: [unique({ messageId: 1 }), expiresAt],
  continuations: [unique({ key: 1 }), expiresAt],
  channelStates: [unique({ key: 1 }), expiresAt],
  // Keyed by _id alone.
  maintenance: [],
  // Raw facts by time (the roll-up, purges, backups), or one flow's by time.
  analyticsFacts: [
    { key: { at: 1, _id: 1 } },
    { key: { flowId: 1, at: 1, _id: 1 } },
    // Erasure: the facts that name a caller (a contact's first batch, agent-queue facts; most name none).
    { key: { caller: 1 }, partialFilterExpression: { caller: { $type: 'string' } } },
  ],
  // Counters are keyed by _id (their dimensions); queries fix the bucket and metric, and a flow or not.
  analyticsCounters: [{ key: { bucket: 1, flowId: 1, metric: 1, start: 1 } }, { key: { bucket: 1, metric: 1, start: 1 } }, { key: { start: 1 } }],
  analyticsState: [],
  // Keyed by _id (the digest); the purge removes those erased before the raw facts' retention.
  erasedCallers: [{ key: { erasedAt: 1 } }],
  // Read by time from a cursor (polling); gone by TTL after EVENT_TTL_SECONDS.
  clusterEvents: [{ key: { at: 1, _id: 1 } }, { key: { atDate: 1 }, expireAfterSeconds: EVENT_TTL_SECONDS }],
  // Keyed by _id (the job's name).
  leases: [],
  ...audioIndexes,
  // Lists: all, a flow's, those in one status, or a flow's in one status, a user's, newest first.
  publicationRequests: [
    unique({ id: 1 }),
    { key: { requestedAt: -1, id: -1 } },
    { key: { flowId: 1, status: 1, requestedAt: -1, id: -1 } },
    { key: { flowId: 1, requestedAt: -1, id: -1 } },
    { key: { status: 1, requestedAt: -1, id: -1 } },
    // A user's own requests (the designer's bell): all flows, or one flow, any or one status.
    { key: { requestedBy: 1, requestedAt: -1, id: -1 } },
  ],
};

/**
 * Creating an index that exists is a no-op, so this runs at every open. A unique index added to
 * a collection that may hold duplicates from before is preceded by their repair (what was
 * removed is returned, for the log).
 */
export async function ensureIndexes(collections: MongoCollections): Promise<StoreRepair[]> {
  const repairs = [await dropDuplicateMessages(collections), await markClosedContacts(collections)].filter((r): r is StoreRepair => r !== null);
  const needed = Object.entries(indexes).filter(([, specs]) => specs.length > 0);
  await Promise.all(needed.map(([name, specs]) => collections[name as keyof MongoCollections].createIndexes(specs)));
  return repairs;
}
