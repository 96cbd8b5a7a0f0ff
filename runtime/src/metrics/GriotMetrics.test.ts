import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import type { ObservedTurn } from '../conversations/types.ts';
import { GriotMetrics } from './GriotMetrics.ts';

let dir = '';
afterEach(() => rm(dir, { recursive: true, force: true }));

const metricValue = async (metrics: GriotMetrics, name: string) => {
  const text = await metrics.registry.getSingleMetricAsString(name);
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
};

describe('GriotMetrics on a SQLite file shared with another process', () => {
  it('counts the saves that found the write lock held by the other, and how long they waited', async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-metrics-'));
    const path = join(dir, 'griot.db');
    const store = new SqliteStore(path);
    const metrics = new GriotMetrics(store);
    expect(await metricValue(metrics, 'griot_sqlite_write_lock_waits_total')).toBe(0);
    // Another instance on the same file, in the middle of its commit.
    const other = new Database(path, { timeout: 0 });
    other.exec('BEGIN IMMEDIATE');
    const saved = store.writeHeartbeat('this-instance', new Date().toISOString());
    await new Promise((resolve) => setTimeout(resolve, 20));
    other.exec('COMMIT');
    other.close();
    await saved;
    expect(await metricValue(metrics, 'griot_sqlite_write_lock_waits_total')).toBeGreaterThan(0);
    expect(await metricValue(metrics, 'griot_sqlite_write_lock_wait_seconds_total')).toBeGreaterThan(0);
    await store.close();
  });
});

