import { randomUUID } from 'node:crypto';
import { GridFSBucket, type ClientSession, type Db, type IndexDescription } from 'mongodb';
import type { AudioDeleteCondition, AudioDumpEntry, AudioPutCondition, AudioReading, AudioStore, AudioToPut, ByteRange, FrozenAudioName, StoredAudio } from '../types.ts';
import { AUDIO_ORPHAN_CHUNKS_GRACE_MS } from '../audioTypes.ts';
import { contentHashOf } from '../contentHash.ts';
import { isDuplicateKey } from './isDuplicateKey.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { inSession } from './mongoTransactions.ts';
import { dumpedAudio, streamedAudio } from '../dumpedAudio.ts';

/** The GridFS bucket of recorded prompts: collections `audio.files` and `audio.chunks`. */
export const AUDIO_BUCKET = 'audio';

/** What a prompt's GridFS file document holds (`filename` is `<flowId>/<name>`). */
export interface AudioFileDocument {
  _id: string;
  length: number;
  chunkSize: number;
  uploadDate: Date;
  filename: string;
  metadata: StoredAudio;
}

/**
 * A name a published version holds (`_id` is `<flowId>/<name>`), and the file it holds: the one
 * served under the name from then on, whatever upload lands later (null: none stored yet).
 *
 * Or, with `deleting`, not a pin but a conditional delete under way on the name (the deleter's
 * token): the one document a freeze and a delete both write, so of the two the first to reach
 * it wins. A freeze that finds the marker takes it over (the name stays frozen, without the
 * files being removed: filled once, like a version's name imported ahead of its recording);
 * the deleter removes its marker when done, unless a freeze took it.
 */
export interface FrozenAudioDocument {
  _id: string;
  flowId: string;
  name: string;
  fileId?: string | null;
  deleting?: string;
}

/**
 * A GridFS file id whose chunks the sweep found with no `audio.files` document naming them
 * (`_id` is the chunks' `files_id`): when first seen so (`seenAt`, by the sweeping instance's
 * clock) and how many chunks it had then. Its chunks go only when a later sweep finds them still
 * unnamed, no chunk added, `AUDIO_ORPHAN_CHUNKS_GRACE_MS` after the note; whatever the id says.
 */
export interface AudioOrphanDocument {
  _id: string;
  seenAt: Date;
  chunks: number;
}

/** A frozen name's pin, not a delete's marker. */
const PINNED = { deleting: { $exists: false } };
const DELETING = { deleting: { $exists: true } };

/** GridFS's own indexes (the driver creates them too before a first upload): the newest file of a name, a file's chunks in order; frozen names by flow. */
export const audioIndexes: Record<'audio.files' | 'audio.chunks' | 'audioFrozen' | 'audioOrphans', IndexDescription[]> = {
  'audio.files': [{ key: { filename: 1, uploadDate: 1 } }, { key: { filename: 1, uploadDate: 1, _id: 1 } }],
  'audio.chunks': [{ key: { files_id: 1, n: 1 }, unique: true }],
  audioFrozen: [{ key: { flowId: 1, name: 1 } }],
  // Keyed by _id (the chunks' files_id): read and cleared by ranges of it, as the sweep walks the chunks.
  audioOrphans: [],
};

/** GridFS chunks (255 KiB each) a delete removes per write: about 1 MB, a short write, as SQLite's parts (4 per write). */
export const CHUNKS_A_DELETE = 4;

/**
 * A file's chunks removed a few per write (`CHUNKS_A_DELETE`), in order, after its file document
 * went (readers no longer find it): a 10 MiB file's 41 chunks are 11 short writes, not one long
 * `deleteMany`. A process killed mid-way leaves chunks no file names: the sweep takes them.
 */
export async function deleteChunksInSteps(c: MongoCollections, fileId: unknown): Promise<void> {
  const chunks = c['audio.chunks'];
  for (;;) {
    const step = await chunks
      .find({ files_id: fileId as never }, { projection: { _id: 1 } })
      .sort({ n: 1 })
      .limit(CHUNKS_A_DELETE)
      .toArray();
    if (step.length === 0) return;
    await chunks.deleteMany({ _id: { $in: step.map((chunk) => chunk._id) } } as never);
  }
}

