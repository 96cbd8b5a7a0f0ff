import type Database from 'better-sqlite3';
import type { AudioDumpEntry, AudioPutCondition, ByteRange, StoredAudio } from '../types.ts';

interface AudioRow {
  flow_id: string;
  name: string;
  content_type: string;
  bytes: number;
  sha256: string;
  uploaded_at: string;
}

const toAudio = (r: AudioRow): StoredAudio => ({
  flowId: r.flow_id,
  name: r.name,
  contentType: r.content_type,
  bytes: r.bytes,
  sha256: r.sha256,
  uploadedAt: r.uploaded_at,
});
const INFO = 'flow_id, name, content_type, bytes, sha256, uploaded_at';

/**
 * Recorded prompts as blobs (migration 12), one row per flow and name. Reads of the description
 * name the columns before `content`, so SQLite never loads a file to list it; a range is cut by
 * `substr` inside SQLite. A replacement is one statement: readers see the old row or the new one.
 */
export function createAudioTable(db: Database.Database) {
  const upsert = db.prepare<[AudioRow & { content: Uint8Array }]>(
    `INSERT INTO audio (flow_id, name, content_type, bytes, sha256, uploaded_at, content)
     VALUES (@flow_id, @name, @content_type, @bytes, @sha256, @uploaded_at, @content)
     ON CONFLICT (flow_id, name) DO UPDATE SET content_type = excluded.content_type, bytes = excluded.bytes,
       sha256 = excluded.sha256, uploaded_at = excluded.uploaded_at, content = excluded.content`,
  );
  const selectInfo = db.prepare<[string, string], AudioRow>(`SELECT ${INFO} FROM audio WHERE flow_id = ? AND name = ?`);
  const selectWhole = db.prepare<[string, string], AudioRow & { content: Buffer }>(`SELECT ${INFO}, content FROM audio WHERE flow_id = ? AND name = ?`);
  const selectPart = db.prepare<[number, number, string, string], AudioRow & { content: Buffer }>(`SELECT ${INFO}, substr(content, ?, ?) AS content FROM audio WHERE flow_id = ? AND name = ?`);
  const selectOfFlow = db.prepare<[string], AudioRow>(`SELECT ${INFO} FROM audio WHERE flow_id = ? ORDER BY name`);
  const selectAll = db.prepare<[], AudioRow & { content: Buffer }>(`SELECT ${INFO}, content FROM audio ORDER BY flow_id, name`);
  const deleteOne = db.prepare<[string, string]>('DELETE FROM audio WHERE flow_id = ? AND name = ?');
  const deleteOfFlow = db.prepare<[string]>('DELETE FROM audio WHERE flow_id = ?');
  const deleteFrozenOfFlow = db.prepare<[string]>('DELETE FROM audio_frozen WHERE flow_id = ?');
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
    remove: (flowId: string, name: string): boolean => deleteOne.run(flowId, name).changes > 0,
    freeze(flowId: string, names: readonly string[]): void {
      for (const name of names) insertFrozen.run(flowId, name);
    },
    frozen: (flowId: string): string[] => selectFrozenOfFlow.all(flowId),
    removeFlow: (flowId: string): number => {
      deleteFrozenOfFlow.run(flowId);
      return deleteOfFlow.run(flowId).changes;
    },
    dump: (): AudioDumpEntry[] => selectAll.all().map((row) => ({ ...toAudio(row), base64: row.content.toString('base64') })),
    restore(entries: AudioDumpEntry[]): void {
      for (const { base64, ...audio } of entries) put(audio, Buffer.from(base64, 'base64'));
    },
  };
}

export type AudioTable = ReturnType<typeof createAudioTable>;