describe('GriotMetrics: WAL checkpoints', () => {
  it('shows the SQLite code while WAL checkpoints fail (a full disk), and nothing once they work again', async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-metrics-'));
    const store = new SqliteStore(join(dir, 'griot.db'));
    const metrics = new GriotMetrics(store);
    expect((await metrics.render()).body).not.toMatch(/^griot_sqlite_wal_checkpoint_failing\{/m);
    // Stand-in for the checkpoint thread's report on a full disk (making one needs a mount).
    const worker = (store as unknown as { checkpointer: { worker: { emit(event: string, message: unknown): void } } }).checkpointer.worker;
    worker.emit('message', { error: 'SQLITE_FULL' });
    expect((await metrics.render()).body).toMatch(/^griot_sqlite_wal_checkpoint_failing\{code="SQLITE_FULL"\} 1$/m);
    worker.emit('message', { recovered: true });
    expect((await metrics.render()).body).not.toMatch(/^griot_sqlite_wal_checkpoint_failing\{/m);
    await store.close();
  });
});

describe('GriotMetrics: saved turns', () => {
  // Only what turnSaved reads of a turn.
  const turn = (opts: { newContact: boolean; lookups?: Array<{ backend: string; outcome: string; ms: number; cause?: string }> }) =>
    ({
      record: { preview: false, environment: 'production' },
      after: { channel: 'voice', caller: { isTester: false } },
      newContact: opts.newContact,
      turn: { lookupReports: (opts.lookups ?? []).map((l) => ({ node: 'n', ...l })) },
    }) as unknown as ObservedTurn;

  it('shows every turn saved since the last read, with its contact, outcome, durations and look-ups', async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-metrics-'));
    const store = new SqliteStore(join(dir, 'griot.db'));
    const metrics = new GriotMetrics(store);
    metrics.turnSaved(turn({ newContact: true }), {}, { engineMs: 2, storeMs: 0.3 });
    metrics.turnSaved(turn({ newContact: false, lookups: [{ backend: 'crm', outcome: 'timeout', ms: 1200 }] }), { outcome: 'contained' }, { engineMs: 40, storeMs: 0.2 });
    const { body } = await metrics.render();
    expect(body).toMatch(/^griot_turns_total\{channel="voice",traffic="live"\} 2$/m);
    expect(body).toMatch(/^griot_contacts_started_total\{channel="voice",traffic="live"\} 1$/m);
    expect(body).toMatch(/^griot_contacts_ended_total\{channel="voice",outcome="contained",traffic="live"\} 1$/m);
    expect(body).toMatch(/^griot_turn_duration_seconds_count\{channel="voice"\} 2$/m);
    expect(body).toMatch(/^griot_turn_duration_seconds_bucket\{le="0.0025",channel="voice"\} 1$/m);
    expect(body).toMatch(/^griot_store_write_duration_seconds_count\{operation="saveTurn"\} 2$/m);
    expect(body).toMatch(/^griot_lookup_duration_seconds_count\{backend="crm",outcome="timeout"\} 1$/m);
    expect(body).toMatch(/^griot_lookup_failures_total\{backend="crm",outcome="timeout"\} 1$/m);
    // Counted once: a second read adds nothing; a later turn adds itself, read one metric at a time too.
    metrics.turnSaved(turn({ newContact: false }), {}, { engineMs: 1, storeMs: 0.1 });
    expect(await metrics.registry.getSingleMetricAsString('griot_turns_total')).toMatch(/^griot_turns_total\{channel="voice",traffic="live"\} 3$/m);
    expect((await metrics.render()).body).toMatch(/^griot_store_write_duration_seconds_count\{operation="saveTurn"\} 3$/m);
    await store.close();
  });

  it('counts a look-up Griot could not send for want of its own configuration apart from the system’s errors', async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-metrics-'));
    const store = new SqliteStore(join(dir, 'griot.db'));
    const metrics = new GriotMetrics(store);
    const lookups = [
      { backend: 'crm', outcome: 'error', ms: 0.4, cause: 'secret.notSet' },
      { backend: 'billing', outcome: 'error', ms: 0.2, cause: 'backend.noUrl' },
      { backend: 'crm', outcome: 'error', ms: 30, cause: 'http 503' },
    ];
    metrics.turnSaved(turn({ newContact: true, lookups }), {}, { engineMs: 2, storeMs: 0.3 });
    const { body } = await metrics.render();
    expect(body).toMatch(/^griot_lookup_failures_total\{backend="crm",outcome="misconfigured"\} 1$/m);
    expect(body).toMatch(/^griot_lookup_failures_total\{backend="billing",outcome="misconfigured"\} 1$/m);
    expect(body).toMatch(/^griot_lookup_failures_total\{backend="crm",outcome="error"\} 1$/m);
    expect(body).toMatch(/^griot_lookup_duration_seconds_count\{backend="crm",outcome="misconfigured"\} 1$/m);
    await store.close();
  });

  it('counts turns nobody scrapes in batches, holding a bounded number of them', async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-metrics-'));
    const store = new SqliteStore(join(dir, 'griot.db'));
    const metrics = new GriotMetrics(store);
    for (let i = 0; i < 5000; i += 1) metrics.turnSaved(turn({ newContact: false }), {}, { engineMs: 1, storeMs: 0.1 });
    expect((metrics as unknown as { savedTurns: unknown[] }).savedTurns.length).toBeLessThan(1024);
    expect((await metrics.render()).body).toMatch(/^griot_turns_total\{channel="voice",traffic="live"\} 5000$/m);
    await store.close();
  });
});

describe("GriotMetrics: Node's own metrics", () => {
  it('shows the process’s event-loop lag and memory on every server of the process, collected once for all of them', async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-metrics-'));
    const stores = [new SqliteStore(join(dir, 'a.db')), new SqliteStore(join(dir, 'b.db'))];
    const [first, second] = stores.map((store) => new GriotMetrics(store));
    for (const metrics of [first!, second!]) {
      const { body } = await metrics.render();
      expect(body.match(/^# TYPE nodejs_eventloop_lag_seconds gauge$/gm)).toHaveLength(1);
      expect(body).toMatch(/^nodejs_heap_size_used_bytes \d+/m);
      expect(body).toMatch(/^# TYPE griot_turns_total counter$/m);
      // prom-client never stops its collectors (a GC observer): a server's own would outlive it.
      expect(metrics.registry.getSingleMetric('nodejs_eventloop_lag_seconds')).toBeUndefined();
    }
    for (const store of stores) await store.close();
  });
});
