import type Database from 'better-sqlite3';
import type { AgentPresence, AgentPresenceChange } from '../agentPresenceTypes.ts';

interface Row {
  username: string;
  status: AgentPresence['status'];
  since: string;
  changed_by: string;
  reason: string | null;
  last_seen_at: string | null;
}

const presenceOf = (row: Row): AgentPresence => ({ username: row.username, status: row.status, since: row.since, changedBy: row.changed_by, reason: row.reason, lastSeenAt: row.last_seen_at });

/** Agents' presence (migration 33; its pause reason, migration 34): one row per agent. */
export function createAgentPresenceTable(db: Database.Database) {
  const select = db.prepare<[string], Row>('SELECT * FROM agent_presence WHERE username = ?');
  const selectAll = db.prepare<[], Row>('SELECT * FROM agent_presence ORDER BY username');
  // Without `lastSeenAt`: the record's own is kept (null for a new one).
  const upsertKeepingSeen = db.prepare<[string, string, string, string, string | null]>(
    `INSERT INTO agent_presence (username, status, since, changed_by, reason, last_seen_at) VALUES (?, ?, ?, ?, ?, NULL)
     ON CONFLICT (username) DO UPDATE SET status = excluded.status, since = excluded.since, changed_by = excluded.changed_by, reason = excluded.reason`,
  );
  const upsertWithSeen = db.prepare<[string, string, string, string, string | null, string | null]>(
    `INSERT INTO agent_presence (username, status, since, changed_by, reason, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (username) DO UPDATE SET status = excluded.status, since = excluded.since, changed_by = excluded.changed_by, reason = excluded.reason, last_seen_at = excluded.last_seen_at`,
  );
  // Seen again: one offline (never seen, signed out, or stale) comes back available, one still seen keeps their state.
  const touch = db.prepare<{ username: string; at: string; staleBefore: string }>(
    `INSERT INTO agent_presence (username, status, since, changed_by, last_seen_at) VALUES (@username, 'available', @at, @username, @at)
     ON CONFLICT (username) DO UPDATE SET
       status = CASE WHEN last_seen_at IS NULL OR last_seen_at < @staleBefore THEN 'available' ELSE status END,
       since = CASE WHEN last_seen_at IS NULL OR last_seen_at < @staleBefore THEN @at ELSE since END,
       changed_by = CASE WHEN last_seen_at IS NULL OR last_seen_at < @staleBefore THEN @username ELSE changed_by END,
       reason = CASE WHEN last_seen_at IS NULL OR last_seen_at < @staleBefore THEN NULL ELSE reason END,
       last_seen_at = CASE WHEN last_seen_at IS NULL OR last_seen_at < @at THEN @at ELSE last_seen_at END`,
  );
  const get = (username: string): AgentPresence | null => {
    const row = select.get(username);
    return row ? presenceOf(row) : null;
  };
  return {
    get,
    list: (): AgentPresence[] => selectAll.all().map(presenceOf),
    set(change: AgentPresenceChange): AgentPresence {
      const reason = change.status === 'paused' ? (change.reason ?? null) : null;
      if (change.lastSeenAt === undefined) upsertKeepingSeen.run(change.username, change.status, change.since, change.changedBy, reason);
      else upsertWithSeen.run(change.username, change.status, change.since, change.changedBy, reason, change.lastSeenAt);
      return get(change.username)!;
    },
    touch(username: string, at: string, staleBefore: string): AgentPresence {
      touch.run({ username, at, staleBefore });
      return get(username)!;
    },
  };
}
