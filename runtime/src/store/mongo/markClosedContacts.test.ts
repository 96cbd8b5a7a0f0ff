import { describe, expect, it } from 'vitest';
import type { MongoClient } from 'mongodb';
import { MongoStore } from './MongoStore.ts';
import { MemoryMongo } from './testing/memoryMongo.ts';

/** A database from before the masking of closed contacts (as SQLite's migration 29). */
describe('a MongoDB store holding contacts closed before their messages were masked', () => {
  const contact = (id: string, status: string) => ({
    id,
    queue: 'support',
    priority: 1,
    enqueuedAt: '2026-12-01T10:00:00.000Z',
    channel: 'webchat',
    sessionKey: `webchat:b:${id}`,
    callerNumber: '#0123456789ab',
    locale: 'fr',
    reason: 'x',
    context: {},
    history: [],
    status,
    preview: false,
    updatedAt: '2026-12-01T10:00:00.000Z',
  });

  it('marks them once at start: the masking pass masks them, a later start marks nothing again', async () => {
    const memory = new MemoryMongo({ transactions: false });
    await memory.db.collection('handoffContacts').insertMany([contact('closed-before', 'closed'), contact('still-waiting', 'waiting')]);
    await memory.db
      .collection('handoffMessages')
      .insertOne({ id: 'm1', contactId: 'closed-before', at: '2026-12-01T10:01:00.000Z', from: 'agent', author: 'awa', text: 'Votre code PUK est 80417263' });
    const store = await MongoStore.over(memory.client as unknown as MongoClient, memory.db);
    expect(store.repairs).toEqual([expect.objectContaining({ event: 'store.closedContactsMarked', level: 'info', counts: { contacts: 1, ms: expect.any(Number) } })]);
    expect((await store.listHandoffContactsToMask(10)).map((c) => c.id)).toEqual(['closed-before']);
    expect(await store.maskHandoffMessages('closed-before', [])).toBe(1);
    expect((await store.listHandoffMessages('closed-before')).map((m) => m.text)).toEqual(['Votre code PUK est •••']);

    const again = await MongoStore.over(memory.client as unknown as MongoClient, memory.db);
    expect(again.repairs).toEqual([]);
    expect(await again.listHandoffContactsToMask(10)).toEqual([]);
  });
});
