import { afterAll, describe, expect, it } from 'vitest';
import type { MongoClient } from 'mongodb';
import { storeContract } from './contract.ts';
import { erasedCallerContract } from './contract/erasedCallerContract.ts';
import type { Store } from './types.ts';
import { MongoStore } from './mongo/MongoStore.ts';
import { MemoryMongo } from './mongo/testing/memoryMongo.ts';
import { mongoCutUpload } from './mongo/testing/mongoCutUpload.ts';
import { indexes } from './mongo/mongoCollections.ts';
import { unservedQueries } from './mongo/testing/indexCoverage.ts';
import { handoffContact } from './contract/handoffContract.ts';
import { at } from './contract/fixtures.ts';

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
      mongoCutUpload,
    );
    erasedCallerContract(`MongoDB adapter (in-memory driver, ${transactions ? 'replica set' : 'standalone'})`, async () => {
      const memory = new MemoryMongo({ transactions });
      drivers.push(memory);
      const over = () => MongoStore.over(memory.client as unknown as MongoClient, memory.db);
      return [await over(), await over()];
    });
  });
}

/**
 * Left 17: on a standalone server (no transactions) an agent's reply read the contact as still hers,
 * then stored the message one round trip later: a supervisor's requeue in between, and the reply was
 * stored (and sent) all the same. Now the message is written provisional first, then the contact
 * read, then the message confirmed or removed; a provisional message is neither shown nor sent.
 */
describe('an agent’s reply on a standalone server while her contact changes hands', () => {
  const reply = { id: 'r1', contactId: 'held', at: at(2), from: 'agent' as const, author: 'awa', text: 'Bonjour', pending: true as const };
  const standalone = async () => {
    const memory = new MemoryMongo({ transactions: false });
    drivers.push(memory);
    const store = await MongoStore.over(memory.client as unknown as MongoClient, memory.db);
    await store.putHandoffContact(handoffContact('held', 0, at(1), { status: 'assigned', agent: 'awa' }));
    return { memory, store };
  };

  it('stores nothing, and says so, when a requeue lands between the holder check and the append', async () => {
    const { memory, store } = await standalone();
    let open!: () => void;
    // The reply's write waits; the supervisor's requeue goes through meanwhile.
    memory.holdNext('handoffMessages', 'updateOne', new Promise<void>((resolve) => (open = resolve)));
    const replying = store.appendHandoffMessageOnce(reply, 'awa');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await store.updateHandoffContact('held', { statuses: ['assigned'], agent: 'awa' }, { status: 'waiting', agent: undefined, updatedAt: at(3) })).not.toBeNull();
    open();
    expect(await replying).toBe('changedHands');
    expect(await store.listHandoffMessages('held')).toEqual([]);
    expect(await store.listPendingHandoffMessages(at(9), 10)).toEqual([]);
    expect(memory.documents('handoffMessages')).toEqual([]);
  });

  it('neither shows nor sends a reply whose holder check is still running, then stores it once she still holds the contact', async () => {
    const { memory, store } = await standalone();
    let open!: () => void;
    memory.holdNext('handoffContacts', 'findOne', new Promise<void>((resolve) => (open = resolve)));
    const replying = store.appendHandoffMessageOnce(reply, 'awa');
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(await store.listHandoffMessages('held')).toEqual([]);
    expect(await store.getHandoffMessage('held', 'r1')).toBeNull();
    // A minute later (the recovery pass's grace then its margin), the row is still left to its writer.
    expect(await store.listPendingHandoffMessages(at(3), 10)).toEqual([]);
    expect(memory.documents('handoffMessages')).toHaveLength(1);
    open();
    expect(await replying).toBeNull();
    expect(await store.listHandoffMessages('held')).toEqual([reply]);
    expect(await store.listPendingHandoffMessages(at(9), 10)).toEqual([reply]);
    expect(await store.appendHandoffMessageOnce(reply, 'awa')).toEqual(reply);
  });

  /** The first attempt writes its provisional row, then its holder check never answers (the process dies there). */
  const diesAfterWrite = async (memory: MemoryMongo, store: MongoStore) => {
    memory.holdNext('handoffContacts', 'findOne', new Promise<void>(() => undefined));
    void store.appendHandoffMessageOnce(reply, 'awa');
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(memory.documents('handoffMessages')).toHaveLength(1);
  };

  it('does not send the retry of a reply whose first attempt died, when the contact was requeued meanwhile', async () => {
    const { memory, store } = await standalone();
    await diesAfterWrite(memory, store);
    await store.updateHandoffContact('held', { statuses: ['assigned'], agent: 'awa' }, { status: 'waiting', agent: undefined, updatedAt: at(3) });
    // The app's retry with the same id: the contact is no longer hers, nothing is stored or sent.
    expect(await store.appendHandoffMessageOnce(reply, 'awa')).toBe('changedHands');
    expect(memory.documents('handoffMessages')).toEqual([]);
  });

  it('stores the retry of a reply whose first attempt died, once, when she still holds the contact', async () => {
    const { memory, store } = await standalone();
    await diesAfterWrite(memory, store);
    expect(await store.appendHandoffMessageOnce(reply, 'awa')).toBeNull();
    expect(await store.listHandoffMessages('held')).toEqual([reply]);
    expect(await store.listPendingHandoffMessages(at(9), 10)).toEqual([reply]);
    expect(await store.appendHandoffMessageOnce(reply, 'awa')).toEqual(reply);
  });

  it('has one of two attempts at once store (and send) the reply: the other finds it stored', async () => {
    const { memory, store } = await standalone();
    let open!: () => void;
    memory.holdNext('handoffContacts', 'findOne', new Promise<void>((resolve) => (open = resolve)));
    const first = store.appendHandoffMessageOnce(reply, 'awa');
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
    const second = await store.appendHandoffMessageOnce(reply, 'awa');
    open();
    expect([await first, second]).toEqual([reply, null]);
    expect(await store.listHandoffMessages('held')).toEqual([reply]);
  });

  it('stores nothing when the contact is requeued while two attempts run: neither is sent', async () => {
    const { memory, store } = await standalone();
    let open!: () => void;
    memory.holdNext('handoffContacts', 'findOne', new Promise<void>((resolve) => (open = resolve)));
    const first = store.appendHandoffMessageOnce(reply, 'awa');
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
    await store.updateHandoffContact('held', { statuses: ['assigned'], agent: 'awa' }, { status: 'waiting', agent: undefined, updatedAt: at(3) });
    const second = await store.appendHandoffMessageOnce(reply, 'awa');
    open();
    expect([await first, second]).toEqual(['changedHands', 'changedHands']);
    expect(memory.documents('handoffMessages')).toEqual([]);
  });

  it('removes a reply left provisional by a writer that died and was never retried, in the recovery pass', async () => {
    const { memory, store } = await standalone();
    await diesAfterWrite(memory, store);
    // The recovery pass reads replies older than its grace: a provisional row less than a minute older is left to its writer.
    expect(await store.listPendingHandoffMessages(at(3), 10)).toEqual([]);
    expect(memory.documents('handoffMessages')).toHaveLength(1);
    expect(await store.listPendingHandoffMessages(at(9), 10)).toEqual([]);
    expect(memory.documents('handoffMessages')).toEqual([]);
  });
});

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

