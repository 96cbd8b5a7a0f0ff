import type Database from 'better-sqlite3';
import type { SessionRecord } from '../types.ts';
import { storedSession } from '../storedSession.ts';

/** Sessions expire on the minute in the indexed column; the exact instant is in the record. */
const BUCKET_MS = 60_000;

/** The expiry rounded up to the minute: ISO-8601 UTC, so it still compares as text. */
function expiryBucket(expiresAt: string): string {
  const ms = Date.parse(expiresAt);
  return Number.isNaN(ms) ? expiresAt : new Date(Math.ceil(ms / BUCKET_MS) * BUCKET_MS).toISOString();
}

/**
 * Conversation state, read and written on every caller turn: one indexed row per key, the
 * record as JSON. ISO-8601 UTC instants compare correctly as text, so expiry is a plain
 * string comparison.
 *
 * The `expires_at` column, which the purge finds expired sessions by, holds the expiry rounded
 * up to the minute: a turn that leaves it where it was rewrites the row alone, not the index
 * (moving an index entry costs a page write per turn). Reads and the purge check the exact
 * expiry in the record, so a session still ends on the instant.
 */
export function createSessionTable(db: Database.Database) {
  const upsert = db.prepare<[string, string, string]>(
    `INSERT INTO sessions (key, expires_at, data) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at, data = excluded.data`,
  );
  const rewrite = db.prepare<[string, string, string]>('UPDATE sessions SET data = ? WHERE key = ? AND expires_at = ?');
  const selectLive = db.prepare<[string, string], { data: string }>('SELECT data FROM sessions WHERE key = ? AND expires_at > ?');
  const selectAll = db.prepare<[], { data: string }>('SELECT data FROM sessions ORDER BY key');
  const deleteByKey = db.prepare<[string]>('DELETE FROM sessions WHERE key = ?');
  const deleteExpired = db.prepare<[string, string]>("DELETE FROM sessions WHERE expires_at <= ? AND json_extract(data, '$.expiresAt') <= ?");

  return {
    get(key: string, now: string): SessionRecord | null {
      const row = selectLive.get(key, now);
      if (!row) return null;
      const record = JSON.parse(row.data) as SessionRecord;
      return record.expiresAt > now ? record : null;
    },
    put(given: SessionRecord): void {
      const record = storedSession(given);
      const bucket = expiryBucket(record.expiresAt);
      const data = JSON.stringify(record);
      if (rewrite.run(data, record.key, bucket).changes === 0) upsert.run(record.key, bucket, data);
    },
    remove(key: string): void {
      deleteByKey.run(key);
    },
    // Every session expired by `now` has its rounded expiry at or before `now` rounded up.
    purge: (now: string): number => deleteExpired.run(expiryBucket(now), now).changes,
    all: (): SessionRecord[] => selectAll.all().map((r) => JSON.parse(r.data) as SessionRecord),
  };
}

export type SessionTable = ReturnType<typeof createSessionTable>;