/** A GridFS file gone for readers at once (its document), then its chunks in steps. */
export async function deleteFileInSteps(c: MongoCollections, fileId: unknown): Promise<void> {
  await c['audio.files'].deleteOne({ _id: fileId as never });
  await deleteChunksInSteps(c, fileId);
}

/**
 * Uploads in one millisecond share their `uploadDate`: the file id breaks the tie, so every
 * instance agrees on which of a name's files is the newest. Ids grow with each upload of this
 * process (a later save of a name is never taken for the older one), and begin with the time,
 * so another instance's ids fall in the same order give or take its clock.
 */
let lastStamp = 0;
export function newAudioFileId(now = Date.now()): string {
  lastStamp = Math.max(now, lastStamp + 1);
  return `${lastStamp.toString(36).padStart(10, '0')}-${randomUUID()}`;
}
const NEWEST_FIRST = { uploadDate: -1, _id: -1 } as const;
/** When a file id of `newAudioFileId` was made (its first part, the time in base 36), or null for an id of another shape. */
export function audioFileIdTime(id: unknown): number | null {
  if (typeof id !== 'string' || !/^[0-9a-z]{10}-/.test(id)) return null;
  return Number.parseInt(id.slice(0, 10), 36);
}
/** File ids whose chunks `sweepOrphanChunks` checks per query of `audio.files`. */
const IDS_A_CHECK = 100;

/**
 * GridFS chunks no `audio.files` document names: an upload a killed process cut short (GridFS
 * writes the file document after its chunks), a delete cut between the file document and its
 * chunks, a file of an older id scheme left so. Their age is judged by what the sweeps saw, not by
 * the clock in the ids (an instance whose clock is behind stamps ids that look old while its
 * upload runs; an older id has no time at all): a file id found unnamed is noted (`audioOrphans`,
 * `now` and its chunk count); a later sweep deletes its chunks (in steps) only when still unnamed,
 * with no chunk added since, `graceMs` after the note. A chunk added, or the file named, clears the note.
 * Found by walking the chunks' `files_id` index one file at a time (no collection scan), the ids
 * checked against `audio.files` a hundred at a time; notes of ids with no chunk left are cleared as
 * the walk passes them. Returns how many files' chunks went.
 */
