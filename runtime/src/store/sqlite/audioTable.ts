import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { AudioDeleteCondition, AudioDumpEntry, AudioPutCondition, ByteRange, FrozenAudioName, StoredAudio } from '../types.ts';
import { dumpedAudio } from '../dumpedAudio.ts';

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
const JOINED = 'a.flow_id, a.name, a.content_type, a.bytes, a.sha256, a.uploaded_at, a.take_of, a.unnamed_since';

/** The key of a content in `audio_blobs`. */
export const contentKey = (content: Uint8Array): string => createHash('sha256').update(content).digest('hex');

/**
 * Recorded prompts (migration 12; a take's prompt and since when it is unnamed: 20; stored by
 * content: 35): one row per flow and name in `audio`, naming by its SHA-256 the bytes it plays in
 * `audio_blobs`, each content stored once whatever the rows naming it. Listing reads rows only; a
 * range is cut by `substr` inside SQLite. A replacement is one statement on the row: readers see
 * the old file or the new one. A blob no row names any more is deleted by migration 35's triggers
 * in the statement that let it go, so no path that deletes rows can leave one behind.
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
  const selectInfo = db.prepare<[string, string], AudioRow>(`SELECT ${INFO} FROM audio WHERE flow_id = ? AND name = ?`);
  const selectWhole = db.prepare<[string, string], AudioRow & { content: Buffer }>(
    `SELECT ${JOINED}, b.content FROM audio a JOIN audio_blobs b ON b.sha256 = a.sha256 WHERE a.flow_id = ? AND a.name = ?`,
  );
  const selectPart = db.prepare<[number, number, string, string], AudioRow & { content: Buffer }>(
    `SELECT ${JOINED}, substr(b.content, ?, ?) AS content FROM audio a JOIN audio_blobs b ON b.sha256 = a.sha256 WHERE a.flow_id = ? AND a.name = ?`,
  );
  const selectOfFlow = db.prepare<[string], AudioRow>(`SELECT ${INFO} FROM audio WHERE flow_id = ? ORDER BY name`);
  const selectAll = db.prepare<[], AudioRow & { content: Buffer }>(`SELECT ${JOINED}, b.content FROM audio a JOIN audio_blobs b ON b.sha256 = a.sha256 ORDER BY a.flow_id, a.name`);
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

  // Run inside the store's write transaction: the check and the write are one step for every process on the file.
  const put = (stated: StoredAudio, content: Uint8Array, condition?: AudioPutCondition): boolean => {
    // The key is the bytes' own hash, computed here whatever the caller stated (about 10–20 ms for
    // 10 MiB, once per upload): a wrong stated hash would otherwise serve this row another file's
    // bytes, or store these under another file's key. The row's size is the bytes' too.
    const audio: StoredAudio = { ...stated, sha256: contentKey(content), bytes: content.byteLength };
    if (condition === 'unlessFrozen' && selectFrozen.get(audio.flowId, audio.name) !== undefined) return false;
    if (condition === 'ifAbsent') {
      if (selectInfo.get(audio.flowId, audio.name)) return false;
      insertFrozen.run(audio.flowId, audio.name);
    }
    if (selectBlob.get(audio.sha256) === undefined) insertBlob.run(audio.sha256, content);
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

  return {
    put,
    info(flowId: string, name: string): StoredAudio | null {
      const row = selectInfo.get(flowId, name);
      return row ? toAudio(row) : null;
    },
    read(flowId: string, name: string, range?: ByteRange): { audio: StoredAudio; content: Buffer } | null {
      const row = range ? selectPart.get(range.start + 1, Math.max(0, range.end - range.start + 1), flowId, name) : selectWhole.get(flowId, name);
      if (!row) return null;
      // substr of a blob is a blob; an empty one comes back as a zero-length Buffer.
      return { audio: toAudio(row), content: Buffer.isBuffer(row.content) ? row.content : Buffer.from(row.content ?? []) };
    },
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
        return dumpedAudio(audio, row.content);
      }),
    /** The descriptions only: each prompt's bytes are read by `read` (the dump's snapshot) when the backup writer comes to it. */
    dumpLazily: (read: (audio: StoredAudio) => Buffer): AudioDumpEntry[] =>
      selectAllInfo.all().map((row) => {
        const { unnamedSince: _, ...audio } = toAudio(row);
        return dumpedAudio(audio, () => read(audio));
      }),
    dumpFrozen: (): FrozenAudioName[] => selectAllFrozen.all().map((r) => ({ flowId: r.flow_id, name: r.name })),
    restore(entries: AudioDumpEntry[], frozen: readonly FrozenAudioName[] = []): void {
      for (const { base64, content, unnamedSince: _, ...audio } of entries) {
        // Keyed by the hash of the bytes restored (put computes it), not the one the file states (`griot restore` checks them alike).
        put(audio, Buffer.isBuffer(content) ? content : Buffer.from(base64, 'base64'));
      }
      for (const { flowId, name } of frozen) insertFrozen.run(flowId, name);
    },
  };
}

export type AudioTable = ReturnType<typeof createAudioTable>;
