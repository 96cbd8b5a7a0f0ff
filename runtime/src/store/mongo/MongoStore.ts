import { MongoClient, type Db } from 'mongodb';
import type { Channel, Flow } from '@griot/flows';
import type {
  ApiToken,
  AuditEntry,
  AuditFilter,
  Binding,
  TesterRoute,
  CallerLink,
  CallerProfile,
  Draft,
  EntryTarget,
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
  UserPatch,
  CallbackRequest,
  CallbackRequestPatch,
  CallbackStatus,
  HandoffContact,
  HandoffContactPatch,
  HandoffExpectation,
  HandoffMessage,
  HandoffStatus,
  QueueSettings,
  AgentPresenceChange,
  CannedReply,
  PendingBotTurn,
  MessagingStore,
  ContinuationStore,
  ChannelStateStore,
  CounterQuery,
  FactBatch,
  PendingFacts,
  ClusterEventStore,
  LeaseStore,
  PublicationRequestStore,
  TranscriptFilter,
  DumpOptions,
} from '../types.ts';
import { ConfigError } from '../../config.ts';
import { SERVER_SELECTION_MS, mongoStartFailure, serverSelectionMsOf } from './mongoUriShown.ts';
import type { StoreRepair } from './dropDuplicateMessages.ts';
import { ensureIndexes, mongoCollections, type MongoCollections } from './mongoCollections.ts';
import { createMongoFlows } from './flowDocuments.ts';
import { createMongoVersions } from './versionDocuments.ts';
import { createMongoEnvironments } from './environmentDocuments.ts';
import { createMongoBindings } from './bindingDocuments.ts';
import { createMongoEntries } from './entryDocuments.ts';
import { createMongoSessions } from './sessionDocuments.ts';
import { createMongoCallers } from './callerDocuments.ts';
import { createMongoCallerLinks } from './callerLinkDocuments.ts';
import { createMongoTranscripts } from './transcriptDocuments.ts';
import { createMongoAudit } from './auditDocuments.ts';
import { createMongoUsers } from './userDocuments.ts';
import { dumpMongo, pagedBackupReads, restoreMongo, withBackupReads } from './mongoBackup.ts';
import { createMongoHandoff } from './handoffDocuments.ts';
import { createMongoAgentPresence } from './agentPresenceDocuments.ts';
import { createMongoErasure } from './erasureDocuments.ts';
import { createMongoThrottle } from './throttleDocuments.ts';
import { createMongoMessaging } from './messagingDocuments.ts';
import { createMongoContinuations } from './continuationDocuments.ts';
import { createMongoChannelStates } from './channelStateDocuments.ts';
import { unitOfWork, type MongoUnitOfWork } from './mongoTransactions.ts';
import { inspectServer, type MongoServerInfo } from './mongoServer.ts';
import { MongoTurnWriter } from './MongoTurnWriter.ts';
import { FactQueue, type FactsTrouble } from '../FactQueue.ts';
import { createMongoAnalytics } from './analyticsDocuments.ts';
import { createMongoFactErasure } from './factErasureDocuments.ts';
import { createMongoAudio, removeFlowAudio, type MongoAudio } from './audioDocuments.ts';
import { createMongoEvents, createMongoLeases } from './clusterDocuments.ts';
import { createMongoPublicationRequests } from './publicationDocuments.ts';
import type { DataKeyring } from '../../sensitive/dataKeys.ts';

