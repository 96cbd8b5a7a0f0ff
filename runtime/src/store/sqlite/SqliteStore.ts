import type Database from 'better-sqlite3';
import type { Channel, Flow, JsonValue } from '@griot/flows';
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
  SaveTurnResult,
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
  PendingContinuation,
  SensitiveValues,
  CounterQuery,
  FactBatch,
  PendingFacts,
  AudioStore,
  AudioToPut,
  AudioPutCondition,
  StoredAudio,
  ClusterEventStore,
  LeaseStore,
  PublicationRequestStore,
  HandoffPurgeCounts,
  TranscriptFilter,
} from '../types.ts';
import { type DumpOptions, previewKeyPrefix, previewsKeptAfterTrim } from '../types.ts';
import { openDatabase } from './openDatabase.ts';
import { closedContactsMarked } from '../closedContactsMarked.ts';
import { schemaMigrated } from './schemaMigrated.ts';
import { startWalCheckpointer, type WalCheckpointer, walBytesOf } from './walCheckpointer.ts';
import { WriteBatcher } from './WriteBatcher.ts';
import { AUDIO_PART_BYTES, bytesAtOnce, partsInRange } from './audioContent.ts';
import { contentHashOf } from '../contentHash.ts';
import { randomUUID } from 'node:crypto';
import { AUDIO_UPLOAD_GRACE_MS } from '../audioTypes.ts';

/** An upload's parts left this long after its last are swept (see `AUDIO_UPLOAD_GRACE_MS`). */
const STALE_UPLOAD_MS = AUDIO_UPLOAD_GRACE_MS;
/**
 * Parts a step of the sweep deletes (`sweepAudioSteps`), each step its own write of the group
 * commit: 4 (1 MiB) frees a few hundred pages, a call's turn write waits no longer than for a part's
 * upload (bench/README.md, rec30).
 */
const PARTS_A_SWEEP_STEP = 4;
import { FactQueue, type FactsTrouble } from '../FactQueue.ts';
import { createSqliteTables, type SqliteTables } from './sqliteTables.ts';
import { dumpSqlite, restoreSqlite } from './sqliteBackup.ts';
import { PromptSnapshot } from './promptSnapshot.ts';
import type { DataKeyring } from '../../sensitive/dataKeys.ts';
import { writeTurn } from './writeTurn.ts';
import { sqliteMessaging } from './sqliteMessaging.ts';
import { createConversationErasure } from './conversationErasure.ts';
import { createFactErasure, FACT_ERASURE_CHUNK } from './factErasure.ts';

/** Rows a purge deletes per group commit (`purgeInChunks`): a few milliseconds of deleting. */
const PURGE_CHUNK = 200;
/** The same for rows that take others with them (a transcript's turns, a profile's contacts). */
const PURGE_CHUNK_WITH_ROWS = 50;

