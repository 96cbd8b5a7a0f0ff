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
  FactBatch,
} from '../types.ts';
import type { AnalyticsStateDocument, CounterDocument } from './analyticsDocuments.ts';

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
    analyticsFacts: db.collection<FactBatch>('analyticsFacts'),
    analyticsCounters: db.collection<CounterDocument>('analyticsCounters'),
    analyticsState: db.collection<AnalyticsStateDocument>('analyticsState'),
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
  analyticsFacts: [{ key: { at: 1 } }, { key: { flowId: 1, at: 1 } }],
  // Counters are keyed by _id (their dimensions); queries fix the bucket and metric, and a flow or not.
  analyticsCounters: [{ key: { bucket: 1, flowId: 1, metric: 1, start: 1 } }, { key: { bucket: 1, metric: 1, start: 1 } }, { key: { start: 1 } }],
  analyticsState: [],
};

/** Creating an index that exists is a no-op, so this runs at every open. */
export async function ensureIndexes(collections: MongoCollections): Promise<void> {
  const needed = Object.entries(indexes).filter(([, specs]) => specs.length > 0);
  await Promise.all(needed.map(([name, specs]) => collections[name as keyof MongoCollections].createIndexes(specs)));
}
