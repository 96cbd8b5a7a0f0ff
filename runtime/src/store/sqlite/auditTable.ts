import type Database from 'better-sqlite3';
import type { AuditEntry, AuditFilter } from '../types.ts';

const toEntry = (r: { data: string }) => JSON.parse(r.data) as AuditEntry;

/**
 * The activity log: append-only. `seq` keeps the order of entries written within the same
 * millisecond, so "newest first" is exact, and a page goes on from the last entry seen.
 */
export function createAuditTable(db: Database.Database) {
  const insert = db.prepare<[string, string, string, string]>('INSERT INTO audit (id, at, target, data) VALUES (?, ?, ?, ?)');
  const selectCursor = db.prepare<[string], { at: string; seq: number }>('SELECT at, seq FROM audit WHERE id = ?');
  const selectAll = db.prepare<[], { data: string }>('SELECT data FROM audit ORDER BY at, seq');
  // One statement per combination of filters, prepared once.
  const listings = new Map<string, Database.Statement<unknown[], { data: string }>>();

  return {
    append(entry: AuditEntry): void {
      insert.run(entry.id, entry.at, entry.target, JSON.stringify(entry));
    },
    list(filter: AuditFilter): AuditEntry[] {
      const where: string[] = [];
      const values: unknown[] = [];
      if (filter.target !== undefined) where.push('target = ?') && values.push(filter.target);
      if (filter.actor !== undefined) where.push("json_extract(data, '$.actor') = ?") && values.push(filter.actor);
      if (filter.action !== undefined) where.push("json_extract(data, '$.action') = ?") && values.push(filter.action);
      if (filter.from !== undefined) where.push('at >= ?') && values.push(filter.from);
      if (filter.to !== undefined) where.push('at < ?') && values.push(filter.to);
      if (filter.before !== undefined) {
        const cursor = selectCursor.get(filter.before);
        if (!cursor) return [];
        where.push('(at < ? OR (at = ? AND seq < ?))');
        values.push(cursor.at, cursor.at, cursor.seq);
      }
      const sql = `SELECT data FROM audit${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, seq DESC LIMIT ?`;
      let statement = listings.get(sql);
      if (!statement) listings.set(sql, (statement = db.prepare<unknown[], { data: string }>(sql)));
      return statement.all(...values, filter.limit).map(toEntry);
    },
    all: (): AuditEntry[] => selectAll.all().map(toEntry),
  };
}

/**
 * The log as `all()` gives it, `size` entries per call from `reader` (a backup's snapshot): after
 * the last one read, on the index of `at` (which holds `seq`, the row id). Empty once all are read.
 */
export function auditPages(reader: Database.Database, size: number): () => AuditEntry[] {
  const first = reader.prepare<[number], { data: string; at: string; seq: number }>('SELECT data, at, seq FROM audit ORDER BY at, seq LIMIT ?');
  const after = reader.prepare<[string, string, number, number], { data: string; at: string; seq: number }>(
    'SELECT data, at, seq FROM audit WHERE at > ? OR (at = ? AND seq > ?) ORDER BY at, seq LIMIT ?',
  );
  let last: { at: string; seq: number } | null = null;
  return () => {
    const rows = last ? after.all(last.at, last.at, last.seq, size) : first.all(size);
    const end = rows.at(-1);
    if (end) last = end;
    return rows.map(toEntry);
  };
}

export type AuditTable = ReturnType<typeof createAuditTable>;
