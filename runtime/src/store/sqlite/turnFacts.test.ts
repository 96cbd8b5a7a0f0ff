import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FactBatch, TurnWrite } from '../types.ts';
import { at, session, turn } from '../contract/fixtures.ts';
import { factBatch } from '../contract/analyticsContract.ts';
import { SqliteStore } from './SqliteStore.ts';

const DAY = { from: at(-24 * 60), to: at(24 * 60) };

/** Turn `n` (1…) of contact `key`, saved at the revision the previous one left, with one visit. */
function turnWithFacts(key: string, n: number, node: string, end = false): TurnWrite {
  const facts: FactBatch = factBatch(at(n), [{ type: 'visit', node }], {}, key);
  return { session: { ...session(key, at(30 + n), n), revision: n - 1 }, turn: turn(n), facts, ...(end ? { end: { at: at(n), reason: 'hangup' } } : {}) };
}

// A turn's facts are saved with the turn: whatever happens to its session or the process after the
// answer, each is counted once. (Guards for any cheaper way of keeping them, issue 14.)
describe('SQLite analytics facts of conversation turns', () => {
  const dirs: string[] = [];
  const open: SqliteStore[] = [];
  const fileStore = (path: string) => {
    const store = new SqliteStore(path);
    open.push(store);
    return store;
  };
  const tempFile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'griot-turn-facts-'));
    dirs.push(dir);
    return join(dir, 'griot.db');
  };
  const visits = async (store: SqliteStore) => {
    while ((await store.rollUpFacts(1000)) > 0);
    const sums = await store.sumCounters({ ...DAY, metrics: ['visit'], groupBy: ['key'] });
    return Object.fromEntries(sums.map((s) => [s.key, s.count]));
  };
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('loses no fact of a running contact when the process stops right after the turn', async () => {
    const path = tempFile();
    const first = fileStore(path);
    await first.saveTurn(turnWithFacts('voice:CA1', 1, 'welcome'));
    await first.saveTurn(turnWithFacts('voice:CA1', 2, 'menu'));
    await first.close();
    open.splice(open.indexOf(first), 1);
    const again = fileStore(path);
    expect((await again.listFacts({ ...DAY, limit: 10 })).map((b) => b.events[0])).toEqual([
      { type: 'visit', node: 'welcome' },
      { type: 'visit', node: 'menu' },
    ]);
    expect(await visits(again)).toEqual({ welcome: 1, menu: 1 });
    // The contact goes on after the restart: its later facts are counted, the earlier ones not again.
    await again.saveTurn(turnWithFacts('voice:CA1', 3, 'goodbye', true));
    expect(await visits(again)).toEqual({ welcome: 1, menu: 1, goodbye: 1 });
  });

  it('keeps the facts of a session that is deleted or expires before they were counted', async () => {
    const store = fileStore(tempFile());
    await store.saveTurn(turnWithFacts('voice:CA1', 1, 'deleted'));
    await store.saveTurn(turnWithFacts('voice:CA2', 1, 'expired'));
    await store.deleteSession('voice:CA1');
    // CA2 expires at minute 31.
    expect(await store.purgeExpiredSessions(at(40))).toBe(1);
    expect(await store.getSession('voice:CA2', at(2))).toBeNull();
    expect(await visits(store)).toEqual({ deleted: 1, expired: 1 });
  });

  it('counts each fact once when another process folds while this one’s contact is running', async () => {
    const path = tempFile();
    const first = fileStore(path);
    const second = fileStore(path);
    await first.saveTurn(turnWithFacts('voice:CA1', 1, 'welcome'));
    await first.saveTurn(turnWithFacts('voice:CA1', 2, 'menu'));
    // The other process moves and counts the running contact's facts.
    expect(await visits(second)).toEqual({ welcome: 1, menu: 1 });
    await first.saveTurn(turnWithFacts('voice:CA1', 3, 'goodbye', true));
    await first.saveTurn(turnWithFacts('voice:CA2', 1, 'welcome'));
    expect(await visits(first)).toEqual({ welcome: 2, menu: 1, goodbye: 1 });
    expect(await visits(second)).toEqual({ welcome: 2, menu: 1, goodbye: 1 });
  });

  // Since 2026-12-05 the engine hands a turn's facts over after its commit (`queueFacts`), and
  // each process writes its own in batches: within the window, at once before its own reads, and
  // when it closes.
  it('writes each process’s queued facts within the window, without being asked, counted once across processes', async () => {
    const path = tempFile();
    const first = fileStore(path);
    const second = fileStore(path);
    first.queueFacts(factBatch(at(1), [{ type: 'visit', node: 'welcome' }], {}, 'c1'));
    second.queueFacts(factBatch(at(2), [{ type: 'visit', node: 'menu' }], {}, 'c2'));
    first.queueFacts(factBatch(at(3), [{ type: 'visit', node: 'menu' }], {}, 'c1'));
    // A third process reads the file: each of the others wrote its facts on its own.
    const reader = fileStore(path);
    const written = async () => (await reader.listFacts({ ...DAY, limit: 10 })).length;
    const deadline = Date.now() + 4000;
    while ((await written()) < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await written()).toBe(3);
    expect(await visits(reader)).toEqual({ welcome: 1, menu: 2 });
    expect(await visits(first)).toEqual({ welcome: 1, menu: 2 });
    expect(await visits(second)).toEqual({ welcome: 1, menu: 2 });
  });

  it('writes the facts still queued when the process stops', async () => {
    const path = tempFile();
    const first = fileStore(path);
    for (let n = 1; n <= 3; n++) first.queueFacts(factBatch(at(n), [{ type: 'visit', node: `node${n}` }], {}, 'c1'));
    await first.close();
    open.splice(open.indexOf(first), 1);
    expect(await visits(fileStore(path))).toEqual({ node1: 1, node2: 1, node3: 1 });
  });
});
