import type { ClientSession, Document, MongoClient, ObjectId } from 'mongodb';
import type { HandoffContact, SensitiveValues, StoreDump } from '../types.ts';
import { randomUUID } from 'node:crypto';
import { assertReadableDump, restoreRunning, storeNotEmpty, withoutSensitiveValues } from '../backupRules.ts';
import { SCHEMA_VERSION } from '../schemaVersion.ts';
import type { MongoCollections } from './mongoCollections.ts';
import type { MongoParts } from './MongoStore.ts';
import { storedDraft } from './flowDocuments.ts';
import { storedVersion } from './versionDocuments.ts';
import { storedBinding } from './bindingDocuments.ts';
import { storedAuditEntry } from './auditDocuments.ts';
import { storedCallback, storedContact } from './handoffDocuments.ts';
import type { MongoAudio } from './audioDocuments.ts';
import type { DataKeyring } from '../../sensitive/dataKeys.ts';
import { END_OF_DUMP } from '../dumpedAudio.ts';
import { DUMP_PAGE_ROWS, everyRow, pagedRows, type RowPages } from '../dumpedPages.ts';
import { DumpCursors } from './cursorPages.ts';
import { isDuplicateKey } from './isDuplicateKey.ts';

/**
 * How a backup reads: on a replica set every query runs in one snapshot session (read concern
 * "snapshot" at the cluster time of its first read, MongoDB 5.0 and later; not a transaction,
 * whose 60 s limit a big backup would outlast), so the backup is the store at one cluster time
 * even while instances serve, prompts' bytes included. A standalone server has no snapshot reads:
 * each collection is read as it is when its cursor reaches each document (say so).
 */
export async function withBackupReads<T>(
  client: Pick<MongoClient, 'startSession'> | null,
  snapshot: boolean,
  read: (session: ClientSession | undefined, cursors: DumpCursors) => Promise<T>,
): Promise<T> {
  // A read that failed half-way through a list leaves its cursor open: closed here, before the session ends.
  const cursors = new DumpCursors();
  const session = snapshot && client ? client.startSession({ snapshot: true }) : undefined;
  try {
    return await read(session, cursors);
  } finally {
    await cursors.closeAll();
    await session?.endSession();
  }
}

/**
 * The backup writer's dump (`{ paged: true }`): its big lists read a page at a time as the writer
 * comes to them, its prompts a few GridFS chunks at a time, all from one snapshot session (replica
 * set) that lives until the file is written: `endOfDump` ends it, once it has closed the cursors
 * of the lists still open (a writer that failed half-way through one), whether the file was
 * written or not.
 */
export async function pagedBackupReads(
  client: Pick<MongoClient, 'startSession'> | null,
  snapshot: boolean,
  read: (session: ClientSession | undefined, cursors: DumpCursors) => Promise<StoreDump>,
): Promise<StoreDump> {
  const cursors = new DumpCursors();
  const session = snapshot && client ? client.startSession({ snapshot: true }) : undefined;
  const end = async () => {
    await cursors.closeAll();
    await session?.endSession().catch(() => undefined);
  };
  try {
    const dump = await read(session, cursors);
    const audio = dump.audio ?? [];
    Object.defineProperty(audio, END_OF_DUMP, { value: end, enumerable: false });
    return { ...dump, audio };
  } catch (error) {
    await end();
    throw error;
  }
}

/**
 * Everything in the store, one query per collection (handoff messages by a few hundred contacts
 * at a time, not one query per contact), one after the other in the same session: a snapshot
 * session's reads must not run in parallel on it. With `paged` (the backup writer's dump), the
 * lists that grow with traffic (callers, transcripts, audit, handoff contacts and agents'
 * messages, conversations, analytics facts and counters, sessions and versions) are read a page at a time through their cursors as the writer
 * comes to them, and the prompts' bytes in pieces (`dumpPieces`): the dump never holds them whole.
 * Without it, the same pages are gathered into whole lists: the same rows in the same order, so the
 * file is the same either way.
 */
