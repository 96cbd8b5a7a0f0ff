/**
 * Recorded prompts, kept in the Store (SQLite: rows naming blobs stored once per content; MongoDB: GridFS) so every
 * instance serves what any of them received, and backups carry them. One file per flow and name
 * (`fon/welcome.wav`); saving a name again replaces it whole: a call fetching it meanwhile gets
 * the old or the new file, never half of each.
 */
export interface StoredAudio {
  flowId: string;
  /** Folders and a file name, e.g. `fon/welcome.wav` (checked by the audio library). */
  name: string;
  contentType: string;
  /** Its size in bytes. */
  bytes: number;
  /**
   * SHA-256 of the content, hex: the HTTP ETag, how an import knows a file is already there, and
   * (SQLite) the key its bytes are stored under, once for every row naming them. The SQLite store
   * computes it (and `bytes`) from the content it is given, whatever `putAudio` was told: a wrong
   * stated hash can never serve a row another file's bytes.
   */
  sha256: string;
  uploadedAt: string;
  /**
   * The prompt this file is a numbered take of (`fon/welcome.wav` for `fon/welcome-3.wav`): set
   * only when the designer's upload kept a new take under the next numbered name because a
   * published version holds the prompt's name (`ifInUse=rename`). Only such files may be removed
   * by the clean-up of superseded takes; a file uploaded or imported under its own name never is.
   */
  takeOf?: string;
  /**
   * Since when nothing names the file (noted by the clean-up of superseded takes, cleared once
   * something names it again and by a new upload under its name). Kept in the store, so a
   * restart neither resets nor skips the grace period; not in backups (a restore starts it again).
   */
  unnamedSince?: string;
}

/** A name a published version holds, as a backup carries it (it may have no file yet). */
export interface FrozenAudioName {
  flowId: string;
  name: string;
}

/**
 * When a delete may remove: `unlessFrozen`, only a name no publish froze (checked and removed at
 * once, so a publish freezing the name meanwhile wins and the file stays); `unnamedSince`, only
 * a file noted unnamed at or before this time (a take uploaded again or named meanwhile stays).
 */
export interface AudioDeleteCondition {
  unlessFrozen?: boolean;
  unnamedSince?: string;
}

/** A part of a file: bytes `start` to `end`, both included (HTTP's Range). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * A file opened for reading (`openAudio`): its description and its bytes, or `range` of them
 * (clamped to its size), yielded a stored part at a time (SQLite: a 256 KiB part, or an old
 * file's row at once; MongoDB: GridFS's download stream) as the reader asks for them. The file is
 * fixed when opened: a name replaced or deleted meanwhile never mixes another file's bytes in;
 * when its parts go mid-way the iteration fails (the reader's answer is cut, never wrong).
 * Stopping the iteration early (`return`, a closed socket) reads no further part.
 */
export interface AudioReading {
  audio: StoredAudio;
  /** The first byte yielded (0 without a range). */
  start: number;
  /** How many bytes the parts add up to. */
  length: number;
  parts: AsyncIterable<Buffer>;
}

/** A recorded prompt as a backup holds it: its description and its content in base64. */
export interface AudioDumpEntry extends StoredAudio {
  base64: string;
  /**
   * Restore only: the bytes already decoded (a backup file is read prompt by prompt, each decoded
   * as it comes, so the file's audio is never held twice); `base64` is then empty. A dump never sets it.
   */
  content?: Buffer;
}

/**
 * When a put may write: `unlessFrozen`, only under a name no published version holds (checked and
 * written at once, so a publish freezing the name meanwhile wins); `ifAbsent`, only where nothing
 * is stored yet (a frozen name whose file is still to bring), freezing what it writes. Without
 * one, the put always writes (a restore, an import).
 */
export type AudioPutCondition = 'unlessFrozen' | 'ifAbsent';

/**
 * A file as `putAudio` is told of it: its SHA-256 need not be known (an upload's is computed once,
 * by the store, from the bytes it stores: a slice at a time, the event loop let go between slices), and is never trusted when given.
 */
