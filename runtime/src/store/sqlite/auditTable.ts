import type Database from 'better-sqlite3';
import type { AuditEntry } from '../types.ts';

const toEntry = (r: { data: string }) => JSON.parse(r.data) as AuditEntry;

/**
 * The activity log: append-only. `seq` keeps the order of entries written within the same
 * millisecond, so "newest first" is exact.
 */
export function createAuditTable(db: Database.Database) {
  const insert = db.prepare<[string, string, string, string]>('INSERT INTO audit (id, at, target, data) VALUES (?, ?, ?, ?)');
  const selectNewest = db.prepare<[number], { data: string }>('SELECT data FROM audit ORDER BY at DESC, seq DESC LIMIT ?');
  const selectNewestOf = db.prepare<[string, number], { data: string }>('SELECT data FROM audit WHERE target = ? ORDER BY at DESC, seq DESC LIMIT ?');
  const selectAll = db.prepare<[], { data: string }>('SELECT data FROM audit ORDER BY at, seq');

  return {
    append(entry: AuditEntry): void {
      insert.run(entry.id, entry.at, entry.target, JSON.stringify(entry));
    },
    list(filter: { target?: string; limit: number }): AuditEntry[] {
      const rows = filter.target === undefined ? selectNewest.all(filter.limit) : selectNewestOf.all(filter.target, filter.limit);
      return rows.map(toEntry);
    },
    all: (): AuditEntry[] => selectAll.all().map(toEntry),
  };
}

export type AuditTable = ReturnType<typeof createAuditTable>;
