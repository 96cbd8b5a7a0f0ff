import type { MongoClient } from 'mongodb';
import { MongoStore } from '../MongoStore.ts';
import { MemoryMongo } from './memoryMongo.ts';

/** The MongoDB store over the in-memory driver: a standalone server, or a replica set (transactions). */
export async function memoryMongoStore(options: { transactions?: boolean; version?: string } = {}): Promise<{ store: MongoStore; memory: MemoryMongo }> {
  const memory = new MemoryMongo(options);
  const store = await MongoStore.over(memory.client as unknown as MongoClient, memory.db);
  return { store, memory };
}
