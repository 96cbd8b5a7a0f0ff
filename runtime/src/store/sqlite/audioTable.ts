import { createHash, randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { AudioDeleteCondition, AudioDumpEntry, AudioPutCondition, ByteRange, FrozenAudioName, StoredAudio } from '../types.ts';
import { dumpedAudio, streamedAudio } from '../dumpedAudio.ts';
import { AUDIO_PART_BYTES, createContentReader, createPartReader, type BlobPlace } from './audioContent.ts';

interface AudioRow {
  flow_id: string;
  name: string;
  content_type: string;
  bytes: number;
  sha256: string;
  uploaded_at: string;
  take_of: string | null;
  unnamed_since: string | null;
}

const toAudio = (r: AudioRow): StoredAudio => ({
  flowId: r.flow_id,
  name: r.name,
  contentType: r.content_type,
  bytes: r.bytes,
  sha256: r.sha256,
  uploadedAt: r.uploaded_at,
  ...(r.take_of !== null ? { takeOf: r.take_of } : {}),
  ...(r.unnamed_since !== null ? { unnamedSince: r.unnamed_since } : {}),
});
const INFO = 'flow_id, name, content_type, bytes, sha256, uploaded_at, take_of, unnamed_since';
/** The row's columns and its bytes: `audio` joined to the blob it names. */
const JOINED = 'a.flow_id, a.name, a.content_type, a.bytes, a.sha256, a.uploaded_at, a.take_of, a.unnamed_since, b.part_bytes, b.upload_id';
/** The content of a blob kept in its row; NULL for one in parts (read by `createContentReader`). */
const INLINE = 'CASE WHEN b.part_bytes = 0 THEN b.content END';

/** The key of a content in `audio_blobs`. */
export const contentKey = (content: Uint8Array): string => createHash('sha256').update(content).digest('hex');

/** Where `put` takes the bytes from: given (written in the row), the parts of an upload (`writePart`), or none (only bytes stored already). */
export type BlobSource = { content: Uint8Array } | { uploadId: string } | null;

/**
 * Recorded prompts (migration 12; a take's prompt and since when it is unnamed: 20; stored by
 * content: 35): one row per flow and name in `audio`, naming by its SHA-256 the bytes it plays in
 * `audio_blobs`, each content stored once whatever the rows naming it. Listing reads rows only; a
 * range is cut by `substr` inside SQLite. A replacement is one statement on the row: readers see
 * the old file or the new one. A blob no row names any more is deleted by migration 35's triggers
 * in the statement that let it go, so no path that deletes rows can leave one behind.
 * Migration 36: a content past `AUDIO_PART_BYTES` in parts (`writePart`, one short transaction
 * each), named by its `audio_blobs` row only in `put`'s transaction, the last: a reader, a backup or
 * a dedupe by hash sees the whole file or nothing. Migration 37: the statement letting a blob in
 * parts go only notes its parts released; `sweepStep` deletes them a few at a time.
 */
export function createAudioTable(db: Database.Database) {
  // A new file under a name is a new upload: its take (or none) is the new one's, and nothing noted it unnamed yet.
  const upsert = db.prepare<[Omit<AudioRow, 'unnamed_since'>]>(
    `INSERT INTO audio (flow_id, name, content_type, bytes, sha256, uploaded_at, take_of, unnamed_since)
     VALUES (@flow_id, @name, @content_type, @bytes, @sha256, @uploaded_at, @take_of, NULL)
     ON CONFLICT (flow_id, name) DO UPDATE SET content_type = excluded.content_type, bytes = excluded.bytes,
       sha256 = excluded.sha256, uploaded_at = excluded.uploaded_at, take_of = excluded.take_of, unnamed_since = NULL`,
  );
  // Bytes already stored (the same file in another flow, or a copy's): only the row is written.
  const selectBlob = db.prepare<[string], number>('SELECT 1 FROM audio_blobs WHERE sha256 = ?').pluck();
  const insertBlob = db.prepare<[string, Uint8Array]>('INSERT INTO audio_blobs (sha256, content) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING');
  const insertPartedBlob = db.prepare<[string, number, string]>("INSERT INTO audio_blobs (sha256, content, part_bytes, upload_id) VALUES (?, x'', ?, ?)");
  const insertPart = db.prepare<[string, number, Uint8Array]>('INSERT INTO audio_parts (upload_id, seq, content) VALUES (?, ?, ?)');
  const touchUpload = db.prepare<[string, number]>('INSERT INTO audio_uploads (upload_id, touched_at) VALUES (?, ?) ON CONFLICT (upload_id) DO UPDATE SET touched_at = excluded.touched_at');
  const selectUpload = db.prepare<[string], number>('SELECT 1 FROM audio_uploads WHERE upload_id = ?').pluck();
  // length() of a blob reads its size from the record header: no part's bytes are read.
  const selectPartsShape = db.prepare<[string], { parts: number; bytes: number | null; last: number | null }>(
    'SELECT count(*) AS parts, sum(length(content)) AS bytes, max(seq) AS last FROM audio_parts WHERE upload_id = ?',
  );
  const selectPartSizes = db.prepare<[string], number>('SELECT length(content) FROM audio_parts WHERE upload_id = ? ORDER BY seq').pluck();
  const deleteParts = db.prepare<[string]>('DELETE FROM audio_parts WHERE upload_id = ?');
  const deleteUpload = db.prepare<[string]>('DELETE FROM audio_uploads WHERE upload_id = ?');
  const selectStale = db.prepare<[number], string>('SELECT upload_id FROM audio_uploads WHERE touched_at < ?').pluck();
  // Released (migration 37: touched_at 0) or stale: one upload at a time, the released first.
  const selectOneStale = db.prepare<[number], string>('SELECT upload_id FROM audio_uploads WHERE touched_at < ? ORDER BY touched_at LIMIT 1').pluck();
  const deleteSomeParts = db.prepare<[string, string, number]>('DELETE FROM audio_parts WHERE upload_id = ? AND seq IN (SELECT seq FROM audio_parts WHERE upload_id = ? ORDER BY seq DESC LIMIT ?)');
  const releaseUpload = db.prepare<[string]>('INSERT OR REPLACE INTO audio_uploads (upload_id, touched_at) VALUES (?, 0)');
  const selectReleased = db.prepare<[], number>('SELECT 1 FROM audio_uploads WHERE touched_at = 0 LIMIT 1').pluck();
  const readContent = createContentReader(db);
  const selectInfo = db.prepare<[string, string], AudioRow>(`SELECT ${INFO} FROM audio WHERE flow_id = ? AND name = ?`);
  const selectWhole = db.prepare<[string, string], AudioRow & BlobPlace>(
    `SELECT ${JOINED}, ${INLINE} AS content FROM audio a JOIN audio_blobs b ON b.sha256 = a.sha256 WHERE a.flow_id = ? AND a.name = ?`,
  );
  const selectPart = db.prepare<[number, number, string, string], AudioRow & BlobPlace>(
    `SELECT ${JOINED}, CASE WHEN b.part_bytes = 0 THEN substr(b.content, ?, ?) END AS content FROM audio a JOIN audio_blobs b ON b.sha256 = a.sha256 WHERE a.flow_id = ? AND a.name = ?`,
  );
  const selectOfFlow = db.prepare<[string], AudioRow>(`SELECT ${INFO} FROM audio WHERE flow_id = ? ORDER BY name`);
  const selectAll = db.prepare<[], AudioRow & BlobPlace>(`SELECT ${JOINED}, ${INLINE} AS content FROM audio a JOIN audio_blobs b ON b.sha256 = a.sha256 ORDER BY a.flow_id, a.name`);
  // Answered from the audio_sizes index (migration 31): no row, no blob page read.
  const sumOfFlow = db.prepare<[string], number>('SELECT COALESCE(SUM(bytes), 0) FROM audio WHERE flow_id = ?').pluck();
  const sumAll = db.prepare<[], number>('SELECT COALESCE(SUM(bytes), 0) FROM audio').pluck();
  const selectAllInfo = db.prepare<[], AudioRow>(`SELECT ${INFO} FROM audio ORDER BY flow_id, name`);
  const deleteOne = db.prepare<[string, string]>('DELETE FROM audio WHERE flow_id = ? AND name = ?');
  // One statement: a publish freezing the name (in its own write transaction) comes wholly before or after it.
  const deleteIf = db.prepare<{ flow_id: string; name: string; unless_frozen: number; unnamed_since: string | null }>(
    `DELETE FROM audio WHERE flow_id = @flow_id AND name = @name
       AND (@unless_frozen = 0 OR NOT EXISTS (SELECT 1 FROM audio_frozen f WHERE f.flow_id = @flow_id AND f.name = @name))
       AND (@unnamed_since IS NULL OR (unnamed_since IS NOT NULL AND unnamed_since <= @unnamed_since))`,
  );
  const markUnnamed = db.prepare<[string, string, string]>('UPDATE audio SET unnamed_since = ? WHERE flow_id = ? AND name = ? AND unnamed_since IS NULL');
  const clearUnnamed = db.prepare<[string]>('UPDATE audio SET unnamed_since = NULL WHERE flow_id = ? AND unnamed_since IS NOT NULL');
  const selectUnnamedOfFlow = db.prepare<[string], string>('SELECT name FROM audio WHERE flow_id = ? AND unnamed_since IS NOT NULL').pluck();
  const clearUnnamedOne = db.prepare<[string, string]>('UPDATE audio SET unnamed_since = NULL WHERE flow_id = ? AND name = ?');
  const selectAllFrozen = db.prepare<[], { flow_id: string; name: string }>('SELECT flow_id, name FROM audio_frozen ORDER BY flow_id, name');
  const deleteOfFlow = db.prepare<[string]>('DELETE FROM audio WHERE flow_id = ?');
  const deleteFrozenOfFlow = db.prepare<[string]>('DELETE FROM audio_frozen WHERE flow_id = ?');
  // A row naming the same bytes: no byte is copied. OR IGNORE: a name the copy holds already stays as it is.
  const copyOne = db.prepare<[string, string, string]>(
    `INSERT OR IGNORE INTO audio (flow_id, name, content_type, bytes, sha256, uploaded_at, take_of, unnamed_since)
     SELECT ?, name, content_type, bytes, sha256, uploaded_at, take_of, NULL FROM audio WHERE flow_id = ? AND name = ?`,
  );
  const selectFlow = db.prepare<[string], number>('SELECT 1 FROM flows WHERE id = ?').pluck();
  const deleteCopied = db.prepare<[string, string, string, string]>('DELETE FROM audio WHERE flow_id = ? AND name = ? AND sha256 = (SELECT sha256 FROM audio WHERE flow_id = ? AND name = ?)');
  const insertFrozen = db.prepare<[string, string]>('INSERT OR IGNORE INTO audio_frozen (flow_id, name) VALUES (?, ?)');
  const selectFrozen = db.prepare<[string, string], number>('SELECT 1 FROM audio_frozen WHERE flow_id = ? AND name = ?').pluck();
  const selectFrozenOfFlow = db.prepare<[string], string>('SELECT name FROM audio_frozen WHERE flow_id = ? ORDER BY name').pluck();

  // The write lock from the start (IMMEDIATE): the check that no flow holds `to` and the rows written see one state of the file.
  const copyRows = db.transaction((from: string, to: string, names: readonly string[]): string[] | null => {
    if (selectFlow.get(to) !== undefined) return null;
    deleteFrozenOfFlow.run(to);
    deleteOfFlow.run(to);
    return [...new Set(names)].filter((name) => copyOne.run(to, from, name).changes > 0);
  });

  /** Whether `condition` refuses the put (nothing written): the check `put` makes, for the store to skip writing parts for nothing. */
  const refuses = (audio: Pick<StoredAudio, 'flowId' | 'name'>, condition?: AudioPutCondition): boolean =>
    (condition === 'unlessFrozen' && selectFrozen.get(audio.flowId, audio.name) !== undefined) || (condition === 'ifAbsent' && selectInfo.get(audio.flowId, audio.name) !== undefined);

  /** An upload's parts and its note deleted now, in the caller's statement (the start's sweep: no call is waiting yet). */
  const dropUploadNow = (uploadId: string): void => {
    deleteParts.run(uploadId);
    deleteUpload.run(uploadId);
  };

  /**
   * An upload's parts let go (refused, bytes stored already, failed): noted released (migration
   * 37), never read again, deleted by `sweepStep` a few at a time rather than all in this write.
   */
  const dropUpload = (uploadId: string): void => {
    releaseUpload.run(uploadId);
  };

  /** The parts of `uploadId` hold exactly `bytes` bytes, `AUDIO_PART_BYTES` each but the last, none missing. */
  const partsComplete = (uploadId: string, bytes: number): boolean => {
    const shape = selectPartsShape.get(uploadId);
    if (!shape || shape.parts !== Math.ceil(bytes / AUDIO_PART_BYTES) || shape.bytes !== bytes || shape.last !== shape.parts - 1) return false;
    const sizes = selectPartSizes.all(uploadId);
    return sizes.every((size, i) => size === (i < sizes.length - 1 ? AUDIO_PART_BYTES : bytes - AUDIO_PART_BYTES * i));
  };

  /**
   * Run inside the store's write transaction: the check and the write are one step for every
   * process on the file. `audio.sha256` and `audio.bytes` must be the content's own (the store
   * computes them from the bytes, never from what it was told). Returns 'missing' (nothing
   * written) when no bytes are given and none are stored under the hash: the store then writes
   * them in parts and puts again. An upload's parts become the blob here, with the row, at once.
   */
  const put = (audio: StoredAudio, source: BlobSource, condition?: AudioPutCondition): boolean | 'missing' => {
    const uploadId = source !== null && 'uploadId' in source ? source.uploadId : null;
    if (refuses(audio, condition)) {
      if (uploadId !== null) dropUpload(uploadId);
      return false;
    }
    if (selectBlob.get(audio.sha256) !== undefined) {
      // The same bytes stored meanwhile (another upload of them, here or on another instance): this one's parts go.
      if (uploadId !== null) dropUpload(uploadId);
    } else if (source === null) {
      return 'missing';
    } else if (uploadId !== null) {
      // Swept (stale) or cut short: the put fails rather than name bytes that are not all there.
      if (selectUpload.get(uploadId) === undefined || !partsComplete(uploadId, audio.bytes)) {
        dropUpload(uploadId);
        throw new Error(`the parts of recorded prompt ${audio.flowId}/${audio.name} are not all stored (upload ${uploadId}): nothing saved, upload it again`);
      }
      insertPartedBlob.run(audio.sha256, AUDIO_PART_BYTES, uploadId);
      deleteUpload.run(uploadId);
    } else if ('content' in source) {
      insertBlob.run(audio.sha256, source.content);
    }
    if (condition === 'ifAbsent') insertFrozen.run(audio.flowId, audio.name);
    upsert.run({
      flow_id: audio.flowId,
      name: audio.name,
      content_type: audio.contentType,
      bytes: audio.bytes,
      sha256: audio.sha256,
      uploaded_at: audio.uploadedAt,
      take_of: audio.takeOf ?? null,
    });
    return true;
  };

  /** One part of an upload's bytes (`seq` from 0), and the upload noted as alive now (`nowMs`). */
  const writePart = (uploadId: string, seq: number, content: Uint8Array, nowMs: number): void => {
    insertPart.run(uploadId, seq, content);
    touchUpload.run(uploadId, nowMs);
  };

  /** The bytes in the transaction of the put, in parts past `AUDIO_PART_BYTES` (a restore: one transaction anyway). */
  const putWhole = (audio: StoredAudio, content: Uint8Array, condition?: AudioPutCondition): boolean => {
    if (content.byteLength <= AUDIO_PART_BYTES || selectBlob.get(audio.sha256) !== undefined) return put(audio, { content }, condition) === true;
    const uploadId = randomUUID();
    for (let seq = 0, at = 0; at < content.byteLength; seq += 1, at += AUDIO_PART_BYTES) writePart(uploadId, seq, content.subarray(at, at + AUDIO_PART_BYTES), Date.now());
    return put(audio, { uploadId }, condition) === true;
  };

  return {
    put,
    putWhole,
    writePart,
    dropUpload,
    refuses,
    /** Uploads whose last part is older than `beforeMs` (a process killed or failed mid-way): their parts go. Returns how many uploads. */
    sweepUploads(beforeMs: number): number {
      const stale = selectStale.all(beforeMs);
      for (const uploadId of stale) dropUploadNow(uploadId);
      return stale.length;
    },
    /** Whether parts are noted released (migration 37), waiting for `sweepStep`: a read of one index entry. */
    hasReleased: (): boolean => selectReleased.get() !== undefined,
    /**
     * One short step of the sweep (its own write): up to `parts` parts of one released or stale
     * upload (`touched_at` before `beforeMs`) deleted, or its note once none is left. Returns
     * 'parts' or 'upload' for what went, null when no upload is left to sweep.
     */
    sweepStep(beforeMs: number, parts: number): 'parts' | 'upload' | null {
      const uploadId = selectOneStale.get(beforeMs);
      if (uploadId === undefined) return null;
      if (deleteSomeParts.run(uploadId, uploadId, parts).changes > 0) return 'parts';
      deleteUpload.run(uploadId);
      return 'upload';
    },
    info(flowId: string, name: string): StoredAudio | null {
      const row = selectInfo.get(flowId, name);
      return row ? toAudio(row) : null;
    },
    read(flowId: string, name: string, range?: ByteRange): { audio: StoredAudio; content: Buffer } | null {
      const row = range ? selectPart.get(range.start + 1, Math.max(0, range.end - range.start + 1), flowId, name) : selectWhole.get(flowId, name);
      if (!row) return null;
      // substr of a blob is a blob; an empty one comes back as a zero-length Buffer. The parts read are the range's only.
      return { audio: toAudio(row), content: readContent(row, row.bytes, range) };
    },
    /**
     * What `openAudio` reads: the row, and the range clamped to its size; an old file's bytes (in
     * its row) at once, cut by `substr`; a file in parts, where they are (`uploadId`), none read yet.
     */
    open(flowId: string, name: string, range?: ByteRange): { audio: StoredAudio; start: number; end: number; inRow: Buffer | null; parts: { uploadId: string; partBytes: number } | null } | null {
      const row = range ? selectPart.get(range.start + 1, Math.max(0, range.end - range.start + 1), flowId, name) : selectWhole.get(flowId, name);
      if (!row) return null;
      const start = range ? Math.min(Math.max(0, range.start), row.bytes) : 0;
      const end = Math.min(row.bytes - 1, range ? range.end : row.bytes - 1);
      if (row.upload_id !== null && row.part_bytes > 0) return { audio: toAudio(row), start, end, inRow: null, parts: { uploadId: row.upload_id, partBytes: row.part_bytes } };
      const content = end < start ? Buffer.alloc(0) : readContent(row, row.bytes, range);
      return { audio: toAudio(row), start, end, inRow: content, parts: null };
    },
    part: createPartReader(db),
    list: (flowId: string): StoredAudio[] => selectOfFlow.all(flowId).map(toAudio),
    bytes: (flowId?: string): number => (flowId === undefined ? sumAll.get() : sumOfFlow.get(flowId)) ?? 0,
    remove: (flowId: string, name: string, condition?: AudioDeleteCondition): boolean =>
      (condition ? deleteIf.run({ flow_id: flowId, name, unless_frozen: condition.unlessFrozen ? 1 : 0, unnamed_since: condition.unnamedSince ?? null }) : deleteOne.run(flowId, name)).changes > 0,
    noteUnnamed(flowId: string, unnamed: readonly string[], at: string): void {
      const keep = new Set(unnamed);
      if (keep.size === 0) {
        clearUnnamed.run(flowId);
        return;
      }
      for (const name of selectUnnamedOfFlow.all(flowId)) if (!keep.has(name)) clearUnnamedOne.run(flowId, name);
      for (const name of keep) markUnnamed.run(at, flowId, name);
    },
    freeze(flowId: string, names: readonly string[]): void {
      for (const name of names) insertFrozen.run(flowId, name);
    },
    frozen: (flowId: string): string[] => selectFrozenOfFlow.all(flowId),
    /**
     * The recordings `names` of `from` under `to`, rows only (SqliteStore.copyFlow), in one
     * transaction with clearing what a copy cut short left under `to`: none when a flow holds `to`
     * (null). Returns the names copied (those `from` holds).
     */
    copy: (from: string, to: string, names: readonly string[]): string[] | null => copyRows.immediate(from, to, names),
    /** Takes back a file `copy` made: only while it still holds `from`'s bytes. */
    removeCopy: (from: string, to: string, name: string): boolean => deleteCopied.run(to, name, from, name).changes > 0,
    removeFlow: (flowId: string): number => {
      deleteFrozenOfFlow.run(flowId);
      return deleteOfFlow.run(flowId).changes;
    },
    // Without `unnamedSince`: a restored take's grace starts again when the clean-up first finds it unnamed.
    dump: (): AudioDumpEntry[] =>
      selectAll.all().map((row) => {
        const { unnamedSince: _, ...audio } = toAudio(row);
        return dumpedAudio(audio, readContent(row, row.bytes));
      }),
    /** The descriptions only: each prompt's bytes are read by `read` (the dump's snapshot) when the backup writer comes to it. */
    dumpLazily: (read: (audio: StoredAudio) => Buffer, pieces?: (audio: StoredAudio) => AsyncIterable<Buffer>): AudioDumpEntry[] =>
      selectAllInfo.all().map((row) => {
        const { unnamedSince: _, ...audio } = toAudio(row);
        // The backup writer's dump: the bytes a stored part at a time (`pieces`), never joined.
        return pieces ? streamedAudio(audio, async () => pieces(audio)) : dumpedAudio(audio, () => read(audio));
      }),
    dumpFrozen: (): FrozenAudioName[] => selectAllFrozen.all().map((r) => ({ flowId: r.flow_id, name: r.name })),
    restore(entries: AudioDumpEntry[], frozen: readonly FrozenAudioName[] = []): void {
      for (const { base64, content, unnamedSince: _, ...audio } of entries) {
        // Keyed by the hash of the bytes restored, not the one the file states (`griot restore` checks them alike).
        const bytes = Buffer.isBuffer(content) ? content : Buffer.from(base64, 'base64');
        putWhole({ ...audio, sha256: contentKey(bytes), bytes: bytes.byteLength }, bytes);
      }
      for (const { flowId, name } of frozen) insertFrozen.run(flowId, name);
    },
  };
}

export type AudioTable = ReturnType<typeof createAudioTable>;
