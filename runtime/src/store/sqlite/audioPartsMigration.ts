import type { Migration } from './migrations.ts';

/**
 * Migration 36: a new recording's bytes stored in parts, each written in a short transaction of
 * its own, so a call's turn write waits for one part (a few ms), not for 10 MiB in one commit
 * (100–750 ms, bench/README.md upload28). The parts of an upload go to `audio_parts` under an id of
 * their own, noted in `audio_uploads` (when its last part was written) while the upload runs; the
 * `audio_blobs` row naming them (`upload_id`, `part_bytes`) and the `audio` row are written last,
 * in one transaction: until then nothing reads the parts (no prompt, no backup, no dedupe by hash).
 * An upload a crash or an error cut short leaves its parts and its `audio_uploads` row, which the
 * store sweeps once the row is stale (`sweepUploads`: at start and before each new upload).
 *
 * The blobs stored before stay as they are (`part_bytes` 0: the content in the row), read by
 * the same reader: converting them would rewrite every recording in one transaction (migration
 * 35 took 2.7–8 s and three times the recordings' size of free disk for 200 MiB), for nothing
 * a caller hears. This migration only adds columns, two tables and a trigger: instant at any size.
 */
export const audioPartsMigration: Migration = {
  version: 36,
  name: 'recorded prompts stored in parts',
  sql: `
    -- 0: the content is in the row (a blob stored before this migration, or a small one).
    ALTER TABLE audio_blobs ADD COLUMN part_bytes INTEGER NOT NULL DEFAULT 0;
    -- The key of its parts in audio_parts (NULL: the content is in the row).
    ALTER TABLE audio_blobs ADD COLUMN upload_id TEXT;
    CREATE TABLE audio_parts (
      upload_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      content BLOB NOT NULL,
      PRIMARY KEY (upload_id, seq)
    );
    -- Uploads whose parts are being written (no audio_blobs row names them yet); touched_at in ms since the epoch.
    CREATE TABLE audio_uploads (
      upload_id TEXT PRIMARY KEY,
      touched_at INTEGER NOT NULL
    );
    CREATE INDEX audio_uploads_touched ON audio_uploads (touched_at);
    -- A blob let go (migration 35's triggers delete it with its last row) takes its parts in the same statement.
    CREATE TRIGGER audio_parts_released AFTER DELETE ON audio_blobs
      WHEN OLD.upload_id IS NOT NULL
      BEGIN DELETE FROM audio_parts WHERE upload_id = OLD.upload_id; END;
  `,
};
