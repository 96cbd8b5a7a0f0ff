import type Database from 'better-sqlite3';
import type { ByteRange } from '../types.ts';

/**
 * The bytes of a prompt at most this large are written in one statement; past it, in parts of
 * this size, each its own transaction of the group commit (migration 36). 256 KiB: a part's
 * commit holds the write lock a few ms (a call's turn write waits no longer); the commits of a
 * 10 MiB file (40) add little to its upload's time (bench/README.md, chunks29).
 */
export const AUDIO_PART_BYTES = 256 * 1024;

/** Where an `audio_blobs` row keeps its content: in the row (`part_bytes` 0), or in `audio_parts` under `upload_id`. */
export interface BlobPlace {
  /** The row's content (a range of it when one was asked), or null when in parts. */
  content: Buffer | Uint8Array | null;
  part_bytes: number;
  upload_id: string | null;
}

/**
 * Reads a blob's bytes, whole or a range (both ends included, clamped to `size`), wherever they
 * are: the row's own (cut by `substr` in the query already), or the parts in order, only those
 * the range covers. On any connection (the store's, a backup's snapshot).
 */
export function createContentReader(db: Database.Database) {
  const selectParts = db.prepare<[string, number, number], Buffer>('SELECT content FROM audio_parts WHERE upload_id = ? AND seq BETWEEN ? AND ? ORDER BY seq').pluck();
  return (blob: BlobPlace, size: number, range?: ByteRange): Buffer => {
    if (blob.upload_id === null || blob.part_bytes <= 0) return Buffer.isBuffer(blob.content) ? blob.content : Buffer.from(blob.content ?? []);
    const start = range ? Math.max(0, range.start) : 0;
    const end = Math.min(size - 1, range ? range.end : size - 1);
    if (end < start) return Buffer.alloc(0);
    const first = Math.floor(start / blob.part_bytes);
    const parts = selectParts.all(blob.upload_id, first, Math.floor(end / blob.part_bytes));
    const joined = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    const from = start - first * blob.part_bytes;
    const content = joined.subarray(from, from + end - start + 1);
    // A blob whose parts are not all there (never committed so: the manifest is written with its parts' check).
    if (content.length !== end - start + 1) throw new Error(`recorded prompt's parts ${blob.upload_id} hold ${content.length} bytes of the ${end - start + 1} asked`);
    return content;
  };
}
