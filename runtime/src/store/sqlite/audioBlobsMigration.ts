import type { Migration } from './migrations.ts';

/**
 * Migration 35: recorded prompts' bytes stored once per content. `audio_blobs` holds each
 * content under its SHA-256 (computed by the store from the bytes at every put; here from each
 * row's bytes, whatever hash the row stated); an `audio`
 * row (a flow's name for a file) names the content it plays. « Dupliquer » then copies rows, not
 * megabytes, and the same file uploaded to two flows is stored once. A blob goes when its last
 * row goes, by the triggers: every statement that deletes a row or points it at other bytes (a
 * recording deleted or replaced, a flow deleted or purged, the clean-up of unnamed takes, a
 * creation clearing what a cut-short copy left) removes the blob in the same statement, so no
 * blob is left that no row names. The rows are rebuilt without their bytes (the old table's
 * `content` column): the one transaction of the migration moves every file, so the database
 * needs free disk space for a second copy of the recordings while it runs (the old pages are
 * then free for SQLite to reuse).
 */
export const audioBlobsMigration: Migration = {
  version: 35,
  name: 'recorded prompts stored once per content',
  sql: `
    CREATE TABLE audio_blobs (
      sha256 TEXT PRIMARY KEY,
      content BLOB NOT NULL
    );
    -- The key is the bytes' own hash: a row whose stated hash or size is not its content's (the
    -- store kept what it was told before this migration) is described by its bytes first, so two
    -- rows stating one hash for different bytes keep each its own (griot_sha256: migrate()).
    UPDATE audio SET sha256 = griot_sha256(content), bytes = length(content)
      WHERE sha256 IS NOT griot_sha256(content) OR bytes IS NOT length(content);
    -- One blob per content: rows with equal hashes hold equal bytes (the hash is the content's).
    INSERT INTO audio_blobs (sha256, content) SELECT sha256, content FROM audio WHERE true ON CONFLICT (sha256) DO NOTHING;
    CREATE TABLE audio_named (
      flow_id TEXT NOT NULL,
      name TEXT NOT NULL,
      content_type TEXT NOT NULL,
      bytes INTEGER NOT NULL,
      sha256 TEXT NOT NULL,
      uploaded_at TEXT NOT NULL,
      take_of TEXT,
      unnamed_since TEXT,
      PRIMARY KEY (flow_id, name)
    );
    INSERT INTO audio_named (flow_id, name, content_type, bytes, sha256, uploaded_at, take_of, unnamed_since)
      SELECT flow_id, name, content_type, bytes, sha256, uploaded_at, take_of, unnamed_since FROM audio;
    DROP TABLE audio;
    ALTER TABLE audio_named RENAME TO audio;
    -- Migration 31's index, dropped with the old table: the quotas' sums read it alone.
    CREATE INDEX audio_sizes ON audio (flow_id, bytes);
    -- Whether any row still names a content: the triggers' check, one index probe.
    CREATE INDEX audio_contents ON audio (sha256);
    -- A DELETE fires it, so does the UPDATE of an upsert (INSERT … ON CONFLICT DO UPDATE, the store's
    -- put: the new blob is inserted by the statement before). Not the rows an INSERT OR REPLACE
    -- would delete (recursive_triggers is off): audio is never written that way.
    CREATE TRIGGER audio_blob_released AFTER DELETE ON audio
      WHEN NOT EXISTS (SELECT 1 FROM audio WHERE sha256 = OLD.sha256)
      BEGIN DELETE FROM audio_blobs WHERE sha256 = OLD.sha256; END;
    CREATE TRIGGER audio_blob_replaced AFTER UPDATE OF sha256 ON audio
      WHEN OLD.sha256 <> NEW.sha256 AND NOT EXISTS (SELECT 1 FROM audio WHERE sha256 = OLD.sha256)
      BEGIN DELETE FROM audio_blobs WHERE sha256 = OLD.sha256; END;
  `,
};
