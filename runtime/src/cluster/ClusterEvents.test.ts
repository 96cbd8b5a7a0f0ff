import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonValue } from '@griot/flows';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { captureLogs } from '../conversations/testSupport.ts';
import { HandoffEvents } from '../handoff/HandoffEvents.ts';
import { ACTIVE_MS, ClusterEvents } from './ClusterEvents.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Two instances: two connections to one SQLite file, as two processes have, each with its bus. */
async function twoBuses() {
  const dir = mkdtempSync(join(tmpdir(), 'griot-events-'));
  const stores = [new SqliteStore(join(dir, 'griot.db')), new SqliteStore(join(dir, 'griot.db'))] as const;
  const [a, b] = stores.map((store, i) => new ClusterEvents({ events: store.events, logger: captureLogs().logger, pollMs: 50, idlePollMs: 50, instance: `instance-${i}` }));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  for (const store of stores) cleanups.push(() => store.close());
  for (const bus of [a!, b!]) cleanups.push(() => bus.stop());
  await Promise.all([a!.start(), b!.start()]);
  return { a: a!, b: b!, stores };
}

const collect = (bus: ClusterEvents, topic: string) => {
  const got: JsonValue[] = [];
  bus.subscribe(topic, (data) => got.push(data));
  return got;
};

describe('events between instances', () => {
  it('reach the publishing instance at once and the other through the store, each once, in order', async () => {
    const { a, b } = await twoBuses();
    const onA = collect(a, 'handoff');
    const onB = collect(b, 'handoff');
    const written = Promise.all([a.publish('handoff', { n: 1 }), a.publish('handoff', { n: 2 })]);
    // Delivered here before the write is even done.
    expect(onA).toEqual([{ n: 1 }, { n: 2 }]);
    await written;
    await expect.poll(() => onB, { timeout: 2000, interval: 20 }).toEqual([{ n: 1 }, { n: 2 }]);
    await b.publish('handoff', { n: 3 });
    await expect.poll(() => onA, { timeout: 2000, interval: 20 }).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    // Several polls later, nothing came twice.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(onA).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(onB).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('gives each listener only its topic, and keeps going past a listener that throws', async () => {
    const { a, b } = await twoBuses();
    b.subscribe('bindings', () => {
      throw new Error('a closed connection');
    });
    const bindings = collect(b, 'bindings');
    const handoff = collect(b, 'handoff');
    await a.publish('bindings', { address: '1919' });
    await expect.poll(() => bindings, { timeout: 2000, interval: 20 }).toEqual([{ address: '1919' }]);
    expect(handoff).toEqual([]);
  });

  it('starts reading from now: what was published before an instance started is not replayed', async () => {
    const { a, stores } = await twoBuses();
    await a.publish('handoff', { before: true });
    const late = new ClusterEvents({ events: stores[1].events, logger: captureLogs().logger, pollMs: 50, idlePollMs: 50, instance: 'late' });
    const got = collect(late, 'handoff');
    await late.start();
    cleanups.push(() => late.stop());
    await a.publish('handoff', { after: true });
    await expect.poll(() => got, { timeout: 2000, interval: 20 }).toEqual([{ after: true }]);
  });
});

/** Two instances as above, the second counting its reads of the store; fast 20 ms, idle 1.5 s. */
async function countedBuses(now?: () => number) {
  const dir = mkdtempSync(join(tmpdir(), 'griot-events-'));
  const stores = [new SqliteStore(join(dir, 'griot.db')), new SqliteStore(join(dir, 'griot.db'))] as const;
  let reads = 0;
  const counted = { ...stores[1].events, readEvents: (...args: Parameters<(typeof stores)[1]['events']['readEvents']>) => ((reads += 1), stores[1].events.readEvents(...args)) };
  const options = { logger: captureLogs().logger, pollMs: 20, idlePollMs: 1500, ...(now ? { now } : {}) };
  const a = new ClusterEvents({ ...options, events: stores[0].events, instance: 'busy' });
  const b = new ClusterEvents({ ...options, events: counted, instance: 'quiet' });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  for (const store of stores) cleanups.push(() => store.close());
  for (const bus of [a, b]) cleanups.push(() => bus.stop());
  await Promise.all([a.start(), b.start()]);
  const readsDuring = async (ms: number) => {
    const before = reads;
    await new Promise((resolve) => setTimeout(resolve, ms));
    return reads - before;
  };
  return { a, b, readsDuring, reads: () => reads };
}

describe('an instance nobody uses is not woken four times a second', () => {
  it('reads the store every idlePollMs while idle, every pollMs once an event from another instance came, and hears the next one at once', async () => {
    const { a, b, readsDuring } = await countedBuses();
    const got = collect(b, 'bindings');
    // Idle: at most the first read and one slow one in a second (50 at pollMs).
    expect(await readsDuring(1000)).toBeLessThanOrEqual(2);
    expect(b.nextPollMs).toBe(1500);
    await a.publish('bindings', { address: '1919' });
    await expect.poll(() => got, { timeout: 3000, interval: 20 }).toEqual([{ address: '1919' }]);
    // Activity: read every 20 ms from now on (about 15 in 300 ms, even on a loaded machine more than 5).
    expect(b.nextPollMs).toBe(20);
    expect(await readsDuring(300)).toBeGreaterThan(5);
    const sent = Date.now();
    await a.publish('bindings', { address: '7000' });
    await expect.poll(() => got.length, { timeout: 3000, interval: 5 }).toBe(2);
    expect(Date.now() - sent).toBeLessThan(700);
  });

  it('goes back to the idle pace ACTIVE_MS after the last event, published here or read', async () => {
    let clock = 1_000_000;
    const { a, b } = await countedBuses(() => clock);
    expect(a.nextPollMs).toBe(1500);
    await a.publish('handoff', { n: 1 });
    expect(a.nextPollMs).toBe(20);
    clock += ACTIVE_MS - 1;
    expect(a.nextPollMs).toBe(20);
    clock += 2;
    expect(a.nextPollMs).toBe(1500);
    expect(b.nextPollMs).toBe(1500);
  });

  it('reads every pollMs while an inbox is open here, from the moment it opens, and slows down once the last closes', async () => {
    const { a, b, reads, readsDuring } = await countedBuses();
    const inbox = new HandoffEvents(b);
    // Just after a slow read: the next one is 1.5 s away.
    const seen = reads();
    await expect.poll(() => reads(), { timeout: 3000, interval: 5 }).toBeGreaterThan(seen);
    const heard: unknown[] = [];
    const closeFirst = inbox.subscribe((change) => heard.push(change));
    const closeSecond = inbox.subscribe(() => {});
    expect(b.nextPollMs).toBe(20);
    const sent = Date.now();
    await a.publish('handoff', { type: 'queued', id: 'c-1' });
    await expect.poll(() => heard.length, { timeout: 3000, interval: 5 }).toBe(1);
    // Within the fast pace, not at the slow read 1.5 s later.
    expect(Date.now() - sent).toBeLessThan(700);
    closeFirst();
    expect(await readsDuring(300)).toBeGreaterThan(5);
    closeSecond();
    // The event read above keeps it fast ACTIVE_MS; without it the last inbox closed lets it idle.
    expect(b.nextPollMs).toBe(20);
    const alone = (await countedBuses()).b;
    const release = new HandoffEvents(alone).subscribe(() => {});
    expect(alone.nextPollMs).toBe(20);
    release();
    expect(alone.nextPollMs).toBe(1500);
  });
});