/**
 * The embedded store: one SQLite file (`<dataDir>/griot.db`, or `:memory:` in tests). The work
 * is synchronous and takes microseconds; methods are async only to share the Store interface
 * with MongoDB, and an `async` method turns any SQLite error into a rejected promise.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly t: SqliteTables;
  private readonly checkpointer: WalCheckpointer | null;
  /** Where a backup reads its recorded prompts from (the dump's snapshot), one at a time; none for `:memory:`. */
  private readonly prompts: PromptSnapshot | null;
  /**
   * A session kept sensitive values in clear (no GRIOT_DATA_KEY), or an account name: from then on, a contact's end
   * has the WAL truncated within seconds (walCheckpointer.ts), since frames already copied into
   * the database file would otherwise keep the values in the `-wal` file until overwritten.
   */
  private heldClearValues = false;
  private readonly batch: WriteBatcher;
  private readonly erasure: ReturnType<typeof createConversationErasure>;
  private readonly factErasure: ReturnType<typeof createFactErasure>;
  /** Turns' facts waiting to be written together (`queueFacts`). */
  private readonly facts: FactQueue;
  readonly messaging: MessagingStore;
  readonly continuations: ContinuationStore;
  readonly channelStates: ChannelStateStore;
  readonly audio: AudioStore;
  private readonly staleUploadMs: number;
  /** The sweep of released and stale uploads' parts under way (`sweepAudioSteps`), and whether a caller asked for another pass. */
  private audioSweep: Promise<number> | null = null;
  private audioSweepAgain = false;
  private closing = false;
  readonly events: ClusterEventStore;
  readonly leases: LeaseStore;
  readonly publicationRequests: PublicationRequestStore;
  /** What the start did once to this file (migration 29's marking): the server logs it. */
  repairs: Array<{ event: string; level: 'info'; message: string; counts: Record<string, number> }> = [];

  /**
   * Opens the file (creating it and its schema when new); `:memory:` gives a throw-away store.
   * `factsWindowMs`: how long turns' queued facts wait at most (`FactQueue`; tests that count a
   * call's own statements set it past the call).
   */
  constructor(
    readonly path: string,
    options: {
      factsWindowMs?: number;
      /** How long an upload's parts may wait for the next before they are swept (the start, each new upload). */
      staleUploadMs?: number;
    } = {},
  ) {
    this.staleUploadMs = options.staleUploadMs ?? STALE_UPLOAD_MS;
    // A log the last process on this file left (it died before truncating it, or another process shares the file): see below.
    const leftLog = walBytesOf(path) > 0;
    let marked: { ms: number } | undefined;
    let upgraded: { applied: number[]; ms: number } | undefined;
    this.db = openDatabase(path, (applied, ms) => {
      // A file an older Griot wrote (not a new one): the start says it migrated it.
      if (applied.length > 0 && !applied.includes(1)) upgraded = { applied, ms };
      // Migration 29 on a file that had contacts before: the start says what it marked.
      if (applied.includes(29) && !applied.includes(1)) marked = { ms };
    });
    const repairs: SqliteStore['repairs'] = [];
    if (upgraded) repairs.push(schemaMigrated(this.db, upgraded.applied, upgraded.ms));
    if (marked) {
      const contacts = this.db.prepare<[], number>("SELECT COUNT(*) FROM handoff_contacts WHERE status = 'closed' AND json_extract(data, '$.maskPending') = 1").pluck().get() ?? 0;
      if (contacts > 0) repairs.push(closedContactsMarked(contacts, marked.ms));
    }
    if (repairs.length > 0) this.repairs = repairs;
    this.t = createSqliteTables(this.db);
    // Parts of uploads a process killed mid-way left (migration 36): never named, never read; let go.
    this.t.audio.sweepUploads(Date.now() - this.staleUploadMs);
    this.erasure = createConversationErasure(this.db);
    this.factErasure = createFactErasure(this.db);
    // Analytics folds the facts it writes as it writes them: it must know of a write that did not stay.
    this.batch = new WriteBatcher(this.db, () => this.t.analytics.rolledBack());
    this.facts = new FactQueue((batches) => this.recordFacts(batches), options.factsWindowMs);
    this.messaging = sqliteMessaging(this.t.messaging, this.batch, () => this.checkpointer?.start());
    this.continuations = this.continuationPart();
    this.channelStates = this.channelStatePart();
    ({ audio: this.audio, events: this.events, leases: this.leases } = this.clusterParts());
    this.publicationRequests = this.publicationPart();
    // The checkpoint thread starts with the first contact's write, a truncation asked for, or a WAL past 2 MiB (an import, a restore; a fresh file's migrations and a first flow published leave ≈ 0.75 MiB):
    // a server that has had no contact yet goes without it (≈ 10 MiB of RSS).
    this.checkpointer = path === ':memory:' ? null : startWalCheckpointer(this.db, path, { startAtWalBytes: 2 << 20 });
    this.prompts = this.db.memory ? null : new PromptSnapshot(path, () => this.checkpointer?.readerGone());
    // A process that died before the truncation a contact's end asked for left its clear values in
    // the log's frames, and this one cannot know which: it empties the log once, within seconds of
    // the start, rather than keep them until overwritten (on an idle server, for good). A clean stop
    // leaves no log (`close`), so only such a start pays for the checkpoint thread.
    if (leftLog) this.checkpointer?.scrubSoon();
  }

  async ping() {
    this.batch.flush();
    try {
      return this.db.open && this.db.prepare('SELECT 1').pluck().get() === 1;
    } catch {
      return false;
    }
  }
  /** A restore is one transaction: a process killed half-way leaves the file as it was (empty), never part of a backup. */
  async interruptedRestore() {
    return null;
  }
  async writeHeartbeat(instance: string, at: string) {
    // Through the batch: resolves only once its commit is on disk, so a full or read-only disk fails here.
    await this.batch.write(() => this.t.readiness.beat(instance, at));
  }
  walCheckpointFailing() {
    return this.checkpointer?.failingWith() ?? null;
  }
  writeLockWaits() {
    return { waits: this.batch.stats.busy, waitedSeconds: this.batch.stats.waitedMs / 1000 };
  }
  async close() {
    // A sweep under way stops between two steps (what it left is noted: the next sweep finishes it).
    this.closing = true;
    await this.audioSweep?.catch(() => undefined);
    // A turn's facts still queued are written before the store closes.
    await this.facts.close();
    this.batch.flush();
    await this.checkpointer?.stop();
    this.prompts?.end();
    if (this.db.open) {
      // Fold the WAL back into the database file so a stopped store is one self-contained file.
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
  }

  /**
   * The flow and its draft, and in the same transaction the removal of what a copy cut short left
   * under the id (no flow held it): a flow made with that id never finds another flow's recordings.
   */
  private createClearing(flow: FlowRecord, draft: Draft): boolean {
    return this.db.transaction(() => {
      const created = this.t.flows.create(flow, draft);
      if (created) this.t.audio.removeFlow(flow.id);
      return created;
    })();
  }
  async createFlow(flow: FlowRecord, draft: Draft) {
    this.batch.flush();
    return this.createClearing(flow, draft) ? ({ ok: true } as const) : ({ ok: false, reason: 'exists' } as const);
  }
  /**
   * The recordings first, rows only (each names the bytes the source plays: migration 35), in one
   * short transaction under an id no flow holds (nothing lists them) that also clears what a copy
   * cut short left there; then the flow and its draft, in `commit` (the quotas checked again with
   * the copy counted, DuplicateFlow). A process dying in between leaves rows under an id no flow
   * holds, cleared by the next creation or copy to that id; their bytes are the source's, never an
   * orphan. A copy of 40 files of 10 MiB writes 40 rows: no call waits on it.
   */
  async copyFlow(flow: FlowRecord, draft: Draft, audio: { from: string; names: readonly string[] }, commit?: (create: () => Promise<boolean>) => Promise<boolean>) {
    this.batch.flush();
    const copied = this.t.audio.copy(audio.from, flow.id, audio.names);
    if (copied === null) return { ok: false, reason: 'exists' } as const;
    // Only this copy's rows (the source's bytes): a flow created with the id meanwhile keeps what was uploaded to it.
    const undo = () => {
      for (const name of copied) this.t.audio.removeCopy(audio.from, flow.id, name);
    };
    const create = async () => {
      this.batch.flush();
      return this.t.flows.create(flow, draft);
    };
    let created: boolean;
    try {
      created = await (commit ? commit(create) : create());
    } catch (error) {
      undo();
      throw error;
    }
    if (created) return { ok: true, recordings: copied } as const;
    undo();
    return { ok: false, reason: 'exists' } as const;
  }
  async listFlows() {
    this.batch.flush();
    return this.t.flows.list();
  }
  async getFlow(id: string) {
    // Flows are written straight to the file (after a flush), never queued: nothing to wait for.
    return this.t.flows.get(id);
  }
  async deleteFlow(id: string) {
    this.batch.flush();
    const removed = this.t.flows.remove(id);
    this.sweepAudioSoon();
    return removed;
  }
  async archiveFlow(id: string, at: string, by: string) {
    this.batch.flush();
    return this.t.archive.archive(id, at, by);
  }
  async unarchiveFlow(id: string) {
    this.batch.flush();
    return this.t.archive.unarchive(id);
  }
  async purgeArchivedFlows(before: string) {
    this.batch.flush();
    const purged = this.t.archive.purge(before);
    this.sweepAudioSoon();
    return purged;
  }
  async getDraft(flowId: string) {
    this.batch.flush();
    return this.t.flows.getDraft(flowId);
  }
  async getDraftHash(flowId: string) {
    return this.t.flows.getDraftHash(flowId);
  }
  async saveDraft(flowId: string, expectedRevision: number, document: Flow, hash: string, by: string, at = new Date().toISOString()) {
    this.batch.flush();
    return this.t.flows.save(flowId, expectedRevision, document, hash, by, at);
  }
  async addVersion(version: Omit<FlowVersion, 'number'>, options: { unlessLatest?: boolean } = {}) {
    this.batch.flush();
    return this.t.versions.add(version, options);
  }
  async putVersion(version: FlowVersion) {
    this.batch.flush();
    this.t.versions.put(version);
  }
  async listVersions(flowId: string) {
    this.batch.flush();
    return this.t.versions.list(flowId);
  }
  async getVersion(flowId: string, number: number) {
    return this.t.versions.get(flowId, number);
  }
  async getLatestVersion(flowId: string) {
    this.batch.flush();
    return this.t.versions.latest(flowId);
  }
  async getVersionHash(flowId: string, number: number) {
    return this.t.versions.getHash(flowId, number);
  }
  async setVersionLabel(flowId: string, number: number, label: string | null) {
    this.batch.flush();
    return this.t.versions.setLabel(flowId, number, label);
  }

  async getEnvironments(flowId: string) {
    this.batch.flush();
    return this.t.environments.list(flowId);
  }
  async getEnvironment(flowId: string, name: EnvironmentName) {
    return this.t.environments.get(flowId, name);
  }
  async setEnvironment(flowId: string, name: EnvironmentName, expectedVersion: number | null, pointer: EnvironmentPointer) {
    this.batch.flush();
    return this.t.environments.set(flowId, name, expectedVersion, pointer);
  }
  async clearEnvironment(flowId: string, name: EnvironmentName, expectedVersion: number, at: string) {
    this.batch.flush();
    return this.t.environments.clear(flowId, name, expectedVersion, at);
  }

  async listBindings() {
    this.batch.flush();
    return this.t.bindings.list();
  }
  async getBinding(id: string) {
    return this.t.bindings.get(id);
  }
  async findBinding(channel: Channel, address: string) {
    return this.t.bindings.find(channel, address);
  }
  async readEntry(target: EntryTarget) {
    // As getBinding: flows, pointers and bindings are written straight to the file, never queued.
    return this.t.readEntry(target);
  }
  async readEntryAndCaller(target: EntryTarget, callerKey: string) {
    // Not flushed first, as neither readEntry nor recallCaller is.
    return this.t.readEntry.withCaller(target, callerKey);
  }
  async putBinding(binding: Binding) {
    this.batch.flush();
    this.t.bindings.put(binding);
  }
  async deleteBinding(id: string) {
    this.batch.flush();
    return this.t.bindings.remove(id);
  }
  async addBindingTester(id: string, tester: TesterRoute, at: string) {
    this.batch.flush();
    return this.t.bindings.addTester(id, tester, at);
  }
  async removeBindingTester(id: string, number: string, addedBy: string, at: string) {
    this.batch.flush();
    return this.t.bindings.removeTester(id, number, addedBy, at);
  }
  async confirmBindingTester(id: string, number: string, addedBy: string, confirmedBy: string, at: string) {
    this.batch.flush();
    return this.t.bindings.confirmTester(id, number, addedBy, confirmedBy, at);
  }

  async getSession(key: string, now: string) {
    return this.t.sessions.get(key, now);
  }
  async getSessionRevision(key: string, now: string) {
    return this.t.sessions.revision(key, now);
  }
  async putSession(record: SessionRecord) {
    this.noteClearValues(record);
    await this.batch.write(() => {
      this.t.sessions.put(record);
    });
    if (record.session.status === 'ended') this.contactEnded();
  }
  async deleteSession(key: string) {
    await this.batch.write(() => this.t.sessions.remove(key));
    this.contactEnded();
  }
  async purgeExpiredSessions(now: string) {
    // Expired login sessions go too: MongoDB drops them by TTL index, SQLite has no such thing.
    await this.purgeInChunks((limit) => this.t.users.purgeLogins(now, limit));
    await this.purgeInChunks((limit) => this.t.throttle.purge(Date.parse(now), limit));
    const contactParts = (await this.purgeInChunks((limit) => this.t.continuations.purge(now, limit))) + (await this.purgeInChunks((limit) => this.t.channelStates.purge(now, limit)));
    let held = false;
    const sessions = await this.purgeInChunks((limit) => {
      const purged = this.t.sessions.purge(now, limit);
      held ||= purged.held;
      return purged.deleted;
    });
    // An abandoned contact's session, a USSD screen kept for the gateway's retries: gone from the file, not yet from the WAL.
    if (contactParts + sessions > 0) {
      // Written by an earlier run, perhaps, in clear (this one never saw it: `heldClearValues` is
      // this process's): the checkpoint thread copies the zeroed pages over the database file's
      // old ones within seconds, as it did when it started with the server.
      this.checkpointer?.start();
      // A purged session that held values in clear (a sensitive part, a WhatsApp profile name) empties the log
      // whoever wrote it: another instance on the file, which the sessions job does not run on, or an earlier run.
      if (held) this.checkpointer?.scrubSoon();
      else this.contactEnded();
    }
    return sessions;
  }

  private noteClearValues(record: SessionRecord) {
    // A contact writes: the checkpoint thread runs from now on (it copies the log into the file every second, docs/configuration.md).
    this.checkpointer?.start();
    if (record.sensitive && 'clear' in record.sensitive) this.heldClearValues = true;
    // The account's name on its platform (WhatsApp's profile name) is account data, in clear whatever the key: the
    // write that ends the contact, or the purge of a session that expired without one, empties the log of it too.
    if (record.callerName !== undefined) this.heldClearValues = true;
  }
  /** Once the write that ended a contact is committed: see `heldClearValues`. */
  private contactEnded() {
    if (this.heldClearValues) this.checkpointer?.scrubSoon();
  }

  /**
   * Deletes `chunk` rows at a time, each chunk in a group commit: a minute of expired USSD
   * sessions at 200 a second (12,000, and as many channel states) took 147 ms to delete in one go,
   * every request waiting meanwhile (and an hour of transcripts past the retention is 720,000);
   * in chunks the requests' writes commit between them, and the chunks wait for another process's
   * lock as they do (not asleep in SQLite's busy handler).
   */
  private async purgeInChunks(purge: (limit: number) => number, chunk = PURGE_CHUNK): Promise<number> {
    let purged = 0;
    for (;;) {
      const deleted = await this.batch.write(() => purge(chunk));
      purged += deleted;
      if (deleted < chunk) return purged;
    }
  }

  async getCaller(number: string) {
    return this.t.callers.get(number);
  }
  async recallCaller(number: string) {
    return this.t.callers.recall(number);
  }
  async putCaller(profile: CallerProfile) {
    return this.batch.write(() => {
      this.t.callers.put(profile);
    });
  }
  async deleteCaller(number: string) {
    this.batch.flush();
    return this.t.callers.remove(number);
  }
  async purgeCallers(before: string) {
    const purged = await this.purgeInChunks((limit) => this.t.callers.purge(before, limit), PURGE_CHUNK_WITH_ROWS);
    await this.purgeInChunks((limit) => this.t.callerLinks.purgeDangling(limit));
    return purged;
  }
  linkCaller(link: CallerLink) {
    // In the group commit: the link reads the profiles it merges under the write lock.
    return this.batch.write(() => this.t.callerLinks.link(link));
  }
  async getCallerLink(key: string) {
    return this.t.callerLinks.get(key);
  }
  async listCallerLinks(number: string) {
    return this.t.callerLinks.of(number);
  }
  async deleteCallerLink(key: string) {
    this.batch.flush();
    return this.t.callerLinks.remove(key);
  }

  async startTranscript(transcript: Transcript) {
    return this.batch.write(() => {
      this.t.transcripts.start(transcript);
    });
  }
  async appendTurn(sessionKey: string, turn: TranscriptTurn) {
    return this.batch.write(() => {
      this.t.transcripts.append(sessionKey, turn);
    });
  }
  // Not an async function: the batch's own promise is the answer (an async wrapper returning it
  // would add its own promise and two turns of the microtask queue before every channel's answer).
  saveTurn(write: TurnWrite): Promise<SaveTurnResult> {
    // One savepoint in the open batch: the turn's writes commit together or not at all. The
    // revision check runs inside the write transaction, which sees every commit of another
    // process on the file: a conflict is known before the channel is answered.
    this.noteClearValues(write.session);
    const saved = this.batch.write(() => writeTurn(this.t, write));
    // Once per contact, not per turn: its last turn.
    if (write.end || write.session.session.status === 'ended') {
      void saved.then(
        () => this.contactEnded(),
        () => undefined,
      );
    }
    return saved;
  }
  async endTranscript(sessionKey: string, endedAt: string, endReason: string) {
    return this.batch.write(() => {
      this.t.transcripts.end(sessionKey, endedAt, endReason);
    });
  }
  async getTranscript(sessionKey: string) {
    return this.t.transcripts.get(sessionKey);
  }
  async listTranscripts(filter: TranscriptFilter) {
    this.batch.flush();
    return this.t.transcripts.list(filter);
  }
  async listTranscriptCallers(prefix: string, after: string, limit: number) {
    this.batch.flush();
    return this.t.transcripts.callers(prefix, after, limit);
  }
  async deleteTranscriptsOf(callerNumber: string) {
    this.batch.flush();
    const removed = this.t.transcripts.removeOf(callerNumber);
    // Erased from the file, not yet from the WAL's frames: an erasure always empties the log
    // (docs/configuration.md), whether or not a contact of this process held values in clear.
    if (removed > 0) this.checkpointer?.scrubSoon();
    return removed;
  }
  async purgeTranscripts(before: string) {
    return this.purgeInChunks((limit) => this.t.transcripts.purge(before, limit), PURGE_CHUNK_WITH_ROWS);
  }
  async trimPreviewTranscripts(userId: string, perUser: number, inAll: number) {
    // Through the group commit, after any turn still queued (the transcript a preview just started).
    return this.batch.write(
      () => this.t.transcripts.keepNewestWithPrefix(previewKeyPrefix(userId), perUser) + this.t.transcripts.keepNewestWithPrefix('preview:', inAll, previewsKeptAfterTrim(inAll)),
    );
  }

  async appendAudit(entry: AuditEntry) {
    return this.batch.write(() => {
      this.t.audit.append(entry);
    });
  }
  async listAudit(filter: AuditFilter) {
    this.batch.flush();
    return this.t.audit.list(filter);
  }

  async countUsers() {
    this.batch.flush();
    return this.t.users.count();
  }
  async listUsers() {
    this.batch.flush();
    return this.t.users.list();
  }
  async getUser(id: string) {
    return this.t.users.get(id);
  }
  async getUserByName(username: string) {
    this.batch.flush();
    return this.t.users.getByName(username);
  }
  async putUser(user: User) {
    this.batch.flush();
    this.t.users.put(user);
  }
  async patchUser(id: string, patch: UserPatch) {
    this.batch.flush();
    return this.t.users.patch(id, patch);
  }
  async createUser(user: User) {
    this.batch.flush();
    this.t.users.create(user);
  }
  async putToken(token: ApiToken) {
    this.batch.flush();
    this.t.users.putToken(token);
  }
  async findToken(tokenHash: string) {
    return this.t.users.findToken(tokenHash);
  }
  async deleteToken(id: string) {
    this.batch.flush();
    return this.t.users.deleteToken(id);
  }
  async listTokens(filter: { userId?: string }) {
    this.batch.flush();
    return this.t.users.listTokens(filter);
  }
  async deleteTokensOf(userId: string) {
    this.batch.flush();
    return this.t.users.deleteTokensOf(userId);
  }
  async touchToken(id: string, usedAt: string) {
    this.batch.flush();
    return this.t.users.touchToken(id, usedAt);
  }
  async putLoginSession(session: LoginSession) {
    this.batch.flush();
    this.t.users.putLogin(session);
  }
  async getLoginSession(id: string, now: string) {
    return this.t.users.getLogin(id, now);
  }
  async deleteLoginSession(id: string) {
    this.batch.flush();
    this.t.users.deleteLogin(id);
  }
  async touchLoginSession(id: string, usedAt: string) {
    this.batch.flush();
    return this.t.users.touchLogin(id, usedAt);
  }
  async endIdleLoginSession(id: string, usedBefore: string) {
    this.batch.flush();
    return this.t.users.endIdleLogin(id, usedBefore);
  }
  async deleteLoginSessionsOf(userId: string, keep?: string) {
    this.batch.flush();
    return this.t.users.deleteLoginsOf(userId, keep);
  }

  // Handoff (runtime/src/handoff): in the group commit (an agent's claim is checked under the
  // write lock); reads see this connection's queued writes.
  putHandoffContact(contact: HandoffContact) {
    return this.batch.write(() => this.t.handoff.putContact(contact));
  }
  getHandoffContact(id: string) {
    return this.batch.read(() => this.t.handoff.getContact(id));
  }
  listHandoffContacts(filter: { statuses?: HandoffStatus[]; queue?: string; sessionKey?: string }) {
    return this.batch.read(() => this.t.handoff.listContacts(filter));
  }
  updateHandoffContact(id: string, expected: HandoffExpectation, patch: HandoffContactPatch) {
    if (!('callerName' in patch) || patch.callerName !== undefined) return this.batch.write(() => this.t.handoff.updateContact(id, expected, patch));
    // A close takes the subscriber's account name (WhatsApp's profile name) off the contact: gone from the file
    // (secure_delete), not from the WAL's frames of the contact's earlier writes. Its session may have ended (and
    // emptied the log) long before, and a close masks nothing in a conversation without sensitive values: the log is
    // emptied here, when the contact held a name (whichever instance wrote it).
    let named = false;
    return this.batch
      .write(() => {
        named = this.t.handoff.getContact(id)?.callerName !== undefined;
        return this.t.handoff.updateContact(id, expected, patch);
      })
      .then((changed) => {
        if (changed && named) this.checkpointer?.scrubSoon();
        return changed;
      });
  }
  async eraseConversations(callers: string[], sessionKeys: string[]) {
    // In the group commit: the check of open contacts and the deletes see the same rows.
    const erased = await this.batch.write(() => this.erasure.erase(callers, sessionKeys));
    // Erased from the file, not yet from the WAL's frames (what an earlier run wrote too): the log is emptied.
    if (erased.ok) this.checkpointer?.scrubSoon();
    return erased;
  }
  async purgeHandoff(before: string) {
    const total: HandoffPurgeCounts = { handoffContacts: 0, handoffMessages: 0, callbacks: 0 };
    await this.purgeInChunks((limit) => {
      const chunk = this.erasure.purge(before, limit);
      total.handoffContacts += chunk.handoffContacts;
      total.handoffMessages += chunk.handoffMessages;
      total.callbacks += chunk.callbacks;
      return Math.max(chunk.handoffContacts, chunk.callbacks);
    }, PURGE_CHUNK_WITH_ROWS);
    return total;
  }
  appendHandoffMessage(message: HandoffMessage) {
    return this.batch.write(() => this.t.handoff.appendMessage(message));
  }
  appendHandoffMessageOnce(message: HandoffMessage, holder?: string) {
    // Immediate: two processes on the same file storing the same retry store one.
    return this.batch.write(() => this.t.handoff.appendMessageOnce.immediate(message, holder));
  }
  listPendingHandoffMessages(before: string, limit: number) {
    return this.batch.read(() => this.t.handoff.listPendingMessages(before, limit));
  }
  settleHandoffMessage(contactId: string, id: string, undelivered?: string) {
    return this.batch.write(() => this.t.handoff.settleMessage(contactId, id, undelivered));
  }
  getHandoffMessage(contactId: string, id: string) {
    return this.batch.read(() => this.t.handoff.getMessage(contactId, id));
  }
  listHandoffMessages(contactId: string) {
    return this.batch.read(() => this.t.handoff.listMessages(contactId));
  }
  putPendingBotTurn(turn: PendingBotTurn) {
    return this.batch.write(() => this.t.handoff.putBotTurn(turn));
  }
  listDueBotTurns(now: string, limit: number) {
    return this.batch.read(() => this.t.handoff.listDueBotTurns(now, limit));
  }
  claimBotTurn(contactId: string, seenNextAt: string, until: string) {
    return this.batch.write(() => this.t.handoff.claimBotTurn(contactId, seenNextAt, until));
  }
  getPendingBotTurn(contactId: string) {
    return this.batch.read(() => this.t.handoff.getBotTurn(contactId));
  }
  async deletePendingBotTurn(contactId: string) {
    const removed = await this.batch.write(() => this.t.handoff.deleteBotTurn(contactId));
    // The bot's turn (in clear without GRIOT_DATA_KEY) is gone from the file (secure_delete), not yet from the WAL's frames.
    if (removed > 0) this.checkpointer?.scrubSoon();
  }
  async maskHandoffMessages(contactId: string, values: string[]) {
    const { changed, clearedValues } = await this.batch.write(() => this.t.handoff.maskMessages(contactId, values));
    // The clear texts (and the values to mask the contact kept, in clear without GRIOT_DATA_KEY) are gone from the file (secure_delete), not yet from the WAL's frames.
    if (changed > 0 || clearedValues) this.checkpointer?.scrubSoon();
    return changed;
  }
  listHandoffContactsToMask(limit: number) {
    return this.batch.read(() => this.t.handoff.listToMask(limit));
  }
  putCallbackRequest(request: CallbackRequest) {
    return this.batch.write(() => this.t.handoff.putCallback(request));
  }
  getCallbackRequest(id: string) {
    return this.batch.read(() => this.t.handoff.getCallback(id));
  }
  listCallbackRequests(filter: { statuses?: CallbackStatus[] }) {
    return this.batch.read(() => this.t.handoff.listCallbacks(filter));
  }
  updateCallbackRequest(id: string, expected: CallbackStatus[], patch: CallbackRequestPatch) {
    return this.batch.write(() => this.t.handoff.updateCallback(id, expected, patch));
  }
  getQueueSettings(queue: string) {
    return this.batch.read(() => this.t.handoff.getSettings(queue));
  }
  putQueueSettings(settings: QueueSettings) {
    return this.batch.write(() => this.t.handoff.putSettings(settings));
  }
  listQueueSettings() {
    return this.batch.read(() => this.t.handoff.listSettings());
  }
  deleteQueueSettings(queue: string) {
    return this.batch.write(() => this.t.handoff.deleteSettings(queue));
  }
  getAgentPresence(username: string) {
    return this.batch.read(() => this.t.presence.get(username));
  }
  listAgentPresence() {
    return this.batch.read(() => this.t.presence.list());
  }
  setAgentPresence(change: AgentPresenceChange) {
    return this.batch.write(() => this.t.presence.set(change));
  }
  touchAgentPresence(username: string, at: string, staleBefore: string) {
    return this.batch.write(() => this.t.presence.touch(username, at, staleBefore));
  }
  listCannedReplies() {
    return this.batch.read(() => this.t.handoff.listCanned());
  }
  getCannedReply(id: string) {
    return this.batch.read(() => this.t.handoff.getCanned(id));
  }
  putCannedReply(reply: CannedReply) {
    return this.batch.write(() => this.t.handoff.putCanned(reply));
  }
  deleteCannedReply(id: string) {
    return this.batch.write(() => this.t.handoff.deleteCanned(id));
  }

  // Throttle counters (runtime/src/auth/throttle): straight to the file, outside the group
  // commit, so another instance on the same file counts with them at once.
  async addThrottlePoints(key: string, points: number, durationMs: number, now: number, replace: boolean) {
    this.batch.flush();
    return this.t.throttle.add(key, points, durationMs, now, replace);
  }
  async getThrottleCounter(key: string, now: number) {
    return this.t.throttle.get(key, now);
  }
  async deleteThrottleCounter(key: string) {
    this.batch.flush();
    return this.t.throttle.remove(key);
  }
  async deleteThrottleCounters(prefix: string) {
    this.batch.flush();
    return this.t.throttle.removePrefix(prefix);
  }

  /**
   * Claims and outcomes join the group commit: a claim's condition is checked under the write
   * lock, and its promise resolves once committed, so another process on the same file (the
   * redirect's instance) sees it from then on.
   */
  private continuationPart(): ContinuationStore {
    const t = this.t.continuations;
    const { written, fresh } = this;
    return {
      putContinuation: written((c: PendingContinuation) => t.put(c)),
      getContinuation: fresh((key: string, now: string) => t.get(key, now)),
      renewContinuation: written((key: string, owner: string, until: string) => t.renew(key, owner, until)),
      claimContinuation: written((key: string, owner: string, until: string, now: string) => t.claim(key, owner, until, now)),
      settleContinuation: written((key: string, owner: string, outcome: SensitiveValues) => t.settle(key, owner, outcome)),
      takeContinuation: written((key: string) => t.take(key)),
      deleteContinuation: written((key: string) => {
        t.remove(key);
      }),
    };
  }

  /**
   * Writes join the group commit (durable when they resolve, before a channel answers its
   * platform); the condition on the revision is checked inside it, so of two writers one wins.
   */
  private channelStatePart(): ChannelStateStore {
    const t = this.t.channelStates;
    // A contact's state (a web chat outbox, USSD screens), or one rewritten to mask it (the start's
    // pass over legacy outboxes, before any contact): the checkpoint thread runs from now on, so the
    // page it replaces leaves the database file within seconds (see `noteClearValues`).
    const contactWrote = () => this.checkpointer?.start();
    return {
      getChannelState: async (key: string, now: string) => t.get(key, now),
      putChannelState: (state: { key: string; value: JsonValue; expiresAt: string }, expected: number, now: string) => {
        contactWrote();
        return this.batch.write(() => t.put(state, expected, now));
      },
      // In the open batch, not waited for: it commits with the turn that follows it.
      claimChannelState: async (state: { key: string; value: JsonValue; expiresAt: string }, expected: number, now: string) => {
        contactWrote();
        return this.batch.writeAhead(() => t.put(state, expected, now));
      },
      deleteChannelState: (key: string) => {
        contactWrote();
        return this.batch.write(() => t.remove(key));
      },
      listChannelStateKeys: (prefix: string, now: string) => this.batch.read(() => t.keys(prefix, now)),
    };
  }

  /** A write in the group commit: resolves once committed, visible from then on to every process on the file. */
  private readonly written =
    <A extends unknown[], R>(run: (...args: A) => R) =>
    (...args: A): Promise<R> =>
      this.batch.write(() => run(...args));

  /** A read that sees this connection's queued writes (read at once when there are none). */
  private readonly fresh =
    <A extends unknown[], R>(run: (...args: A) => R) =>
    (...args: A): Promise<R> =>
      this.batch.read(() => run(...args));

  /**
   * Audio, events and leases: in the group commit, so another process on the same file serves
   * the prompt, reads the event, sees the lease as soon as the write has resolved.
   */
  private clusterParts(): { audio: AudioStore; events: ClusterEventStore; leases: LeaseStore } {
    const { audio, cluster } = this.t;
    const { written, fresh } = this;
    return {
      audio: {
        putAudio: (stated, content, condition) => this.putAudio(stated, content, condition),
        getAudioInfo: fresh(audio.info),
        readAudio: fresh(audio.read),
        // The row once (the file fixed from then on: its parts' key), then a part per step as the reader asks.
        openAudio: async (flowId, name, range) => {
          const found = await fresh(audio.open)(flowId, name, range);
          if (!found) return null;
          const { start, end, inRow, parts } = found;
          const length = Math.max(0, end - start + 1);
          return {
            audio: found.audio,
            start,
            length,
            parts: parts && length > 0 ? partsInRange((seq) => fresh(audio.part)(parts.uploadId, seq), parts.partBytes, start, end) : bytesAtOnce(inRow),
          };
        },
        listAudio: fresh(audio.list),
        audioBytes: fresh(audio.bytes),
        // The row (and the blob it was the last to name) goes in one short write: no reader finds it from then on; the parts, in steps after.
        deleteAudio: async (flowId, name, condition) => {
          const removed = await this.batch.write(() => audio.remove(flowId, name, condition));
          if (removed) await this.sweepAudioAfter();
          return removed;
        },
        deleteFlowAudio: async (flowId) => {
          const removed = await this.batch.write(() => audio.removeFlow(flowId));
          if (removed > 0) await this.sweepAudioAfter();
          return removed;
        },
        sweepAudioLeftovers: async (now) => this.sweepAudioSteps(now.getTime()),
        freezeAudio: written(audio.freeze),
        listFrozenAudio: fresh(audio.frozen),
        noteUnnamedAudio: written(audio.noteUnnamed),
      },
      events: {
        publishEvent: written(cluster.publish),
        readEvents: fresh(cluster.read),
        purgeEvents: written(cluster.purge),
      },
      leases: {
        acquireLease: written(cluster.acquire),
        markLeaseRun: written(cluster.mark),
        releaseLease: written(cluster.release),
        getLease: fresh(cluster.get),
        purgeLeases: written(cluster.purgeLeases),
      },
    };
  }

  /**
   * A recording's bytes: hashed once (as the upload's body arrived, else here a slice at a time; never the caller's word); a file
   * past `AUDIO_PART_BYTES` whose bytes are not stored yet goes in parts, each its own write of the
   * group commit, so a call's turn write waits for one part's commit, never for the whole file
   * (migration 36). The last write checks the condition again, names the parts and the row at once.
   * A part that fails lets the upload's parts go; a process killed mid-way leaves them to the sweep.
   */
  private async putAudio(stated: AudioToPut, content: Uint8Array, condition?: AudioPutCondition): Promise<boolean> {
    const audio: StoredAudio = { ...stated, sha256: await contentHashOf(content), bytes: content.byteLength };
    const table = this.t.audio;
    // Small (in the row), refused, or the bytes are stored already (a row only): one short write, no part.
    const first = await this.batch.write(() => table.put(audio, content.byteLength <= AUDIO_PART_BYTES ? { content } : null, condition));
    if (first !== 'missing') {
      // A file in parts it replaced under the name, its bytes named by no other: noted released in that write, its parts deleted in steps before the answer.
      if (first && (await this.batch.read(() => table.hasReleased()))) await this.sweepAudioAfter();
      return first;
    }
    const uploadId = randomUUID();
    // The uploads a killed process left, past their time: swept as each new one starts.
    await this.sweepAudioAfter();
    let stored: boolean;
    try {
      for (let seq = 0, at = 0; at < content.byteLength; seq += 1, at += AUDIO_PART_BYTES) {
        const part = content.subarray(at, at + AUDIO_PART_BYTES);
        await this.batch.write(() => table.writePart(uploadId, seq, part, Date.now()));
      }
      stored = (await this.batch.write(() => table.put(audio, { uploadId }, condition))) === true;
    } catch (error) {
      // Not named by any blob (the last write did not commit): its parts let go.
      await this.batch.write(() => table.dropUpload(uploadId)).catch(() => undefined);
      this.sweepAudioSoon();
      throw error;
    }
    // Refused at the last write, or the same bytes stored meanwhile: its parts were noted released.
    // Outside the try: once named, the upload's parts are the recording's, never let go on a failed sweep.
    await this.sweepAudioAfter();
    return stored;
  }

  /**
   * `sweepAudioSteps` after a write that committed (a delete, an upload, a restore): its failure (a
   * disk full, a lock another instance held too long) does not turn what was done into an error;
   * the notes stay for the next sweep (the next upload or delete, the hourly `audio-sweep`, a start).
   */
  private async sweepAudioAfter(): Promise<void> {
    await this.sweepAudioSteps().catch(() => undefined);
  }

  /**
   * Deletes the parts no blob names any more, a few at a time (`PARTS_A_SWEEP_STEP`), each step its
   * own write of the group commit, so a call's turn write waits for a step, never for a whole
   * recording (migration 37): those released (a recording, a flow's files, a replaced or refused
   * upload) and those of uploads stale at `nowMs` (a process killed mid-upload). One sweep at a
   * time: a caller arriving meanwhile has it make one more pass. Stops between two steps when the
   * store closes; what is left stays noted for the next. Returns the uploads swept.
   */
  private sweepAudioSteps(nowMs = Date.now()): Promise<number> {
    this.audioSweepAgain = true;
    const sweep = async (): Promise<number> => {
      let uploads = 0;
      try {
        while (this.audioSweepAgain && !this.closing) {
          this.audioSweepAgain = false;
          for (;;) {
            if (this.closing) break;
            const went = await this.batch.write(() => this.t.audio.sweepStep(nowMs - this.staleUploadMs, PARTS_A_SWEEP_STEP));
            if (went === null) break;
            if (went === 'upload') uploads += 1;
          }
        }
      } finally {
        this.audioSweep = null;
      }
      return uploads;
    };
    this.audioSweep ??= sweep();
    return this.audioSweep;
  }

  /** `sweepAudioSteps` in the background (after a flow's files went in its transaction): a failure leaves the notes to the next sweep. */
  private sweepAudioSoon(): void {
    if (this.closing || !this.db.open) return;
    void this.sweepAudioSteps().catch(() => undefined);
  }

  /** Publication requests: few and rare, written in the group commit like audio. */
  private publicationPart(): PublicationRequestStore {
    const { publication } = this.t;
    const { written, fresh } = this;
    return {
      addPublicationRequest: written(publication.add),
      getPublicationRequest: fresh(publication.get),
      listPublicationRequests: fresh(publication.list),
      updatePublicationRequest: written(publication.update),
      deleteFlowPublicationRequests: written(publication.removeFlow),
    };
  }

  // Analytics (runtime/src/analytics): facts are group-committed like turns; the roll-up and
  // the reads go straight to the file.
  async recordFacts(batches: FactBatch[]) {
    if (batches.length === 0) return;
    // A row per flow for many turns' facts (`insertMany`), not one per turn.
    await this.batch.write(() => this.t.analytics.insertMany(batches));
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
  async rollUpFacts(limit: number) {
    await this.facts.flush();
    this.batch.flush();
    return this.t.analytics.rollUp(limit);
  }
  async sumCounters(query: CounterQuery) {
    await this.facts.flush();
    this.batch.flush();
    return this.t.analytics.sum(query);
  }
  async listFacts(filter: { from: string; to: string; flowId?: string; limit: number }) {
    await this.facts.flush();
    this.batch.flush();
    return this.t.analytics.listFacts(filter);
  }
  async eraseCallerFacts(callers: string[]) {
    if (callers.length === 0) return 0;
    // Listed first: a fact another instance writes from now on drops the digest; those written before are cleared below.
    await this.batch.write(() => this.factErasure.remember(callers, new Date().toISOString()));
    let changed = await this.forgetQueuedCallers(callers);
    this.batch.flush();
    const { low, high } = this.factErasure.bounds();
    if (low === null || high === null) return changed;
    // A chunk of sequence numbers per write: turns wait for one chunk, not for the whole table.
    for (let from = low; from <= high; from += FACT_ERASURE_CHUNK) changed += await this.batch.write(() => this.factErasure.clearChunk(callers, from));
    return changed;
  }
  /**
   * The erased callers' queued facts lose their digest in memory (never written later with it),
   * then every queued fact is written; a failed write rejects (503) rather than report an erasure
   * that facts still waiting could undo. Returns how many queued facts named them.
   */
  private async forgetQueuedCallers(callers: string[]): Promise<number> {
    const erased = new Set(callers);
    let forgotten = await this.facts.forgetCallers(erased);
    try {
      await this.facts.flushStrict();
    } finally {
      forgotten += await this.facts.forgetCallers(erased);
    }
    return forgotten;
  }
  async purgeFacts(before: string) {
    // An hour of a day's raw facts at 667 turns a second is 2.4 million rows.
    // Rows, a chunk per write; what they held counted as batches (a row may hold many: `manyRow`).
    let purged = 0;
    for (;;) {
      const { rows, batches } = await this.batch.write(() => this.t.analytics.purgeFacts(before, PURGE_CHUNK));
      purged += batches;
      if (rows < PURGE_CHUNK) break;
    }
    // The erased callers' digests are kept as long as the facts they keep them out of.
    await this.batch.write(() => this.factErasure.forgetBefore(before));
    return purged;
  }
  async purgeCounters(before: string) {
    this.batch.flush();
    return this.t.analytics.purgeCounters(before);
  }
  async analyticsKey(candidate: string) {
    this.batch.flush();
    return this.t.analytics.key(candidate);
  }
  async storedAnalyticsKey() {
    return this.t.analytics.storedKey();
  }

  async dump(keys?: DataKeyring, options?: DumpOptions) {
    await this.facts.flush();
    this.batch.flush();
    // Every fact counted first, so the backup's counters and facts agree.
    while (this.t.analytics.rollUp(10_000) > 0);
    return dumpSqlite(this.db, this.t, keys, this.prompts ?? undefined, options?.paged === true);
  }
  async restore(dump: StoreDump) {
    // Facts queued before the restore belong to the data it replaces: never written into it.
    await this.facts.discard(() => true);
    this.batch.flush();
    restoreSqlite(this.db, this.t, dump);
    // Recordings the restore replaced: their parts noted released in its transaction, deleted in steps now.
    await this.sweepAudioAfter();
  }
}
