import type { Collection, Db, IndexDescription } from 'mongodb';
import type {
  ApiToken,
  AuditEntry,
  Binding,
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
  ThrottleCounter,
  ConversationMark,
  DeliveryReport,
  InboundRecord,
  OutboundRecord,
} from '../types.ts';

/** Stored sessions carry their expiry as a Date too, for the TTL index; reads drop it. */
export type SessionDocument = SessionRecord & { expiresAtDate: Date };
export type LoginSessionDocument = LoginSession & { expiresAtDate: Date };
/** Throttle counters carry their expiry as a Date too (null: never), for the TTL index. */
export type ThrottleCounterDocument = ThrottleCounter & { expiresAtDate: Date | null };
/** The readiness heartbeat: one document, rewritten by whichever instance last proved it could write. */
export interface ReadinessDocument {
  _id: 'readiness';
  instance: string;
  at: string;
}
/** Messaging records that expire carry their expiry as a Date too, for the TTL indexes; reads drop it. */
export type InboundDocument = InboundRecord & { expiresAtDate?: Date };
export type ConversationMarkDocument = ConversationMark & { expiresAtDate: Date };
export type OutboundDocument = OutboundRecord & { expiresAtDate: Date };
export type StatusDocument = DeliveryReport & { expiresAtDate: Date };
/** The last version number given out per flow, so addVersion never reads-then-writes. */
export interface VersionCounter {
  flowId: string;
  last: number;
}

export function mongoCollections(db: Db) {
  return {
    flows: db.collection<FlowRecord>('flows'),
    drafts: db.collection<Draft>('drafts'),
    versions: db.collection<FlowVersion>('versions'),
    versionCounters: db.collection<VersionCounter>('versionCounters'),
    environments: db.collection<EnvironmentPointer>('environments'),
    bindings: db.collection<Binding>('bindings'),
    sessions: db.collection<SessionDocument>('sessions'),
    callers: db.collection<CallerProfile>('callers'),
    transcripts: db.collection<Transcript>('transcripts'),
    audit: db.collection<AuditEntry>('audit'),
    users: db.collection<User>('users'),
    tokens: db.collection<ApiToken>('tokens'),
    loginSessions: db.collection<LoginSessionDocument>('loginSessions'),
    handoffContacts: db.collection<HandoffContact>('handoffContacts'),
    handoffMessages: db.collection<HandoffMessage>('handoffMessages'),
    callbackRequests: db.collection<CallbackRequest>('callbackRequests'),
    queueSettings: db.collection<QueueSettings>('queueSettings'),
    throttleCounters: db.collection<ThrottleCounterDocument>('throttleCounters'),
    readiness: db.collection<ReadinessDocument>('readiness'),
    messagingInbound: db.collection<InboundDocument>('messagingInbound'),
    messagingConversations: db.collection<ConversationMarkDocument>('messagingConversations'),
    messagingOutbound: db.collection<OutboundDocument>('messagingOutbound'),
    messagingStatuses: db.collection<StatusDocument>('messagingStatuses'),
  };
}

export type MongoCollections = ReturnType<typeof mongoCollections>;

const unique = (key: Record<string, 1 | -1>): IndexDescription => ({ key, unique: true });
/** MongoDB removes a document about a minute after this Date passes; reads check expiry themselves. */
const expiresAt: IndexDescription = { key: { expiresAtDate: 1 }, expireAfterSeconds: 0 };

/** The indexes each collection needs: uniqueness the adapter relies on, then what queries filter and sort on. */
const indexes: { [K in keyof MongoCollections]: IndexDescription[] } = {
  flows: [unique({ id: 1 })],
  drafts: [unique({ flowId: 1 })],
  versions: [unique({ flowId: 1, number: 1 })],
  versionCounters: [unique({ flowId: 1 })],
  environments: [unique({ flowId: 1, name: 1 })],
  bindings: [unique({ id: 1 }), unique({ channel: 1, address: 1 }), { key: { flowId: 1 } }],
  sessions: [unique({ key: 1 }), expiresAt],
  callers: [unique({ number: 1 }), { key: { updatedAt: 1 } }],
  transcripts: [
    { key: { sessionKey: 1, startedAt: -1 } },
    { key: { callerNumber: 1, startedAt: -1 } },
    { key: { flowId: 1, startedAt: -1 } },
    { key: { startedAt: -1 } },
  ],
  audit: [unique({ id: 1 }), { key: { at: -1 } }, { key: { target: 1, at: -1 } }],
  users: [unique({ id: 1 }), unique({ username: 1 })],
  tokens: [unique({ id: 1 }), unique({ tokenHash: 1 })],
  loginSessions: [unique({ id: 1 }), expiresAt],
  handoffContacts: [unique({ id: 1 }), { key: { status: 1, priority: 1, enqueuedAt: 1 } }, { key: { sessionKey: 1 } }],
  handoffMessages: [{ key: { contactId: 1 } }],
  callbackRequests: [unique({ id: 1 }), { key: { status: 1, requestedAt: 1 } }],
  queueSettings: [unique({ queue: 1 })],
  throttleCounters: [unique({ key: 1 }), expiresAt],
  // Keyed by _id alone.
  readiness: [],
  // The inbox: one record per message id; recovery reads the waiting ones oldest first, operations list by state, newest first.
  messagingInbound: [
    unique({ id: 1 }),
    { key: { receivedAt: 1, id: 1 }, name: 'waiting_oldest_first', partialFilterExpression: { state: 'received', payload: { $exists: true } } },
    { key: { state: 1, receivedAt: -1, id: -1 } },
    expiresAt,
  ],
  messagingConversations: [unique({ key: 1 }), expiresAt],
  messagingOutbound: [unique({ key: 1 }), { key: { conversationKey: 1 } }, expiresAt],
  messagingStatuses: [unique({ messageId: 1 }), expiresAt],
};

/** Creating an index that exists is a no-op, so this runs at every open. */
export async function ensureIndexes(collections: MongoCollections): Promise<void> {
  const needed = Object.entries(indexes).filter(([, specs]) => specs.length > 0);
  await Promise.all(needed.map(([name, specs]) => collections[name as keyof MongoCollections].createIndexes(specs)));
}
