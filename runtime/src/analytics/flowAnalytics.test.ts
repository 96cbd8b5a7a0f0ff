import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { factBatch } from '../store/contract/analyticsContract.ts';
import { flowAnalytics } from './flowAnalytics.ts';

describe('flowAnalytics', () => {
  it("counts a node's exits by output, an option named toString or constructor like any other", async () => {
    const store = new SqliteStore(':memory:');
    try {
      for (const [contact, output] of [
        ['c1', 'toString'],
        ['c2', 'toString'],
        ['c3', 'constructor'],
        ['c4', 'balance'],
      ] as const) {
        store.queueFacts(factBatch('2026-03-02T10:15:00.000Z', [{ type: 'contact' }, { type: 'visit', node: 'menu' }, { type: 'exit', node: 'menu', output }], {}, contact));
      }
      const report = await flowAnalytics(
        store,
        '1919',
        { from: '2026-03-02T10:00:00.000Z', to: '2026-03-02T11:00:00.000Z' },
        { traffic: ['live'] },
        { windowHours: 24, now: new Date('2026-03-03T10:00:00.000Z') },
      );
      expect(report.nodes.find((n) => n.node === 'menu')).toMatchObject({ visits: 4, exits: { toString: 2, constructor: 1, balance: 1 } });
    } finally {
      await store.close();
    }
  });
});
