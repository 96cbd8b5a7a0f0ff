import type { ClientSession } from 'mongodb';
import type { EnvironmentName, EnvironmentPointer, SetEnvironmentResult } from '../types.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { isDuplicateKey } from './isDuplicateKey.ts';
import { withoutId } from './projections.ts';

/** Environment pointers, moved by compare-and-set on the version the caller saw. */
export function createMongoEnvironments(c: MongoCollections) {
  const get = (flowId: string, name: EnvironmentName) => c.environments.findOne<EnvironmentPointer>({ flowId, name }, withoutId);

  async function set(flowId: string, name: EnvironmentName, expected: number | null, pointer: EnvironmentPointer): Promise<SetEnvironmentResult> {
    const stored: EnvironmentPointer = { ...pointer, flowId, name };
    const conflict = async (): Promise<SetEnvironmentResult> => ({ ok: false, reason: 'conflict', current: await get(flowId, name) });
    if (expected === null) {
      // No upsert here: an upsert would overwrite a pointer set meanwhile. The unique
      // (flowId, name) index turns "someone set it first" into a duplicate-key error.
      try {
        await c.environments.insertOne({ ...stored });
      } catch (error) {
        if (isDuplicateKey(error)) return conflict();
        throw error;
      }
      return { ok: true, pointer: stored };
    }
    const { matchedCount } = await c.environments.replaceOne({ flowId, name, version: expected }, { ...stored });
    return matchedCount === 1 ? { ok: true, pointer: stored } : conflict();
  }

  /**
   * No multi-document transaction: the flow is marked first, so a crash in between leaves a
   * flow marked as having run in production, never one that ran there unmarked.
   */
  async function clear(flowId: string, name: EnvironmentName, expected: number, at: string): Promise<boolean> {
    if (name === 'production') {
      const current = await get(flowId, name);
      if (current?.version !== expected) return false;
      await c.flows.updateOne({ id: flowId }, { $set: { leftProductionAt: at } });
    }
    const { deletedCount } = await c.environments.deleteOne({ flowId, name, version: expected });
    return deletedCount === 1;
  }

  return {
    clear,
    list: (flowId: string) => c.environments.find<EnvironmentPointer>({ flowId }, withoutId).sort({ name: 1 }).toArray(),
    get,
    set,
    all: (options: { session?: ClientSession } = {}) =>
      c.environments
        .find<EnvironmentPointer>({}, { ...withoutId, ...options })
        .sort({ flowId: 1, name: 1 })
        .toArray(),
  };
}

export type MongoEnvironments = ReturnType<typeof createMongoEnvironments>;