export async function dumpMongo(
  p: MongoParts,
  session: ClientSession | undefined,
  audio?: Pick<MongoAudio, 'dump' | 'dumpPieces' | 'dumpFrozen'>,
  keys?: DataKeyring,
  paged = false,
  cursors?: DumpCursors,
): Promise<StoreDump> {
  const options = session ? { session } : {};
  const list = async <T>(pages: RowPages<T>): Promise<T[]> => (paged ? pagedRows(pages) : everyRow(pages));
  const flows = await p.flows.list(options);
  const drafts = await p.flows.allDrafts(options);
  const versions = await list(p.versions.pages(options, undefined, cursors));
  const environments = await p.environments.all(options);
  const bindings = await p.bindings.list(options);
  const sessions = await list(p.sessions.pages(options, DUMP_PAGE_ROWS, cursors));
  const callers = await list(p.callers.pages(options, DUMP_PAGE_ROWS, cursors));
  const callerLinks = await p.callerLinks.all(options);
  const transcripts = await list(p.transcripts.pages(options, DUMP_PAGE_ROWS, cursors));
  const audit = await list(p.audit.pages(options, DUMP_PAGE_ROWS, cursors));
  const users = await p.users.list(options);
  const tokens = await p.users.allTokens(options);
  // Closed contacts not masked yet: the values kept with their close mask their messages in the backup.
  // The writer's dump reads the contacts' order and sessions first, their records a page at a time by id in that order.
  const contactSessions = new Map<string, string>();
  let contacts: HandoffContact[];
  let maskValues: Map<string, SensitiveValues>;
  if (paged) {
    const read = await p.handoff.contactPagesForBackup(options);
    for (const { id, sessionKey } of read.order) contactSessions.set(id, sessionKey);
    contacts = pagedRows(read.pages);
    maskValues = read.maskValues;
  } else ({ contacts, maskValues } = await p.handoff.contactsForBackup(options));
  const contactIds = paged ? [...contactSessions.keys()] : contacts.map((c) => c.id);
  const handoff = {
    contacts,
    // Grouped in the order of the contacts, as listMessages gives them.
    messages: await list(p.handoff.messagePages(contactIds, options)),
    callbacks: await p.handoff.listCallbacks({}, options),
    queueSettings: await p.handoff.listSettings(options),
    cannedReplies: await p.handoff.listCanned(options),
  };
  const messaging = await p.messaging.dump(options, paged, cursors);
  const analytics = await p.analytics.dump(options, paged, cursors);
  const publicationRequests = await p.publication.all(options);
  const prompts = audio ? await (paged ? audio.dumpPieces(session) : audio.dump(session)) : [];
  const audioFrozen = audio ? await audio.dumpFrozen(session) : [];
  return withoutSensitiveValues(
    {
      format: 'griot-backup',
      formatVersion: 1,
      schemaVersion: SCHEMA_VERSION,
      createdAt: new Date().toISOString(),
      flows,
      drafts,
      versions,
      environments,
      bindings,
      sessions,
      callers,
      callerLinks,
      transcripts,
      audit,
      users,
      tokens,
      handoff,
      messaging,
      analytics,
      audio: prompts,
      audioFrozen,
      publicationRequests,
    },
    keys,
    maskValues,
    contactSessions,
    // The writer's dump: what masking needs of the sessions and versions looked up in the same session, one read at a time.
    paged ? { versionDocument: (flowId, number) => p.versions.documentOf(flowId, number, options), sessions: (sessionKeys) => p.sessions.byKeys(sessionKeys, options) } : undefined,
  );
}

/**
 * What a restore does with a collection, whatever documents it holds: insert them, delete them
 * again. (`Collection<T>` is invariant in `T`, so collections of different documents are kept
 * together under this narrower view.)
 */
export interface RestoreTarget {
  insertMany(documents: readonly Document[], options: { ordered: boolean }): Promise<{ insertedIds: Record<number, unknown> }>;
  deleteMany(filter: Document): Promise<unknown>;
}

interface Insertion {
  collection: RestoreTarget;
  documents: Document[];
}