export async function sweepOrphanChunks(c: MongoCollections, now: Date, graceMs: number): Promise<number> {
  const chunks = c['audio.chunks'];
  const notes = c.audioOrphans;
  let after: string | undefined;
  let swept = 0;
  for (;;) {
    const lower = after;
    const ids: string[] = [];
    while (ids.length < IDS_A_CHECK) {
      const [next] = await chunks
        .find({ files_id: lower === undefined && ids.length === 0 ? { $gte: '' } : { $gt: after } } as never, { projection: { _id: 0, files_id: 1 } })
        .sort({ files_id: 1 })
        .limit(1)
        .toArray();
      if (!next) break;
      after = next.files_id as unknown as string;
      ids.push(after);
    }
    const full = ids.length === IDS_A_CHECK;
    // Notes of ids the walk passed that have no chunk any more (named and then removed, or swept by another instance).
    await notes.deleteMany({ _id: { ...(lower === undefined ? { $gte: '' } : { $gt: lower }), ...(full ? { $lte: ids[ids.length - 1] } : {}), $nin: ids } });
    if (ids.length === 0) return swept;
    const named = new Set((await c['audio.files'].find({ _id: { $in: ids } }, { projection: { _id: 1 } }).toArray()).map((f) => f._id));
    const noted = new Map((await notes.find({ _id: { $in: ids } }).toArray()).map((note) => [note._id, note]));
    for (const id of ids) {
      const note = noted.get(id);
      if (named.has(id)) {
        if (note) await notes.deleteOne({ _id: id });
        continue;
      }
      const count = await chunks.countDocuments({ files_id: id as never });
      if (note && note.chunks === count && now.getTime() - note.seenAt.getTime() >= graceMs) {
        // Named after all, just now (an upload finishing as the sweep came)? Then its chunks stay.
        if (await c['audio.files'].findOne({ _id: id }, { projection: { _id: 1 } })) continue;
        await deleteChunksInSteps(c, id);
        await notes.deleteOne({ _id: id });
        swept += 1;
      } else if (!note || note.chunks !== count) {
        await notes.updateOne({ _id: id }, { $set: { seenAt: now, chunks: count } }, { upsert: true });
      }
    }
    if (ids.length < IDS_A_CHECK) return swept;
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const filenameOf = (flowId: string, name: string) => `${flowId}/${name}`;
/** Every name of a flow: an anchored prefix, answered from the filename index. */
export const ofFlow = (flowId: string) => ({ filename: { $regex: `^${escapeRegExp(`${flowId}/`)}` } });

/**
 * Removes a flow's prompts, with the flow (`flowDocuments`, in its transaction on a replica set):
 * the file documents first, so no reader finds a file whose chunks are gone; chunks left by an
 * interruption belong to no file and are never read.
 */
export async function removeFlowAudio(c: MongoCollections, flowId: string, session?: ClientSession): Promise<number> {
  const options = inSession(session);
  const files = await c['audio.files'].find(ofFlow(flowId), { projection: { _id: 1 }, ...options }).toArray();
  if (files.length === 0) {
    await c.audioFrozen.deleteMany({ flowId }, options);
    return 0;
  }
  await c.audioFrozen.deleteMany({ flowId }, options);
  const ids = files.map((f) => f._id);
  const removed = (await c['audio.files'].deleteMany({ _id: { $in: ids } }, options)).deletedCount;
  // In a transaction, the chunks go with the files (one commit); outside one, a few per write after them.
  if (session) await c['audio.chunks'].deleteMany({ files_id: { $in: ids } }, options);
  else for (const id of ids) await deleteChunksInSteps(c, id);
  return removed;
}

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part as Uint8Array));
  return Buffer.concat(parts);
}

/**
 * Recorded prompts in GridFS, the driver's way of keeping files of any size in MongoDB (chunks of
 * 255 KiB), one file per upload. Saving a name again uploads a new file, then removes the older
 * ones of that name: readers take the newest complete file (GridFS writes the file document
 * after its chunks), so a call hears the old prompt or the new one, and of two instances saving
 * one name at once the later upload stays.
 *
 * A frozen name (`audioFrozen`) pins the file it had when frozen, and readers take that one: an
 * upload that lands after the freeze is never served, and removes itself when it sees the pin
 * (a conditional put then answers false). The pin is one document written at once, so of a
 * freeze and an upload the first to reach it wins, whatever instance runs each.
 */
/** GridFS chunks (255 kB each) read in one batch by a backup: about 1 MB held at a time. */
const CHUNKS_A_BATCH = 4;

