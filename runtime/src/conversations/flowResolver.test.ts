import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { contentHash } from '@griot/flows';
import type { Store } from '../store/types.ts';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { createFlowResolver } from './flowResolver.ts';
import { publishFlow, selfCareFlow } from './testSupport.ts';

let store: Store;
beforeEach(() => {
  store = new SqliteStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

describe('createFlowResolver', () => {
  it('reads a published version once and reuses the parsed flow', async () => {
    await publishFlow(store, selfCareFlow());
    const getVersion = vi.spyOn(store, 'getVersion');
    const load = createFlowResolver(store);
    const first = await load('selfcare', { version: 1 });
    const second = await load('selfcare', 'production');
    expect(first?.version).toBe(1);
    expect(second?.flow).toBe(first?.flow);
    expect(getVersion).toHaveBeenCalledTimes(1);
  });

  it('follows the environment pointers and the draft as they change', async () => {
    const load = createFlowResolver(store);
    expect(await load('selfcare', 'staging')).toBeNull();
    await publishFlow(store, selfCareFlow(), ['staging']);
    expect((await load('selfcare', 'staging'))?.version).toBe(1);
    expect(await load('selfcare', 'production')).toBeNull();
    expect(await load('selfcare', { version: 7 })).toBeNull();

    const draft = await load('selfcare', 'draft');
    expect(draft?.version).toBeNull();
    const edited = selfCareFlow({ menuText: 'Édité.' });
    await store.saveDraft('selfcare', 1, edited, contentHash(edited), 'test');
    const after = await load('selfcare', 'draft');
    expect(after?.flow).not.toBe(draft?.flow);
    expect(JSON.stringify(after?.flow)).toContain('Édité.');
  });

  it('never runs a purged flow’s cached document for a flow created again under the same id', async () => {
    const load = createFlowResolver(store);
    await publishFlow(store, selfCareFlow({ menuText: 'Ancien menu.' }));
    expect(JSON.stringify((await load('selfcare', 'production'))?.flow)).toContain('Ancien menu.');
    // Archived and purged (deleteFlow is the purge), then created again: its version 1 is another document.
    await store.deleteFlow('selfcare');
    await publishFlow(store, selfCareFlow({ menuText: 'Nouveau menu.' }));
    const again = await load('selfcare', { version: 1 });
    expect(JSON.stringify(again?.flow)).toContain('Nouveau menu.');
    expect(JSON.stringify(again?.flow)).not.toContain('Ancien menu.');
  });
});
