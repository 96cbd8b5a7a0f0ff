import { afterAll, describe, expect, it } from 'vitest';
import type { MongoClient } from 'mongodb';
import { storeContract } from './contract.ts';
import { erasedCallerContract } from './contract/erasedCallerContract.ts';
import type { Store } from './types.ts';
import { MongoStore } from './mongo/MongoStore.ts';
import { MemoryMongo } from './mongo/testing/memoryMongo.ts';
import { indexes } from './mongo/mongoCollections.ts';
import { unservedQueries } from './mongo/testing/indexCoverage.ts';

/**
 * The store contract over the MongoDB adapter, with the driver replaced by an in-memory one
 * whose queries and updates are evaluated by mingo (no MongoDB server can run on this machine;
 * `mongo.contract.test.ts` runs the same suite on a real server when MONGODB_URI is set). It
 * checks what the adapter sends and how it reads the answers, on a standalone server and on a
 * replica set (transactions); then that every query it sent is served by a declared index.
 */
const drivers: MemoryMongo[] = [];
const driverOf = new WeakMap<Store, MemoryMongo>();

for (const transactions of [false, true]) {
  describe(transactions ? 'replica set' : 'standalone server', () => {
    storeContract(
      `MongoDB adapter (in-memory driver, ${transactions ? 'replica set' : 'standalone'})`,
      async () => {
        const memory = new MemoryMongo({ transactions });
        drivers.push(memory);
        const store = await MongoStore.over(memory.client as unknown as MongoClient, memory.db);
        driverOf.set(store, memory);
        return store;
      },
      async (store) => {
        const memory = driverOf.get(store)!;
        return memory
          .collectionNames()
          .map((name) => `${name}: ${JSON.stringify(memory.documents(name))}`)
          .join('\n');
      },
    );
    erasedCallerContract(`MongoDB adapter (in-memory driver, ${transactions ? 'replica set' : 'standalone'})`, async () => {
      const memory = new MemoryMongo({ transactions });
      drivers.push(memory);
      const over = () => MongoStore.over(memory.client as unknown as MongoClient, memory.db);
      return [await over(), await over()];
    });
  });
}

describe('the queries the contract suite made the adapter send', () => {
  afterAll(() => {
    drivers.length = 0;
  });
  it('are each served by a declared index: equality fields, then exactly the sort', () => {
    const calls = drivers.flatMap((d) => d.calls);
    expect(calls.length).toBeGreaterThan(500);
    expect(unservedQueries(calls, indexes)).toEqual([]);
  });
});
