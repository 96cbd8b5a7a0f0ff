import Database from 'better-sqlite3';
import type { StoredAudio } from '../types.ts';
import { bytesAtOnce, createContentReader, createPartReader, partsInRange, type BlobPlace } from './audioContent.ts';

/** A prompt's row content, or where its parts are (migration 36), as described in the dump. */
const BLOB_OF =
  'SELECT CASE WHEN b.part_bytes = 0 THEN b.content END AS content, b.part_bytes, b.upload_id, a.bytes FROM audio a JOIN audio_blobs b ON b.sha256 = a.sha256 WHERE a.flow_id = ? AND a.name = ? AND a.sha256 = ?';

/**
 * The recorded prompts of a backup, read from the moment its dump was read: a second, read-only
 * connection to the file holds a read transaction (WAL: the server's writes go on beside it),
 * begun inside the dump's own transaction, so both see the same data. The dump then lists the
 * prompts without their bytes, and the writer reads each when it comes to it: the server is never
 * held while the whole audio table is read (55 prompts of 10 MB held it for a second), and the
 * backup never holds more than one prompt. Ended once the backup is written (`end`), by the next
 * dump, when the dump fails, or when the store closes. Until then the WAL cannot be checkpointed
 * past it (a contact's end that asks for the WAL to be truncated waits for it): `onEnd` is told
 * when it ends, for that truncation to be tried again at once.
 */
export class PromptSnapshot {
  private reader: Database.Database | null = null;

  constructor(
    private readonly path: string,
    private readonly onEnd: () => void = () => undefined,
  ) {}

  /** Call inside the dump's transaction: what `read` returns is what the store held then. */
  begin(): (audio: StoredAudio) => Buffer {
    this.end();
    const reader = new Database(this.path, { readonly: true, fileMustExist: true });
    reader.pragma('busy_timeout = 5000');
    reader.exec('BEGIN');
    // A read transaction starts at its first read: this one pins the snapshot.
    reader.prepare('SELECT COUNT(*) FROM audio').pluck().get();
    this.reader = reader;
    // The row's content, or its parts in order (migration 36), from the same snapshot.
    const select = reader.prepare<[string, string, string], BlobPlace & { bytes: number }>(BLOB_OF);
    const readContent = createContentReader(reader);
    return (audio) => {
      if (!reader.open) throw new Error('the backup’s snapshot of the recorded prompts was closed before they were written');
      const blob = select.get(audio.flowId, audio.name, audio.sha256);
      const content = blob ? readContent(blob, blob.bytes) : undefined;
      // Only another process writing between the dump's read and this one's (same file): all or nothing.
      if (!Buffer.isBuffer(content)) throw new Error(`recorded prompt ${audio.flowId}/${audio.name} changed while the backup was read: nothing written, take it again`);
      return content;
    };
  }

  /**
   * A prompt's bytes from the snapshot `begin` pinned, a stored part (256 KiB) per step as the
   * backup writer asks for the next (the backup writer's dump): a 10 MiB recording is never joined
   * in memory; an old file's row (before schema 36) at once. A part missing fails it, as `read` does.
   */
  pieces(audio: StoredAudio): AsyncIterable<Buffer> {
    const reader = this.reader;
    if (!reader?.open) throw new Error('the backup’s snapshot of the recorded prompts was closed before they were written');
    const blob = reader.prepare<[string, string, string], BlobPlace & { bytes: number }>(BLOB_OF).get(audio.flowId, audio.name, audio.sha256);
    if (!blob) throw new Error(`recorded prompt ${audio.flowId}/${audio.name} changed while the backup was read: nothing written, take it again`);
    if (blob.upload_id === null || blob.part_bytes <= 0 || blob.bytes === 0) {
      return bytesAtOnce(createContentReader(reader)(blob, blob.bytes));
    }
    const part = createPartReader(reader);
    const uploadId = blob.upload_id;
    return partsInRange(
      async (seq) => {
        if (!reader.open) throw new Error('the backup’s snapshot of the recorded prompts was closed before they were written');
        return part(uploadId, seq);
      },
      blob.part_bytes,
      0,
      blob.bytes - 1,
    );
  }

  /**
   * The snapshot's connection, for the dump's big tables read a page at a time as the writer comes
   * to them (`dumpSqlite` with `paged`): the same snapshot as the prompts and the rest of the dump.
   */
  connection(): Database.Database {
    if (!this.reader?.open) throw new Error('the backup’s snapshot was closed before it was written');
    return this.reader;
  }

  end(): void {
    const reader = this.reader;
    this.reader = null;
    if (!reader?.open) return;
    try {
      if (reader.inTransaction) reader.exec('COMMIT');
    } finally {
      reader.close();
      this.onEnd();
    }
  }
}
