import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describe } from 'vitest';
import type { Store } from './types.ts';
import { storeContract } from './contract.ts';
import { erasedCallerContract } from './contract/erasedCallerContract.ts';
import { MongoStore } from './mongo/MongoStore.ts';
import { droppingDatabaseOnClose } from './mongo/testing/droppingDatabaseOnClose.ts';
import { mongoCutUpload } from './mongo/testing/mongoCutUpload.ts';

/**
 * The store contract on a real MongoDB server (5.0 or later; a replica set also runs the
 * transactional paths):
 *
 *   MONGODB_URI=mongodb://localhost:27017 npx vitest run src/store/mongo.contract.test.ts   (in runtime/)
 *
 * Each test gets its own database (`griot_test_<random>`), dropped when the test closes its
 * stores. Without MONGODB_URI the suite is skipped: no MongoDB server can be installed on the
 * machines this project is built on, where `mongo.memory.contract.test.ts` runs the same suite
 * over an in-memory driver instead.
 */
const uri = process.env.MONGODB_URI;

if (!uri) {
  console.warn('MongoDB contract suite skipped: MONGODB_URI is not set (no MongoDB server can be installed on this machine)');
}

describe.skipIf(!uri)('MongoDB', () => {
  const databaseOf = new WeakMap<Store, string>();
  storeContract(
    'MongoDB',
    async () => {
      const dbName = `griot_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
      const store = droppingDatabaseOnClose(await MongoStore.open(uri!, { dbName }));
      databaseOf.set(store, dbName);
      return store;
    },
    // Every collection of the test's database, read through a client of its own.
    async (store) => {
      const client = await MongoClient.connect(uri!);
      try {
        const db = client.db(databaseOf.get(store)!);
        const parts: string[] = [];
        for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) parts.push(`${name}: ${JSON.stringify(await db.collection(name).find({}).toArray())}`);
        return parts.join('\n');
      } finally {
        await client.close();
      }
    },
    mongoCutUpload,
  );
  // Two instances on one database: the second store shares the first's, dropped when the first closes (after the second).
  erasedCallerContract('MongoDB', async () => {
    const dbName = `griot_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const second = await MongoStore.open(uri!, { dbName });
    const first = droppingDatabaseOnClose(await MongoStore.open(uri!, { dbName }));
    return [first, second];
  });
});
