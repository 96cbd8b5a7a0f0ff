import { describe, expect, it } from 'vitest';
import { Flow, renameVariable } from '@griot/flows';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { createFlowResolver } from '../conversations/flowResolver.ts';
import { publishFlow } from '../conversations/testSupport.ts';
import { RememberedElsewhere } from './rememberedElsewhere.ts';
import { twoStepIvr } from '../../test/helpers/twoStepIvr.ts';

const flow = (id: string, variables: Flow['variables']): Flow => Flow.parse({ ...twoStepIvr, id, name: id, variables });

describe('what the other flows in service remember of callers', () => {
  it('names their remembered variables and former names, never the asking flow’s, and reads the flows again once its time is over', async () => {
    const store = new SqliteStore(':memory:');
    let now = 0;
    const remembered = new RememberedElsewhere(store, createFlowResolver(store), () => now, 1000);
    const selfcare = flow('selfcare', [{ name: 'canal', type: 'string', sensitive: false, persist: true }]);
    await publishFlow(store, selfcare, ['production']);
    const renamed = renameVariable(
      flow('fidelite', [
        { name: 'palier', type: 'string', sensitive: false, persist: true },
        { name: 'note', type: 'string', sensitive: false, persist: false },
      ]),
      'palier',
      'niveau',
    );
    if (!renamed.ok) throw new Error('rename refused');
    await publishFlow(store, renamed.flow, ['staging']);
    expect([...(await remembered.except('selfcare'))].sort()).toEqual(['niveau', 'palier']);
    expect([...(await remembered.except('fidelite'))]).toEqual(['canal']);
    // A flow only drafted is in no environment: nothing of it.
    await store.createFlow(
      { id: 'brouillon', name: 'b', createdAt: '2026-12-07T00:00:00Z', createdBy: 't', updatedAt: '2026-12-07T00:00:00Z' },
      { flowId: 'brouillon', revision: 1, document: flow('brouillon', [{ name: 'x', type: 'string', sensitive: false, persist: true }]), hash: 'h', updatedAt: '2026-12-07T00:00:00Z', updatedBy: 't' },
    );
    // Another flow published: seen once what was read is older than the time given.
    await publishFlow(store, flow('enquete', [{ name: 'satisfait', type: 'string', sensitive: false, persist: true }]), ['production']);
    expect(await remembered.except('selfcare')).not.toContain('satisfait');
    now = 1000;
    expect([...(await remembered.except('selfcare'))].sort()).toEqual(['niveau', 'palier', 'satisfait']);
    await store.close();
  });

  it('keeps no failed read: the next contact asks the store again', async () => {
    const store = new SqliteStore(':memory:');
    await publishFlow(store, flow('fidelite', [{ name: 'palier', type: 'string', sensitive: false, persist: true }]), ['production']);
    let down = true;
    const flaky = { listFlows: () => (down ? Promise.reject(new Error('store unreachable')) : store.listFlows()), getEnvironments: (id: string) => store.getEnvironments(id) };
    const remembered = new RememberedElsewhere(flaky, createFlowResolver(store), () => 0, 60_000);
    await expect(remembered.except('selfcare')).rejects.toThrow('store unreachable');
    down = false;
    expect([...(await remembered.except('selfcare'))]).toEqual(['palier']);
    await store.close();
  });
});
