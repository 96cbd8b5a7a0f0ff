import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Binding, Store } from '../store/types.ts';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { createFlowResolver } from './flowResolver.ts';
import { resolveEntry } from './resolveEntry.ts';
import { publishFlow, selfCareFlow } from './testSupport.ts';

const TESTER = '+2290197000009';
const PINNED = '+2290197000008';
const CALLER = '+2290197000001';

let store: Store;
beforeEach(() => {
  store = new SqliteStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

function boundTo(flowId: string, changes: Partial<Binding> = {}): Binding {
  const now = new Date().toISOString();
  return {
    id: 'b1',
    channel: 'voice',
    address: '1919',
    flowId,
    environment: 'production',
    testers: [
      { number: '0197000009', locale: 'fr' },
      { number: PINNED, version: 1 },
    ],
    settings: {},
    createdAt: now,
    updatedAt: now,
    ...changes,
  };
}

/** Every read the store is asked for, by method. */
function countReads(target: Store): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const method of ['readEntry', 'getBinding', 'getFlow', 'getEnvironment', 'getVersionHash', 'getVersion', 'getDraftHash', 'getDraft'] as const) {
    const original = target[method].bind(target) as (...args: unknown[]) => unknown;
    vi.spyOn(target, method).mockImplementation(((...args: unknown[]) => {
      counts[method] = (counts[method] ?? 0) + 1;
      return original(...args);
    }) as never);
  }
  return counts;
}

describe('resolveEntry', () => {
  it('starts a contact through a binding with one store read, the document parsed once', async () => {
    await publishFlow(store, selfCareFlow());
    await store.putBinding(boundTo('selfcare'));
    const flows = createFlowResolver(store);
    const reads = countReads(store);

    const first = await resolveEntry(store, flows, { bindingId: 'b1' }, CALLER, 'BJ');
    expect(first).toMatchObject({ flowId: 'selfcare', version: 1, environment: 'production', bindingId: 'b1', isTester: false });
    expect(reads).toEqual({ readEntry: 1, getVersion: 1 });
    const second = await resolveEntry(store, flows, { bindingId: 'b1' }, CALLER, 'BJ');
    expect(second.flow).toBe(first.flow);
    expect(reads).toEqual({ readEntry: 2, getVersion: 1 });
  });

  it('gives testers staging in their locale, or the version chosen for them', async () => {
    await publishFlow(store, selfCareFlow({ menuText: 'Un.' }));
    await publishFlow(store, selfCareFlow({ menuText: 'Deux.' }));
    await publishFlow(store, selfCareFlow({ menuText: 'Trois.' }), ['staging']);
    await store.putBinding(boundTo('selfcare'));
    const flows = createFlowResolver(store);
    expect(await resolveEntry(store, flows, { bindingId: 'b1' }, TESTER, 'BJ')).toMatchObject({ version: 3, environment: 'staging', locale: 'fr', isTester: true });
    expect(await resolveEntry(store, flows, { bindingId: 'b1' }, CALLER, 'BJ')).toMatchObject({ version: 2, environment: 'production', isTester: false });
    // Version 1 is no environment's any more: only the tester pinned to it runs it.
    const pinned = await resolveEntry(store, flows, { bindingId: 'b1' }, PINNED, 'BJ');
    expect(pinned).toMatchObject({ version: 1, environment: 'version', isTester: true });
    expect(JSON.stringify(pinned.flow)).toContain('Un.');
    expect(pinned).not.toHaveProperty('locale');
  });

  it('runs a user’s own number like a subscriber’s until an admin confirmed it, then staging', async () => {
    await publishFlow(store, selfCareFlow({ menuText: 'Un.' }));
    await publishFlow(store, selfCareFlow({ menuText: 'Deux.' }), ['staging']);
    const own = { number: CALLER, locale: 'fr', addedBy: 'awa' };
    await store.putBinding(boundTo('selfcare', { environment: 'production', testers: [own] }));
    const flows = createFlowResolver(store);
    expect(await resolveEntry(store, flows, { bindingId: 'b1' }, CALLER, 'BJ')).toMatchObject({ version: 1, environment: 'production', isTester: false });
    await store.putBinding(boundTo('selfcare', { testers: [{ ...own, confirmedBy: 'ada', confirmedAt: new Date().toISOString() }] }));
    expect(await resolveEntry(store, flows, { bindingId: 'b1' }, CALLER, 'BJ')).toMatchObject({ version: 2, environment: 'staging', locale: 'fr', isTester: true });
  });

  it('sees a binding moved to another flow at the next contact, and refuses one that is gone', async () => {
    await publishFlow(store, selfCareFlow());
    await publishFlow(store, selfCareFlow({ id: 'other' }), ['staging']);
    await store.putBinding(boundTo('selfcare'));
    const flows = createFlowResolver(store);
    expect((await resolveEntry(store, flows, { bindingId: 'b1' }, CALLER, 'BJ')).flowId).toBe('selfcare');
    await store.putBinding(boundTo('other', { environment: 'staging' }));
    expect(await resolveEntry(store, flows, { bindingId: 'b1' }, CALLER, 'BJ')).toMatchObject({ flowId: 'other', environment: 'staging', version: 1 });
    await store.deleteBinding('b1');
    await expect(resolveEntry(store, flows, { bindingId: 'b1' }, CALLER, 'BJ')).rejects.toMatchObject({ code: 'binding_not_found' });
  });

  it('refuses an archived flow, and an environment or version with nothing to run', async () => {
    await publishFlow(store, selfCareFlow(), ['staging']);
    await store.putBinding(boundTo('selfcare'));
    const flows = createFlowResolver(store);
    await expect(resolveEntry(store, flows, { bindingId: 'b1' }, CALLER, 'BJ')).rejects.toMatchObject({ code: 'flow_not_runnable', params: { source: 'production' } });
    await expect(resolveEntry(store, flows, { flowId: 'selfcare', source: { version: 7 } }, CALLER, 'BJ')).rejects.toMatchObject({ code: 'flow_not_runnable', field: 'source', params: { source: 7 } });
    expect(await resolveEntry(store, flows, { flowId: 'selfcare', source: 'draft' }, CALLER, 'BJ')).toMatchObject({ version: null, environment: 'draft', bindingId: null });

    await store.deleteBinding('b1');
    await store.clearEnvironment('selfcare', 'staging', 1, new Date().toISOString());
    expect(await store.archiveFlow('selfcare', new Date().toISOString(), 'pat')).toMatchObject({ ok: true });
    // A binding made in a race with the archive.
    await store.putBinding(boundTo('selfcare'));
    await expect(resolveEntry(store, flows, { bindingId: 'b1' }, CALLER, 'BJ')).rejects.toMatchObject({ code: 'flow_archived' });
    await expect(resolveEntry(store, flows, { flowId: 'selfcare', source: 'draft' }, CALLER, 'BJ')).rejects.toMatchObject({ code: 'flow_archived' });
  });
});
