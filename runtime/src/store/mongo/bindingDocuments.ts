import type { ClientSession } from 'mongodb';
import type { Channel } from '@griot/flows';
import type { Binding, TesterRoute } from '../types.ts';
import { conflict } from '../../errors.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { isDuplicateKey } from './isDuplicateKey.ts';
import { withoutId } from './projections.ts';
import { decodeKeys, encodeKeys } from './mongoKeys.ts';

/** A binding's settings are user JSON: stored with names MongoDB may refuse encoded, read back decoded. */
export const storedBinding = (binding: Binding): Binding => ({ ...binding, settings: encodeKeys(binding.settings) });
export const bindingOf = (stored: Binding): Binding => ({ ...stored, settings: decodeKeys(stored.settings) });
const one = (found: Binding | null) => (found ? bindingOf(found) : null);

/** Entry points; the unique (channel, address) index keeps one binding per address. */
export function createMongoBindings(c: MongoCollections) {
  return {
    list: async (options: { session?: ClientSession } = {}) =>
      (
        await c.bindings
          .find<Binding>({}, { ...withoutId, ...options })
          .sort({ channel: 1, address: 1 })
          .toArray()
      ).map(bindingOf),
    ofFlow: async (flowId: string) => (await c.bindings.find<Binding>({ flowId }, withoutId).sort({ channel: 1, address: 1 }).toArray()).map(bindingOf),
    get: async (id: string) => one(await c.bindings.findOne<Binding>({ id }, withoutId)),
    find: async (channel: Channel, address: string) => one(await c.bindings.findOne<Binding>({ channel, address }, withoutId)),
    async put(binding: Binding): Promise<void> {
      try {
        await c.bindings.replaceOne({ id: binding.id }, storedBinding(binding), { upsert: true });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        throw conflict('address_taken', `${binding.channel} ${binding.address} is already bound`, { field: 'address', cause: error, params: { channel: binding.channel, address: binding.address } });
      }
    },
    remove: async (id: string) => (await c.bindings.deleteOne({ id })).deletedCount > 0,
    /** One conditional update: the filter refuses a number already listed, `$push` appends. */
    addTester: async (id: string, tester: TesterRoute, at: string) =>
      one(await c.bindings.findOneAndUpdate({ id, 'testers.number': { $ne: tester.number } }, { $push: { testers: tester }, $set: { updatedAt: at } }, { returnDocument: 'after', ...withoutId })),
    removeTester: async (id: string, number: string, addedBy: string, at: string) =>
      one(
        await c.bindings.findOneAndUpdate(
          { id, testers: { $elemMatch: { number, addedBy } } },
          { $pull: { testers: { number, addedBy } }, $set: { updatedAt: at } },
          { returnDocument: 'after', ...withoutId },
        ),
      ),
    /** One conditional update: the filter finds the row not yet confirmed, the pipeline sets that row alone (the others as they are now). */
    confirmTester: async (id: string, number: string, addedBy: string, confirmedBy: string, at: string) => {
      const isRow = { $and: [{ $eq: ['$$t.number', { $literal: number }] }, { $eq: ['$$t.addedBy', { $literal: addedBy }] }, { $eq: [{ $type: '$$t.confirmedAt' }, 'missing'] }] };
      const confirmed = { $mergeObjects: ['$$t', { confirmedBy: { $literal: confirmedBy }, confirmedAt: { $literal: at } }] };
      return one(
        await c.bindings.findOneAndUpdate(
          { id, testers: { $elemMatch: { number, addedBy, confirmedAt: { $exists: false } } } },
          [{ $set: { updatedAt: { $literal: at }, testers: { $map: { input: '$testers', as: 't', in: { $cond: [isRow, confirmed, '$$t'] } } } } }],
          { returnDocument: 'after', ...withoutId },
        ),
      );
    },
  };
}

export type MongoBindings = ReturnType<typeof createMongoBindings>;