/** What a restore writes, collection by collection, built whole before the first write. */
export function restorePlan(c: MongoCollections, p: MongoParts, dump: StoreDump): Insertion[] {
  const plan: Insertion[] = [
    { collection: c.flows, documents: dump.flows },
    { collection: c.drafts, documents: dump.drafts.map(storedDraft) },
    { collection: c.versions, documents: dump.versions.map(storedVersion) },
    { collection: c.environments, documents: dump.environments },
    { collection: c.bindings, documents: dump.bindings.map(storedBinding) },
    { collection: c.sessions, documents: dump.sessions.map((s) => p.sessions.documentOf({ ...s, revision: undefined }, 1)) },
    { collection: c.callers, documents: dump.callers.map(p.callers.documentOf) },
    { collection: c.callerLinks, documents: dump.callerLinks ?? [] },
    { collection: c.transcripts, documents: dump.transcripts.map(p.transcripts.documentOf) },
    { collection: c.audit, documents: dump.audit.map(storedAuditEntry) },
    { collection: c.users, documents: dump.users },
    { collection: c.tokens, documents: dump.tokens },
    { collection: c.handoffContacts, documents: (dump.handoff?.contacts ?? []).map(storedContact) },
    { collection: c.handoffMessages, documents: dump.handoff?.messages ?? [] },
    { collection: c.callbackRequests, documents: (dump.handoff?.callbacks ?? []).map(storedCallback) },
    { collection: c.queueSettings, documents: dump.handoff?.queueSettings ?? [] },
    { collection: c.cannedReplies, documents: dump.handoff?.cannedReplies ?? [] },
    ...(dump.messaging ? p.messaging.restoreDocuments(dump.messaging) : []),
    ...(dump.analytics ? p.analytics.restoreDocuments(dump.analytics) : []),
    { collection: c.publicationRequests, documents: dump.publicationRequests ?? [] },
  ];
  // Copies: the driver writes `_id` into what it inserts.
  return plan.filter((step) => step.documents.length > 0).map((step) => ({ ...step, documents: step.documents.map((d) => ({ ...d })) }));
}

/** Every collection a restore writes to (its marker first), for undoing one that was cut short. */
function restoredCollections(c: MongoCollections): RestoreTarget[] {
  return [
    c.flows,
    c.drafts,
    c.versions,
    c.versionCounters,
    c.environments,
    c.bindings,
    c.sessions,
    c.callers,
    c.callerLinks,
    c.transcripts,
    c.audit,
    c.users,
    c.tokens,
    c.handoffContacts,
    c.handoffMessages,
    c.callbackRequests,
    c.queueSettings,
    c.cannedReplies,
    c.messagingInbound,
    c.messagingOutbound,
    c.messagingConversations,
    c.analyticsState,
    c.analyticsFacts,
    c.analyticsCounters,
    c['audio.files'],
    c['audio.chunks'],
    c.audioFrozen,
    c.publicationRequests,
  ];
}

/** A running restore refreshes its mark this often (ms). */
const RESTORE_MARK_BEAT_MS = 10_000;
/** A restore's mark not refreshed for this long (ms) is one whose process died: the next restore takes it over. */
export const RESTORE_MARK_STALE_MS = 60_000;

/**
 * Loads a backup into an empty database, all or nothing. Everything to write is built and
 * checked first. The restore is marked in the database while it runs, the mark refreshed every
 * 10 s: should it fail, what it inserted is removed before the error comes out; should the
 * process die half-way, the next restore finds the mark no longer refreshed (a minute), empties
 * what the interrupted one filled, and starts again, so the store never stays half restored
 * behind a refusal. A mark still refreshed is a restore running now: a second one is refused
 * rather than emptying what the first is writing. (No multi-document transaction: a backup of
 * a busy line holds more than one transaction may carry, in size and time.)
 */