function mongoParts(c: MongoCollections, work: MongoUnitOfWork) {
  return {
    flows: createMongoFlows(c, work),
    versions: createMongoVersions(c),
    environments: createMongoEnvironments(c),
    bindings: createMongoBindings(c),
    readEntry: createMongoEntries(c),
    sessions: createMongoSessions(c),
    callers: createMongoCallers(c),
    callerLinks: createMongoCallerLinks(c, work),
    transcripts: createMongoTranscripts(c),
    audit: createMongoAudit(c),
    users: createMongoUsers(c),
    handoff: createMongoHandoff(c, work),
    presence: createMongoAgentPresence(c),
    erasure: createMongoErasure(c),
    throttle: createMongoThrottle(c),
    messaging: createMongoMessaging(c),
    continuations: createMongoContinuations(c),
    channelStates: createMongoChannelStates(c),
    analytics: createMongoAnalytics(c),
    factErasure: createMongoFactErasure(c),
    publication: createMongoPublicationRequests(c),
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
 * not race is a single-document atomic operation guarded by a unique index or a revision. On a
 * replica set (what production needs: docs/deploy.md), a turn's writes, a flow's creation and
 * removal are multi-document transactions and backups read at one cluster time; on a standalone
 * server they are ordered and idempotent instead (see each part).
 */
export class MongoStore implements Store {
  readonly kind = 'mongodb' as const;
  private readonly c: MongoCollections;
  private readonly p: MongoParts;
  private readonly turns: MongoTurnWriter;
  /** Turns' facts waiting to be written together (`queueFacts`). */
  private readonly facts = new FactQueue((batches) => this.recordFacts(batches));
  readonly messaging: MessagingStore;
  readonly continuations: ContinuationStore;
  readonly channelStates: ChannelStateStore;
  readonly audio: MongoAudio;
  readonly events: ClusterEventStore;
  readonly leases: LeaseStore;
  readonly publicationRequests: PublicationRequestStore;
  /** What opening repaired (duplicates that stood in the way of a unique index): the server logs it. */
  repairs: StoreRepair[] = [];

  /** Over a database already connected (`open`), or a recording stand-in in tests. */
  constructor(
    private readonly client: MongoClient | null,
    readonly db: Db,
    readonly server: MongoServerInfo,
  ) {
    this.c = mongoCollections(db);
    this.p = mongoParts(this.c, unitOfWork(client, server.transactions));
    this.turns = new MongoTurnWriter(unitOfWork(client, server.transactions), this.p);
    this.messaging = this.p.messaging;
    this.continuations = this.p.continuations;
    this.channelStates = this.p.channelStates;
    this.audio = createMongoAudio(db, this.c);
    // Change streams need a replica set (the same test as transactions; a sharded cluster has them too).
    this.events = createMongoEvents(this.c, { changeStreams: server.transactions && client !== null });
    this.leases = createMongoLeases(this.c);
    this.publicationRequests = this.p.publication;
  }

  /**
   * Connects, checks the server (MongoDB 5.0 or later, else start-up stops naming MONGODB_URI;
   * whether it has transactions) and creates the indexes (the role needs `createIndex`); an
   * unreachable server is the operator's to fix.
   */
  static async open(uri: string, options: { dbName?: string; serverSelectionTimeoutMS?: number } = {}): Promise<MongoStore> {
    // ignoreUndefined: an optional field left undefined is omitted, as JSON does, not stored as null.
    // It also drops undefined conditions from filters: every collection refuses those (guardFilters).
    const waitMs = options.serverSelectionTimeoutMS ?? serverSelectionMsOf(uri) ?? SERVER_SELECTION_MS;
    const client = new MongoClient(uri, { ignoreUndefined: true, serverSelectionTimeoutMS: waitMs });
    try {
      await client.connect();
      return await MongoStore.over(client, client.db(options.dbName ?? databaseNameOf(uri)));
    } catch (error) {
      await client.close().catch(() => undefined);
      if (error instanceof ConfigError) throw error;
      throw mongoStartFailure(error, uri, waitMs);
    }
  }

  /** The store over a connected client's database: checks the server, creates the indexes. */
  static async over(client: MongoClient | null, db: Db): Promise<MongoStore> {
    const store = new MongoStore(client, db, await inspectServer(db));
    store.repairs = await ensureIndexes(store.c);
    return store;
  }

  async ping() {
    try {
      return (await this.db.command({ ping: 1 })).ok === 1;
    } catch {
      return false;
    }
  }
  async interruptedRestore() {
    // The mark a restore sets before its first insert and removes after its last (mongoBackup.ts).
    return (await this.c.maintenance.findOne({ _id: 'restore' }))?.startedAt ?? null;
  }
  /** With the same (default) write concern as every other write: a primary that cannot take writes fails it. */
  async writeHeartbeat(instance: string, at: string) {
    await this.c.readiness.updateOne({ _id: 'readiness' }, { $set: { instance, at } }, { upsert: true });
  }
  async close() {
    // A turn's facts still queued are written before the store closes.
    await this.facts.close();
    await this.client?.close();
  }

  async createFlow(flow: FlowRecord, draft: Draft) {
    // What a copy cut short left under the id (no flow held it) goes before the new flow is seen: never another flow's recordings in its library.
    const created = await this.p.flows.create(flow, draft, (session) => removeFlowAudio(this.c, flow.id, session));
    return created ? ({ ok: true } as const) : ({ ok: false, reason: 'exists' } as const);
  }
  async copyFlow(flow: FlowRecord, draft: Draft, audio: { from: string; names: readonly string[] }, commit?: (create: () => Promise<boolean>) => Promise<boolean>) {
    if (await this.p.flows.get(flow.id)) return { ok: false, reason: 'exists' } as const;
    // The files first, under an id no flow holds (nothing lists them), the flow last: a crash mid-copy leaves no flow.
    const copied = await this.audio.copyToNewFlow(audio.from, flow.id, audio.names);
    const create = () => this.p.flows.create(flow, draft);
    let created: boolean;
    try {
      created = await (commit ? commit(create) : create());
    } catch (error) {
      // A failure or a refusal (not a crash: what a crash leaves goes with the next creation of this id) takes them back.
      await copied.undo().catch(() => undefined);
      throw error;
    }
    if (created) return { ok: true, recordings: copied.names } as const;
    await copied.undo();
    return { ok: false, reason: 'exists' } as const;
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
  addVersion(version: Omit<FlowVersion, 'number'>, options: { unlessLatest?: boolean } = {}) {
    return this.p.versions.add(version, options);
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
  getLatestVersion(flowId: string) {
    return this.p.versions.latest(flowId);
  }
  getVersionHash(flowId: string, number: number) {
    return this.p.versions.getHash(flowId, number);
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
  addBindingTester(id: string, tester: TesterRoute, at: string) {
    return this.p.bindings.addTester(id, tester, at);
  }
  removeBindingTester(id: string, number: string, addedBy: string, at: string) {
    return this.p.bindings.removeTester(id, number, addedBy, at);
  }
  confirmBindingTester(id: string, number: string, addedBy: string, confirmedBy: string, at: string) {
    return this.p.bindings.confirmTester(id, number, addedBy, confirmedBy, at);
  }
  readEntry(target: EntryTarget) {
    return this.p.readEntry(target);
  }
  async readEntryAndCaller(target: EntryTarget, callerKey: string) {
    // Two collections, two round trips: sent together, the slower one is the read's time.
    const [entry, caller] = await Promise.all([this.p.readEntry(target), this.p.callers.recall(callerKey)]);
    return { entry, caller };
  }

  getSession(key: string, now: string) {
    return this.p.sessions.get(key, now);
  }
  getSessionRevision(key: string, now: string) {
    return this.p.sessions.revision(key, now);
  }
  putSession(record: SessionRecord) {
    return this.p.sessions.put(record);
  }
  deleteSession(key: string) {
    return this.p.sessions.remove(key);
  }
  async purgeExpiredSessions(now: string) {
    // Continuations go with their sessions (their TTL index would take them within a minute anyway).
    await this.c.continuations.deleteMany({ expiresAtDate: { $lte: new Date(now) } });
    await this.c.channelStates.deleteMany({ expiresAtDate: { $lte: new Date(now) } });
    return this.p.sessions.purge(now);
  }

  getCaller(number: string) {
    return this.p.callers.get(number);
  }
  recallCaller(number: string) {
    return this.p.callers.recall(number);
  }
  putCaller(profile: CallerProfile) {
    return this.p.callers.put(profile);
  }
  deleteCaller(number: string) {
    return this.p.callers.remove(number);
  }
  async purgeCallers(before: string) {
    // The numbers first, so their links go with them (a profile written meanwhile keeps its link: it is newer than `before`).
    const stale = await this.c.callers.find({ updatedAt: { $lt: before } }, { projection: { _id: 0, number: 1 } }).toArray();
    const purged = await this.p.callers.purge(before);
    await this.p.callerLinks.removeOf(stale.map((p) => p.number).filter((n) => !n.startsWith('preview:')));
    return purged;
  }
  linkCaller(link: CallerLink) {
    return this.p.callerLinks.link(link);
  }
  getCallerLink(key: string) {
    return this.p.callerLinks.get(key);
  }
  listCallerLinks(number: string) {
    return this.p.callerLinks.of(number);
  }
  deleteCallerLink(key: string) {
    return this.p.callerLinks.remove(key);
  }

  startTranscript(transcript: Transcript) {
    return this.p.transcripts.start(transcript);
  }
  appendTurn(sessionKey: string, turn: TranscriptTurn) {
    return this.p.transcripts.append(sessionKey, turn);
  }
  /** See `MongoTurnWriter`: one transaction on a replica set; else the session first, then the rest, each applied once. */
  async saveTurn(write: TurnWrite) {
    const saved = await this.turns.save(write);
    // A caller erased while the turn committed (another instance): their digest goes from its facts too.
    if (typeof write.facts?.caller === 'string') await this.p.analytics.clearErased(write.facts);
    return saved;
  }
  endTranscript(sessionKey: string, endedAt: string, endReason: string) {
    return this.p.transcripts.end(sessionKey, endedAt, endReason);
  }
  getTranscript(sessionKey: string) {
    return this.p.transcripts.get(sessionKey);
  }
  listTranscripts(filter: TranscriptFilter) {
    return this.p.transcripts.list(filter);
  }
  listTranscriptCallers(prefix: string, after: string, limit: number) {
    return this.p.transcripts.callers(prefix, after, limit);
  }
  deleteTranscriptsOf(callerNumber: string) {
    return this.p.transcripts.removeOf(callerNumber);
  }
  purgeTranscripts(before: string) {
    return this.p.transcripts.purge(before);
  }
  trimPreviewTranscripts(userId: string, perUser: number, inAll: number) {
    return this.p.transcripts.trimPreviews(userId, perUser, inAll);
  }

  appendAudit(entry: AuditEntry) {
    return this.p.audit.append(entry);
  }
  listAudit(filter: AuditFilter) {
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
  patchUser(id: string, patch: UserPatch) {
    return this.p.users.patch(id, patch);
  }
  createUser(user: User) {
    return this.p.users.create(user);
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
  deleteTokensOf(userId: string) {
    return this.p.users.deleteTokensOf(userId);
  }
  touchToken(id: string, usedAt: string) {
    return this.p.users.touchToken(id, usedAt);
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
  touchLoginSession(id: string, usedAt: string) {
    return this.p.users.touchLogin(id, usedAt);
  }
  endIdleLoginSession(id: string, usedBefore: string) {
    return this.p.users.endIdleLogin(id, usedBefore);
  }
  deleteLoginSessionsOf(userId: string, keep?: string) {
    return this.p.users.deleteLoginsOf(userId, keep);
  }

  eraseConversations(callers: string[], sessionKeys: string[]) {
    return this.p.erasure.erase(callers, sessionKeys);
  }
  purgeHandoff(before: string) {
    return this.p.erasure.purge(before);
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
  updateHandoffContact(id: string, expected: HandoffExpectation, patch: HandoffContactPatch) {
    return this.p.handoff.updateContact(id, expected, patch);
  }
  appendHandoffMessage(message: HandoffMessage) {
    return this.p.handoff.appendMessage(message);
  }
  appendHandoffMessageOnce(message: HandoffMessage, holder?: string) {
    return this.p.handoff.appendMessageOnce(message, holder);
  }
  listPendingHandoffMessages(before: string, limit: number) {
    return this.p.handoff.listPendingMessages(before, limit);
  }
  settleHandoffMessage(contactId: string, id: string, undelivered?: string) {
    return this.p.handoff.settleMessage(contactId, id, undelivered);
  }
  getHandoffMessage(contactId: string, id: string) {
    return this.p.handoff.getMessage(contactId, id);
  }
  listHandoffMessages(contactId: string) {
    return this.p.handoff.listMessages(contactId);
  }
  putPendingBotTurn(turn: PendingBotTurn) {
    return this.p.handoff.putBotTurn(turn);
  }
  listDueBotTurns(now: string, limit: number) {
    return this.p.handoff.listDueBotTurns(now, limit);
  }
  claimBotTurn(contactId: string, seenNextAt: string, until: string) {
    return this.p.handoff.claimBotTurn(contactId, seenNextAt, until);
  }
  getPendingBotTurn(contactId: string) {
    return this.p.handoff.getBotTurn(contactId);
  }
  deletePendingBotTurn(contactId: string) {
    return this.p.handoff.deleteBotTurn(contactId);
  }
  maskHandoffMessages(contactId: string, values: string[]) {
    return this.p.handoff.maskMessages(contactId, values);
  }
  listHandoffContactsToMask(limit: number) {
    return this.p.handoff.listToMask(limit);
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
  deleteQueueSettings(queue: string) {
    return this.p.handoff.deleteSettings(queue);
  }
  getAgentPresence(username: string) {
    return this.p.presence.get(username);
  }
  listAgentPresence() {
    return this.p.presence.list();
  }
  setAgentPresence(change: AgentPresenceChange) {
    return this.p.presence.set(change);
  }
  touchAgentPresence(username: string, at: string, staleBefore: string) {
    return this.p.presence.touch(username, at, staleBefore);
  }
  listCannedReplies() {
    return this.p.handoff.listCanned();
  }
  getCannedReply(id: string) {
    return this.p.handoff.getCanned(id);
  }
  putCannedReply(reply: CannedReply) {
    return this.p.handoff.putCanned(reply);
  }
  deleteCannedReply(id: string) {
    return this.p.handoff.deleteCanned(id);
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

  // Analytics (runtime/src/analytics): counted as recorded, so there is nothing to roll up.
  recordFacts(batches: FactBatch[]) {
    return this.p.analytics.record(batches);
  }
  queueFacts(batch: FactBatch | PendingFacts) {
    this.facts.add(batch);
  }
  flushFacts() {
    return this.facts.flush();
  }
  onFactsTrouble(listener: (trouble: FactsTrouble) => void) {
    this.facts.onTrouble(listener);
  }
  // The facts still queued are written (and so counted) first.
  async rollUpFacts(_limit: number) {
    await this.facts.flush();
    return 0;
  }
  async sumCounters(query: CounterQuery) {
    await this.facts.flush();
    return this.p.analytics.sum(query);
  }
  async listFacts(filter: { from: string; to: string; flowId?: string; limit: number }) {
    await this.facts.flush();
    return this.p.analytics.listFacts(filter);
  }
  async eraseCallerFacts(callers: string[]) {
    // The erased callers' queued facts lose their digest in memory (never written later with it),
    // the others are written first; a failed write rejects (503) rather than report a false erasure.
    const erased = new Set(callers);
    let forgotten = await this.facts.forgetCallers(erased);
    try {
      await this.facts.flushStrict();
    } finally {
      forgotten += await this.facts.forgetCallers(erased);
    }
    return forgotten + (await this.p.factErasure.eraseCallers(callers));
  }
  purgeFacts(before: string) {
    return this.p.analytics.purgeFacts(before);
  }
  purgeCounters(before: string) {
    return this.p.analytics.purgeCounters(before);
  }
  analyticsKey(candidate: string) {
    return this.p.analytics.key(candidate);
  }
  async storedAnalyticsKey() {
    return (await this.c.analyticsState.findOne({ _id: 'callerKey' }))?.value;
  }

  async dump(keys?: DataKeyring, options?: DumpOptions) {
    await this.facts.flush();
    if (options?.paged) return pagedBackupReads(this.client, this.server.transactions, (session, cursors) => dumpMongo(this.p, session, this.audio, keys, true, cursors));
    return withBackupReads(this.client, this.server.transactions, (session, cursors) => dumpMongo(this.p, session, this.audio, keys, false, cursors));
  }
  async restore(dump: StoreDump) {
    // Facts queued before the restore belong to the data it replaces: never written into it.
    await this.facts.discard(() => true);
    return restoreMongo(this.c, this.p, dump, this.audio);
  }
}
