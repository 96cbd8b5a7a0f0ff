import type Database from 'better-sqlite3';
import type { CallerChanges, CallerProfile } from '../types.ts';
import { applyCallerChanges } from '../callerChanges.ts';

const toProfile = (r: { data: string }) => JSON.parse(r.data) as CallerProfile;

/** What Griot remembers of each caller, keyed by E.164 number. */
export function createCallerTable(db: Database.Database) {
  const upsert = db.prepare<[string, string, string]>(
    `INSERT INTO callers (number, updated_at, data) VALUES (?, ?, ?)
     ON CONFLICT (number) DO UPDATE SET updated_at = excluded.updated_at, data = excluded.data`,
  );
  const selectOne = db.prepare<[string], { data: string }>('SELECT data FROM callers WHERE number = ?');
  const selectAll = db.prepare<[], { data: string }>('SELECT data FROM callers ORDER BY number');
  const deleteOne = db.prepare<[string]>('DELETE FROM callers WHERE number = ?');
  const deleteStale = db.prepare<[string]>('DELETE FROM callers WHERE updated_at < ?');

  return {
    get(number: string): CallerProfile | null {
      const row = selectOne.get(number);
      return row ? toProfile(row) : null;
    },
    put(profile: CallerProfile): void {
      upsert.run(profile.number, profile.updatedAt, JSON.stringify(profile));
    },
    /** Read, change and write back; atomic as long as it runs inside one transaction. */
    change(key: string, changes: CallerChanges, at: string): void {
      const row = selectOne.get(key);
      const profile = applyCallerChanges(row ? toProfile(row) : null, key, changes, at);
      upsert.run(key, at, JSON.stringify(profile));
    },
    remove: (number: string): boolean => deleteOne.run(number).changes > 0,
    purge: (before: string): number => deleteStale.run(before).changes,
    all: (): CallerProfile[] => selectAll.all().map(toProfile),
  };
}

export type CallerTable = ReturnType<typeof createCallerTable>;
