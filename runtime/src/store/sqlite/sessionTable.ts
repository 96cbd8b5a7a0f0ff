import type Database from 'better-sqlite3';
import type { SessionRecord } from '../types.ts';

/**
 * Conversation state, read and written on every caller turn: one indexed row per key, the
 * record as JSON. ISO-8601 UTC instants compare correctly as text, so expiry is a plain
 * string comparison.
 */
export function createSessionTable(db: Database.Database) {
  const upsert = db.prepare<[string, string, string]>(
    `INSERT INTO sessions (key, expires_at, data) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at, data = excluded.data`,
  );
  const selectLive = db.prepare<[string, string], { data: string }>('SELECT data FROM sessions WHERE key = ? AND expires_at > ?');
  const selectAll = db.prepare<[], { data: string }>('SELECT data FROM sessions ORDER BY key');
  const deleteByKey = db.prepare<[string]>('DELETE FROM sessions WHERE key = ?');
  const deleteExpired = db.prepare<[string]>('DELETE FROM sessions WHERE expires_at <= ?');

  return {
    get(key: string, now: string): SessionRecord | null {
      const row = selectLive.get(key, now);
      return row ? (JSON.parse(row.data) as SessionRecord) : null;
    },
    put(record: SessionRecord): void {
      upsert.run(record.key, record.expiresAt, JSON.stringify(record));
    },
    remove(key: string): void {
      deleteByKey.run(key);
    },
    purge: (now: string): number => deleteExpired.run(now).changes,
    all: (): SessionRecord[] => selectAll.all().map((r) => JSON.parse(r.data) as SessionRecord),
  };
}

export type SessionTable = ReturnType<typeof createSessionTable>;
