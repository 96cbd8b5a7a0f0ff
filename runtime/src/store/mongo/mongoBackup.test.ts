import { describe, expect, it } from 'vitest';
import { fillStore } from '../contract/fillStore.ts';
import { contentOf } from '../contract/backupContract.ts';
import { at } from '../contract/fixtures.ts';
import { memoryMongoStore } from './testing/memoryMongoStore.ts';

/** Backups on MongoDB (issue 18, point 10), on the in-memory driver. */
describe('a MongoDB backup', () => {
  it('reads at one cluster time on a replica set: every query in one snapshot session, one query per collection', async () => {
    const { store, memory } = await memoryMongoStore({ transactions: true });
    await fillStore(store);
    for (const id of ['c2', 'c3', 'c4']) {
      await store.putHandoffContact({
        id,
        queue: 'support',
        priority: 5,
        enqueuedAt: at(1),
        channel: 'whatsapp',
        sessionKey: `whatsapp:${id}`,
        callerNumber: '+2290197000001',
        locale: 'fr',
        reason: 'PUK',
        context: {},
        history: [],
        status: 'waiting',
        preview: false,
        updatedAt: at(1),
      });
      await store.appendHandoffMessage({ id: `m-${id}`, contactId: id, at: at(2), from: 'subscriber', text: 'allô' });
    }
    const before = memory.calls.length;
    const dump = await store.dump();
    const reads = memory.calls.slice(before);
    expect(reads.length).toBeGreaterThan(10);
    expect(reads.filter((c) => !c.session)).toEqual([]);
    // Messages of every contact in one query, not one per contact.
    expect(reads.filter((c) => c.collection === 'handoffMessages')).toHaveLength(1);
    expect(reads.every((c) => c.method === 'find')).toBe(true);
    expect(new Set(reads.map((c) => c.collection)).size).toBe(reads.length);
    expect(dump.handoff?.messages.map((m) => m.id)).toEqual(expect.arrayContaining(['m-c2', 'm-c3', 'm-c4']));
  });

  it('keeps messages grouped by contact, in the order contacts are listed, as SQLite does', async () => {
    const { store } = await memoryMongoStore();
    await fillStore(store);
    const dump = await store.dump();
    const contactOrder = dump.handoff!.contacts.map((c) => c.id);
    const messageContacts = dump.handoff!.messages.map((m) => m.contactId);
    expect([...new Set(messageContacts)]).toEqual(contactOrder.filter((id) => messageContacts.includes(id)));
  });
});

describe('a MongoDB restore', () => {
  it('undoes what it inserted when it fails half-way, so running it again works', async () => {
    const { store: source } = await memoryMongoStore();
    await fillStore(source);
    const dump = await source.dump();
    const { store, memory } = await memoryMongoStore();
    memory.failNext('transcripts', 'insertMany');
    await expect(store.restore(dump)).rejects.toThrow('injected failure');
    // Empty again: no flow, user, binding or version left behind, no restore mark.
    expect(await store.listFlows()).toEqual([]);
    expect(await store.countUsers()).toBe(0);
    expect(await store.listBindings()).toEqual([]);
    expect(memory.documents('versions')).toEqual([]);
    expect(memory.documents('maintenance').filter((d) => d._id === 'restore')).toEqual([]);
    await store.restore(dump);
    expect(contentOf(await store.dump())).toEqual(contentOf(dump));
  });

  it('empties what a restore that died half-way left, and restores', async () => {
    const { store: source } = await memoryMongoStore();
    await fillStore(source);
    const dump = await source.dump();
    const { store, memory } = await memoryMongoStore();
    // The process died after flows and drafts went in: the mark is still there.
    await memory.db.collection<{ _id: string; startedAt: string }>('maintenance').replaceOne({ _id: 'restore' }, { startedAt: at(0) }, { upsert: true });
    await memory.db.collection('flows').insertOne({ ...dump.flows[0]! });
    await memory.db.collection('users').insertOne({ ...dump.users[0]! });
    await store.restore(dump);
    expect(contentOf(await store.dump())).toEqual(contentOf(dump));
  });

  it('still refuses a store that holds data of its own', async () => {
    const { store: source } = await memoryMongoStore();
    await fillStore(source);
    const dump = await source.dump();
    await expect(source.restore(dump)).rejects.toMatchObject({ code: 'store_not_empty' });
    expect(contentOf(await source.dump())).toEqual(contentOf(dump));
  });
});
