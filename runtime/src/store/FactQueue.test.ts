import { describe, expect, it } from 'vitest';
import type { FactBatch } from './types.ts';
import { factBatch } from './contract/analyticsContract.ts';
import { FACTS_KEPT_AT_MOST, FACTS_WRITE_AT, FactQueue, type FactsTrouble } from './FactQueue.ts';

const batch = (n: number): FactBatch => factBatch(new Date(Date.UTC(2026, 2, 2, 10, 0, n)).toISOString(), [{ type: 'visit', node: `n${n}` }], {}, `c${n}`);

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
    await Promise.resolve();
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
});
