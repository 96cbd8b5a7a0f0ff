import { describe, expect, it } from 'vitest';
import type { MongoClient } from 'mongodb';
import { MongoStore } from './MongoStore.ts';
import { MemoryMongo } from './testing/memoryMongo.ts';

/** A database from before the unique (contactId, id) index, where one agent reply was stored twice. */
describe('a MongoDB store holding the same agent message twice', () => {
  const message = (id: string, contactId: string, at: string, text: string) => ({ id, contactId, at, from: 'agent' as const, author: 'awa', text });

  it('starts: keeps the first of each duplicate, says how many it removed (never their text), then has the unique index', async () => {
    const memory = new MemoryMongo({ transactions: false });
    await memory.db.collection('handoffMessages').insertMany([
      message('r1', 'c1', '2026-12-05T10:00:01.000Z', 'Bonjour, la copie'),
      message('r1', 'c1', '2026-12-05T10:00:00.000Z', 'Bonjour'),
      message('r1', 'c1', '2026-12-05T10:00:02.000Z', 'Bonjour, encore'),
      message('r2', 'c1', '2026-12-05T10:01:00.000Z', 'Votre code PUK'),
      message('r2', 'c1', '2026-12-05T10:01:00.000Z', 'Votre code PUK'),
      // The same id in another contact is not a duplicate.
      message('r1', 'c2', '2026-12-05T10:00:00.000Z', 'Salut'),
    ]);
    const store = await MongoStore.over(memory.client as unknown as MongoClient, memory.db);
    expect((await store.listHandoffMessages('c1')).map((m) => [m.id, m.text])).toEqual([
      ['r1', 'Bonjour'],
      ['r2', 'Votre code PUK'],
    ]);
    expect(await store.listHandoffMessages('c2')).toHaveLength(1);
    expect(store.repairs).toEqual([expect.objectContaining({ event: 'store.duplicateMessagesRemoved', counts: { groups: 2, removed: 3 } })]);
    expect(JSON.stringify(store.repairs)).not.toMatch(/Bonjour|PUK|awa/);
    expect(memory.indexes.get('handoffMessages')).toContainEqual({ key: { contactId: 1, id: 1 }, unique: true });
    // The next start finds the index and reads nothing.
    const calls = memory.calls.length;
    const again = await MongoStore.over(memory.client as unknown as MongoClient, memory.db);
    expect(again.repairs).toEqual([]);
    expect(memory.calls.slice(calls).filter((c) => c.collection === 'handoffMessages' && c.method === 'aggregate')).toEqual([]);
  });
});
