import { Binary } from 'mongodb';
import type { Store } from '../../types.ts';
import type { MongoStore } from '../MongoStore.ts';
import { newAudioFileId } from '../audioDocuments.ts';

/**
 * What a process killed mid-upload leaves in a MongoDB store (the contract's `CutUpload`): two
 * GridFS chunks of a file begun at `at` whose `audio.files` document was never written (GridFS
 * writes it after the chunks).
 */
export async function mongoCutUpload(store: Store, at: Date): Promise<void> {
  const { db } = store as MongoStore;
  const id = newAudioFileId(at.getTime());
  await db.collection('audio.chunks').insertMany([
    { files_id: id, n: 0, data: new Binary(Buffer.alloc(261_120, 1)) },
    { files_id: id, n: 1, data: new Binary(Buffer.alloc(261_120, 2)) },
  ] as never);
}
