import type Database from 'better-sqlite3';
import type { Store } from '../../types.ts';
import type { SqliteStore } from '../SqliteStore.ts';
import { AUDIO_PART_BYTES } from '../audioContent.ts';

/**
 * What a process killed mid-upload leaves in a SQLite store (the contract's `CutUpload`): two
 * parts of an upload no blob names, noted as last touched at `at`, in the store's own connection
 * (an in-memory database has no other).
 */
export async function sqliteCutUpload(store: Store, at: Date): Promise<void> {
  const { db } = store as unknown as { db: Database.Database };
  await (store as SqliteStore).ping();
  const uploadId = `cut-${at.getTime()}`;
  const part = db.prepare('INSERT INTO audio_parts (upload_id, seq, content) VALUES (?, ?, ?)');
  part.run(uploadId, 0, Buffer.alloc(AUDIO_PART_BYTES, 1));
  part.run(uploadId, 1, Buffer.alloc(AUDIO_PART_BYTES, 2));
  db.prepare('INSERT INTO audio_uploads (upload_id, touched_at) VALUES (?, ?)').run(uploadId, at.getTime());
}
