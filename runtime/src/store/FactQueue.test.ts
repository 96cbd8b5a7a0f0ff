import { describe, expect, it } from 'vitest';
import type { FactBatch, PendingFacts } from './types.ts';
import { PositionalBatch } from './factRuns.ts';
import { factBatch } from './contract/analyticsContract.ts';
import { FACTS_KEPT_AT_MOST, FACTS_WRITE_AT, FactQueue, type FactsTrouble } from './FactQueue.ts';

const batch = (n: number): FactBatch => factBatch(new Date(Date.UTC(2026, 2, 2, 10, 0, n)).toISOString(), [{ type: 'visit', node: `n${n}` }], {}, `c${n}`);

/** A turn's facts as a turn hands them over: built (once) only when the queue asks; `n` null: a turn without facts. */
class Handed implements PendingFacts {
  builds = 0;
  constructor(private readonly n: number | null) {}
  build(): FactBatch | null {
    this.builds += 1;
    return this.n === null ? null : batch(this.n);
  }
}

/** A turn's batch in positional form, as the engine builds one, naming caller `digest`. */
const positional = (digest: string): PositionalBatch =>
  new PositionalBatch('1919', 3, 'production', 'voice', 'fr', 'live', '2026-03-02T10:00:00.000Z', 'c9', digest, [2, 3, 'production', 'voice', 'fr', 'live', '', null, 'contact', 1]);

/** Polls until `done` holds or a deadline passes (no fixed sleep). */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 4000;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('FactQueue (turns’ facts written in batches)', () => {
  it('writes in one go what waited a window, and at once when many wait', async () => {
    const writes: number[][] = [];
    const queue = new FactQueue(async (batches) => {
      writes.push(batches.map((b) => Number(b.contact.slice(1))));
    }, 20);
    queue.add(batch(1));
    queue.add(batch(2));
    expect(writes).toEqual([]);
    await until(() => writes.length > 0);
    expect(writes).toEqual([[1, 2]]);
    // Past FACTS_WRITE_AT waiting, no window: written as the last one comes.
    for (let n = 0; n < FACTS_WRITE_AT; n++) queue.add(batch(n));
    // Not within the call of the turn that made them enough (its answer goes first): right after it.
    expect(writes).toHaveLength(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes[1]).toHaveLength(FACTS_WRITE_AT);
    await queue.close();
  });

  it('keeps the facts of a failed write for the next try, in order, and tells the failure', async () => {
    const written: string[] = [];
    const troubles: FactsTrouble[] = [];
    let fail = true;
    const queue = new FactQueue(async (batches) => {
      if (fail) throw new Error('disk I/O error');
      written.push(...batches.map((b) => b.contact));
    }, 10);
    queue.onTrouble((t) => troubles.push(t));
    queue.add(batch(1));
    await until(() => troubles.length > 0);
    expect(troubles[0]).toEqual({ failed: 'disk I/O error', queued: 1 });
    queue.add(batch(2));
    fail = false;
    await until(() => written.length === 2);
    expect(written).toEqual(['c1', 'c2']);
    expect(queue.size).toBe(0);
    await queue.close();
  });

  it('never keeps more than its bound while the store keeps failing: the oldest go, told', async () => {
    const troubles: FactsTrouble[] = [];
    // A write that never settles: everything queued meanwhile waits.
    const queue = new FactQueue(() => new Promise<void>(() => {}), 10);
    queue.onTrouble((t) => troubles.push(t));
    for (let n = 0; n <= FACTS_KEPT_AT_MOST + FACTS_WRITE_AT; n++) queue.add(batch(n % 60));
    expect(queue.size).toBeLessThanOrEqual(FACTS_KEPT_AT_MOST);
    expect(troubles.length).toBeGreaterThan(0);
    expect(troubles[0]!.dropped).toBeGreaterThan(0);
  });

  it('builds what turns handed over only as it writes them, in the order they came; a turn without facts leaves nothing', async () => {
    const writes: number[][] = [];
    const queue = new FactQueue(async (batches) => {
      writes.push(batches.map((b) => Number(b.contact.slice(1))));
    }, 20);
    const handed = [new Handed(1), new Handed(null), new Handed(3)];
    queue.add(handed[0]!);
    queue.add(batch(2));
    queue.add(handed[1]!);
    queue.add(handed[2]!);
    // Nothing is made of a turn's facts on the turn itself.
    expect(handed.map((h) => h.builds)).toEqual([0, 0, 0]);
    await until(() => writes.length > 0);
    expect(writes).toEqual([[1, 2, 3]]);
    expect(handed.map((h) => h.builds)).toEqual([1, 1, 1]);
    await queue.close();
  });

  it("builds what waits within a window even while a write never ends: a turn's objects are not kept longer", async () => {
    const queue = new FactQueue(() => new Promise<void>(() => {}), 10);
    queue.add(batch(1));
    await until(() => queue.size === 0);
    // The first write is under way (and hangs): the next turn's facts are built anyway, not kept as handed over.
    const later = new Handed(2);
    queue.add(later);
    await until(() => later.builds > 0);
    expect(later.builds).toBe(1);
    expect(queue.size).toBe(1);
  });

  it('builds what waits within a window while a failing store waits longer before its next try', async () => {
    const troubles: FactsTrouble[] = [];
    let writes = 0;
    const queue = new FactQueue(async () => {
      writes += 1;
      throw new Error('disk I/O error');
    }, 10);
    queue.onTrouble((t) => troubles.push(t));
    queue.add(batch(1));
    // Three failures in a row: the next try waits 4 windows.
    await until(() => writes >= 3);
    const later = new Handed(2);
    queue.add(later);
    await until(() => later.builds > 0);
    expect(later.builds).toBe(1);
    await queue.discard(() => true);
    await queue.close();
  });

  it("drops a turn's facts that cannot be built, told with a count, and writes the others", async () => {
    const written: string[] = [];
    const troubles: FactsTrouble[] = [];
    const queue = new FactQueue(async (batches) => {
      written.push(...batches.map((b) => b.contact));
    }, 10);
    queue.onTrouble((t) => troubles.push(t));
    queue.add(batch(1));
    queue.add({
      build() {
        throw new Error('no such node');
      },
    });
    queue.add(new Handed(3));
    await queue.flush();
    expect(written).toEqual(['c1', 'c3']);
    expect(troubles).toEqual([{ unbuilt: { count: 1, message: 'no such node' }, queued: 2 }]);
    await queue.close();
  });

  it("an erased caller's queued turn facts lose the digest and keep their form (their row is written)", async () => {
    const written: FactBatch[] = [];
    const queue = new FactQueue(async (batches) => {
      written.push(...batches);
    }, 60_000);
    queue.add(positional('erased-digest'));
    queue.add({ build: () => positional('erased-digest') });
    queue.add(positional('kept-digest'));
    expect(await queue.forgetCallers(new Set(['erased-digest']))).toBe(2);
    await queue.flush();
    expect(written.map((b) => b.caller)).toEqual([null, null, 'kept-digest']);
    // SQLite writes a turn's batch from its row: a copy of the batch would have none.
    expect(written.every((b) => b instanceof PositionalBatch)).toBe(true);
    expect(JSON.parse((written[0] as PositionalBatch).text())[7]).toBeNull();
    await queue.close();
  });
});