export function createMongoAudio(
  db: Db,
  c: MongoCollections,
): AudioStore & {
  copyToNewFlow(from: string, to: string, names: readonly string[]): Promise<{ names: string[]; undo: () => Promise<void> }>;
  dump(session?: ClientSession): Promise<AudioDumpEntry[]>;
  dumpPieces(session?: ClientSession): Promise<AudioDumpEntry[]>;
  dumpFrozen(session?: ClientSession): Promise<FrozenAudioName[]>;
  restore(entries: AudioDumpEntry[], frozen?: readonly FrozenAudioName[]): Promise<void>;
} {
  const bucket = new GridFSBucket(db, { bucketName: AUDIO_BUCKET });
  const files = c['audio.files'];
  const frozen = c.audioFrozen;

  const pinOf = (key: string) => frozen.findOne({ _id: key, ...PINNED });

  const newestUpload = (flowId: string, name: string) =>
    files
      .find({ filename: filenameOf(flowId, name) })
      .sort(NEWEST_FIRST)
      .limit(1)
      .toArray()
      .then((found) => found[0] ?? null);

  /** The file served under a name: the pinned one of a frozen name, else the newest upload. */
  async function newest(flowId: string, name: string): Promise<AudioFileDocument | null> {
    const pin = await pinOf(filenameOf(flowId, name));
    if (pin?.fileId) {
      const pinned = await files.findOne({ _id: pin.fileId });
      if (pinned) return pinned;
    }
    return newestUpload(flowId, name);
  }

  async function upload(given: StoredAudio, content: Uint8Array): Promise<string> {
    const id = newAudioFileId();
    // A new upload: nothing noted it unnamed yet.
    const { unnamedSince: _, ...audio } = given;
    const stream = bucket.openUploadStreamWithId(id as never, filenameOf(audio.flowId, audio.name), { metadata: audio });
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.once('finish', () => resolve());
      stream.end(Buffer.from(content.buffer, content.byteOffset, content.byteLength));
    });
    return id;
  }

  /**
   * Whether a file just named has all its chunks: an upload (or a copy) stalled past the sweep's
   * grace between its chunks and its file document (a link to the server cut for an hour) had them
   * swept as nothing named them. A file removed since (a later upload of the name) is no concern.
   */
  async function whole(id: string): Promise<boolean> {
    const file = await files.findOne({ _id: id }, { projection: { length: 1, chunkSize: 1 } });
    if (!file) return true;
    return (await c['audio.chunks'].countDocuments({ files_id: id as never })) === Math.ceil(file.length / file.chunkSize);
  }

  /** A file named without all its chunks removed, and the write failed: never served broken. */
  async function refuseBroken(id: string, what: string): Promise<void> {
    if (await whole(id)) return;
    await deleteFileInSteps(c, id).catch(() => undefined);
    throw new Error(`the recorded prompt ${what} lost chunks while it was written (stalled past the sweep's grace): nothing kept, save it again`);
  }

  /** Whether the upload `id` may stay under the name: not frozen, or frozen on it (frozen while it was the newest). */
  async function allowed(audio: StoredAudio, id: string, condition: AudioPutCondition): Promise<boolean> {
    const key = filenameOf(audio.flowId, audio.name);
    if (condition === 'ifAbsent') {
      // Takes the empty pin (or creates it); a pin already on a file refuses it (the upsert then collides on _id).
      const taken = await frozen
        .updateOne({ _id: key, fileId: null, ...PINNED }, { $set: { fileId: id }, $setOnInsert: { flowId: audio.flowId, name: audio.name } }, { upsert: true })
        .then((r) => r.modifiedCount + r.upsertedCount > 0)
        .catch((error: unknown) => {
          if (isDuplicateKey(error)) return false;
          throw error;
        });
      return taken;
    }
    const pin = await pinOf(key);
    return !pin || pin.fileId === id;
  }

  async function put(stated: AudioToPut, content: Uint8Array, condition?: AudioPutCondition): Promise<boolean> {
    // Described by its own bytes, as the SQLite store does (there the hash is the key of the bytes): the ETag and the size counted are the content's.
    // Hashed once: as the upload arrived (contentHashOf), else a slice at a time (10 MiB in one call held the event loop 6–28 ms).
    const audio: StoredAudio = { ...stated, sha256: await contentHashOf(content), bytes: content.byteLength };
    if (condition === 'unlessFrozen' && (await pinOf(filenameOf(audio.flowId, audio.name)))) return false;
    if (condition === 'ifAbsent' && (await newest(audio.flowId, audio.name))) return false;
    const id = await upload(audio, content);
    await refuseBroken(id, filenameOf(audio.flowId, audio.name));
    if (condition && !(await allowed(audio, id, condition))) {
      await deleteFileInSteps(c, id).catch(() => undefined);
      return false;
    }
    const mine = await files.findOne({ _id: id }, { projection: { uploadDate: 1 } });
    if (!mine) return true;
    // The older uploads of this name only (another instance's later upload is left in place), never a pinned one.
    const pin = await pinOf(filenameOf(audio.flowId, audio.name));
    const older = await files
      .find({ filename: filenameOf(audio.flowId, audio.name), $or: [{ uploadDate: { $lt: mine.uploadDate } }, { uploadDate: mine.uploadDate, _id: { $lt: id } }] }, { projection: { _id: 1 } })
      .toArray();
    for (const file of older) if (file._id !== pin?.fileId) await deleteFileInSteps(c, file._id).catch(() => undefined);
    return true;
  }

  async function freeze(flowId: string, names: readonly string[]): Promise<void> {
    for (const name of names) {
      const key = filenameOf(flowId, name);
      const current = await newestUpload(flowId, name);
      for (;;) {
        // A delete under way on the name: the freeze takes its marker over (see FrozenAudioDocument).
        if ((await frozen.updateOne({ _id: key, ...DELETING }, { $unset: { deleting: '' }, $set: { fileId: null } })).matchedCount > 0) break;
        try {
          await frozen.insertOne({ _id: key, flowId, name, fileId: current?._id ?? null });
          break;
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          // Frozen already (its pin, once set, stays), or a delete's marker came in between: take that over.
          if (await pinOf(key)) break;
        }
      }
    }
  }

  /**
   * Removes the files of a name, only those noted unnamed since `condition.unnamedSince` at the
   * latest when given; with `token`, only while the delete's marker still holds it (checked before
   * each file: a publish's freeze that took the marker over keeps the files its version names).
   */
  async function removeFiles(flowId: string, name: string, condition?: AudioDeleteCondition, token?: string): Promise<boolean> {
    const unnamed = condition?.unnamedSince ? { 'metadata.unnamedSince': { $lte: condition.unnamedSince } } : {};
    const all = await files.find({ filename: filenameOf(flowId, name), ...unnamed }, { projection: { _id: 1 } }).toArray();
    let removed = 0;
    for (const file of all) {
      if (token !== undefined && !(await frozen.findOne({ _id: filenameOf(flowId, name), deleting: token }))) break;
      // Gone for readers at once (its file document), its chunks a few per write after.
      await deleteFileInSteps(c, file._id).catch(() => undefined);
      removed += 1;
    }
    return removed > 0;
  }

  async function remove(flowId: string, name: string, condition?: AudioDeleteCondition): Promise<boolean> {
    if (!condition?.unlessFrozen) return removeFiles(flowId, name, condition);
    const key = filenameOf(flowId, name);
    const token = randomUUID();
    try {
      // The marker, written where a freeze writes its pin: a pin there already refuses the delete (the upsert collides on _id).
      await frozen.updateOne({ _id: key, ...DELETING }, { $set: { deleting: token, flowId, name } }, { upsert: true });
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
    try {
      return await removeFiles(flowId, name, condition, token);
    } finally {
      await frozen.deleteOne({ _id: key, deleting: token });
    }
  }

  /** The newest file of each name (a backup's prompts), in the names' order. */
  async function dumpedFiles(session?: ClientSession): Promise<AudioFileDocument[]> {
    const all = await files.find({}, inSession(session)).sort({ filename: 1, uploadDate: 1, _id: 1 }).toArray();
    const newestOf = new Map<string, AudioFileDocument>();
    for (const file of all) newestOf.set(file.filename, file);
    return [...newestOf.values()];
  }

  /** A file's bytes, chunk by chunk in order (a few chunks a batch), checked whole against the file's length as GridFS does. */
  async function* chunksOf(file: AudioFileDocument, session?: ClientSession): AsyncGenerator<Buffer> {
    const cursor = c['audio.chunks']
      .find({ files_id: file._id as never }, inSession(session))
      .sort({ n: 1 })
      .batchSize(CHUNKS_A_BATCH);
    let n = 0;
    let length = 0;
    try {
      for (let chunk = await cursor.next(); chunk !== null; chunk = await cursor.next()) {
        if (chunk.n !== n) break;
        const data = chunk.data as unknown as Uint8Array | { buffer: Uint8Array };
        const bytes = data instanceof Uint8Array ? data : data.buffer;
        yield Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        n += 1;
        length += bytes.byteLength;
      }
    } finally {
      await cursor.close();
    }
    if (length !== file.length) {
      const { flowId, name } = file.metadata;
      throw new Error(`the recorded prompt ${flowId}/${name} changed while the backup read it (${length} of its ${file.length} bytes found): take the backup again`);
    }
  }

  /** Frozen names as a backup carries them. */
  async function dumpFrozen(session?: ClientSession): Promise<FrozenAudioName[]> {
    const all = await frozen.find({}, inSession(session)).sort({ _id: 1 }).toArray();
    return all.filter((f) => f.deleting === undefined).map((f) => ({ flowId: f.flowId, name: f.name }));
  }

  /** Notes unnamed files (the oldest note stays) and clears the note of every other file of the flow. */
  async function noteUnnamed(flowId: string, unnamed: readonly string[], at: string): Promise<void> {
    const keys = unnamed.map((name) => filenameOf(flowId, name));
    await files.updateMany({ filename: { ...ofFlow(flowId).filename, $nin: keys }, 'metadata.unnamedSince': { $exists: true } }, { $unset: { 'metadata.unnamedSince': '' } });
    if (keys.length > 0) await files.updateMany({ filename: { $in: keys }, 'metadata.unnamedSince': { $exists: false } }, { $set: { 'metadata.unnamedSince': at } });
  }

  async function read(flowId: string, name: string, range?: ByteRange, attempt = 1): Promise<{ audio: StoredAudio; content: Buffer } | null> {
    const file = await newest(flowId, name);
    if (!file) return null;
    const start = range ? Math.min(range.start, file.length) : 0;
    const end = range ? Math.min(range.end + 1, file.length) : file.length;
    if (end <= start) return { audio: file.metadata, content: Buffer.alloc(0) };
    try {
      return { audio: file.metadata, content: await collect(bucket.openDownloadStream(file._id as never, { start, end })) };
    } catch (error) {
      // Replaced and removed while it was read: read the newer one.
      if (attempt < 3) return read(flowId, name, range, attempt + 1);
      throw error;
    }
  }

  /**
   * The file served under the name, fixed now (its id), and its bytes through GridFS's own download
   * stream, opened only when the reader starts and destroyed when it stops: a chunk at a time as
   * it is pulled, a missing chunk (the file removed mid-read) failing it.
   */
  async function open(flowId: string, name: string, range?: ByteRange): Promise<AudioReading | null> {
    const file = await newest(flowId, name);
    if (!file) return null;
    const start = range ? Math.min(Math.max(0, range.start), file.length) : 0;
    const end = range ? Math.min(range.end + 1, file.length) : file.length;
    const length = Math.max(0, end - start);
    // GridFS's stream ends quietly when the chunks stop early (the file removed mid-read): counted here, so that fails.
    async function* parts(): AsyncGenerator<Buffer> {
      if (length === 0) return;
      let read = 0;
      for await (const chunk of bucket.openDownloadStream(file!._id as never, { start, end })) {
        read += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
      if (read !== length) throw new Error(`the recorded prompt ${flowId}/${name} was removed while it was read (${read} of ${length} bytes)`);
    }
    return { audio: file.metadata, start, length, parts: parts() };
  }

  async function list(flowId: string): Promise<StoredAudio[]> {
    const found = await files.find(ofFlow(flowId)).sort({ filename: 1, uploadDate: 1, _id: 1 }).toArray();
    // The newest of each name (the last of its run): one being replaced may briefly have two.
    const byName = new Map<string, StoredAudio>();
    for (const file of found) byName.set(file.filename, file.metadata);
    return [...byName.values()];
  }

  /**
   * The bytes held: the newest file of each name (one being replaced may briefly have two), summed
   * in the server over the filename index, as `list` reads them.
   */
  async function bytes(flowId?: string): Promise<number> {
    const [sum] = await files
      .aggregate<{ bytes: number }>([
        { $match: flowId === undefined ? { filename: { $gte: '' } } : ofFlow(flowId) },
        { $sort: { filename: 1, uploadDate: 1, _id: 1 } },
        { $group: { _id: '$filename', bytes: { $last: '$metadata.bytes' } } },
        { $group: { _id: null, bytes: { $sum: '$bytes' } } },
      ])
      .toArray();
    return sum?.bytes ?? 0;
  }

  /**
   * A copy's recordings (« Dupliquer »): each name's served file (a frozen name's pinned one) copied
   * chunk by chunk under `to`, its file document written after its chunks as GridFS does. What an
   * earlier copy cut short left under `to` (no flow holds it yet) is removed first. `undo` removes
   * the files made, when the flow could not be created after all.
   */
  async function copyToNewFlow(from: string, to: string, names: readonly string[]): Promise<{ names: string[]; undo: () => Promise<void> }> {
    await removeFlowAudio(c, to);
    const made: string[] = [];
    const copied: string[] = [];
    const undo = async () => {
      await files.deleteMany({ _id: { $in: made } });
      await c['audio.chunks'].deleteMany({ files_id: { $in: made } });
    };
    try {
      for (const name of new Set(names)) {
        const file = await newest(from, name);
        if (!file) continue;
        const id = newAudioFileId();
        made.push(id);
        const cursor = c['audio.chunks']
          .find({ files_id: file._id as never })
          .sort({ n: 1 })
          .batchSize(CHUNKS_A_BATCH);
        try {
          for (let chunk = await cursor.next(); chunk !== null; chunk = await cursor.next()) {
            const { _id: _, ...rest } = chunk;
            await c['audio.chunks'].insertOne({ ...rest, files_id: id } as never);
          }
        } finally {
          await cursor.close();
        }
        const { unnamedSince: _, ...metadata } = file.metadata;
        await files.insertOne({ ...file, _id: id, filename: filenameOf(to, name), metadata: { ...metadata, flowId: to } });
        await refuseBroken(id, filenameOf(to, name));
        copied.push(name);
      }
    } catch (error) {
      await undo().catch(() => undefined);
      throw error;
    }
    return { names: copied, undo };
  }

  return {
    copyToNewFlow,
    putAudio: put,
    audioBytes: bytes,
    freezeAudio: freeze,
    listFrozenAudio: async (flowId) =>
      (
        await frozen
          .find({ flowId, ...PINNED })
          .sort({ name: 1 })
          .toArray()
      ).map((f) => f.name),
    noteUnnamedAudio: noteUnnamed,
    getAudioInfo: async (flowId, name) => (await newest(flowId, name))?.metadata ?? null,
    readAudio: (flowId, name, range) => read(flowId, name, range),
    openAudio: open,
    listAudio: list,
    deleteAudio: remove,
    deleteFlowAudio: (flowId) => removeFlowAudio(c, flowId),
    sweepAudioLeftovers: (now) => sweepOrphanChunks(c, now, AUDIO_ORPHAN_CHUNKS_GRACE_MS),
    async dump(session?: ClientSession): Promise<AudioDumpEntry[]> {
      // One file at a time: a backup holds every prompt in memory once, not twice.
      const entries: AudioDumpEntry[] = [];
      for (const file of await dumpedFiles(session)) {
        // Chunks are read outside the snapshot: a prompt replaced meanwhile is taken as it is now.
        const content = await collect(bucket.openDownloadStream(file._id as never)).catch(async () => (await read(file.metadata.flowId, file.metadata.name))?.content);
        // Without `unnamedSince`: a restored take's grace starts again when the clean-up first finds it unnamed.
        const { unnamedSince: _, ...audio } = file.metadata;
        if (content) entries.push(dumpedAudio(audio, content));
      }
      return entries;
    },
    /**
     * The prompts for the backup writer: their descriptions read now, in the dump's session; each
     * one's bytes read only when the writer comes to it, its GridFS chunks a few at a time, in that
     * same session (on a replica set, the file as it was at the backup's cluster time, even if
     * replaced and removed since). On a standalone server a prompt replaced meanwhile is gone:
     * the backup fails, saying which, rather than write bytes its entry does not describe.
     */
    async dumpPieces(session?: ClientSession): Promise<AudioDumpEntry[]> {
      return (await dumpedFiles(session)).map((file) => {
        const { unnamedSince: _, ...audio } = file.metadata;
        return streamedAudio(audio, async () => chunksOf(file, session));
      });
    },
    dumpFrozen,
    async restore(entries: AudioDumpEntry[], frozenNames: readonly FrozenAudioName[] = []): Promise<void> {
      for (const { base64, content, ...audio } of entries) await put(audio, Buffer.isBuffer(content) ? content : Buffer.from(base64, 'base64'));
      // After the files: each pin holds the file restored under its name.
      for (const { flowId, name } of frozenNames) await freeze(flowId, [name]);
    },
  };
}

export type MongoAudio = ReturnType<typeof createMongoAudio>;
