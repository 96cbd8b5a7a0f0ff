import type { Channel } from '@griot/flows';
import type { Binding } from '../types.ts';
import { conflict } from '../../errors.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { isDuplicateKey } from './isDuplicateKey.ts';
import { withoutId } from './projections.ts';

/** Entry points; the unique (channel, address) index keeps one binding per address. */
export function createMongoBindings(c: MongoCollections) {
  return {
    list: () => c.bindings.find<Binding>({}, withoutId).sort({ channel: 1, address: 1 }).toArray(),
    ofFlow: (flowId: string) => c.bindings.find<Binding>({ flowId }, withoutId).sort({ channel: 1, address: 1 }).toArray(),
    get: (id: string) => c.bindings.findOne<Binding>({ id }, withoutId),
    find: (channel: Channel, address: string) => c.bindings.findOne<Binding>({ channel, address }, withoutId),
    async put(binding: Binding): Promise<void> {
      try {
        await c.bindings.replaceOne({ id: binding.id }, { ...binding }, { upsert: true });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        throw conflict('address_taken', `${binding.channel} ${binding.address} is already bound`, { field: 'address', cause: error, params: { channel: binding.channel, address: binding.address } });
      }
    },
    remove: async (id: string) => (await c.bindings.deleteOne({ id })).deletedCount > 0,
  };
}

export type MongoBindings = ReturnType<typeof createMongoBindings>;
