import type Database from 'better-sqlite3';

/** Rows read per transaction: the erasure scans every raw fact, a chunk at a time, so turns wait for one chunk, not for the whole table. */
export const FACT_ERASURE_CHUNK = 20_000;

/**
 * The caller's keyed digest, where a fact row holds it: `$[7]` in the positional forms
 * (`factRow.ts`), `$.caller` in a row written as the batch's JSON object.
 */
const CALLER = "CASE WHEN substr(data, 1, 1) = '{' THEN data ->> '$.caller' ELSE data ->> '$[7]' END";
const WITHOUT_CALLER = "CASE WHEN substr(data, 1, 1) = '{' THEN json_set(data, '$.caller', NULL) ELSE json_set(data, '$[7]', NULL) END";

/**
 * Right to erasure in the raw facts: the caller's digest is set to null in the rows of one
 * chunk of sequence numbers, so the erased caller's contacts can no longer be linked together.
 * Counters never read it (the roll-up folds events, not callers): what is counted stays as it was.
 * Returns the rows changed and the next sequence number to start from (null once past the last).
 */
export function createFactErasure(db: Database.Database) {
  // `instr` first: a cheap look for the digest's text before the row's JSON is parsed.
  const clear = db.prepare<[number, number, string, string]>(`UPDATE analytics_facts SET data = ${WITHOUT_CALLER} WHERE seq >= ? AND seq < ? AND instr(data, ?) > 0 AND ${CALLER} = ?`);
  // Rows of many batches (`manyRow`, form 3): each batch's row is `[…, contact, caller, …]` after its time; cleared here.
  const selectMany = db.prepare<[number, number, string], { seq: number; data: string }>(
    "SELECT seq, data FROM analytics_facts WHERE seq >= ? AND seq < ? AND substr(data, 1, 3) = '[3,' AND instr(data, ?) > 0",
  );
  const updateData = db.prepare<[string, number]>('UPDATE analytics_facts SET data = ? WHERE seq = ?');
  const remember = db.prepare<[string, string]>('INSERT INTO erased_callers (digest, erased_at) VALUES (?, ?) ON CONFLICT (digest) DO UPDATE SET erased_at = excluded.erased_at');
  const forget = db.prepare<[string]>('DELETE FROM erased_callers WHERE erased_at < ?');
  const bounds = db.prepare<[], { low: number | null; high: number | null }>('SELECT MIN(seq) AS low, MAX(seq) AS high FROM analytics_facts');
  return {
    /**
     * Lists `digests` as erased at `at`: every facts insert, of any instance on this file, drops
     * them from then on (`analyticsTables.ts`), so facts another instance queued before the erasure
     * cannot bring them back once it is answered.
     */
    remember(digests: readonly string[], at: string): void {
      for (const digest of digests) remember.run(digest, at);
    },
    /** Forgets the digests erased before `before` (the raw facts' retention: no fact queued then is still to be written). */
    forgetBefore: (before: string): number => forget.run(before).changes,
    bounds: () => bounds.get()!,
    /** Clears `digests` from the facts whose sequence number is in [from, from + FACT_ERASURE_CHUNK). */
    clearChunk(digests: readonly string[], from: number): number {
      let changed = 0;
      for (const digest of digests) {
        changed += clear.run(from, from + FACT_ERASURE_CHUNK, digest, digest).changes;
        for (const { seq, data } of selectMany.all(from, from + FACT_ERASURE_CHUNK, digest)) {
          const row = JSON.parse(data) as unknown[];
          let cleared = 0;
          for (let i = 2; i < row.length; i += 2) {
            const batch = row[i] as unknown[];
            if (batch[7] === digest) {
              batch[7] = null;
              cleared += 1;
            }
          }
          if (cleared > 0) updateData.run(JSON.stringify(row), seq);
          changed += cleared;
        }
      }
      return changed;
    },
  };
}
