import type Database from 'better-sqlite3';
import type { SaveTurnResult, SessionRecord } from '../types.ts';
import { storedSession } from '../storedSession.ts';

/** Sessions expire on the minute in the indexed column; the exact instant is in the record. */
const BUCKET_MS = 60_000;

/** The expiry rounded up to the minute: ISO-8601 UTC, so it still compares as text. */
function expiryBucket(expiresAt: string): string {
  const ms = Date.parse(expiresAt);
  return Number.isNaN(ms) ? expiresAt : new Date(Math.ceil(ms / BUCKET_MS) * BUCKET_MS).toISOString();
}

/** The JSON kept in `data`: the record without its revision, which is the `revision` column's alone. */
function dataOf(record: SessionRecord): string {
  const { revision: _column, ...rest } = storedSession(record);
  return JSON.stringify(rest);
}

interface SessionRow {
  data: string;
  revision: number;
}
const toRecord = (row: SessionRow): SessionRecord => ({ ...(JSON.parse(row.data) as SessionRecord), revision: row.revision });

/**
 * Conversation state, read and written on every caller turn: one indexed row per key, the
 * record as JSON. ISO-8601 UTC instants compare correctly as text, so expiry is a plain
 * string comparison.
 *
 * The `expires_at` column, which the purge finds expired sessions by, holds the expiry rounded
 * up to the minute: a turn that leaves it where it was rewrites the row alone, not the index
 * (moving an index entry costs a page write per turn). Reads and the purge check the exact
 * expiry in the record, so a session still ends on the instant.
 *
 * `revision` rises with every write. A turn's write (`save`) happens only while the row is at
 * the revision the turn read: the check and the write are one statement, inside the write
 * transaction, so a process sharing the file that wrote first is seen (issue 18, point 2).
 */
