import { describe, expect, it } from 'vitest';
import { contentHash } from '@griot/flows';
import { testFlow } from '../testFlow.ts';
import { at, binding, draft, flowRecord, pointer, version } from '../contract/fixtures.ts';
import { memoryMongoStore } from './testing/memoryMongoStore.ts';
import { ORPHAN_DRAFT_MS } from './flowDocuments.ts';

/**
 * Creating, removing and renaming flows on MongoDB (issue 18, point 6), on the in-memory driver:
 * the order of the writes, and what an interruption between them leaves.
 */
const later = (d: ReturnType<typeof draft>, ms: number) => ({ ...d, updatedAt: new Date(Date.parse(d.updatedAt) + ms).toISOString() });

async function liveFlow(store: Awaited<ReturnType<typeof memoryMongoStore>>['store']) {
  await store.createFlow(flowRecord('hello'), draft('hello'));
  await store.addVersion(version('hello', 'v1'));
  await store.setEnvironment('hello', 'production', null, pointer('hello', 'production', 1));
  await store.putBinding(binding('b1', 'hello'));
}

describe('creating a flow without a transaction', () => {
  it('writes the draft before the flow: a creation cut short leaves no flow that refuses every save', async () => {
    const { store, memory } = await memoryMongoStore();
    memory.failNext('flows', 'insertOne');
    await expect(store.createFlow(flowRecord('hello'), draft('hello'))).rejects.toThrow('injected failure');
    const order = memory.calls.filter((c) => ['drafts', 'flows'].includes(c.collection) && c.method !== 'createIndexes').map((c) => `${c.collection}.${c.method}`);
    expect(order.indexOf('drafts.updateOne')).toBeLessThan(order.indexOf('flows.insertOne'));
    expect(await store.getFlow('hello')).toBeNull();
    expect(await store.listFlows()).toEqual([]);
  });

  it('takes the draft a crashed creation left for a creation in progress a while, then replaces it', async () => {
    const { store, memory } = await memoryMongoStore();
    memory.failNext('flows', 'insertOne');
    await expect(store.createFlow(flowRecord('hello'), draft('hello'))).rejects.toThrow();
    // Just after: maybe another instance creating the same flow.
    expect(await store.createFlow(flowRecord('hello'), later(draft('hello'), 1000))).toEqual({ ok: false, reason: 'exists' });
    // Later, the leftover is replaced and the flow is created with the new draft.
    const document = testFlow('hello', 'Hello again');
    const again = { ...later(draft('hello'), ORPHAN_DRAFT_MS + 1000), document, hash: contentHash(document) };
    expect(await store.createFlow(flowRecord('hello'), again)).toEqual({ ok: true });
    expect((await store.getDraft('hello'))?.document.name).toBe('Hello again');
  });

  it('lets one of two creations of the same id through', async () => {
    const { store } = await memoryMongoStore();
    const results = await Promise.all([store.createFlow(flowRecord('hello'), draft('hello')), store.createFlow(flowRecord('hello'), draft('hello'))]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await store.getDraft('hello')).not.toBeNull();
  });
});

describe('removing a flow (the archive’s purge)', () => {
  it('without a transaction, removes what routes calls first and the flow last: a purge cut short is finished by the next', async () => {
    const { store, memory } = await memoryMongoStore();
    await liveFlow(store);
    // The purge's own calls (a creation removes what a cut-short copy left under its id: not the purge's).
    const purgeFrom = memory.calls.length;
    memory.failNext('drafts', 'deleteMany');
    await expect(store.deleteFlow('hello')).rejects.toThrow('injected failure');
    // Nothing routes to it any more, and the flow is still there to purge again.
    expect(await store.findBinding('voice', '+22990000001')).toBeNull();
    expect(await store.getEnvironments('hello')).toEqual([]);
    expect(await store.getFlow('hello')).not.toBeNull();
    const order = memory.calls
      .slice(purgeFrom)
      .filter((c) => c.method === 'deleteMany' || (c.collection === 'flows' && c.method === 'deleteOne'))
      .map((c) => c.collection);
    expect(order.slice(0, 4)).toEqual(['bindings', 'environments', 'versions', 'versionCounters']);
    expect(await store.deleteFlow('hello')).toBe(true);
    expect(await store.getDraft('hello')).toBeNull();
    expect(memory.calls.filter((c) => c.collection === 'flows' && c.method === 'deleteOne')).toHaveLength(1);
  });

  it('on a replica set, removes everything or nothing', async () => {
    const { store, memory } = await memoryMongoStore({ transactions: true });
    await liveFlow(store);
    memory.failNext('drafts', 'deleteMany');
    await expect(store.deleteFlow('hello')).rejects.toThrow('injected failure');
    expect(await store.findBinding('voice', '+22990000001')).toMatchObject({ id: 'b1' });
    expect(await store.getEnvironment('hello', 'production')).toMatchObject({ version: 1 });
    expect(await store.getVersion('hello', 1)).not.toBeNull();
  });
});

describe('renaming beside a draft save', () => {
  it('never leaves the name of an older revision when two saves’ renames arrive out of order', async () => {
    const { store, memory } = await memoryMongoStore();
    await store.createFlow(flowRecord('hello'), draft('hello'));
    const named = (name: string) => testFlow('hello', name);
    // The first save's rename is held until the second save is done.
    let release!: () => void;
    memory.holdNext('flows', 'updateOne', new Promise<void>((resolve) => (release = resolve)));
    const firstSave = store.saveDraft('hello', 1, named('Old name'), contentHash(named('Old name')), 'alice', at(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await store.saveDraft('hello', 2, named('New name'), contentHash(named('New name')), 'bob', at(2))).toMatchObject({ ok: true, draft: { revision: 3 } });
    release();
    expect(await firstSave).toMatchObject({ ok: true, draft: { revision: 2 } });
    expect((await store.getFlow('hello'))?.name).toBe('New name');
    expect(await store.getFlow('hello')).not.toHaveProperty('nameRevision');
  });
});
