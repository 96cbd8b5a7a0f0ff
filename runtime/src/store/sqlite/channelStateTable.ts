import type Database from 'better-sqlite3';
import type { JsonValue } from '@griot/flows';
import type { StoredChannelState } from '../types.ts';
import { keyRangeEnd } from '../channelStateTypes.ts';

interface ChannelStateRow {
  key: string;
  value: string;
  revision: number;
  expires_at: string;
}

/**
 * Channel states (`channelStateTypes.ts`): one row per conversation. A write is one statement
 * whose condition (the revision read, or nothing live) is checked with it, so two processes
 * sharing the file never both advance a conversation.
 */
export function createChannelStateTable(db: Database.Database) {
  const selectLive = db.prepare<[string, string], ChannelStateRow>('SELECT * FROM channel_states WHERE key = ? AND expires_at > ?');
  // Revision 0: nothing there, or what is there expired; else exactly the revision read.
  const upsert = db.prepare<[string, string, number, string, number, number, string]>(
    `INSERT INTO channel_states (key, value, revision, expires_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, revision = excluded.revision, expires_at = excluded.expires_at
     WHERE channel_states.revision = ? OR (? = 0 AND channel_states.expires_at <= ?)`,
  );
  const deleteOne = db.prepare<[string]>('DELETE FROM channel_states WHERE key = ?');
  // A range of the primary key: reads only the prefix's rows.
  const selectKeys = db.prepare<[string, string, string], { key: string; expires_at: string }>('SELECT key, expires_at FROM channel_states WHERE key >= ? AND key < ? AND expires_at > ? ORDER BY key');
  const deleteExpired = db.prepare<[string, number]>('DELETE FROM channel_states WHERE rowid IN (SELECT rowid FROM channel_states WHERE expires_at <= ? LIMIT ?)');

  return {
    get(key: string, now: string): StoredChannelState | null {
      const row = selectLive.get(key, now);
      return row ? { key: row.key, value: JSON.parse(row.value) as JsonValue, revision: row.revision, expiresAt: row.expires_at } : null;
    },
    put(state: { key: string; value: JsonValue; expiresAt: string }, expected: number, now: string): boolean {
      return upsert.run(state.key, JSON.stringify(state.value), expected + 1, state.expiresAt, expected, expected, now).changes === 1;
    },
    keys: (prefix: string, now: string) => selectKeys.all(prefix, keyRangeEnd(prefix), now).map((r) => ({ key: r.key, expiresAt: r.expires_at })),
    remove(key: string): void {
      deleteOne.run(key);
    },
    /** Up to `limit` expired states. */
    purge: (now: string, limit: number): number => deleteExpired.run(now, limit).changes,
  };
}

export type ChannelStateTable = ReturnType<typeof createChannelStateTable>;
