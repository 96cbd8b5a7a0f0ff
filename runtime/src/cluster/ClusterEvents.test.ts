import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonValue } from '@griot/flows';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { captureLogs } from '../conversations/testSupport.ts';
import { ClusterEvents } from './ClusterEvents.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Two instances: two connections to one SQLite file, as two processes have, each with its bus. */
async function twoBuses() {
  const dir = mkdtempSync(join(tmpdir(), 'griot-events-'));
  const stores = [new SqliteStore(join(dir, 'griot.db')), new SqliteStore(join(dir, 'griot.db'))] as const;
  const [a, b] = stores.map((store, i) => new ClusterEvents({ events: store.events, logger: captureLogs().logger, pollMs: 50, instance: `instance-${i}` }));
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
    const late = new ClusterEvents({ events: stores[1].events, logger: captureLogs().logger, pollMs: 50, instance: 'late' });
    const got = collect(late, 'handoff');
    await late.start();
    cleanups.push(() => late.stop());
    await a.publish('handoff', { after: true });
    await expect.poll(() => got, { timeout: 2000, interval: 20 }).toEqual([{ after: true }]);
  });
});
