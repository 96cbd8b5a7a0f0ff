import { describe, expect, it } from 'vitest';
import type { Flow, Session } from '@griot/flows';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { factBatch } from '../store/contract/analyticsContract.ts';
import type { LookupReport } from '../conversations/turnState.ts';
import { recentLookups } from './recentLookups.ts';
import { turnEvents } from './turnEvents.ts';

const NOW = new Date('2026-12-05T22:00:00.000Z');
const at = (secondsAgo: number) => new Date(NOW.getTime() - secondsAgo * 1000).toISOString();

/** The facts of a turn whose look-up at `lookup` answered so, the flow then taking its `error` exit. */
function lookupTurn(report: Omit<LookupReport, 'node' | 'ms'> & { ms?: number }) {
  // What the facts read of a flow: its nodes' types and its edges.
  const flow = { nodes: [{ id: 'lookup', type: 'http' }], edges: [{ id: 'e9', source: 'lookup', output: 'error', target: 'sorry' }] } as unknown as Flow;
  const session = { wait: undefined } as unknown as Session;
  const trace = { nodes: ['lookup'], edges: ['e9'] };
  return turnEvents(flow, { before: session, after: session, event: { type: 'start' }, trace, effects: [], lookups: [{ node: 'lookup', ms: 3, ...report }] });
}

describe('the operator’s systems in the last minutes', () => {
  it('tells a look-up Griot could not send for want of its own configuration from a system that fails', async () => {
    const store = new SqliteStore(':memory:');
    await store.recordFacts([
      // A secret listed in GRIOT_FLOW_SECRETS, its variable never set: nothing was sent.
      factBatch(at(120), lookupTurn({ backend: 'operator', outcome: 'error', cause: 'secret.notSet' }), {}, 'c1'),
      factBatch(at(60), lookupTurn({ backend: 'operator', outcome: 'error', cause: 'secret.notSet' }), {}, 'c2'),
      // The CRM answers 503: it is down.
      factBatch(at(30), lookupTurn({ backend: 'crm', outcome: 'response', cause: 'http 503' }), {}, 'c3'),
      factBatch(at(20), lookupTurn({ backend: 'billing', outcome: 'timeout', cause: 'timeout' }), {}, 'c4'),
    ]);
    const recent = await recentLookups(store, NOW);
    expect(recent.backends.map((b) => [b.backend, b.last.outcome, b.failed, b.total])).toEqual([
      ['billing', 'error', 1, 1],
      ['crm', 'error', 1, 1],
      ['operator', 'misconfigured', 2, 2],
    ]);
  });

  it('counts each kind of failure apart: errors of the operator’s system, look-ups Griot could not send', async () => {
    const store = new SqliteStore(':memory:');
    await store.recordFacts([
      factBatch(at(120), lookupTurn({ backend: 'operator', outcome: 'response', cause: 'http 503' }), {}, 'c1'),
      factBatch(at(60), lookupTurn({ backend: 'operator', outcome: 'error', cause: 'secret.notSet' }), {}, 'c2'),
      factBatch(at(50), lookupTurn({ backend: 'operator', outcome: 'error', cause: 'secret.notSet' }), {}, 'c3'),
    ]);
    const [operator] = (await recentLookups(store, NOW)).backends;
    expect(operator).toEqual({
      backend: 'operator',
      total: 3,
      failed: 3,
      misconfigured: 2,
      last: { outcome: 'misconfigured', at: at(50) },
      lastFailedAt: at(50),
      lastMisconfiguredAt: at(50),
      lastErrorAt: at(120),
      // The one sent (the 503), not the two Griot kept back.
      averageMs: 3,
    });
  });

  it('says how long the system takes to answer: slow but answering is seen before it times out (ops32)', async () => {
    const store = new SqliteStore(':memory:');
    await store.recordFacts([
      factBatch(at(90), lookupTurn({ backend: 'operator', outcome: 'response', ms: 2400 }), {}, 'c1'),
      factBatch(at(60), lookupTurn({ backend: 'operator', outcome: 'response', ms: 2600 }), {}, 'c2'),
      factBatch(at(30), lookupTurn({ backend: 'operator', outcome: 'error', cause: 'secret.notSet', ms: 0 }), {}, 'c3'),
    ]);
    const [operator] = (await recentLookups(store, NOW)).backends;
    expect(operator).toMatchObject({ backend: 'operator', total: 3, averageMs: 2500 });
  });
});
