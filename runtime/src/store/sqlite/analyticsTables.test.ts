import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FactBatch } from '../types.ts';
import { factBatch } from '../contract/analyticsContract.ts';
import Database from 'better-sqlite3';
import { PositionalBatch } from '../factRuns.ts';
import { SqliteStore } from './SqliteStore.ts';
import { ROW_BATCHES } from './analyticsTables.ts';

const AT = '2026-03-02T10:15:00.000Z';
const visit = (node: string, contact = node) => factBatch(AT, [{ type: 'visit', node }], {}, contact);
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Visits per node in the day of AT, after folding everything. */
async function visits(store: SqliteStore): Promise<Record<string, number>> {
  while ((await store.rollUpFacts(1000)) > 0);
  const sums = await store.sumCounters({ from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z', metrics: ['visit'], groupBy: ['key'] });
  return Object.fromEntries(sums.map((s) => [s.key, s.count]));
}

// The SQLite store folds the facts it writes as it writes them; these are the cases where what it
// folded is not what the file holds: a rolled-back write, another process on the same file, a restart.
describe('SQLite analytics roll-up', () => {
  const dirs: string[] = [];
  const open: SqliteStore[] = [];
  const fileStore = (dir: string) => {
    const store = new SqliteStore(join(dir, 'griot.db'));
    open.push(store);
    return store;
  };
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'griot-facts-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('does not count a fact whose write was rolled back, even when another process’s fact takes its number', async () => {
    const dir = tempDir();
    const first = fileStore(dir);
    const second = fileStore(dir);
    // The second batch cannot be stored: the whole write is rolled back, the first batch with it.
    await expect(first.recordFacts([visit('lost'), { ...visit('broken'), at: null } as unknown as FactBatch])).rejects.toThrow();
    await tick();
    await second.recordFacts([visit('kept')]);
    await first.recordFacts([visit('later')]);
    expect(await visits(first)).toEqual({ kept: 1, later: 1 });
    expect(await visits(second)).toEqual({ kept: 1, later: 1 });
  });

  it('counts every fact it wrote once, those it has folded already and those it has not', async () => {
    const store = fileStore(tempDir());
    const turns = (node: string, from: number, count: number) => Array.from({ length: count }, (_, i) => visit(node, `${node}${from + i}`));
    // Batches are folded several at a time: 100 and 70 leave some written but not yet folded at each roll-up.
    for (let i = 0; i < 100; i += 10) await store.recordFacts(turns('a', i, 10));
    expect(await visits(store)).toEqual({ a: 100 });
    for (let i = 0; i < 70; i += 7) await store.recordFacts(turns('b', i, 7));
    expect(await visits(store)).toEqual({ a: 100, b: 70 });
    // A rolled-back write among them: what stayed is counted, what did not is not.
    await store.recordFacts(turns('c', 0, 50));
    await expect(store.recordFacts([...turns('lost', 0, 20), { ...visit('broken'), at: null } as unknown as FactBatch])).rejects.toThrow();
    await tick();
    await store.recordFacts(turns('c', 50, 30));
    expect(await visits(store)).toEqual({ a: 100, b: 70, c: 80 });
    expect(await store.rollUpFacts(1000)).toBe(0);
  });

  it('writes many turns’ facts as a row per flow, and lists, counts and erases each of them as its own fact', async () => {
    const dir = tempDir();
    const store = fileStore(dir);
    const at = (tenth: number) => new Date(Date.parse('2026-03-02T09:59:40.000Z') + tenth * 100).toISOString();
    // Turns of two flows interleaved, a tenth of a second apart, over the hour's edge; a turn's batch as the engine builds it.
    const batches: FactBatch[] = Array.from({ length: 2 * ROW_BATCHES + 10 }, (_, i) =>
      i % 2 === 0
        ? new PositionalBatch('1919', 3, 'production', 'voice', 'fr', 'live', at(i), `c${i}`, i === 4 ? 'caller-4' : null, [2, 3, 'production', 'voice', 'fr', 'live', '', null, 'visit', 1, 'menu'])
        : { ...factBatch(at(i), [{ type: 'visit', node: 'other' }], { flowId: 'other' }, `c${i}`), caller: i === 5 ? 'caller-5' : null },
    );
    await store.recordFacts(batches);
    const db = new Database(join(dir, 'griot.db'), { readonly: true });
    try {
      // 261 batches of each flow: a row of ROW_BATCHES and one of the other 5, each.
      expect(db.prepare('SELECT flow_id, COUNT(*) AS n FROM analytics_facts GROUP BY flow_id ORDER BY flow_id').all()).toEqual([
        { flow_id: '1919', n: 2 },
        { flow_id: 'other', n: 2 },
      ]);
    } finally {
      db.close();
    }
    // Each fact with its own time, whichever row holds it; a period from within a row on.
    const from = '2026-03-02T10:00:00.000Z';
    const listed = await store.listFacts({ from, to: '2026-03-03T00:00:00.000Z', limit: 10_000 });
    const expected = batches.filter((b) => b.at >= from);
    expect(listed.map((b) => [b.at, b.flowId, b.contact])).toEqual(
      [...expected.filter((b) => b.flowId === '1919'), ...expected.filter((b) => b.flowId === 'other')].map((b) => [b.at, b.flowId, b.contact]),
    );
    expect(await store.listFacts({ from, to: '2026-03-03T00:00:00.000Z', limit: 5 })).toHaveLength(5);
    while ((await store.rollUpFacts(1000)) > 0);
    const hours = await store.sumCounters({ from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z', metrics: ['visit'], groupBy: ['hour', 'key'] });
    expect(hours.map((h) => [h.hour, h.key, h.count])).toEqual([
      ['2026-03-02T09:00:00.000Z', 'menu', 100],
      ['2026-03-02T09:00:00.000Z', 'other', 100],
      ['2026-03-02T10:00:00.000Z', 'menu', ROW_BATCHES + 5 - 100],
      ['2026-03-02T10:00:00.000Z', 'other', ROW_BATCHES + 5 - 100],
    ]);
    // A caller's digest goes from the fact that holds it, not from its row's others.
    expect(await store.eraseCallerFacts(['caller-4', 'caller-5'])).toBe(2);
    const all = await store.listFacts({ from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z', limit: 10_000 });
    expect(all).toHaveLength(batches.length);
    expect(all.filter((b) => b.caller !== null)).toEqual([]);
    // A process that did not write them reads them back: the same counts.
    const other = fileStore(dir);
    expect((await other.listFacts({ from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z', limit: 10_000 })).map((b) => b.contact)).toEqual(all.map((b) => b.contact));
  });

  it('writes a turn’s facts without the digest of a caller another process erased meanwhile, whatever form they are in', async () => {
    const dir = tempDir();
    const first = fileStore(dir);
    const second = fileStore(dir);
    await second.eraseCallerFacts(['erased']);
    const turn = (contact: string) =>
      new PositionalBatch('1919', 3, 'production', 'voice', 'fr', 'live', AT, contact, 'erased', [2, 3, 'production', 'voice', 'fr', 'live', '', null, 'visit', 1, 'menu']);
    await first.recordFacts([turn('alone')]);
    await first.recordFacts([turn('many-1'), turn('many-2')]);
    const facts = await second.listFacts({ from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z', limit: 10 });
    expect(facts.map((f) => [f.contact, f.caller, f.events])).toEqual([
      ['alone', null, [{ type: 'visit', node: 'menu' }]],
      ['many-1', null, [{ type: 'visit', node: 'menu' }]],
      ['many-2', null, [{ type: 'visit', node: 'menu' }]],
    ]);
  });

  it('counts each fact once when two processes write and fold the same file in turn', async () => {
    const dir = tempDir();
    const first = fileStore(dir);
    const second = fileStore(dir);
    await first.recordFacts([visit('a', 'c1')]);
    await second.recordFacts([visit('b', 'c2')]);
    await first.recordFacts([visit('a', 'c3')]);
    // The second folds first, up to its own row, which sits between the first's.
    expect(await second.rollUpFacts(1)).toBe(2);
    await second.recordFacts([visit('b', 'c4')]);
    await first.recordFacts([visit('a', 'c5')]);
    expect(await visits(first)).toEqual({ a: 3, b: 2 });
    expect(await visits(second)).toEqual({ a: 3, b: 2 });
  });

  it('counts what a stopped process wrote and did not fold, once', async () => {
    const dir = tempDir();
    const first = fileStore(dir);
    await first.recordFacts([visit('a', 'c1'), visit('a', 'c2')]);
    await first.close();
    open.splice(open.indexOf(first), 1);
    const again = fileStore(dir);
    await again.recordFacts([visit('c', 'c4')]);
    const counted = await visits(again);
    expect(counted.a).toBe(2);
    expect(counted.c).toBe(1);
    // Folding again finds nothing new.
    expect(await again.rollUpFacts(1000)).toBe(0);
    expect(await visits(again)).toEqual(counted);
  });
});