export function createSessionTable(db: Database.Database) {
  const upsert = db.prepare<[string, string, string]>(
    `INSERT INTO sessions (key, revision, expires_at, data) VALUES (?, 1, ?, ?)
     ON CONFLICT (key) DO UPDATE SET revision = sessions.revision + 1, expires_at = excluded.expires_at, data = excluded.data`,
  );
  const rewrite = db.prepare<[string, string, string]>('UPDATE sessions SET data = ?, revision = revision + 1 WHERE key = ? AND expires_at = ?');
  // Expected revision > 0: the row must still be at it (same bucket first: no index write), and is
  // one above it after (no RETURNING: SQLite would gather the row in a table of its own first).
  const rewriteAt = db.prepare<[string, string, number, string]>('UPDATE sessions SET data = ?, revision = revision + 1 WHERE key = ? AND revision = ? AND expires_at = ?');
  const moveAt = db.prepare<[string, string, string, number]>('UPDATE sessions SET data = ?, expires_at = ?, revision = revision + 1 WHERE key = ? AND revision = ?');
  // Expected revision 0: no live session (absent, expired, or stored before revisions). A new key
  // (every call's first turn) is inserted without RETURNING; a row already there takes the upsert.
  const insertNew = db.prepare<[string, string, string]>('INSERT INTO sessions (key, revision, expires_at, data) VALUES (?, 1, ?, ?) ON CONFLICT (key) DO NOTHING');
  const createIfNone = db.prepare<[string, string, string, string], { revision: number }>(
    `INSERT INTO sessions (key, revision, expires_at, data) VALUES (?, 1, ?, ?)
     ON CONFLICT (key) DO UPDATE SET revision = sessions.revision + 1, expires_at = excluded.expires_at, data = excluded.data
     WHERE sessions.revision = 0 OR json_extract(sessions.data, '$.expiresAt') <= ?
     RETURNING revision`,
  );
  const selectLive = db.prepare<[string, string], SessionRow>('SELECT data, revision FROM sessions WHERE key = ? AND expires_at > ?');
  // No session text copied out and parsed to learn one number. The exact expiry is looked at only
  // within the last minute before the rounded one (before it, the exact one is still ahead too).
  const selectLiveRevision = db
    .prepare<[string, string, string, string], number>("SELECT revision FROM sessions WHERE key = ? AND expires_at > ? AND (expires_at >= ? OR json_extract(data, '$.expiresAt') > ?)")
    .pluck();
  const selectAll = db.prepare<[], { data: string }>('SELECT data FROM sessions ORDER BY key');
  const deleteByKey = db.prepare<[string]>('DELETE FROM sessions WHERE key = ?');
  // Each deleted row says whether it held values in clear (a sensitive part without GRIOT_DATA_KEY, an account name):
  // the purge then has the WAL emptied whichever process wrote them (another instance on the file, an earlier run).
  const deleteExpired = db.prepare<[string, string, number], { held: 0 | 1 }>(
    `DELETE FROM sessions WHERE rowid IN (SELECT rowid FROM sessions WHERE expires_at <= ? AND json_extract(data, '$.expiresAt') <= ? LIMIT ?)
     RETURNING (json_extract(data, '$.callerName') IS NOT NULL OR json_type(data, '$.sensitive.clear') IS NOT NULL) AS held`,
  );

  function put(record: SessionRecord): void {
    const bucket = expiryBucket(record.expiresAt);
    const data = dataOf(record);
    if (rewrite.run(data, record.key, bucket).changes === 0) upsert.run(record.key, bucket, data);
  }

  return {
    get(key: string, now: string): SessionRecord | null {
      const row = selectLive.get(key, now);
      if (!row) return null;
      const record = toRecord(row);
      return record.expiresAt > now ? record : null;
    },
    /** The revision `get` would return with the record (null: no live session), without reading the record. */
    revision(key: string, now: string): number | null {
      const ms = Date.parse(now);
      // An instant that does not parse is compared exactly.
      const minuteLater = Number.isNaN(ms) ? '\uffff' : new Date(ms + BUCKET_MS).toISOString();
      return selectLiveRevision.get(key, now, minuteLater, now) ?? null;
    },
    put,
    /** A turn's write: conditional on `record.revision` when given (see SessionRecord.revision), else as `put`. */
    save(record: SessionRecord): SaveTurnResult {
      const expected = record.revision;
      const bucket = expiryBucket(record.expiresAt);
      const data = dataOf(record);
      let row: { revision: number } | undefined;
      if (expected === undefined) {
        put(record);
        row = selectLive.get(record.key, '');
      } else if (expected > 0) {
        const changed = rewriteAt.run(data, record.key, expected, bucket).changes === 1 || moveAt.run(data, bucket, record.key, expected).changes === 1;
        row = changed ? { revision: expected + 1 } : undefined;
      } else {
        row = insertNew.run(record.key, bucket, data).changes === 1 ? { revision: 1 } : createIfNone.get(record.key, bucket, data, record.updatedAt);
      }
      return row ? { ok: true, revision: row.revision } : { ok: false, reason: 'conflict' };
    },
    remove(key: string): void {
      deleteByKey.run(key);
    },
    // Every session expired by `now` has its rounded expiry at or before `now` rounded up.
    /** Up to `limit` expired sessions: how many, and whether one held values in clear (`held`). */
    purge: (now: string, limit: number): { deleted: number; held: boolean } => {
      const rows = deleteExpired.all(expiryBucket(now), now, limit);
      return { deleted: rows.length, held: rows.some((row) => row.held === 1) };
    },
    /** For backups: without revisions (a restored session starts again at 1). */
    all: (): SessionRecord[] => selectAll.all().map((r) => JSON.parse(r.data) as SessionRecord),
  };
}

export type SessionTable = ReturnType<typeof createSessionTable>;

/** The sessions as `all()` gives them, `size` per call from `reader` (a backup's snapshot), after the last key read. Empty once all are read. */
export function sessionPages(reader: Database.Database, size: number): () => SessionRecord[] {
  const first = reader.prepare<[number], { key: string; data: string }>('SELECT key, data FROM sessions ORDER BY key LIMIT ?');
  const after = reader.prepare<[string, number], { key: string; data: string }>('SELECT key, data FROM sessions WHERE key > ? ORDER BY key LIMIT ?');
  let last: string | undefined;
  return () => {
    const rows = last === undefined ? first.all(size) : after.all(last, size);
    const end = rows.at(-1);
    if (end) last = end.key;
    return rows.map((r) => JSON.parse(r.data) as SessionRecord);
  };
}

/** Sessions by key from `reader` (a backup's snapshot): those there, in no particular order. */
export function sessionsByKey(reader: Database.Database): (keys: readonly string[]) => SessionRecord[] {
  const select = reader.prepare<[string], string>('SELECT data FROM sessions WHERE key = ?').pluck();
  return (keys) =>
    keys.flatMap((key) => {
      const data = select.get(key);
      return data === undefined ? [] : [JSON.parse(data) as SessionRecord];
    });
}
