import type { Migration } from './migrations.ts';

/**
 * Migration 37: a recording's parts let go in short steps, not in the statement that let it go.
 * Until now the blob's last row deleted (a recording, a flow's files, a file replaced by a
 * restore) took its 40 parts (10 MiB) in that one statement, and every call's turn write waited
 * for it. Now that statement only notes the parts' upload as released (`audio_uploads` with
 * `touched_at` 0, older than any grace): the recording is gone for every reader at once (no
 * `audio_blobs` row names the parts), and the store deletes the parts a few at a time, each its
 * own short write (`sweepStep`). A process killed between two steps leaves the note; the next
 * sweep (at start, before an upload, the hourly `audio-sweep` job) finishes the job.
 */
export const audioReleaseMigration: Migration = {
  version: 37,
  name: 'recorded prompts let go in steps',
  sql: `
    DROP TRIGGER audio_parts_released;
    CREATE TRIGGER audio_parts_released AFTER DELETE ON audio_blobs
      WHEN OLD.upload_id IS NOT NULL
      BEGIN INSERT OR REPLACE INTO audio_uploads (upload_id, touched_at) VALUES (OLD.upload_id, 0); END;
  `,
};
