import { describe, expect, it } from 'vitest';
import { MemoryMongo } from './testing/memoryMongo.ts';
import { memoryMongoStore } from './testing/memoryMongoStore.ts';
import { guardFilters, undefinedConditionIn, UndefinedFilterValueError } from './guardFilters.ts';
import { binding, caller } from '../contract/fixtures.ts';

/**
 * `ignoreUndefined: true` drops an undefined condition from a filter, so `{ id: undefined }`
 * matches any document (issue 18, point 12): every collection of the store refuses such a filter.
 */
describe('filters with a condition that has no value', () => {
  it('are found at the top, inside operators and inside $or/$and', () => {
    expect(undefinedConditionIn({ id: undefined })).toBe('id');
    expect(undefinedConditionIn({ id: 'x', status: { $in: undefined } })).toBe('status.$in');
    expect(undefinedConditionIn({ key: 'k', $or: [{ a: 1 }, { 'lease.owner': undefined }] })).toBe('$or[1].lease.owner');
    expect(undefinedConditionIn({ id: 'x', status: { $in: ['waiting'] }, $or: [{ a: null }] })).toBeNull();
  });

  it('are refused before reaching the driver: a delete by an undefined id deletes nothing', async () => {
    const memory = new MemoryMongo();
    const bindings = guardFilters(memory.db.collection('bindings'));
    await bindings.insertOne({ id: 'b1' });
    expect(() => bindings.deleteOne({ id: undefined })).toThrow(UndefinedFilterValueError);
    expect(() => bindings.bulkWrite([{ updateOne: { filter: { id: undefined }, update: { $set: { a: 1 } } } }])).toThrow(/bulkWrite updateOne/);
    expect(memory.calls.filter((c) => c.method === 'deleteOne')).toEqual([]);
    expect(memory.documents('bindings')).toHaveLength(1);
  });

  it('make the store’s methods reject as a bug, and leave every record in place', async () => {
    const { store, memory } = await memoryMongoStore();
    await store.putBinding(binding('b1', 'hello'));
    await store.putCaller(caller('+2290197000001'));
    const missing = undefined as unknown as string;
    await expect(store.deleteBinding(missing)).rejects.toThrow(/bug: deleteOne on MongoDB collection bindings with no value for id/);
    await expect(store.deleteCaller(missing)).rejects.toBeInstanceOf(UndefinedFilterValueError);
    await expect(store.getSession(missing, '2026-01-01T00:00:00.000Z')).rejects.toBeInstanceOf(UndefinedFilterValueError);
    expect(memory.documents('bindings')).toHaveLength(1);
    expect(memory.documents('callers')).toHaveLength(1);
  });
});
