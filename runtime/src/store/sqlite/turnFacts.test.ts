import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FactBatch, TurnWrite } from '../types.ts';
import { at, session, turn } from '../contract/fixtures.ts';
import { factBatch } from '../contract/analyticsContract.ts';
import { SqliteStore } from './SqliteStore.ts';
import { PACKED_FORM, packedDimensions, unpackFacts } from '../packedFacts.ts';

const DAY = { from: at(-24 * 60), to: at(24 * 60) };

/** Turn `n` (1…) of contact `key`, saved at the revision the previous one left, with one visit. */
function turnWithFacts(key: string, n: number, node: string, end = false): TurnWrite {
  const facts: FactBatch = factBatch(at(n), [{ type: 'visit', node }], {}, key);
  return { session: { ...session(key, at(30 + n), n), revision: n - 1 }, turn: turn(n), facts, ...(end ? { end: { at: at(n), reason: 'hangup' } } : {}) };
}

const DIMS = packedDimensions(factBatch(at(0), []));

/** Turn `n` (1…) of contact `key` whose facts stay with the session (`SessionRecord.facts`): one visit per turn so far, no row. */
function turnKeepingFacts(key: string, n: number, nodes: string[]): TurnWrite {
  const t0 = Date.parse(at(1));
  const packed = [PACKED_FORM, `contact-${key}`, null, t0, ...nodes.map((node, i) => [Date.parse(at(i + 1)) - t0, i === 0 ? DIMS : 0, 'visit', 1, node])];
  return { session: { ...session(key, at(30 + n), n), revision: n - 1, facts: packed }, turn: turn(n) };
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

  it('counts the facts a session kept for its running contact when it is deleted, expires or a new contact replaces it', async () => {
    const store = fileStore(tempFile());
    await store.saveTurn(turnKeepingFacts('voice:CA1', 1, ['deleted']));
    await store.saveTurn(turnKeepingFacts('voice:CA2', 1, ['expired']));
    await store.saveTurn(turnKeepingFacts('voice:CA3', 1, ['replaced']));
    await store.saveTurn(turnKeepingFacts('voice:CA3', 2, ['replaced', 'menu']));
    // Kept with the session, not counted yet (the contact is running).
    expect(await visits(store)).toEqual({});
    await store.deleteSession('voice:CA1');
    // CA2 expires at minute 31.
    expect(await store.purgeExpiredSessions(at(31.5))).toBe(1);
    // CA3 expired at minute 32: a new contact takes its key (revision 0: no live session read).
    await store.saveTurn({ session: { ...session('voice:CA3', at(90), 1), updatedAt: at(40), revision: 0 }, turn: turn(1) });
    expect(await visits(store)).toEqual({ deleted: 1, expired: 1, replaced: 1, menu: 1 });
    // Each turn's own time: the replaced contact's two turns, a minute apart.
    const facts = await store.listFacts({ ...DAY, limit: 10 });
    expect(facts.filter((f) => f.contact === 'contact-voice:CA3').map((f) => [f.at, f.events])).toEqual([
      [at(1), [{ type: 'visit', node: 'replaced' }]],
      [at(2), [{ type: 'visit', node: 'menu' }]],
    ]);
  });

  it('unpacks a contact whose turns change dimensions and straddle an hour', () => {
    const t0 = Date.parse('2026-03-01T09:59:30.000Z');
    const english = [...DIMS.slice(0, 4), 'en', DIMS[5]];
    const packed = [PACKED_FORM, 'c1', 'caller-digest', t0, [0, DIMS, 'contact', 1, 'visit', 2, 'start', 'menu'], [45_000, english, 'exit', 1, 'menu', 'en'], [50_000, 0, 'noInput', 1, 'menu']];
    expect(unpackFacts(packed).map((b) => [b.at, b.locale, b.caller, b.events])).toEqual([
      ['2026-03-01T09:59:30.000Z', DIMS[4], 'caller-digest', [{ type: 'contact' }, { type: 'visit', node: 'start' }, { type: 'visit', node: 'menu' }]],
      ['2026-03-01T10:00:15.000Z', 'en', null, [{ type: 'exit', node: 'menu', output: 'en' }]],
      ['2026-03-01T10:00:20.000Z', 'en', null, [{ type: 'noInput', node: 'menu' }]],
    ]);
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
});
