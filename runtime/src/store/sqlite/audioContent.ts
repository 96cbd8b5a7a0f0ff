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

/** One part of an upload, or undefined once gone (its blob let go and swept). */
export function createPartReader(db: Database.Database) {
  const selectPart = db.prepare<[string, number], Buffer>('SELECT content FROM audio_parts WHERE upload_id = ? AND seq = ?').pluck();
  return (uploadId: string, seq: number): Buffer | undefined => selectPart.get(uploadId, seq);
}

/**
 * Bytes `start` to `end` (both included) of a blob in parts of `partBytes`, one part read per
 * step, only when the reader asks for the next (`readPart`, in the group commit's order). A part
 * gone or short mid-way (the blob let go and swept while read) fails the iteration: a reader
 * never gets fewer or other bytes than it was promised without knowing it.
 */
export async function* partsInRange(readPart: (seq: number) => Promise<Buffer | undefined>, partBytes: number, start: number, end: number): AsyncGenerator<Buffer> {
  for (let seq = Math.floor(start / partBytes); seq * partBytes <= end; seq += 1) {
    const part = await readPart(seq);
    const from = Math.max(start, seq * partBytes) - seq * partBytes;
    const to = Math.min(end, seq * partBytes + partBytes - 1) - seq * partBytes + 1;
    if (!part || part.length < to) throw new Error(`recorded prompt's part ${seq} went while it was read`);
    yield part.subarray(from, to);
  }
}

/** A content read at once (an old file's row), as the parts of one; nothing for none or an empty one. */
export async function* bytesAtOnce(content: Buffer | null): AsyncGenerator<Buffer> {
  if (content && content.length > 0) yield content;
}
