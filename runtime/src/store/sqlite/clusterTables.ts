import type Database from 'better-sqlite3';
import type { JsonValue } from '@griot/flows';
import type { ClusterEvent, EventCursor, Lease } from '../types.ts';

interface EventRow {
  seq: number;
  id: string;
  topic: string;
  origin: string;
  at: string;
  data: string;
}
interface LeaseRow {
  name: string;
  holder: string;
  until: string;
  last_run_at: string | null;
}

const toEvent = (r: EventRow): ClusterEvent => ({ id: r.id, topic: r.topic, origin: r.origin, at: r.at, data: JSON.parse(r.data) as JsonValue });
const toLease = (r: LeaseRow): Lease => ({ name: r.name, holder: r.holder, until: r.until, ...(r.last_run_at ? { lastRunAt: r.last_run_at } : {}) });

/**
 * The events outbox and the job leases (migration 12). Processes sharing the file write one at a
 * time, so sequence numbers are handed out in commit order: a reader that has seen number n has
 * seen everything before it, and its cursor is that number. A lease changes hands in one
 * statement whose condition (free, expired, or already ours) is checked with the write.
 */
export function createClusterTables(db: Database.Database) {
  const insertEvent = db.prepare<[string, string, string, string, string]>('INSERT INTO cluster_events (id, topic, origin, at, data) VALUES (?, ?, ?, ?, ?)');
  const selectAfter = db.prepare<[number, number], EventRow>('SELECT * FROM cluster_events WHERE seq > ? ORDER BY seq LIMIT ?');
  // The highest number ever given (sqlite_sequence remembers it when the rows are gone).
  const lastSeq = db.prepare<[], number | null>("SELECT seq FROM sqlite_sequence WHERE name = 'cluster_events'").pluck();
  const deleteBefore = db.prepare<[string]>('DELETE FROM cluster_events WHERE at < ?');

  // A released lease has an empty holder and until ('' sorts before any time): free.
  const acquire = db.prepare<[string, string, string, string], LeaseRow>(
    `INSERT INTO leases (name, holder, until) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
     WHERE leases.holder = excluded.holder OR leases.until <= ?
     RETURNING *`,
  );
  const mark = db.prepare<[string, string, string]>('UPDATE leases SET last_run_at = ? WHERE name = ? AND holder = ?');
  const release = db.prepare<[string, string]>("UPDATE leases SET holder = '', until = '' WHERE name = ? AND holder = ?");
  const selectLease = db.prepare<[string], LeaseRow>('SELECT * FROM leases WHERE name = ?');
  // A prefix compared as it is (no LIKE: a key may hold `%` or `_`); a released lease's until is ''.
  const deleteLapsed = db.prepare<[string, string, string]>('DELETE FROM leases WHERE substr(name, 1, length(?)) = ? AND until <= ?');

  const cursorOf = (seq: number): EventCursor => String(seq);
  const seqOf = (cursor: EventCursor): number => {
    const seq = Number.parseInt(cursor, 10);
    return Number.isSafeInteger(seq) && seq >= 0 ? seq : 0;
  };

  return {
    publish(event: ClusterEvent): void {
      insertEvent.run(event.id, event.topic, event.origin, event.at, JSON.stringify(event.data));
    },
    read(cursor: EventCursor | null, limit: number): { events: ClusterEvent[]; cursor: EventCursor } {
      if (cursor === null) return { events: [], cursor: cursorOf(lastSeq.get() ?? 0) };
      const rows = selectAfter.all(seqOf(cursor), limit);
      return { events: rows.map(toEvent), cursor: rows.length > 0 ? cursorOf(rows[rows.length - 1]!.seq) : cursor };
    },
    purge: (before: string): number => deleteBefore.run(before).changes,
    acquire(name: string, holder: string, until: string, now: string): Lease | null {
      const row = acquire.get(name, holder, until, now);
      return row ? toLease(row) : null;
    },
    mark: (name: string, holder: string, at: string): boolean => mark.run(at, name, holder).changes === 1,
    release: (name: string, holder: string): boolean => release.run(name, holder).changes === 1,
    purgeLeases: (prefix: string, now: string): number => deleteLapsed.run(prefix, prefix, now).changes,
    get(name: string): Lease | null {
      const row = selectLease.get(name);
      return row ? toLease(row) : null;
    },
  };
}

export type ClusterTables = ReturnType<typeof createClusterTables>;
