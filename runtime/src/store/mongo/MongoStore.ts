import { MongoClient, type Db } from 'mongodb';
import type { Channel, Flow } from '@griot/flows';
import type {
  ApiToken,
  AuditEntry,
  Binding,
  CallerProfile,
  Draft,
  EnvironmentName,
  EnvironmentPointer,
  FlowRecord,
  FlowVersion,
  LoginSession,
  SessionRecord,
  Store,
  StoreDump,
  Transcript,
  TranscriptTurn,
  TurnWrite,
  User,
  CallbackRequest,
  CallbackRequestPatch,
  CallbackStatus,
  HandoffContact,
  HandoffContactPatch,
  HandoffMessage,
  HandoffStatus,
  QueueSettings,
  MessagingStore,
} from '../types.ts';
import { DependencyError } from '../../errors.ts';
import { ensureIndexes, mongoCollections, type MongoCollections } from './mongoCollections.ts';
import { createMongoFlows } from './flowDocuments.ts';
import { createMongoVersions } from './versionDocuments.ts';
import { createMongoEnvironments } from './environmentDocuments.ts';
import { createMongoBindings } from './bindingDocuments.ts';
import { createMongoSessions } from './sessionDocuments.ts';
import { createMongoCallers } from './callerDocuments.ts';
import { createMongoTranscripts } from './transcriptDocuments.ts';
import { createMongoAudit } from './auditDocuments.ts';
import { createMongoUsers } from './userDocuments.ts';
import { dumpMongo, restoreMongo } from './mongoBackup.ts';
import { createMongoHandoff } from './handoffDocuments.ts';
import { createMongoThrottle } from './throttleDocuments.ts';
import { createMongoMessaging } from './messagingDocuments.ts';

function mongoParts(c: MongoCollections) {
  return {
    flows: createMongoFlows(c),
    versions: createMongoVersions(c),
    environments: createMongoEnvironments(c),
    bindings: createMongoBindings(c),
    sessions: createMongoSessions(c),
    callers: createMongoCallers(c),
    transcripts: createMongoTranscripts(c),
    audit: createMongoAudit(c),
    users: createMongoUsers(c),
    handoff: createMongoHandoff(c),
    throttle: createMongoThrottle(c),
    messaging: createMongoMessaging(c),
  };
}
export type MongoParts = ReturnType<typeof mongoParts>;

/** The database named in the URI path (`mongodb://host/griot`), else `griot` rather than the driver's `test`. */
export function databaseNameOf(uri: string): string {
  const name = /^mongodb(?:\+srv)?:\/\/[^/]*\/([^?]+)/.exec(uri)?.[1];
  return name ? decodeURIComponent(name) : 'griot';
}

/**
 * The shared store, for several runtime instances or a redundant site. Each write that must
 * not race is a single-document atomic operation guarded by a unique index, so a standalone
 * server is enough (no multi-document transactions needed).
 */
export class MongoStore implements Store {
  readonly kind = 'mongodb' as const;
  private readonly c: MongoCollections;
  private readonly p: MongoParts;
  readonly messaging: MessagingStore;

  private constructor(
    private readonly client: MongoClient,
    readonly db: Db,
  ) {
    this.c = mongoCollections(db);
    this.p = mongoParts(this.c);
    this.messaging = this.p.messaging;
  }

  /** Connects and creates the indexes; an unreachable server is the operator's to fix. */
  static async open(uri: string, options: { dbName?: string; serverSelectionTimeoutMS?: number } = {}): Promise<MongoStore> {
    // ignoreUndefined: an optional field left undefined is omitted, as JSON does, not stored as null.
    const client = new MongoClient(uri, { ignoreUndefined: true, serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 10_000 });
    try {
      await client.connect();
      const store = new MongoStore(client, client.db(options.dbName ?? databaseNameOf(uri)));
      await ensureIndexes(store.c);
      return store;
    } catch (error) {
      await client.close().catch(() => undefined);
      const reason = error instanceof Error ? error.message : String(error);
      throw new DependencyError('unavailable', 'store_unavailable', `cannot open the MongoDB store: ${reason}`, { cause: error });
    }
  }

