import { describe, expect, it } from 'vitest';
import type { Store } from '../types.ts';
import { at, binding, createFlow } from './fixtures.ts';

/** Testers listing their own numbers on one binding at once: each addition and removal is one atomic step. */
export function bindingTesterContract(store: () => Store) {
  describe('testers of a binding', () => {
    it('keeps every one of many additions made at once, and refuses a number listed already', async () => {
      await createFlow(store(), 'hello');
      await store().putBinding(binding('b1', 'hello'));
      const numbers = Array.from({ length: 10 }, (_, i) => `+22901970001${String(i).padStart(2, '0')}`);
      const added = await Promise.all(numbers.map((number, i) => store().addBindingTester('b1', { number, addedBy: `user${i}` }, at(20))));
      expect(added.every((b) => b !== null)).toBe(true);
      const after = await store().getBinding('b1');
      expect(after?.testers.map((t) => t.number).sort()).toEqual(['+2290197000001', ...numbers].sort());
      expect(after?.updatedAt).toBe(at(20));
      // The admin's row keeps its version and locale; the new rows are as given.
      expect(after?.testers).toContainEqual({ number: '+2290197000001', version: 2, locale: 'fr' });
      expect(after?.testers).toContainEqual({ number: numbers[3], addedBy: 'user3' });
      expect(after?.settings).toEqual(binding('b1', 'hello').settings);
      expect(await store().addBindingTester('b1', { number: numbers[0]!, addedBy: 'someone' }, at(21))).toBeNull();
      expect(await store().addBindingTester('gone', { number: '+2290197000999', addedBy: 'user0' }, at(21))).toBeNull();
    });

    it('removes only the row the user listed, each once, whatever else changes at the same time', async () => {
      await createFlow(store(), 'hello');
      await store().putBinding(binding('b1', 'hello'));
      await store().addBindingTester('b1', { number: '+2290197000101', addedBy: 'awa' }, at(20));
      await store().addBindingTester('b1', { number: '+2290197000102', addedBy: 'kofi' }, at(20));
      // Not awa's: the admin's row, and kofi's.
      expect(await store().removeBindingTester('b1', '+2290197000001', 'awa', at(21))).toBeNull();
      expect(await store().removeBindingTester('b1', '+2290197000102', 'awa', at(21))).toBeNull();
      const [removed, again, added] = await Promise.all([
        store().removeBindingTester('b1', '+2290197000101', 'awa', at(22)),
        store().removeBindingTester('b1', '+2290197000101', 'awa', at(22)),
        store().addBindingTester('b1', { number: '+2290197000103', addedBy: 'ines' }, at(22)),
      ]);
      expect([removed, again].filter((b) => b !== null)).toHaveLength(1);
      expect(added).not.toBeNull();
      const after = await store().getBinding('b1');
      expect(after?.testers.map((t) => t.number).sort()).toEqual(['+2290197000001', '+2290197000102', '+2290197000103']);
      expect(after?.updatedAt).toBe(at(22));
    });

    it('confirms a user’s own number in one step, keeping what testers add and remove at the same time', async () => {
      await createFlow(store(), 'hello');
      await store().putBinding(binding('b1', 'hello'));
      await store().addBindingTester('b1', { number: '+2290197000101', addedBy: 'awa' }, at(20));
      await store().addBindingTester('b1', { number: '+2290197000102', addedBy: 'kofi' }, at(20));
      // Not awa's row, nor the admin's (nothing to confirm there).
      expect(await store().confirmBindingTester('b1', '+2290197000101', 'kofi', 'admin', at(21))).toBeNull();
      expect(await store().confirmBindingTester('b1', '+2290197000001', 'awa', 'admin', at(21))).toBeNull();
      const [confirmed, again, added, removed] = await Promise.all([
        store().confirmBindingTester('b1', '+2290197000101', 'awa', 'admin', at(22)),
        store().confirmBindingTester('b1', '+2290197000101', 'awa', 'other', at(22)),
        store().addBindingTester('b1', { number: '+2290197000103', addedBy: 'ines' }, at(22)),
        store().removeBindingTester('b1', '+2290197000102', 'kofi', at(22)),
      ]);
      expect([confirmed, again].filter((b) => b !== null)).toHaveLength(1);
      expect(added).not.toBeNull();
      expect(removed).not.toBeNull();
      const after = await store().getBinding('b1');
      expect(after?.testers).toEqual([
        { number: '+2290197000001', version: 2, locale: 'fr' },
        { number: '+2290197000101', addedBy: 'awa', confirmedBy: confirmed ? 'admin' : 'other', confirmedAt: at(22) },
        { number: '+2290197000103', addedBy: 'ines' },
      ]);
      expect(after?.updatedAt).toBe(at(22));
      expect(await store().confirmBindingTester('gone', '+2290197000101', 'awa', 'admin', at(23))).toBeNull();
    });
  });
}
