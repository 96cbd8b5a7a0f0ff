import type Database from 'better-sqlite3';
import type { ThrottleCounter } from '../types.ts';

interface Row {
  key: string;
  points: number;
  expires_at: number | null;
}
const counterOf = (r: Row): ThrottleCounter => ({ key: r.key, points: r.points, expiresAt: r.expires_at });

/**
 * Throttling counters. Adding is one upsert statement, so two requests (or two processes on
 * one file) counting the same key never lose a point: the statement rather than the caller
 * decides whether the window has expired.
 */
export function createThrottleTable(db: Database.Database) {
  const add = db.prepare<{ key: string; points: number; expires: number | null; now: number }, Row>(`
    INSERT INTO throttle_counters (key, points, expires_at) VALUES (@key, @points, @expires)
    ON CONFLICT (key) DO UPDATE SET
      points = CASE WHEN expires_at IS NULL OR expires_at > @now THEN points + excluded.points ELSE excluded.points END,
      expires_at = CASE WHEN expires_at IS NULL OR expires_at > @now THEN expires_at ELSE excluded.expires_at END
    RETURNING key, points, expires_at`);
  const replace = db.prepare<{ key: string; points: number; expires: number | null }, Row>(`
    INSERT INTO throttle_counters (key, points, expires_at) VALUES (@key, @points, @expires)
    ON CONFLICT (key) DO UPDATE SET points = excluded.points, expires_at = excluded.expires_at
    RETURNING key, points, expires_at`);
  const select = db.prepare<[string, number], Row>('SELECT key, points, expires_at FROM throttle_counters WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)');
  const remove = db.prepare<[string]>('DELETE FROM throttle_counters WHERE key = ?');
  const removePrefix = db.prepare<[number, string]>('DELETE FROM throttle_counters WHERE substr(key, 1, ?) = ?');
  const purge = db.prepare<[number, number]>('DELETE FROM throttle_counters WHERE rowid IN (SELECT rowid FROM throttle_counters WHERE expires_at IS NOT NULL AND expires_at <= ? LIMIT ?)');

  return {
    add(key: string, points: number, durationMs: number, now: number, replacing: boolean): ThrottleCounter {
      const expires = durationMs > 0 ? now + durationMs : null;
      return counterOf((replacing ? replace.get({ key, points, expires }) : add.get({ key, points, expires, now }))!);
    },
    get: (key: string, now: number): ThrottleCounter | null => {
      const row = select.get(key, now);
      return row ? counterOf(row) : null;
    },
    remove: (key: string): boolean => remove.run(key).changes > 0,
    removePrefix: (prefix: string): number => removePrefix.run(prefix.length, prefix).changes,
    /** Up to `limit` expired counters. */
    purge: (now: number, limit: number): number => purge.run(now, limit).changes,
  };
}

export type ThrottleTable = ReturnType<typeof createThrottleTable>;
