import type { Migration } from './migrations.ts';

/**
 * Migration 16: a turn's analytics facts ride in its session's row until the contact ends (or
 * they pass a size, or the roll-up wants them), then move to `analytics_facts`, many rows per
 * page. The turn rewrites that row anyway: its facts are durable in its commit without a page of
 * their own, which one call at a time (every turn its own commit) cost about a tenth of a turn.
 *
 * `sessions.facts` holds the batches as the elements of a JSON array without its brackets
 * (`[at,flowId,"row"],[…]`, `row` being `factRow.ts`'s text), so a turn appends with `||`.
 * `analytics_pending` lists the sessions that held some since the last roll-up, for it: a row
 * written (by trigger) when a session's facts start and kept when a turn moves them, so a contact
 * writes it once, not at every turn as an index on `facts` would be; the roll-up empties it.
 * Deleting a session (expiry, erasure, `deleteSession`) moves its facts first, in SQL, whoever
 * deletes it.
 */
export const pendingFactsMigration: Migration = {
  version: 16,
  name: 'analytics facts pending in their session',
  sql: `
    ALTER TABLE sessions ADD COLUMN facts TEXT;
    CREATE TABLE analytics_pending (session_key TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TRIGGER sessions_facts_started_on_insert AFTER INSERT ON sessions WHEN new.facts IS NOT NULL
    BEGIN
      INSERT OR IGNORE INTO analytics_pending (session_key) VALUES (new.key);
    END;
    CREATE TRIGGER sessions_facts_started AFTER UPDATE OF facts ON sessions WHEN old.facts IS NULL AND new.facts IS NOT NULL
    BEGIN
      INSERT OR IGNORE INTO analytics_pending (session_key) VALUES (new.key);
    END;
    CREATE TRIGGER sessions_facts_kept_on_delete BEFORE DELETE ON sessions WHEN old.facts IS NOT NULL
    BEGIN
      INSERT INTO analytics_facts (at, flow_id, data)
        SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2 FROM json_each('[' || old.facts || ']') AS j ORDER BY j.key;
      DELETE FROM analytics_pending WHERE session_key = old.key;
    END;
  `,
};
