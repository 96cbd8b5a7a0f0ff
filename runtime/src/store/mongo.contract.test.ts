import { randomUUID } from 'node:crypto';
import { afterAll, describe } from 'vitest';
import { storeContract } from './contract.ts';
import { MongoStore } from './mongo/MongoStore.ts';

const uri = process.env.MONGODB_URI;

if (!uri) {
  console.warn('MongoDB contract suite skipped: MONGODB_URI is not set (no MongoDB server can be installed on this machine)');
}

describe.skipIf(!uri)('MongoDB', () => {
  // Each store gets its own database, dropped at the end, so tests start empty and leave nothing.
  const databases: string[] = [];
  storeContract('MongoDB', async () => {
    const dbName = `griot_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    databases.push(dbName);
    return MongoStore.open(uri!, { dbName });
  });

  afterAll(async () => {
    const admin = await MongoStore.open(uri!, { dbName: 'griot_test_cleanup' });
    await Promise.all([...databases, 'griot_test_cleanup'].map((name) => admin.db.client.db(name).dropDatabase()));
    await admin.close();
  });
});