  async ping() {
    try {
      return (await this.db.command({ ping: 1 })).ok === 1;
    } catch {
      return false;
    }
  }
  /** With the same (default) write concern as every other write: a primary that cannot take writes fails it. */
  async writeHeartbeat(instance: string, at: string) {
    await this.c.readiness.updateOne({ _id: 'readiness' }, { $set: { instance, at } }, { upsert: true });
  }
  async close() {
    await this.client.close();
  }

  async createFlow(flow: FlowRecord, draft: Draft) {
    return (await this.p.flows.create(flow, draft)) ? ({ ok: true } as const) : ({ ok: false, reason: 'exists' } as const);
  }
  listFlows() {
    return this.p.flows.list();
  }
  getFlow(id: string) {
    return this.p.flows.get(id);
  }
  deleteFlow(id: string) {
    return this.p.flows.remove(id);
  }
  archiveFlow(id: string, at: string, by: string) {
    return this.p.flows.archive(id, at, by);
  }
  unarchiveFlow(id: string) {
    return this.p.flows.unarchive(id);
  }
  purgeArchivedFlows(before: string) {
    return this.p.flows.purge(before);
  }
  getDraft(flowId: string) {
    return this.p.flows.getDraft(flowId);
  }
  getDraftHash(flowId: string) {
    return this.p.flows.getDraftHash(flowId);
  }
  saveDraft(flowId: string, expectedRevision: number, document: Flow, hash: string, by: string, at = new Date().toISOString()) {
    return this.p.flows.save(flowId, expectedRevision, document, hash, by, at);
  }
  addVersion(version: Omit<FlowVersion, 'number'>) {
    return this.p.versions.add(version);
  }
  putVersion(version: FlowVersion) {
    return this.p.versions.put(version);
  }
  listVersions(flowId: string) {
    return this.p.versions.list(flowId);
  }
  getVersion(flowId: string, number: number) {
    return this.p.versions.get(flowId, number);
  }
  setVersionLabel(flowId: string, number: number, label: string | null) {
    return this.p.versions.setLabel(flowId, number, label);
  }

  getEnvironments(flowId: string) {
    return this.p.environments.list(flowId);
  }
  getEnvironment(flowId: string, name: EnvironmentName) {
    return this.p.environments.get(flowId, name);
  }
  setEnvironment(flowId: string, name: EnvironmentName, expectedVersion: number | null, pointer: EnvironmentPointer) {
    return this.p.environments.set(flowId, name, expectedVersion, pointer);
  }
  clearEnvironment(flowId: string, name: EnvironmentName, expectedVersion: number, at: string) {
    return this.p.environments.clear(flowId, name, expectedVersion, at);
  }

  listBindings() {
    return this.p.bindings.list();
  }
  getBinding(id: string) {
    return this.p.bindings.get(id);
  }
  findBinding(channel: Channel, address: string) {
    return this.p.bindings.find(channel, address);
  }
  putBinding(binding: Binding) {
    return this.p.bindings.put(binding);
  }
  deleteBinding(id: string) {
    return this.p.bindings.remove(id);
  }

  getSession(key: string, now: string) {
    return this.p.sessions.get(key, now);
  }
  putSession(record: SessionRecord) {
    return this.p.sessions.put(record);
  }
  deleteSession(key: string) {
    return this.p.sessions.remove(key);
  }
  purgeExpiredSessions(now: string) {
    return this.p.sessions.purge(now);
  }

  getCaller(number: string) {
    return this.p.callers.get(number);
  }
  putCaller(profile: CallerProfile) {
    return this.p.callers.put(profile);
  }
  deleteCaller(number: string) {
    return this.p.callers.remove(number);
  }
  purgeCallers(before: string) {
    return this.p.callers.purge(before);
  }

  startTranscript(transcript: Transcript) {
    return this.p.transcripts.start(transcript);
  }
  appendTurn(sessionKey: string, turn: TranscriptTurn) {
    return this.p.transcripts.append(sessionKey, turn);
  }
  /**
   * Three single-document writes sent together: the profile is changed in place (no read
   * first) and the transcript's end goes with its last turn, so a turn waits for one round trip
   * where it waited for up to three. Each write is atomic and a standalone server needs no
   * multi-document transaction; if one fails the others may have landed (as before), and the
   * turn fails.
   */
  async saveTurn(write: TurnWrite) {
    await Promise.all([
      this.p.sessions.put(write.session),
      this.p.transcripts.record(write),
      write.caller ? this.p.callers.change(write.caller.key, write.caller.changes, write.caller.at) : undefined,
    ]);
  }
  endTranscript(sessionKey: string, endedAt: string, endReason: string) {
    return this.p.transcripts.end(sessionKey, endedAt, endReason);
  }
  getTranscript(sessionKey: string) {
    return this.p.transcripts.get(sessionKey);
  }
  listTranscripts(filter: { callerNumber?: string; flowId?: string; limit: number }) {
    return this.p.transcripts.list(filter);
  }
  deleteTranscriptsOf(callerNumber: string) {
    return this.p.transcripts.removeOf(callerNumber);
  }
  purgeTranscripts(before: string) {
    return this.p.transcripts.purge(before);
  }

