import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { factBatch } from '../store/contract/analyticsContract.ts';
import { loadConfig, ConfigError } from '../config.ts';
import { purgeAnalytics } from './analyticsJob.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-03-02T12:00:00.000Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY).toISOString();

describe('analytics retention', () => {
  it('keeps raw facts for their retention and counters for theirs, counting facts before they go', async () => {
    const store = new SqliteStore(':memory:');
    await store.recordFacts([
      factBatch(daysAgo(500), [{ type: 'visit', node: 'ancient' }], {}, 'a'),
      factBatch(daysAgo(45), [{ type: 'visit', node: 'old' }], {}, 'b'),
      factBatch(daysAgo(1), [{ type: 'visit', node: 'recent' }], {}, 'c'),
    ]);
    // Not folded yet: the purge folds them first, so the old fact still counts.
    expect(await purgeAnalytics(store, NOW, { rawRetentionDays: 30, retentionDays: 400 })).toEqual({ facts: 2, counters: 2 });
    const visits = await store.sumCounters({ from: daysAgo(800), to: NOW.toISOString(), metrics: ['visit'], groupBy: ['key'] });
    expect(Object.fromEntries(visits.map((v) => [v.key, v.count]))).toEqual({ old: 1, recent: 1 });
    expect((await store.listFacts({ from: daysAgo(800), to: NOW.toISOString(), limit: 10 })).map((f) => f.contact)).toEqual(['c']);
    await store.close();
  });
});

describe('analytics configuration', () => {
  const base = { DATA_DIR: '/tmp/griot-config-test' };
  it('has defaults for retention, containment and service level', () => {
    expect(loadConfig(base).analytics).toEqual({ enabled: true, retentionDays: 400, rawRetentionDays: 30, containmentWindowHours: 24, serviceLevelSeconds: 20, rollUpSeconds: 10 });
    expect(loadConfig({ ...base, GRIOT_ANALYTICS: '0', GRIOT_CONTAINMENT_WINDOW_HOURS: '48' }).analytics).toMatchObject({ enabled: false, containmentWindowHours: 48 });
  });

  it('refuses a short key or metrics token, naming the variable and never the value', () => {
    for (const variable of ['GRIOT_ANALYTICS_KEY', 'GRIOT_METRICS_TOKEN']) {
      const load = () => loadConfig({ ...base, [variable]: 'short-secret' });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(new RegExp(`^${variable}:`));
      expect(load).not.toThrow(/short-secret/);
    }
    const config = loadConfig({ ...base, GRIOT_ANALYTICS_KEY: 'k'.repeat(32), GRIOT_METRICS_TOKEN: 't'.repeat(32) });
    expect([config.analytics.key, config.metricsToken]).toEqual(['k'.repeat(32), 't'.repeat(32)]);
  });
});
