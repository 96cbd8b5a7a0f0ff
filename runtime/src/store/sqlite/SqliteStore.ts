import type Database from 'better-sqlite3';
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
  User,
} from '../types.ts';
import { openDatabase } from './openDatabase.ts';
import { createSqliteTables, type SqliteTables } from './sqliteTables.ts';
import { dumpSqlite, restoreSqlite } from './sqliteBackup.ts';

/**
 * The embedded store: one SQLite file (`<dataDir>/griot.db`, or `:memory:` in tests). The work
 * is synchronous and takes microseconds; methods are async only to share the Store interface
 * with MongoDB, and an `async` method turns any SQLite error into a rejected promise.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly t: SqliteTables;

  /** Opens the file (creating it and its schema when new); `:memory:` gives a throw-away store. */
  constructor(readonly path: string) {
    this.db = openDatabase(path);
    this.t = createSqliteTables(this.db);
  }

  async ping() {
    try {
      return this.db.open && this.db.prepare('SELECT 1').pluck().get() === 1;
    } catch {
      return false;
    }
  }
  async close() {
    if (this.db.open) this.db.close();
  }

  async createFlow(flow: FlowRecord, draft: Draft) {
    return this.t.flows.create(flow, draft) ? ({ ok: true } as const) : ({ ok: false, reason: 'exists' } as const);
  }
  async listFlows() {
    return this.t.flows.list();
  }
  async getFlow(id: string) {
    return this.t.flows.get(id);
  }
  async deleteFlow(id: string) {
    return this.t.flows.remove(id);
  }
  async getDraft(flowId: string) {
    return this.t.flows.getDraft(flowId);
  }
  async saveDraft(flowId: string, expectedRevision: number, document: Flow, hash: string, by: string, at = new Date().toISOString()) {
    return this.t.flows.save(flowId, expectedRevision, document, hash, by, at);
  }
  async addVersion(version: Omit<FlowVersion, 'number'>) {
    return this.t.versions.add(version);
  }
  async putVersion(version: FlowVersion) {
    this.t.versions.put(version);
  }
  async listVersions(flowId: string) {
    return this.t.versions.list(flowId);
  }
  async getVersion(flowId: string, number: number) {
    return this.t.versions.get(flowId, number);
  }

  async getEnvironments(flowId: string) {
    return this.t.environments.list(flowId);
  }
  async getEnvironment(flowId: string, name: EnvironmentName) {
    return this.t.environments.get(flowId, name);
  }
  async setEnvironment(flowId: string, name: EnvironmentName, expectedVersion: number | null, pointer: EnvironmentPointer) {
    return this.t.environments.set(flowId, name, expectedVersion, pointer);
  }

  async listBindings() {
    return this.t.bindings.list();
  }
  async getBinding(id: string) {
    return this.t.bindings.get(id);
  }
  async findBinding(channel: Channel, address: string) {
    return this.t.bindings.find(channel, address);
  }
  async putBinding(binding: Binding) {
    this.t.bindings.put(binding);
  }
  async deleteBinding(id: string) {
    return this.t.bindings.remove(id);
  }

  async getSession(key: string, now: string) {
    return this.t.sessions.get(key, now);
  }
  async putSession(record: SessionRecord) {
    this.t.sessions.put(record);
  }
  async deleteSession(key: string) {
    this.t.sessions.remove(key);
  }
  async purgeExpiredSessions(now: string) {
    // Expired login sessions go too: MongoDB drops them by TTL index, SQLite has no such thing.
    this.t.users.purgeLogins(now);
    return this.t.sessions.purge(now);
  }

  async getCaller(number: string) {
    return this.t.callers.get(number);
  }
  async putCaller(profile: CallerProfile) {
    this.t.callers.put(profile);
  }
  async deleteCaller(number: string) {
    return this.t.callers.remove(number);
  }
  async purgeCallers(before: string) {
    return this.t.callers.purge(before);
  }

  async startTranscript(transcript: Transcript) {
    this.t.transcripts.start(transcript);
  }
  async appendTurn(sessionKey: string, turn: TranscriptTurn) {
    this.t.transcripts.append(sessionKey, turn);
  }
  async endTranscript(sessionKey: string, endedAt: string, endReason: string) {
    this.t.transcripts.end(sessionKey, endedAt, endReason);
  }
  async getTranscript(sessionKey: string) {
    return this.t.transcripts.get(sessionKey);
  }
  async listTranscripts(filter: { callerNumber?: string; flowId?: string; limit: number }) {
    return this.t.transcripts.list(filter);
  }
  async deleteTranscriptsOf(callerNumber: string) {
    return this.t.transcripts.removeOf(callerNumber);
  }
  async purgeTranscripts(before: string) {
    return this.t.transcripts.purge(before);
  }

  async appendAudit(entry: AuditEntry) {
    this.t.audit.append(entry);
  }
  async listAudit(filter: { target?: string; limit: number }) {
    return this.t.audit.list(filter);
  }

  async countUsers() {
    return this.t.users.count();
  }
  async listUsers() {
    return this.t.users.list();
  }
  async getUser(id: string) {
    return this.t.users.get(id);
  }
  async getUserByName(username: string) {
    return this.t.users.getByName(username);
  }
  async putUser(user: User) {
    this.t.users.put(user);
  }
  async putToken(token: ApiToken) {
    this.t.users.putToken(token);
  }
  async findToken(tokenHash: string) {
    return this.t.users.findToken(tokenHash);
  }
  async deleteToken(id: string) {
    return this.t.users.deleteToken(id);
  }
  async putLoginSession(session: LoginSession) {
    this.t.users.putLogin(session);
  }
  async getLoginSession(id: string, now: string) {
    return this.t.users.getLogin(id, now);
  }
  async deleteLoginSession(id: string) {
    this.t.users.deleteLogin(id);
  }

  async dump() {
    return dumpSqlite(this.db, this.t);
  }
  async restore(dump: StoreDump) {
    restoreSqlite(this.db, this.t, dump);
  }
}
