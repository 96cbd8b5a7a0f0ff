import { describe, expect, it } from 'vitest';
import type { ServiceContext } from '../context.ts';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { at, binding, createFlow } from '../store/contract/fixtures.ts';
import { confirmOwnTestNumber, type ConfirmDeps } from './confirmOwnTestNumber.ts';

/**
 * An admin confirms awa's own number while kofi adds his and ines removes hers: the binding read
 * by the confirmation is already stale when it writes, and every one of those changes stays.
 */
describe('confirming a tester’s own number', () => {
  it('keeps a tester’s add and remove made between the admin’s read and the confirmation', async () => {
    const store = new SqliteStore(':memory:');
    await createFlow(store, 'hello');
    await store.putBinding(binding('b1', 'hello'));
    await store.addBindingTester('b1', { number: '+2290197000101', addedBy: 'awa' }, at(1));
    await store.addBindingTester('b1', { number: '+2290197000103', addedBy: 'ines' }, at(1));
    const audited: unknown[] = [];
    const ctx = { store, now: () => at(5), audit: { record: async (entry: unknown) => void audited.push(entry) } } as unknown as ServiceContext;
    let reads = 0;
    const deps: ConfirmDeps = {
      ctx,
      defaultRegion: 'BJ',
      // Right after the admin's read, kofi's add and ines's removal land.
      async get(id) {
        const read = await store.getBinding(id);
        if (reads++ === 0) {
          await store.addBindingTester('b1', { number: '+2290197000102', addedBy: 'kofi' }, at(2));
          await store.removeBindingTester('b1', '+2290197000103', 'ines', at(2));
        }
        if (!read) throw new Error('gone');
        return read;
      },
      hash: (b) => JSON.stringify(b.testers),
      describe: (b) => ({ address: b.address }),
    };

    const confirmed = await confirmOwnTestNumber(deps, { username: 'admin' } as never, 'b1', '+2290197000101');
    expect(confirmed.testers).toContainEqual({ number: '+2290197000101', addedBy: 'awa', confirmedBy: 'admin', confirmedAt: at(5) });
    const after = await store.getBinding('b1');
    expect(after?.testers).toEqual([
      { number: '+2290197000001', version: 2, locale: 'fr' },
      { number: '+2290197000101', addedBy: 'awa', confirmedBy: 'admin', confirmedAt: at(5) },
      { number: '+2290197000102', addedBy: 'kofi' },
    ]);
    expect(audited).toHaveLength(1);
    // Confirming again changes nothing.
    expect((await confirmOwnTestNumber(deps, { username: 'other-admin' } as never, 'b1', '+2290197000101')).testers[1]?.confirmedBy).toBe('admin');
    await store.close();
  });
});
