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

/**
 * Recorded prompts as blobs (migration 12; a take's prompt and since when it is unnamed: 20), one row per flow and name. Reads of the description
 * name the columns before `content`, so SQLite never loads a file to list it; a range is cut by
 * `substr` inside SQLite. A replacement is one statement: readers see the old row or the new one.
 */
export function createAudioTable(db: Database.Database) {
  // A new file under a name is a new upload: its take (or none) is the new one's, and nothing noted it unnamed yet.
  const upsert = db.prepare<[Omit<AudioRow, 'unnamed_since'> & { content: Uint8Array }]>(
    `INSERT INTO audio (flow_id, name, content_type, bytes, sha256, uploaded_at, take_of, unnamed_since, content)
     VALUES (@flow_id, @name, @content_type, @bytes, @sha256, @uploaded_at, @take_of, NULL, @content)
     ON CONFLICT (flow_id, name) DO UPDATE SET content_type = excluded.content_type, bytes = excluded.bytes,
       sha256 = excluded.sha256, uploaded_at = excluded.uploaded_at, take_of = excluded.take_of, unnamed_since = NULL,
       content = excluded.content`,
  );
  const selectInfo = db.prepare<[string, string], AudioRow>(`SELECT ${INFO} FROM audio WHERE flow_id = ? AND name = ?`);
  const selectWhole = db.prepare<[string, string], AudioRow & { content: Buffer }>(`SELECT ${INFO}, content FROM audio WHERE flow_id = ? AND name = ?`);
  const selectPart = db.prepare<[number, number, string, string], AudioRow & { content: Buffer }>(`SELECT ${INFO}, substr(content, ?, ?) AS content FROM audio WHERE flow_id = ? AND name = ?`);
  const selectOfFlow = db.prepare<[string], AudioRow>(`SELECT ${INFO} FROM audio WHERE flow_id = ? ORDER BY name`);
  const selectAll = db.prepare<[], AudioRow & { content: Buffer }>(`SELECT ${INFO}, content FROM audio ORDER BY flow_id, name`);
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
  // The bytes move inside SQLite, never through JavaScript. OR IGNORE: a name another flow of this id holds (one created during the copy) stays its own.
  const copyOne = db.prepare<[string, string, string]>(
    `INSERT OR IGNORE INTO audio (flow_id, name, content_type, bytes, sha256, uploaded_at, take_of, unnamed_since, content)
     SELECT ?, name, content_type, bytes, sha256, uploaded_at, take_of, NULL, content FROM audio WHERE flow_id = ? AND name = ?`,
  );
  const deleteCopied = db.prepare<[string, string, string, string]>('DELETE FROM audio WHERE flow_id = ? AND name = ? AND sha256 = (SELECT sha256 FROM audio WHERE flow_id = ? AND name = ?)');
  const insertFrozen = db.prepare<[string, string]>('INSERT OR IGNORE INTO audio_frozen (flow_id, name) VALUES (?, ?)');
  const selectFrozen = db.prepare<[string, string], number>('SELECT 1 FROM audio_frozen WHERE flow_id = ? AND name = ?').pluck();
  const selectFrozenOfFlow = db.prepare<[string], string>('SELECT name FROM audio_frozen WHERE flow_id = ? ORDER BY name').pluck();

  // Run inside the store's write transaction: the check and the write are one step for every process on the file.
  const put = (audio: StoredAudio, content: Uint8Array, condition?: AudioPutCondition): boolean => {
    if (condition === 'unlessFrozen' && selectFrozen.get(audio.flowId, audio.name) !== undefined) return false;
    if (condition === 'ifAbsent') {
      if (selectInfo.get(audio.flowId, audio.name)) return false;
      insertFrozen.run(audio.flowId, audio.name);
    }
    upsert.run({
      flow_id: audio.flowId,
      name: audio.name,
      content_type: audio.contentType,
      bytes: audio.bytes,
      sha256: audio.sha256,
      uploaded_at: audio.uploadedAt,
      take_of: audio.takeOf ?? null,
      content,
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
    /** One recording of `from` copied under `to` (SqliteStore.copyFlow): false when `from` holds none, or `to` holds one already. */
    copy: (from: string, to: string, name: string): boolean => copyOne.run(to, from, name).changes > 0,
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
      for (const { base64, content, unnamedSince: _, ...audio } of entries) put(audio, Buffer.isBuffer(content) ? content : Buffer.from(base64, 'base64'));
      for (const { flowId, name } of frozen) insertFrozen.run(flowId, name);
    },
  };
}

export type AudioTable = ReturnType<typeof createAudioTable>;
