import { describe, expect, it } from 'vitest';
import { memoryMongoStore } from './memoryMongoStore.ts';
import { droppingDatabaseOnClose } from './droppingDatabaseOnClose.ts';
import { binding } from '../../contract/fixtures.ts';

describe('droppingDatabaseOnClose (the MongoDB contract suite’s stores)', () => {
  it('drops the test’s database when the store closes, leaving nothing on the server', async () => {
    const { store, memory } = await memoryMongoStore();
    await droppingDatabaseOnClose(store).putBinding(binding('b1', 'hello'));
    expect(memory.documents('bindings')).toHaveLength(1);
    await store.close();
    expect(memory.calls.filter((c) => c.method === 'dropDatabase')).toHaveLength(1);
    expect(memory.documents('bindings')).toEqual([]);
  });
});
