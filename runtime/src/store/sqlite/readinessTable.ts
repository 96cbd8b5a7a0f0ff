import type Database from 'better-sqlite3';

/** The readiness heartbeat: one row, upserted by whichever instance last proved it could write. */
export function createReadinessTable(db: Database.Database) {
  const upsert = db.prepare<[string, string]>('INSERT INTO readiness (id, instance, at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET instance = excluded.instance, at = excluded.at');
  return {
    beat(instance: string, at: string): void {
      upsert.run(instance, at);
    },
  };
}

export type ReadinessTable = ReturnType<typeof createReadinessTable>;
