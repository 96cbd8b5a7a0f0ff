import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
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
