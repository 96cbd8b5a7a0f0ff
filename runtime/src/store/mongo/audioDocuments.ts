import { randomUUID } from 'node:crypto';
import { GridFSBucket, type ClientSession, type Db, type IndexDescription } from 'mongodb';
import type { AudioDumpEntry, AudioPutCondition, AudioStore, ByteRange, StoredAudio } from '../types.ts';
import { isDuplicateKey } from './isDuplicateKey.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { inSession } from './mongoTransactions.ts';

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
 */
export interface FrozenAudioDocument {
  _id: string;
  flowId: string;
  name: string;
  fileId: string | null;
}

/** GridFS's own indexes (the driver creates them too before a first upload): the newest file of a name, a file's chunks in order; frozen names by flow. */
export const audioIndexes: Record<'audio.files' | 'audio.chunks' | 'audioFrozen', IndexDescription[]> = {
  'audio.files': [{ key: { filename: 1, uploadDate: 1 } }],
  'audio.chunks': [{ key: { files_id: 1, n: 1 }, unique: true }],
  audioFrozen: [{ key: { flowId: 1, name: 1 } }],
};

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
  await c['audio.chunks'].deleteMany({ files_id: { $in: ids } }, options);
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
export function createMongoAudio(db: Db, c: MongoCollections): AudioStore & { dump(session?: ClientSession): Promise<AudioDumpEntry[]>; restore(entries: AudioDumpEntry[]): Promise<void> } {
  const bucket = new GridFSBucket(db, { bucketName: AUDIO_BUCKET });
  const files = c['audio.files'];
  const frozen = c.audioFrozen;

  const newestUpload = (flowId: string, name: string) =>
    files
      .find({ filename: filenameOf(flowId, name) })
      .sort({ uploadDate: -1 })
      .limit(1)
      .toArray()
      .then((found) => found[0] ?? null);

  /** The file served under a name: the pinned one of a frozen name, else the newest upload. */
  async function newest(flowId: string, name: string): Promise<AudioFileDocument | null> {
    const pin = await frozen.findOne({ _id: filenameOf(flowId, name) });
    if (pin?.fileId) {
      const pinned = await files.findOne({ _id: pin.fileId });
      if (pinned) return pinned;
    }
    return newestUpload(flowId, name);
  }

  async function upload(audio: StoredAudio, content: Uint8Array): Promise<string> {
    const id = randomUUID();
    const stream = bucket.openUploadStreamWithId(id as never, filenameOf(audio.flowId, audio.name), { metadata: audio });
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.once('finish', () => resolve());
      stream.end(Buffer.from(content.buffer, content.byteOffset, content.byteLength));
    });
    return id;
  }

  /** Whether the upload `id` may stay under the name: not frozen, or frozen on it (frozen while it was the newest). */
  async function allowed(audio: StoredAudio, id: string, condition: AudioPutCondition): Promise<boolean> {
    const key = filenameOf(audio.flowId, audio.name);
    if (condition === 'ifAbsent') {
      // Takes the empty pin (or creates it); a pin already on a file refuses it (the upsert then collides on _id).
      const taken = await frozen
        .updateOne({ _id: key, fileId: null }, { $set: { fileId: id }, $setOnInsert: { flowId: audio.flowId, name: audio.name } }, { upsert: true })
        .then((r) => r.modifiedCount + r.upsertedCount > 0)
        .catch((error: unknown) => {
          if (isDuplicateKey(error)) return false;
          throw error;
        });
      return taken;
    }
    const pin = await frozen.findOne({ _id: key });
    return !pin || pin.fileId === id;
  }

  async function put(audio: StoredAudio, content: Uint8Array, condition?: AudioPutCondition): Promise<boolean> {
    if (condition === 'unlessFrozen' && (await frozen.findOne({ _id: filenameOf(audio.flowId, audio.name) }))) return false;
    if (condition === 'ifAbsent' && (await newest(audio.flowId, audio.name))) return false;
    const id = await upload(audio, content);
    if (condition && !(await allowed(audio, id, condition))) {
      await bucket.delete(id as never).catch(() => undefined);
      return false;
    }
    const mine = await files.findOne({ _id: id }, { projection: { uploadDate: 1 } });
    if (!mine) return true;
    // The older uploads of this name only (another instance's later upload is left in place), never a pinned one.
    const pin = await frozen.findOne({ _id: filenameOf(audio.flowId, audio.name) });
    const older = await files.find({ filename: filenameOf(audio.flowId, audio.name), uploadDate: { $lt: mine.uploadDate } }, { projection: { _id: 1 } }).toArray();
    for (const file of older) if (file._id !== pin?.fileId) await bucket.delete(file._id as never).catch(() => undefined);
    return true;
  }

  async function freeze(flowId: string, names: readonly string[]): Promise<void> {
    for (const name of names) {
      const current = await newestUpload(flowId, name);
      // Only a name not frozen yet: its pin, once set, stays.
      await frozen.updateOne({ _id: filenameOf(flowId, name) }, { $setOnInsert: { flowId, name, fileId: current?._id ?? null } }, { upsert: true }).catch((error: unknown) => {
        if (!isDuplicateKey(error)) throw error;
      });
    }
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

  async function list(flowId: string): Promise<StoredAudio[]> {
    const found = await files.find(ofFlow(flowId)).sort({ filename: 1, uploadDate: 1 }).toArray();
    // The newest of each name (the last of its run): one being replaced may briefly have two.
    const byName = new Map<string, StoredAudio>();
    for (const file of found) byName.set(file.filename, file.metadata);
    return [...byName.values()];
  }

  return {
    putAudio: put,
    freezeAudio: freeze,
    listFrozenAudio: async (flowId) => (await frozen.find({ flowId }).sort({ name: 1 }).toArray()).map((f) => f.name),
    getAudioInfo: async (flowId, name) => (await newest(flowId, name))?.metadata ?? null,
    readAudio: (flowId, name, range) => read(flowId, name, range),
    listAudio: list,
    async deleteAudio(flowId, name) {
      const all = await files.find({ filename: filenameOf(flowId, name) }, { projection: { _id: 1 } }).toArray();
      for (const file of all) await bucket.delete(file._id as never).catch(() => undefined);
      return all.length > 0;
    },
    deleteFlowAudio: (flowId) => removeFlowAudio(c, flowId),
    async dump(session?: ClientSession): Promise<AudioDumpEntry[]> {
      // One file at a time: a backup holds every prompt in memory once, not twice.
      const all = await files.find({}, inSession(session)).sort({ filename: 1, uploadDate: 1 }).toArray();
      const newestOf = new Map<string, AudioFileDocument>();
      for (const file of all) newestOf.set(file.filename, file);
      const entries: AudioDumpEntry[] = [];
      for (const file of newestOf.values()) {
        // Chunks are read outside the snapshot: a prompt replaced meanwhile is taken as it is now.
        const content = await collect(bucket.openDownloadStream(file._id as never)).catch(async () => (await read(file.metadata.flowId, file.metadata.name))?.content);
        if (content) entries.push({ ...file.metadata, base64: content.toString('base64') });
      }
      return entries;
    },
    async restore(entries: AudioDumpEntry[]): Promise<void> {
      for (const { base64, ...audio } of entries) await put(audio, Buffer.from(base64, 'base64'));
    },
  };
}

export type MongoAudio = ReturnType<typeof createMongoAudio>;
