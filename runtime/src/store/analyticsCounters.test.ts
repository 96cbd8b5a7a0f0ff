import { describe, expect, it } from 'vitest';
import type { AnalyticsCounter, AnalyticsEvent, FactBatch } from './types.ts';
import { counterKey, dayOf, foldBatches, hourOf } from './analyticsCounters.ts';
import { factBatch } from './contract/analyticsContract.ts';

/** One fact at a time into a flat map by counter key: the plainest way to count. */
function oneByOne(batches: FactBatch[]): Map<string, AnalyticsCounter> {
  const counters = new Map<string, AnalyticsCounter>();
  for (const batch of batches) {
    for (const counter of foldBatches([{ ...batch, events: [] }])) counters.set(counterKey(counter), counter);
    for (const event of batch.events) {
      for (const c of foldBatches([{ ...batch, events: [event] }])) {
        const id = counterKey(c);
        const existing = counters.get(id);
        if (!existing) counters.set(id, c);
        else counters.set(id, { ...existing, count: existing.count + c.count, sum: existing.sum + c.sum, max: Math.max(existing.max, c.max) });
      }
    }
  }
  return counters;
}

const visit = (node: string): AnalyticsEvent => ({ type: 'visit', node });

describe('folding facts into counters', () => {
  it('counts each fact once in its hour and its day, whatever batches come next to it', () => {
    const batches = [
      factBatch('2026-03-01T23:10:00.000Z', [{ type: 'contact' }, visit('menu'), { type: 'exit', node: 'menu', output: 'puk' }]),
      // The same hour and line: counted with the batch before.
      factBatch('2026-03-01T23:40:00.000Z', [visit('menu'), { type: 'lookup', node: 'puk', backend: 'operator', outcome: 'response', ms: 40 }]),
      // The same hour, another language, then back: three groups one after another.
      factBatch('2026-03-01T23:45:00.000Z', [visit('menu')], { locale: 'en' }),
      factBatch('2026-03-01T23:50:00.000Z', [visit('menu'), { type: 'lookup', node: 'puk', backend: 'operator', outcome: 'response', ms: 90 }]),
      // The next hour is the next day.
      factBatch('2026-03-02T00:05:00.000Z', [visit('menu'), { type: 'end', outcome: 'contained', node: 'bye', startedAt: '2026-03-01T23:10:00.000Z', seconds: 3300 }]),
      factBatch('2026-03-02T00:06:00.000Z', [
        { type: 'returned', of: { flowId: '1919', version: 2, environment: 'production', channel: 'whatsapp', locale: 'fr', traffic: 'live', startedAt: '2026-03-01T20:00:00.000Z' } },
      ]),
    ];
    const folded = foldBatches(batches);
    const ids = folded.map(counterKey);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Map(folded.map((c) => [counterKey(c), c]))).toEqual(oneByOne(batches));

    const count = (bucket: 'hour' | 'day', start: string, metric: string, key: string, locale = 'fr') =>
      folded.filter((c) => c.bucket === bucket && c.start === start && c.metric === metric && c.key === key && c.locale === locale).map(({ count: n, sum, max }) => ({ n, sum, max }));
    expect(count('hour', hourOf('2026-03-01T23:00:00.000Z'), 'visit', 'menu')).toEqual([{ n: 3, sum: 0, max: 0 }]);
    expect(count('hour', hourOf('2026-03-01T23:00:00.000Z'), 'visit', 'menu', 'en')).toEqual([{ n: 1, sum: 0, max: 0 }]);
    expect(count('day', dayOf('2026-03-01T23:00:00.000Z'), 'visit', 'menu')).toEqual([{ n: 3, sum: 0, max: 0 }]);
    expect(count('day', dayOf('2026-03-02T00:00:00.000Z'), 'visit', 'menu')).toEqual([{ n: 1, sum: 0, max: 0 }]);
    expect(count('day', dayOf('2026-03-01T23:00:00.000Z'), 'lookup', 'operator')).toEqual([{ n: 2, sum: 130, max: 90 }]);
    // An outcome under the hour the contact started in; a return under the contact it takes back.
    expect(count('hour', '2026-03-01T23:00:00.000Z', 'outcome', '')).toEqual([{ n: 1, sum: 3300, max: 3300 }]);
    expect(folded.filter((c) => c.metric === 'returned').map((c) => [c.bucket, c.start, c.channel, c.version])).toEqual([
      ['hour', '2026-03-01T20:00:00.000Z', 'whatsapp', 2],
      ['day', '2026-03-01T00:00:00.000Z', 'whatsapp', 2],
    ]);
  });
});
