import type { ClientSession, Filter } from 'mongodb';
import type { SaveTurnResult, SessionRecord } from '../types.ts';
import type { MongoCollections, SessionDocument } from './mongoCollections.ts';
import { withoutIdOrExpiry } from './projections.ts';
import { storedSession } from '../storedSession.ts';
import { isDuplicateKey } from './isDuplicateKey.ts';
import { decodeKeys, encodeKeys } from './mongoKeys.ts';
import { inSession } from './mongoTransactions.ts';
import { cursorPages, type DumpCursors } from './cursorPages.ts';
import { DUMP_PAGE_ROWS, everyRow } from '../dumpedPages.ts';

/** The session's user JSON (variables, sensitive values) with field names MongoDB could refuse encoded. */
function documentOf(record: SessionRecord, revision: number): SessionDocument {
  const stored = storedSession(record);
  return {
    ...stored,
    session: encodeKeys(stored.session),
    ...(stored.sensitive ? { sensitive: encodeKeys(stored.sensitive) } : {}),
    revision,
    expiresAtDate: new Date(stored.expiresAt),
  };
}

function recordOf(document: SessionRecord): SessionRecord {
  return {
    ...document,
    session: decodeKeys(document.session),
    ...(document.sensitive ? { sensitive: decodeKeys(document.sensitive) } : {}),
    revision: document.revision ?? 0,
  };
}

/** No live session to replace: none stored, an expired one (the TTL monitor is late), or one stored before revisions. */
const noLiveSession = (key: string, now: string) =>
  ({
    key,
    $or: [{ revision: { $in: [0, null] } }, { expiresAt: { $lte: now } }],
  }) as Filter<SessionDocument>;

/**
 * Conversation state. The TTL index removes expired sessions within a minute or so; the read
 * compares expiresAt itself (ISO-8601 strings sort like instants), so expiry is exact.
 *
 * A turn's write is a `replaceOne` filtered on the revision it read and on the session's
 * creation instant (a session started afresh after one expired also counts from 1): of two
 * instances running events of one conversation at once, the second matches nothing and runs its
 * turn again. With no live session read, the unique index on `key` refuses a second creation.
 */
export function createMongoSessions(c: MongoCollections) {
  async function save(record: SessionRecord, session?: ClientSession): Promise<SaveTurnResult> {
    const expected = record.revision;
    if (expected === undefined) {
      await put(record);
      const stored = await c.sessions.findOne({ key: record.key }, { projection: { _id: 0, revision: 1 }, ...inSession(session) });
      return { ok: true, revision: stored?.revision ?? 1 };
    }
    if (expected > 0) {
      const { matchedCount } = await c.sessions.replaceOne({ key: record.key, revision: expected, createdAt: record.createdAt }, documentOf(record, expected + 1), inSession(session));
      return matchedCount === 1 ? { ok: true, revision: expected + 1 } : { ok: false, reason: 'conflict' };
    }
    try {
      await c.sessions.replaceOne(noLiveSession(record.key, record.updatedAt), documentOf(record, 1), { upsert: true, ...inSession(session) });
    } catch (error) {
      // In a transaction the duplicate aborts it: the caller maps it (`isSessionConflict`).
      if (isDuplicateKey(error) && !session) return { ok: false, reason: 'conflict' };
      throw error;
    }
    return { ok: true, revision: 1 };
  }

  /** Replaces whatever is stored, one revision up (a compare-and-set loop: nothing is read-modified-written blind). */
  async function put(record: SessionRecord): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const current = await c.sessions.findOne({ key: record.key }, { projection: { _id: 0, revision: 1 } });
      try {
        const revision = current?.revision ?? 0;
        const { matchedCount, upsertedCount } = await c.sessions.replaceOne(
          (current ? { key: record.key, revision: current.revision ?? null } : { key: record.key }) as Filter<SessionDocument>,
          documentOf(record, revision + 1),
          { upsert: !current },
        );
        if (matchedCount + upsertedCount === 1) return;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      if (attempt >= 10) throw new Error(`the session ${record.key} kept changing: not replaced`);
    }
  }

  return {
    async get(key: string, now: string): Promise<SessionRecord | null> {
      const found = await c.sessions.findOne<SessionRecord>({ key, expiresAt: { $gt: now } }, withoutIdOrExpiry);
      return found ? recordOf(found) : null;
    },
    /** As `get`'s revision, the session itself left on the server. */
    async revision(key: string, now: string): Promise<number | null> {
      const found = await c.sessions.findOne({ key, expiresAt: { $gt: now } }, { projection: { _id: 0, revision: 1 } });
      return found ? (found.revision ?? 0) : null;
    },
    put,
    save,
    async remove(key: string): Promise<void> {
      await c.sessions.deleteOne({ key });
    },
    // Through the TTL index's Date, so the purge does not scan the collection.
    purge: async (now: string) => (await c.sessions.deleteMany({ expiresAtDate: { $lte: new Date(now) } })).deletedCount,
    /** For backups: without revisions (a restored session starts again at 1). */
    all(options: { session?: ClientSession } = {}) {
      return everyRow(this.pages(options));
    },
    /** Every session (backups), `size` at a time, in the order of their keys, without revisions. */
    pages: (options: { session?: ClientSession } = {}, size = DUMP_PAGE_ROWS, cursors?: DumpCursors) =>
      cursorPages(
        () =>
          c.sessions
            .find<SessionRecord>({}, { projection: { _id: 0, expiresAtDate: 0, revision: 0 }, ...options })
            .sort({ key: 1 })
            .batchSize(size),
        size,
        (d) => {
          const { revision: _none, ...record } = recordOf(d);
          return record;
        },
        cursors,
      ),
    /** The sessions of `keys` there (a backup's lookups, in its session), without revisions. */
    byKeys: async (keys: readonly string[], options: { session?: ClientSession } = {}): Promise<SessionRecord[]> =>
      keys.length === 0
        ? []
        : (await c.sessions.find<SessionRecord>({ key: { $in: [...keys] } }, { projection: { _id: 0, expiresAtDate: 0, revision: 0 }, ...options }).toArray()).map((d) => {
            const { revision: _none, ...record } = recordOf(d);
            return record;
          }),
    /** The stored form of a record (restore). */
    documentOf,
  };
}

export type MongoSessions = ReturnType<typeof createMongoSessions>;
