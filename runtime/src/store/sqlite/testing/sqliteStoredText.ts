import type Database from 'better-sqlite3';
import type { Store } from '../../types.ts';
import type { SqliteStore } from '../SqliteStore.ts';

/**
 * Every row of every table of a SQLite store, as text (the erasure contract reads it whole, so a
 * table added later is read too). Blobs are read as Latin-1 text, so a number inside one shows.
 */
export async function sqliteStoredText(store: Store): Promise<string> {
  const sqlite = store as SqliteStore;
  // Flushes the queued writes: the rows read are those committed.
  await sqlite.ping();
  // The store's own connection (private to it): an in-memory database has no other.
  const { db } = sqlite as unknown as { db: Database.Database };
  const tables = db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
  const text = (value: unknown) => (Buffer.isBuffer(value) ? value.toString('latin1') : String(value));
  return tables
    .map(
      (table) =>
        `${table}: ${db
          .prepare<[], Record<string, unknown>>(`SELECT * FROM "${table}"`)
          .all()
          .map((row) => Object.values(row).map(text).join(' | '))
          .join('\n')}`,
    )
    .join('\n');
}
