import type { Migration } from './migrations.ts';

/**
 * Migration 12: what lets several instances share the file and nothing else. Recorded audio
 * moves from DATA_DIR/audio into the store (the content last in the row, so listing never reads
 * it); an outbox of events every instance reads (AUTOINCREMENT: a sequence number is never given
 * again, even after the newest events are purged, so a reader's cursor stays valid); and leases
 * for timed jobs. Events and leases are transient: not in backups.
 */
export const clusterMigration: Migration = {
  version: 12,
  name: 'audio, cluster events and job leases',
  sql: `
    CREATE TABLE audio (
      flow_id TEXT NOT NULL,
      name TEXT NOT NULL,
      content_type TEXT NOT NULL,
      bytes INTEGER NOT NULL,
      sha256 TEXT NOT NULL,
      uploaded_at TEXT NOT NULL,
      content BLOB NOT NULL,
      PRIMARY KEY (flow_id, name)
    );
    CREATE TABLE cluster_events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL,
      topic TEXT NOT NULL,
      origin TEXT NOT NULL,
      at TEXT NOT NULL,
      data TEXT NOT NULL
    );
    CREATE INDEX cluster_events_at ON cluster_events (at);
    CREATE TABLE leases (
      name TEXT PRIMARY KEY,
      holder TEXT NOT NULL,
      until TEXT NOT NULL,
      last_run_at TEXT
    );
  `,
};
