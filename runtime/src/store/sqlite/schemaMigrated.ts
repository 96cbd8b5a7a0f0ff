import type Database from 'better-sqlite3';

/**
 * The start's line for a SQLite file an older Griot wrote, migrated at this start (`applied`: the
 * steps it had not had, in one transaction): from which schema version to which, how many steps,
 * how long. An operator upgrading reads there that the migration ran, and that the previous
 * release can no longer open the file (docs/deploy.md, "Going back to the previous release").
 */
export function schemaMigrated(db: Database.Database, applied: readonly number[], ms: number) {
  const versions = db.prepare<[], number>('SELECT version FROM schema_migrations').pluck().all();
  const to = Math.max(...versions);
  const from = Math.max(0, ...versions.filter((v) => !applied.includes(v)));
  return {
    event: 'store.migrated',
    level: 'info' as const,
    message: `migrated the SQLite file from schema version ${from} to ${to} (${applied.length} step(s) in ${ms} ms, one transaction): a Griot older than this one can no longer open it`,
    counts: { from, to, steps: applied.length, ms },
  };
}
