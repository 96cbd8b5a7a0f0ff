import { describe, expect, it } from 'vitest';
import { aggregate, updateOne } from 'mingo';
import type { CounterQuery, FactBatch } from '../types.ts';
import { foldBatches } from '../analyticsCounters.ts';
import { factBatch } from '../contract/analyticsContract.ts';
import { counterPipeline, counterSumOf, counterUpsert } from './analyticsDocuments.ts';

// No MongoDB server runs here: the counter upserts and the sums' aggregation are evaluated by
// mingo, an implementation of MongoDB's query and aggregation language. The upsert's insert
// (filter's _id plus $setOnInsert) is emulated as the server does it; $inc and $max by mingo.
type Doc = Record<string, unknown> & { _id: string };

function record(collection: Doc[], batches: FactBatch[]): void {
  for (const counter of foldBatches(batches)) {
    const { updateOne: op } = counterUpsert(counter) as { updateOne: { filter: { _id: string }; update: { $setOnInsert: object; $inc: object; $max: object } } };
    if (!collection.some((d) => d._id === op.filter._id)) collection.push({ _id: op.filter._id, ...op.update.$setOnInsert });
    updateOne(collection, { _id: op.filter._id }, { $inc: op.update.$inc, $max: op.update.$max } as never);
  }
}

const sums = (collection: Doc[], query: CounterQuery) => {
  const pipeline = counterPipeline(query);
  return pipeline ? aggregate(collection, pipeline).map((row) => counterSumOf(row, query.groupBy)) : [];
};

describe('MongoDB analytics counters', () => {
  const collection: Doc[] = [];
  // Two writes (two turns), the second adding to counters the first created.
  record(collection, [
    factBatch('2026-03-01T23:30:00.000Z', [{ type: 'contact' }, { type: 'visit', node: 'menu' }]),
    factBatch('2026-03-02T10:05:00.000Z', [{ type: 'lookup', node: 'puk', backend: 'operator', outcome: 'response', ms: 40 }], { version: null, traffic: 'preview' }),
  ]);
  record(collection, [
    factBatch(
      '2026-03-02T10:10:00.000Z',
      [
        { type: 'visit', node: 'menu' },
        { type: 'lookup', node: 'puk', backend: 'operator', outcome: 'response', ms: 90 },
      ],
      { version: null, traffic: 'preview' },
    ),
    factBatch('2026-03-03T01:00:00.000Z', [{ type: 'visit', node: 'menu' }], { channel: 'whatsapp' }),
  ]);

  it('adds to the counter a fact belongs to, in its hour and its day', () => {
    const lookups = collection.filter((d) => d.metric === 'lookup');
    expect(lookups.map(({ bucket, start, count, sum, max }) => ({ bucket, start, count, sum, max }))).toEqual([
      { bucket: 'hour', start: '2026-03-02T10:00:00.000Z', count: 2, sum: 130, max: 90 },
      { bucket: 'day', start: '2026-03-02T00:00:00.000Z', count: 2, sum: 130, max: 90 },
    ]);
  });

  it('sums a period from day counters inside it and hour counters at its edges, with the filters', () => {
    const visits = (from: string, to: string, rest: Partial<CounterQuery> = {}) => sums(collection, { from, to, metrics: ['visit'], flowId: '1919', groupBy: [], ...rest }).map((s) => s.count);
    expect(visits('2026-03-01T23:00:00.000Z', '2026-03-03T02:00:00.000Z')).toEqual([3]);
    expect(visits('2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z')).toEqual([1]);
    expect(visits('2026-03-01T00:00:00.000Z', '2026-03-04T00:00:00.000Z', { channel: 'whatsapp' })).toEqual([1]);
    expect(visits('2026-03-01T00:00:00.000Z', '2026-03-04T00:00:00.000Z', { versions: [null], traffic: ['preview'] })).toEqual([1]);
    expect(visits('2026-03-01T00:00:00.000Z', '2026-03-04T00:00:00.000Z', { traffic: [] })).toEqual([]);
  });

  it('groups by hour and by version as the SQLite adapter does', () => {
    const hours = sums(collection, { from: '2026-03-01T00:00:00.000Z', to: '2026-03-04T00:00:00.000Z', metrics: ['visit'], groupBy: ['hour'] });
    expect(hours.map((h) => [h.hour, h.count]).sort()).toEqual([
      ['2026-03-01T23:00:00.000Z', 1],
      ['2026-03-02T10:00:00.000Z', 1],
      ['2026-03-03T01:00:00.000Z', 1],
    ]);
    const versions = sums(collection, { from: '2026-03-01T00:00:00.000Z', to: '2026-03-04T00:00:00.000Z', metrics: ['visit'], groupBy: ['version', 'day'] });
    expect(versions.map((v) => [v.version, v.day, v.count]).sort((a, b) => String(a[1]).localeCompare(String(b[1])))).toEqual([
      [3, '2026-03-01T00:00:00.000Z', 1],
      [null, '2026-03-02T00:00:00.000Z', 1],
      [3, '2026-03-03T00:00:00.000Z', 1],
    ]);
  });
});
