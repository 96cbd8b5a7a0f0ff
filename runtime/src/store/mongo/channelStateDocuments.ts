import type { JsonValue } from '@griot/flows';
import type { ChannelStateStore, StoredChannelState } from '../types.ts';
import { keyRangeEnd } from '../channelStateTypes.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { isDuplicateKey } from './isDuplicateKey.ts';
import { decodeKeys, encodeKeys } from './mongoKeys.ts';

const plain = { projection: { _id: 0, expiresAtDate: 0 } } as const;

/**
 * Channel states on MongoDB (`channelStateTypes.ts`): one document per conversation key (unique
 * index). A write is one `updateOne` filtered on the revision read; a first write (or one over an
 * expired state) an upsert filtered on the expiry, which the unique key refuses (E11000) when a
 * live state is there: of two writers, one wins. Expired ones go by TTL.
 */
export function createMongoChannelStates(c: MongoCollections): ChannelStateStore {
  const channelStates: ChannelStateStore = {
    async getChannelState(key: string, now: string) {
      const found = await c.channelStates.findOne<StoredChannelState>({ key, expiresAt: { $gt: now } }, plain);
      return found ? { ...found, value: decodeKeys(found.value) as JsonValue } : null;
    },
    async putChannelState(state: { key: string; value: JsonValue; expiresAt: string }, expected: number, now: string) {
      const set = { value: encodeKeys(state.value) as JsonValue, revision: expected + 1, expiresAt: state.expiresAt, expiresAtDate: new Date(state.expiresAt) };
      if (expected > 0) return (await c.channelStates.updateOne({ key: state.key, revision: expected }, { $set: set })).matchedCount === 1;
      try {
        await c.channelStates.updateOne({ key: state.key, expiresAt: { $lte: now } }, { $set: set }, { upsert: true });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    // An acknowledged write is as far as MongoDB goes: a claim is a write.
    claimChannelState: (state: { key: string; value: JsonValue; expiresAt: string }, expected: number, now: string) => channelStates.putChannelState(state, expected, now),
    async deleteChannelState(key: string) {
      await c.channelStates.deleteOne({ key });
    },
    // A range of the unique key index.
    listChannelStateKeys: (prefix: string, now: string) =>
      c.channelStates
        .find<{ key: string; expiresAt: string }>({ key: { $gte: prefix, $lt: keyRangeEnd(prefix) }, expiresAt: { $gt: now } }, { projection: { _id: 0, key: 1, expiresAt: 1 } })
        .sort({ key: 1 })
        .toArray(),
  };
  return channelStates;
}
