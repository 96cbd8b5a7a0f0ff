import { describe, expect, it } from 'vitest';
import { MongoServerError, type MongoClient } from 'mongodb';
import { MongoStore } from './MongoStore.ts';
import { MemoryMongo } from './testing/memoryMongo.ts';
import { indexes } from './mongoCollections.ts';

/** Two retries of the same agent reply at once on two instances sharing MongoDB. */
describe('an agent reply stored once on MongoDB', () => {
  const reply = { id: 'r1', contactId: 'c1', at: '2026-12-05T10:00:00.000Z', from: 'agent' as const, author: 'awa', text: 'Bonjour', pending: true };

  it('is kept unique per contact and id by the index, so two upserts at once cannot both insert', () => {
    expect(indexes.handoffMessages).toContainEqual({ key: { contactId: 1, id: 1 }, unique: true });
  });

  it('answers the stored reply when the server refuses the upsert as a duplicate (the other instance inserted first)', async () => {
    const memory = new MemoryMongo({ transactions: false });
    const store = await MongoStore.over(memory.client as unknown as MongoClient, memory.db);
    expect(await store.appendHandoffMessageOnce(reply)).toBeNull();
    // The second instance's upsert missed, then collided with the first's insert on the unique index.
    memory.failNext('handoffMessages', 'updateOne', { error: new MongoServerError({ message: 'E11000 duplicate key error', code: 11000 }) });
    expect(await store.appendHandoffMessageOnce({ ...reply })).toEqual(reply);
    expect(await store.listHandoffMessages('c1')).toEqual([reply]);
  });
});
