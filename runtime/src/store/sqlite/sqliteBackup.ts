import type Database from 'better-sqlite3';
import type { SensitiveValues, StoreDump } from '../types.ts';
import { assertReadableDump, type DumpLookups, storeNotEmpty, withoutSensitiveValues } from '../backupRules.ts';
import { SCHEMA_VERSION } from '../schemaVersion.ts';
import type { SqliteTables } from './sqliteTables.ts';
import type { DataKeyring } from '../../sensitive/dataKeys.ts';
import { END_OF_DUMP } from '../dumpedAudio.ts';
import type { PromptSnapshot } from './promptSnapshot.ts';
import { DUMP_PAGE_ROWS, pagedRows } from '../dumpedPages.ts';
import { auditPages } from './auditTable.ts';
import { callerPages } from './callerTable.ts';
import { transcriptPages } from './transcriptTable.ts';
import { contactOrder, contactPages, messagePages } from './handoffTables.ts';
import { sessionPages, sessionsByKey } from './sessionTable.ts';
import { versionDocumentOf, versionPages } from './versionTable.ts';

/**
 * Everything in the store, read in one transaction so the backup is a consistent snapshot. With
 * `prompts` (a file, not `:memory:`), the recorded prompts' bytes are left to be read from that
 * snapshot as the backup writer comes to each (`PromptSnapshot`), and `audio[END_OF_DUMP]` ends it.
 * With `paged` too (the backup writer's dump), the tables that grow with traffic (audit log,
 * transcripts, callers, handoff contacts and agents' messages, analytics facts and counters, chat
 * conversations, sessions, versions) are not read in the transaction either: their lists are
 * read from that same snapshot a page at a time as the writer comes to them (`pagedRows`), so no
 * step holds the server for the whole table; what masking needs of sessions and versions is looked
 * up by key in that snapshot (`DumpLookups`). What stays in the transaction is small or bounded:
 * flows, drafts, users, bindings, callbacks, the messages waiting in the inbox and their outbound
 * keys, the contacts' order (ids and session keys).
 */
export function dumpSqlite(db: Database.Database, t: SqliteTables, keys?: DataKeyring, prompts?: PromptSnapshot, paged = false): StoreDump {
  // Closed contacts not masked yet: the values kept with their close, read in the same snapshot.
  const maskValues = new Map<string, SensitiveValues>();
  // Each contact's session (its messages are masked with its values), when the contacts are paged.
  const contactSessions = new Map<string, string>();
  // The backup writer's dump: sessions and versions are read a page at a time, and what masking needs of them looked up.
  let lookups: DumpLookups | undefined;
  try {
    return withoutSensitiveValues(
      db.transaction((): StoreDump => {
        // Begun in this synchronous step, before its first read: nothing of this process writes
        // between the two, so both connections see the same data (another instance on the same
        // file could only commit in that instant, as it could before for the prompts).
        const read = prompts?.begin();
        const reader = paged && prompts ? prompts.connection() : null;
        if (reader) lookups = { versionDocument: versionDocumentOf(reader), sessions: sessionsByKey(reader) };
        return {
          format: 'griot-backup',
          formatVersion: 1,
          schemaVersion: SCHEMA_VERSION,
          createdAt: new Date().toISOString(),
          flows: t.flows.list(),
          drafts: t.flows.allDrafts(),
          versions: reader ? pagedRows(versionPages(reader, DUMP_PAGE_ROWS)) : t.versions.all(),
          environments: t.environments.all(),
          bindings: t.bindings.list(),
          sessions: reader ? pagedRows(sessionPages(reader, DUMP_PAGE_ROWS)) : t.sessions.all(),
          callers: reader ? pagedRows(callerPages(reader, DUMP_PAGE_ROWS)) : t.callers.all(),
          callerLinks: t.callerLinks.all(),
          transcripts: reader ? pagedRows(transcriptPages(reader, DUMP_PAGE_ROWS)) : t.transcripts.all(),
          audit: reader ? pagedRows(auditPages(reader, DUMP_PAGE_ROWS)) : t.audit.all(),
          users: t.users.list(),
          tokens: t.users.allTokens(),
          handoff: handoffOf(t, maskValues, contactSessions, reader),
          messaging: t.messaging.dump(reader ?? undefined),
          analytics: t.analytics.dump(reader ?? undefined),
          audio: prompts && read ? lazily(t.audio.dumpLazily(read, paged ? (audio) => prompts.pieces(audio) : undefined), prompts) : t.audio.dump(),
          audioFrozen: t.audio.dumpFrozen(),
          publicationRequests: t.publication.all(),
        };
      })(),
      keys,
      maskValues,
      contactSessions,
      lookups,
    );
  } catch (error) {
    // A dump that fails after its snapshot began leaves no snapshot holding the WAL until the next one.
    prompts?.end();
    throw error;
  }
}