  appendAudit(entry: AuditEntry) {
    return this.p.audit.append(entry);
  }
  listAudit(filter: { target?: string; limit: number }) {
    return this.p.audit.list(filter);
  }

  countUsers() {
    return this.p.users.count();
  }
  listUsers() {
    return this.p.users.list();
  }
  getUser(id: string) {
    return this.p.users.get(id);
  }
  getUserByName(username: string) {
    return this.p.users.getByName(username);
  }
  putUser(user: User) {
    return this.p.users.put(user);
  }
  putToken(token: ApiToken) {
    return this.p.users.putToken(token);
  }
  findToken(tokenHash: string) {
    return this.p.users.findToken(tokenHash);
  }
  deleteToken(id: string) {
    return this.p.users.deleteToken(id);
  }
  listTokens(filter: { userId?: string }) {
    return this.p.users.listTokens(filter);
  }
  putLoginSession(session: LoginSession) {
    return this.p.users.putLogin(session);
  }
  getLoginSession(id: string, now: string) {
    return this.p.users.getLogin(id, now);
  }
  deleteLoginSession(id: string) {
    return this.p.users.deleteLogin(id);
  }
  deleteLoginSessionsOf(userId: string, keep?: string) {
    return this.p.users.deleteLoginsOf(userId, keep);
  }

  // Handoff (runtime/src/handoff)
  putHandoffContact(contact: HandoffContact) {
    return this.p.handoff.putContact(contact);
  }
  getHandoffContact(id: string) {
    return this.p.handoff.getContact(id);
  }
  listHandoffContacts(filter: { statuses?: HandoffStatus[]; queue?: string; sessionKey?: string }) {
    return this.p.handoff.listContacts(filter);
  }
  updateHandoffContact(id: string, expected: HandoffStatus[], patch: HandoffContactPatch) {
    return this.p.handoff.updateContact(id, expected, patch);
  }
  appendHandoffMessage(message: HandoffMessage) {
    return this.p.handoff.appendMessage(message);
  }
  listHandoffMessages(contactId: string) {
    return this.p.handoff.listMessages(contactId);
  }
  putCallbackRequest(request: CallbackRequest) {
    return this.p.handoff.putCallback(request);
  }
  getCallbackRequest(id: string) {
    return this.p.handoff.getCallback(id);
  }
  listCallbackRequests(filter: { statuses?: CallbackStatus[] }) {
    return this.p.handoff.listCallbacks(filter);
  }
  updateCallbackRequest(id: string, expected: CallbackStatus[], patch: CallbackRequestPatch) {
    return this.p.handoff.updateCallback(id, expected, patch);
  }
  getQueueSettings(queue: string) {
    return this.p.handoff.getSettings(queue);
  }
  putQueueSettings(settings: QueueSettings) {
    return this.p.handoff.putSettings(settings);
  }
  listQueueSettings() {
    return this.p.handoff.listSettings();
  }

  // Throttle counters (runtime/src/auth/throttle); expired ones go by TTL index.
  addThrottlePoints(key: string, points: number, durationMs: number, now: number, replace: boolean) {
    return this.p.throttle.add(key, points, durationMs, now, replace);
  }
  getThrottleCounter(key: string, now: number) {
    return this.p.throttle.get(key, now);
  }
  deleteThrottleCounter(key: string) {
    return this.p.throttle.remove(key);
  }
  deleteThrottleCounters(prefix: string) {
    return this.p.throttle.removePrefix(prefix);
  }

  dump() {
    return dumpMongo(this.p);
  }
  restore(dump: StoreDump) {
    return restoreMongo(this.c, this.p, dump);
  }
}