export async function restoreMongo(c: MongoCollections, p: MongoParts, given: StoreDump, audio?: Pick<MongoAudio, 'restore'>): Promise<void> {
  assertReadableDump(given);
  // A backup written before sensitive values were kept out of backups may still hold some.
  const dump = withoutSensitiveValues(given);
  const plan = restorePlan(c, p, dump);
  const owner = randomUUID();
  const stamp = () => new Date().toISOString();
  const mark = await c.maintenance.findOne({ _id: 'restore' });
  if (mark) {
    const aliveAt = mark.aliveAt ?? mark.startedAt;
    // Within a minute either way (another host's clock may be ahead): a restore running now.
    if (Math.abs(Date.now() - Date.parse(aliveAt)) < RESTORE_MARK_STALE_MS) throw restoreRunning(mark.startedAt, aliveAt);
    // A restore died half-way: the store holds only what it inserted. Taken over by one restore only.
    const taken = await c.maintenance.updateOne({ _id: 'restore', startedAt: mark.startedAt, aliveAt: mark.aliveAt ?? { $exists: false } }, { $set: { owner, aliveAt: stamp() } });
    if (taken.modifiedCount !== 1) throw restoreRunning(mark.startedAt, stamp());
    for (const collection of restoredCollections(c)) await collection.deleteMany({});
  }
  const [flows, users] = await Promise.all([c.flows.countDocuments(), c.users.countDocuments()]);
  if (flows > 0 || users > 0) {
    if (mark) await c.maintenance.deleteOne({ _id: 'restore', owner });
    throw storeNotEmpty(flows, users);
  }
  if (mark) await c.maintenance.updateOne({ _id: 'restore', owner }, { $set: { startedAt: stamp(), aliveAt: stamp() } });
  else {
    const at = stamp();
    // Two restores into one empty database at once: one mark only, the other refused.
    const written = await c.maintenance.insertOne({ _id: 'restore', startedAt: at, aliveAt: at, owner }).then(
      () => true,
      (error: unknown) => {
        if (isDuplicateKey(error)) return false;
        throw error;
      },
    );
    if (!written) {
      const other = await c.maintenance.findOne({ _id: 'restore' });
      throw restoreRunning(other?.startedAt ?? at, other?.aliveAt ?? at);
    }
  }
  const beat = setInterval(() => void c.maintenance.updateOne({ _id: 'restore', owner }, { $set: { aliveAt: stamp() } }).catch(() => {}), RESTORE_MARK_BEAT_MS);
  beat.unref();
  try {
    await restoreMarked(c, p, dump, plan, owner, audio);
  } finally {
    clearInterval(beat);
  }
}

async function restoreMarked(c: MongoCollections, p: MongoParts, dump: StoreDump, plan: Insertion[], owner: string, audio?: Pick<MongoAudio, 'restore'>): Promise<void> {
  const inserted: Array<{ collection: RestoreTarget; ids: ObjectId[] }> = [];
  try {
    for (const step of plan) {
      const result = await step.collection.insertMany(step.documents, { ordered: true });
      inserted.push({ collection: step.collection, ids: Object.values(result.insertedIds) as ObjectId[] });
    }
    // Version numbering goes on after the highest restored number of each flow.
    const highest = new Map<string, number>();
    for (const v of dump.versions) highest.set(v.flowId, Math.max(highest.get(v.flowId) ?? 0, v.number));
    for (const [flowId, number] of highest) await p.versions.raiseCounter(flowId, number);
    // Prompts through GridFS, last: the undo below empties their collections.
    if (audio && (dump.audio?.length || dump.audioFrozen?.length)) await audio.restore(dump.audio ?? [], dump.audioFrozen);
  } catch (error) {
    try {
      // Undo: the part of the step that failed was inserted in order, up to the failing document.
      const failed = plan[inserted.length];
      if (failed) inserted.push({ collection: failed.collection, ids: failed.documents.map((d) => d._id).filter(Boolean) });
      for (const { collection, ids } of inserted) if (ids.length > 0) await collection.deleteMany({ _id: { $in: ids } });
      await c.versionCounters.deleteMany({ flowId: { $in: [...new Set(dump.versions.map((v) => v.flowId))] } });
      if (dump.audio?.length || dump.audioFrozen?.length) for (const collection of [c['audio.files'], c['audio.chunks'], c.audioFrozen]) await collection.deleteMany({});
      await c.maintenance.deleteOne({ _id: 'restore', owner });
    } catch (undoFailure) {
      // What made the restore fail is what the operator must read (the database went away, say);
      // the undo's own failure goes with it. The mark stays: the next restore empties what is left,
      // at once if this write still goes through (the mark said dead), else a minute after.
      await c.maintenance.updateOne({ _id: 'restore', owner }, { $set: { aliveAt: new Date(0).toISOString() } }).catch(() => {});
      if (error instanceof Error) {
        if (error.cause === undefined) error.cause = undoFailure;
        else error.cause = new AggregateError([error.cause, undoFailure], 'the restore failed, then so did its undo');
      }
    }
    throw error;
  }
  await c.maintenance.deleteOne({ _id: 'restore', owner });
}