/**
 * ops18's review: on a standalone server (no transactions) the erasure removed a caller's contacts,
 * then their messages; stopped between the two, the contacts were gone and their agents' messages
 * stayed, found by no later erasure. A contact's messages now go before it, and again after it.
 */
describe('a contact removed on a standalone server takes its messages with it', () => {
  const standalone = async () => {
    const memory = new MemoryMongo({ transactions: false });
    drivers.push(memory);
    const store = await MongoStore.over(memory.client as unknown as MongoClient, memory.db);
    await store.putHandoffContact(handoffContact('gone', 0, at(1), { status: 'closed', agent: 'awa', updatedAt: at(5) }));
    for (const [id, from, text] of [
      ['m1', 'subscriber', 'mon PUK'],
      ['m2', 'agent', 'Je regarde'],
      ['m3', 'agent', 'Voilà'],
    ] as const) {
      await store.appendHandoffMessage({ id, contactId: 'gone', at: at(2), from, ...(from === 'agent' ? { author: 'awa' } : {}), text });
    }
    return { memory, store };
  };
  const messagesOf = (memory: MemoryMongo, contactId: string) => memory.documents('handoffMessages').filter((m) => m.contactId === contactId);

  it('an erasure stopped by a failed delete, asked again, leaves none of the contact’s messages', async () => {
    const { memory, store } = await standalone();
    memory.failNext('handoffMessages', 'deleteMany');
    await expect(store.eraseConversations(['+2290197000001'], [])).rejects.toThrow();
    expect(await store.eraseConversations(['+2290197000001'], [])).toMatchObject({ ok: true });
    expect(await store.getHandoffContact('gone')).toBeNull();
    expect(messagesOf(memory, 'gone')).toEqual([]);
  });

  it('the retention purge removes a message written while it removed the contact', async () => {
    const { memory, store } = await standalone();
    let open!: () => void;
    memory.holdNext('handoffContacts', 'deleteMany', new Promise<void>((resolve) => (open = resolve)));
    const purging = store.purgeHandoff(at(100));
    for (let i = 0; i < 10 && messagesOf(memory, 'gone').length > 0; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(messagesOf(memory, 'gone')).toEqual([]);
    await store.appendHandoffMessage({ id: 'late', contactId: 'gone', at: at(6), from: 'agent', author: 'awa', text: 'Au revoir' });
    open();
    expect(await purging).toMatchObject({ handoffContacts: 1, handoffMessages: 4 });
    expect(await store.getHandoffContact('gone')).toBeNull();
    expect(messagesOf(memory, 'gone')).toEqual([]);
  });
});
