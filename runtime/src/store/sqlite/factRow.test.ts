import { describe, expect, it } from 'vitest';
import type { AnalyticsEvent, FactBatch } from '../types.ts';
import { factBatch } from '../contract/analyticsContract.ts';
import { batchOfRow, factRow } from './factRow.ts';
import { foldBatches } from '../analyticsCounters.ts';
import { FIELDS, PositionalBatch, RunWriter } from '../factRuns.ts';

/** `batch` as the engine builds a turn's: written straight into positional runs (`AnalyticsRecorder`). */
function positional(batch: FactBatch): PositionalBatch {
  const runs = new RunWriter();
  runs.begin();
  for (const value of [2, batch.version, batch.environment, batch.channel, batch.locale, batch.traffic, '', null]) runs.put(value);
  for (const event of batch.events) {
    const values = FIELDS[event.type].map((f) => (event as unknown as Record<string, unknown>)[f] ?? null);
    if (values.length === 0) runs.add0(event.type);
    else if (values.length === 1) runs.add1(event.type, values[0]);
    else if (values.length === 2) runs.add2(event.type, values[0], values[1]);
    else if (values.length === 3) runs.add4(event.type, values[0], values[1], values[2], undefined);
    else runs.add4(event.type, values[0], values[1], values[2], values[3]);
  }
  const { flowId, version, environment, channel, locale, traffic, at, contact, caller } = batch;
  return new PositionalBatch(flowId, version, environment, channel, locale, traffic, at, contact, caller, runs.take());
}

const EVERY_KIND: AnalyticsEvent[] = [
  { type: 'contact' },
  { type: 'end', outcome: 'contained', node: 'bye', startedAt: '2026-03-02T10:00:00.000Z', seconds: 75 },
  { type: 'end', outcome: 'abandoned', startedAt: '2026-03-02T10:00:00.000Z', seconds: 0 },
  { type: 'visit', node: 'menu' },
  { type: 'exit', node: 'menu', output: 'noMatch' },
  { type: 'noInput', node: 'menu' },
  { type: 'noMatch', node: 'menu' },
  { type: 'lookup', node: 'puk', backend: 'operator', outcome: 'response', ms: 41.5 },
  { type: 'csatAsked', node: 'survey' },
  { type: 'csat', node: 'survey', score: 4, scale: 5, agent: 'awa' },
  { type: 'csat', node: 'survey', score: 2, scale: 5 },
  { type: 'returned', of: { flowId: '1919', version: null, environment: 'draft', channel: 'whatsapp', locale: 'fr', traffic: 'preview', startedAt: '2026-03-01T09:00:00.000Z' } },
  { type: 'queued', queue: 'support "fr", niveau 1' },
  { type: 'answered', queue: 'support-fr', waitSeconds: 12, agent: 'kofi' },
  { type: 'answered', queue: 'support-fr', waitSeconds: 3 },
  { type: 'abandoned', queue: 'support-fr', waitSeconds: 70 },
  { type: 'left', queue: 'support-fr', reason: 'callback', waitSeconds: 90 },
  { type: 'agentOutcome', queue: 'support-fr', agent: '', outcome: 'resolved' },
  { type: 'callback', queue: 'support-fr', step: 'placed' },
];

describe('a fact row', () => {
  it('gives back every kind of fact as it was recorded, optional fields absent rather than null', () => {
    const batch = factBatch('2026-03-02T10:15:00.000Z', EVERY_KIND, { version: null, traffic: 'test', environment: '' }, 'contact-id');
    const row = factRow({ ...batch, caller: 'caller-hash' });
    const back = batchOfRow(row, batch.at, batch.flowId);
    expect(back).toStrictEqual({ ...batch, caller: 'caller-hash' });
    expect(back.events[2]).not.toHaveProperty('node');
    // Names are not repeated in every row.
    expect(row.length).toBeLessThan(JSON.stringify(batch).length * 0.6);
  });

  it('keeps the order of events of one type around others, and writes a run of visits or exits with its type once', () => {
    const events: AnalyticsEvent[] = [
      { type: 'visit', node: 'menu' },
      { type: 'visit', node: 'survey' },
      { type: 'csatAsked', node: 'survey' },
      { type: 'visit', node: 'bye' },
      { type: 'exit', node: 'menu', output: '1' },
      { type: 'exit', node: 'survey', output: 'next' },
      { type: 'lookup', node: 'puk', backend: 'operator', outcome: 'response', ms: 12 },
      { type: 'lookup', node: 'puk', backend: 'operator', outcome: 'timeout', ms: 3000 },
      { type: 'visit', node: 'menu' },
    ];
    const batch = factBatch('2026-03-02T10:15:00.000Z', events);
    const row = factRow(batch);
    expect(batchOfRow(row, batch.at, batch.flowId)).toStrictEqual(batch);
    expect(row.match(/"visit"/g)).toHaveLength(3);
    expect(row.match(/"exit"/g)).toHaveLength(1);
  });

  it('reads rows written one type per event (the form before runs)', () => {
    const row =
      '[1,3,"production","voice","fr","live","contact-id","caller-hash","contact","visit","menu","exit","menu","1","lookup","puk","operator","response",41.5,"end","contained",null,"2026-03-02T10:00:00.000Z",75]';
    expect(batchOfRow(row, '2026-03-02T10:15:00.000Z', '1919')).toStrictEqual({
      flowId: '1919',
      version: 3,
      environment: 'production',
      channel: 'voice',
      locale: 'fr',
      traffic: 'live',
      at: '2026-03-02T10:15:00.000Z',
      contact: 'contact-id',
      caller: 'caller-hash',
      events: [
        { type: 'contact' },
        { type: 'visit', node: 'menu' },
        { type: 'exit', node: 'menu', output: '1' },
        { type: 'lookup', node: 'puk', backend: 'operator', outcome: 'response', ms: 41.5 },
        { type: 'end', outcome: 'contained', startedAt: '2026-03-02T10:00:00.000Z', seconds: 75 },
      ],
    });
  });

  it('reads rows written as JSON objects before, and keeps an event of a kind it does not know', () => {
    const batch = factBatch('2026-03-02T10:15:00.000Z', [{ type: 'visit', node: 'menu' }]);
    expect(batchOfRow(JSON.stringify(batch), batch.at, batch.flowId)).toStrictEqual(batch);
    const future = {
      ...batch,
      events: [
        { type: 'transferredOut', to: 'crm' },
        { type: 'visit', node: 'menu' },
      ],
    } as unknown as FactBatch;
    expect(batchOfRow(factRow(future), batch.at, batch.flowId)).toStrictEqual(future);
  });

  it('is the same row, the same counters and the same stored batch when the engine writes its facts straight in runs', () => {
    // Three-field kinds (`answered`, `agentOutcome`) are not written this way by the engine: only kinds of 0, 1, 2 or 4 fields.
    const kinds = EVERY_KIND.filter((e) => FIELDS[e.type].length !== 3);
    const batch = factBatch('2026-03-02T10:15:00.000Z', [...kinds, { type: 'visit', node: 'bye' }], { version: 2 }, 'contact-id');
    const built = positional({ ...batch, caller: 'caller-hash' });
    expect(factRow(built)).toBe(factRow({ ...batch, caller: 'caller-hash' }));
    expect(built.plain()).toStrictEqual({ ...batch, caller: 'caller-hash' });
    expect(foldBatches([positional(batch)])).toEqual(foldBatches([batch]));
    // Read back from its row as any batch.
    expect(batchOfRow(factRow(built), batch.at, batch.flowId)).toStrictEqual({ ...batch, caller: 'caller-hash' });
  });
});