function lazily<T extends object>(audio: T, prompts: PromptSnapshot): T {
  return Object.defineProperty(audio, END_OF_DUMP, { value: () => prompts.end(), enumerable: false });
}

/** Loads a backup into an empty store, all or nothing. */
export function restoreSqlite(db: Database.Database, t: SqliteTables, given: StoreDump): void {
  assertReadableDump(given);
  // A backup written before sensitive values were kept out of backups may still hold some.
  const dump = withoutSensitiveValues(given);
  db.transaction(() => {
    const flows = t.flows.list().length;
    const users = t.users.count();
    if (flows > 0 || users > 0) throw storeNotEmpty(flows, users);
    for (const flow of dump.flows) t.flows.restoreFlow(flow);
    for (const draft of dump.drafts) t.flows.restoreDraft(draft);
    for (const version of dump.versions) t.versions.put(version);
    for (const pointer of dump.environments) t.environments.restore(pointer);
    for (const binding of dump.bindings) t.bindings.put(binding);
    for (const session of dump.sessions) t.sessions.put(session);
    for (const caller of dump.callers) t.callers.put(caller);
    for (const link of dump.callerLinks ?? []) t.callerLinks.put(link);
    for (const transcript of dump.transcripts) t.transcripts.start(transcript);
    for (const entry of dump.audit) t.audit.append(entry);
    for (const user of dump.users) t.users.put(user);
    for (const token of dump.tokens) t.users.putToken(token);
    for (const contact of dump.handoff?.contacts ?? []) t.handoff.putContact(contact);
    for (const message of dump.handoff?.messages ?? []) t.handoff.appendMessage(message);
    for (const callback of dump.handoff?.callbacks ?? []) t.handoff.putCallback(callback);
    for (const settings of dump.handoff?.queueSettings ?? []) t.handoff.putSettings(settings);
    for (const reply of dump.handoff?.cannedReplies ?? []) t.handoff.putCanned(reply);
    if (dump.messaging) t.messaging.restore(dump.messaging);
    for (const request of dump.publicationRequests ?? []) t.publication.add(request);
    if (dump.analytics) t.analytics.restore(dump.analytics);
    if (dump.audio || dump.audioFrozen) t.audio.restore(dump.audio ?? [], dump.audioFrozen);
  }).immediate();
}

/** Agents' messages a page holds: each is masked (codes in digits and in words) as it is read, its contact's session looked up: a quarter of another list's page. */
const MESSAGE_PAGE_ROWS = DUMP_PAGE_ROWS / 4;

function handoffOf(t: SqliteTables, maskValues: Map<string, SensitiveValues>, contactSessions: Map<string, string>, reader: Database.Database | null): NonNullable<StoreDump['handoff']> {
  for (const contact of t.handoff.listToMask(1_000_000)) if (contact.maskValues) maskValues.set(contact.id, contact.maskValues);
  if (!reader) {
    const contacts = t.handoff.listContacts({});
    return {
      contacts,
      // Masked as they are read (`withoutSensitiveValues`), with the values of the sessions read here.
      messages: contacts.flatMap((c) => t.handoff.listMessages(c.id)),
      callbacks: t.handoff.listCallbacks({}),
      queueSettings: t.handoff.listSettings(),
      cannedReplies: t.handoff.listCanned(),
    };
  }
  // The backup writer's dump: the contacts' order and sessions read now, their records and
  // messages (masked as they are read) a page at a time from the same snapshot.
  const order = contactOrder(reader);
  for (const { id, sessionKey } of order) contactSessions.set(id, sessionKey);
  const ids = order.map((c) => c.id);
  return {
    contacts: pagedRows(contactPages(reader, ids, DUMP_PAGE_ROWS)),
    messages: pagedRows(messagePages(reader, ids, MESSAGE_PAGE_ROWS)),
    callbacks: t.handoff.listCallbacks({}),
    queueSettings: t.handoff.listSettings(),
    cannedReplies: t.handoff.listCanned(),
  };
}
