import type Database from 'better-sqlite3';
import type { PendingContinuation, SensitiveValues } from '../types.ts';

interface ContinuationRow {
  key: string;
  revision: number;
  owner: string;
  until: string;
  request: string;
  outcome: string | null;
  expires_at: string;
}

const toContinuation = (r: ContinuationRow): PendingContinuation => ({
  key: r.key,
  revision: r.revision,
  owner: r.owner,
  until: r.until,
  request: JSON.parse(r.request) as SensitiveValues,
  ...(r.outcome !== null ? { outcome: JSON.parse(r.outcome) as SensitiveValues } : {}),
  expiresAt: r.expires_at,
});

/**
 * Slow look-ups' continuations (`continuationTypes.ts`): one row per session key. Each change
 * is one statement whose condition (the owner, an expired hold, an outcome) is checked with the
 * write, so two processes sharing the file never both claim or both take one.
 */
export function createContinuationTable(db: Database.Database) {
  const upsert = db.prepare<[ContinuationRow]>(
    `INSERT OR REPLACE INTO continuations (key, revision, owner, until, request, outcome, expires_at)
     VALUES (@key, @revision, @owner, @until, @request, @outcome, @expires_at)`,
  );
  const selectLive = db.prepare<[string, string], ContinuationRow>('SELECT * FROM continuations WHERE key = ? AND expires_at > ?');
  const renew = db.prepare<[string, string, string]>('UPDATE continuations SET until = ? WHERE key = ? AND owner = ? AND outcome IS NULL');
  const claim = db.prepare<[string, string, string, string, string], ContinuationRow>(
    'UPDATE continuations SET owner = ?, until = ? WHERE key = ? AND until <= ? AND outcome IS NULL AND expires_at > ? RETURNING *',
  );
  const settle = db.prepare<[string, string, string]>('UPDATE continuations SET outcome = ? WHERE key = ? AND owner = ? AND outcome IS NULL');
  const take = db.prepare<[string], ContinuationRow>('DELETE FROM continuations WHERE key = ? AND outcome IS NOT NULL RETURNING *');
  const deleteOne = db.prepare<[string]>('DELETE FROM continuations WHERE key = ?');
  const deleteExpired = db.prepare<[string, number]>('DELETE FROM continuations WHERE rowid IN (SELECT rowid FROM continuations WHERE expires_at <= ? LIMIT ?)');

  return {
    put(c: PendingContinuation): void {
      upsert.run({
        key: c.key,
        revision: c.revision,
        owner: c.owner,
        until: c.until,
        request: JSON.stringify(c.request),
        outcome: c.outcome ? JSON.stringify(c.outcome) : null,
        expires_at: c.expiresAt,
      });
    },
    get(key: string, now: string): PendingContinuation | null {
      const row = selectLive.get(key, now);
      return row ? toContinuation(row) : null;
    },
    renew: (key: string, owner: string, until: string): boolean => renew.run(until, key, owner).changes === 1,
    claim(key: string, owner: string, until: string, now: string): PendingContinuation | null {
      const row = claim.get(owner, until, key, now, now);
      return row ? toContinuation(row) : null;
    },
    settle: (key: string, owner: string, outcome: SensitiveValues): boolean => settle.run(JSON.stringify(outcome), key, owner).changes === 1,
    take(key: string): PendingContinuation | null {
      const row = take.get(key);
      return row ? toContinuation(row) : null;
    },
    remove(key: string): void {
      deleteOne.run(key);
    },
    /** Up to `limit` expired continuations. */
    purge: (now: string, limit: number): number => deleteExpired.run(now, limit).changes,
  };
}

export type ContinuationTable = ReturnType<typeof createContinuationTable>;