export type AudioToPut = Omit<StoredAudio, 'sha256'> & { sha256?: string };

/**
 * How long an upload's stored parts (SQLite `audio_parts`, GridFS `audio.chunks`) may wait for the
 * next before nothing will name them: its process was killed, or failed past its clean-up. A live
 * upload writes its next part within milliseconds, seconds under a heavy load: 2 minutes leaves an
 * upload on another instance of the store its time.
 */
export const AUDIO_UPLOAD_GRACE_MS = 2 * 60_000;

/**
 * How long a file's GridFS chunks that no `audio.files` document names must stay so, with no chunk
 * added, between the sweep that first noted them and the one that deletes them (the sweeps' own
 * observations, not the time in the file id: an instance whose clock is behind stamps ids that look
 * old, and files of an older id scheme carry no time). GridFS writes that document after the last
 * chunk, and nothing notes a chunk's progress as SQLite's `audio_uploads` does. An hour: what a killed
 * process or a delete cut short left goes within two (the job is hourly).
 */
export const AUDIO_ORPHAN_CHUNKS_GRACE_MS = 60 * 60_000;

/** The Store's part for recorded audio (SQLite table `audio`, MongoDB GridFS bucket `audio`). */
export interface AudioStore {
  /** Stores the file, replacing one of the same flow and name at once; false when `condition` refused it (nothing written). */
  putAudio(audio: AudioToPut, content: Uint8Array, condition?: AudioPutCondition): Promise<boolean>;
  /**
   * Marks names a published version holds (a publish does, before it adds the version): from
   * then on, what is stored under each is what it keeps; an `unlessFrozen` put is refused.
   */
  freezeAudio(flowId: string, names: readonly string[]): Promise<void>;
  /** The flow's frozen names, sorted. */
  listFrozenAudio(flowId: string): Promise<string[]>;
  /**
   * Notes which of a flow's files nothing names: each of `unnamed` keeps the time it was first
   * noted unnamed (`at` when it had none); every other file of the flow is named again (its note
   * cleared). Idempotent: a run cut short is completed by the next.
   */
  noteUnnamedAudio(flowId: string, unnamed: readonly string[], at: string): Promise<void>;
  getAudioInfo(flowId: string, name: string): Promise<StoredAudio | null>;
  /** The file's content, or only `range` of it (clamped to its size); null when absent. */
  readAudio(flowId: string, name: string, range?: ByteRange): Promise<{ audio: StoredAudio; content: Buffer } | null>;
  /** The file's content (or `range` of it, clamped) to read a part at a time, never joined in memory; null when absent. */
  openAudio(flowId: string, name: string, range?: ByteRange): Promise<AudioReading | null>;
  /** A flow's files by name. */
  listAudio(flowId: string): Promise<StoredAudio[]>;
  /**
   * The bytes a flow's files hold together, or every flow's without `flowId` (the quotas' check):
   * one statement (SQLite: a SUM over an index; MongoDB: an aggregate over the filename index),
   * no file described. A name being replaced counts its newest file once.
   */
  audioBytes(flowId?: string): Promise<number>;
  /** Removes the file; false when there was none, or when `condition` refused it (nothing removed). */
  deleteAudio(flowId: string, name: string, condition?: AudioDeleteCondition): Promise<boolean>;
  /** Every file of a flow and its frozen names (purged: a new flow may take its id); returns how many files. */
  deleteFlowAudio(flowId: string): Promise<number>;
  /**
   * Deletes stored bytes no file names any more: those of uploads a killed process cut short,
   * once older than their grace at `now` (SQLite: their parts, `AUDIO_UPLOAD_GRACE_MS` after the
   * last; MongoDB: GridFS chunks no `audio.files` document has, noted by one sweep and deleted by a later one `AUDIO_ORPHAN_CHUNKS_GRACE_MS` after if unchanged and still unnamed), and (SQLite) parts a delete let go and a killed process left.
   * A few at a time, each its own short write. Returns how many uploads' bytes went (the hourly `audio-sweep` job).
   */
  sweepAudioLeftovers(now: Date): Promise<number>;
}
