import { describe, expect, it } from 'vitest';
import type { AnalyticsEvent, CounterQuery, FactBatch, FactDimensions, Store, StoreDump } from '../types.ts';
import type { Flow } from '@griot/flows';
import { flowAnalytics } from '../../analytics/flowAnalytics.ts';
import { createFlow, session, turn, version } from './fixtures.ts';

const LIVE: FactDimensions = { flowId: '1919', version: 3, environment: 'production', channel: 'voice', locale: 'fr', traffic: 'live' };

export function factBatch(at: string, events: AnalyticsEvent[], dims: Partial<FactDimensions> = {}, contact = 'c1'): FactBatch {
  return { ...LIVE, ...dims, at, contact, caller: null, events };
}

/** Folds everything recorded so far (a store that counts as it records returns 0 at once). */
export async function rolledUp(store: Store): Promise<void> {
  while ((await store.rollUpFacts(1000)) > 0);
}

const period = (from: string, to: string, rest: Partial<CounterQuery> = {}): CounterQuery => ({ from, to, metrics: ['visit'], groupBy: ['key'], flowId: '1919', ...rest });
const byKey = (sums: Array<{ key?: string; count: number }>) => Object.fromEntries(sums.map((s) => [s.key, s.count]));

/** Facts and counters: what a turn records is counted once, in its hour and day, and answers any period exactly. */
export function analyticsContract(store: () => Store, another: () => Promise<Store>) {
  describe('analytics', () => {
    it('counts the facts saved with a turn and those recorded apart, each once', async () => {
      await store().saveTurn({
        session: session('voice:CA1', '2026-03-02T11:00:00.000Z'),
        turn: turn(1),
        facts: factBatch('2026-03-02T10:15:00.000Z', [{ type: 'contact' }, { type: 'visit', node: 'menu' }, { type: 'exit', node: 'menu', output: 'puk' }]),
      });
      await store().recordFacts([
        factBatch(
          '2026-03-02T10:20:00.000Z',
          [
            { type: 'visit', node: 'menu' },
            { type: 'noMatch', node: 'menu' },
          ],
          {},
          'c2',
        ),
        factBatch('2026-03-02T10:25:00.000Z', [{ type: 'queued', queue: 'support-fr' }], { environment: '' }, 'c3'),
      ]);
      await rolledUp(store());
      // Rolling up again counts nothing twice.
      expect(await store().rollUpFacts(1000)).toBe(0);
      const sums = await store().sumCounters(
        period('2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z', { metrics: ['visit', 'exit', 'noMatch', 'contacts'], groupBy: ['metric', 'key', 'detail'] }),
      );
      expect(sums.map(({ metric, key, detail, count }) => ({ metric, key, detail, count })).sort((a, b) => `${a.metric}${a.key}`.localeCompare(`${b.metric}${b.key}`))).toEqual([
        { metric: 'contacts', key: '', detail: '', count: 1 },
        { metric: 'exit', key: 'menu', detail: 'puk', count: 1 },
        { metric: 'noMatch', key: 'menu', detail: '', count: 1 },
        { metric: 'visit', key: 'menu', detail: '', count: 2 },
      ]);
      // Agent-queue figures span flows: queried by metric and queue alone.
      const queue = await store().sumCounters({ from: '2026-03-02T10:00:00.000Z', to: '2026-03-02T11:00:00.000Z', metrics: ['queueOffered'], key: 'support-fr', groupBy: [] });
      expect(queue).toEqual([{ count: 1, sum: 0, max: 0 }]);
    });

    it('answers a period of whole hours exactly, across days, from day and hour counters alike', async () => {
      const visits: Array<[string, string]> = [
        ['2026-03-01T22:30:00.000Z', 'a'],
        ['2026-03-01T23:59:59.999Z', 'a'],
        ['2026-03-02T00:00:00.000Z', 'a'],
        ['2026-03-02T13:10:00.000Z', 'b'],
        ['2026-03-03T05:00:00.000Z', 'a'],
        ['2026-03-03T06:00:00.000Z', 'b'],
        ['2026-03-04T00:30:00.000Z', 'a'],
      ];
      await store().recordFacts(visits.map(([at, node], i) => factBatch(at, [{ type: 'visit', node }], {}, `c${i}`)));
      await rolledUp(store());
      const count = async (from: string, to: string) => byKey(await store().sumCounters(period(from, to)));
      expect(await count('2026-03-01T23:00:00.000Z', '2026-03-03T06:00:00.000Z')).toEqual({ a: 3, b: 1 });
      expect(await count('2026-03-01T00:00:00.000Z', '2026-03-05T00:00:00.000Z')).toEqual({ a: 5, b: 2 });
      expect(await count('2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z')).toEqual({ a: 1, b: 1 });
      expect(await count('2026-03-02T14:00:00.000Z', '2026-03-03T05:00:00.000Z')).toEqual({});
      // Per hour: only the hours that have counts, in order.
      const hours = await store().sumCounters(period('2026-03-01T22:00:00.000Z', '2026-03-02T01:00:00.000Z', { groupBy: ['hour'] }));
      expect(hours.sort((x, y) => x.hour!.localeCompare(y.hour!)).map((h) => [h.hour, h.count])).toEqual([
        ['2026-03-01T22:00:00.000Z', 1],
        ['2026-03-01T23:00:00.000Z', 1],
        ['2026-03-02T00:00:00.000Z', 1],
      ]);
      const days = await store().sumCounters(period('2026-03-01T23:00:00.000Z', '2026-03-04T01:00:00.000Z', { groupBy: ['day'] }));
      expect(days.sort((x, y) => x.day!.localeCompare(y.day!)).map((d) => [d.day, d.count])).toEqual([
        ['2026-03-01T00:00:00.000Z', 1],
        ['2026-03-02T00:00:00.000Z', 2],
        ['2026-03-03T00:00:00.000Z', 2],
        ['2026-03-04T00:00:00.000Z', 1],
      ]);
    });

    it('counts an outcome under the hour its contact started, with sums and the largest value', async () => {
      await store().recordFacts([
        factBatch('2026-03-02T11:05:00.000Z', [{ type: 'end', outcome: 'abandoned', node: 'menu', startedAt: '2026-03-02T10:58:00.000Z', seconds: 420 }]),
        factBatch('2026-03-02T10:40:00.000Z', [{ type: 'end', outcome: 'abandoned', node: 'menu', startedAt: '2026-03-02T10:39:00.000Z', seconds: 60 }], {}, 'c2'),
        factBatch('2026-03-02T10:41:00.000Z', [{ type: 'lookup', node: 'puk', backend: 'operator', outcome: 'response', ms: 35 }], {}, 'c2'),
        factBatch('2026-03-02T10:42:00.000Z', [{ type: 'lookup', node: 'puk', backend: 'operator', outcome: 'response', ms: 120 }], {}, 'c3'),
      ]);
      await rolledUp(store());
      const tenOClock = (metrics: string[], groupBy: CounterQuery['groupBy']) =>
        store().sumCounters({ from: '2026-03-02T10:00:00.000Z', to: '2026-03-02T11:00:00.000Z', metrics, flowId: '1919', groupBy });
      expect(await tenOClock(['outcome'], ['detail'])).toEqual([{ detail: 'abandoned', count: 2, sum: 480, max: 420 }]);
      expect(await tenOClock(['endedAt'], ['key', 'detail'])).toEqual([{ key: 'menu', detail: 'abandoned', count: 2, sum: 0, max: 0 }]);
      expect(await tenOClock(['lookup'], ['key', 'detail'])).toEqual([{ key: 'operator', detail: 'response', count: 2, sum: 155, max: 120 }]);
    });

    it('filters by version (drafts as null), environment, channel, locale and traffic, and groups by them', async () => {
      const at = '2026-03-02T10:00:00.000Z';
      await store().recordFacts([
        factBatch(at, [{ type: 'contact' }], { version: 3 }, 'a'),
        factBatch(at, [{ type: 'contact' }], { version: 4, channel: 'whatsapp', locale: 'en' }, 'b'),
        factBatch(at, [{ type: 'contact' }], { version: 4 }, 'c'),
        factBatch(at, [{ type: 'contact' }], { version: null, environment: 'draft', traffic: 'preview' }, 'd'),
        factBatch(at, [{ type: 'contact' }], { version: 4, environment: 'staging', traffic: 'test' }, 'e'),
      ]);
      await rolledUp(store());
      const contacts = (rest: Partial<CounterQuery>) => store().sumCounters({ from: at, to: '2026-03-02T11:00:00.000Z', metrics: ['contacts'], flowId: '1919', groupBy: [], ...rest });
      expect(await contacts({ traffic: ['live'] })).toEqual([{ count: 3, sum: 0, max: 0 }]);
      expect(await contacts({ versions: [null] })).toEqual([{ count: 1, sum: 0, max: 0 }]);
      expect(await contacts({ versions: [4], traffic: ['live', 'test'] })).toEqual([{ count: 3, sum: 0, max: 0 }]);
      expect(await contacts({ channel: 'whatsapp' })).toEqual([{ count: 1, sum: 0, max: 0 }]);
      expect(await contacts({ locale: 'fr', environment: 'production' })).toEqual([{ count: 2, sum: 0, max: 0 }]);
      expect(await contacts({ traffic: [] })).toEqual([]);
      expect(await contacts({ flowId: 'other' })).toEqual([]);
      const perVersion = await contacts({ groupBy: ['version', 'traffic'] });
      expect(perVersion.map(({ version, traffic, count }) => ({ version, traffic, count })).sort((x, y) => `${x.version}${x.traffic}`.localeCompare(`${y.version}${y.traffic}`))).toEqual([
        { version: 3, traffic: 'live', count: 1 },
        { version: 4, traffic: 'live', count: 2 },
        { version: 4, traffic: 'test', count: 1 },
        { version: null, traffic: 'preview', count: 1 },
      ]);
    });

    it('counts each fact once when two roll-ups run at once', async () => {
      await store().recordFacts(Array.from({ length: 300 }, (_, i) => factBatch('2026-03-02T10:00:00.000Z', [{ type: 'visit', node: 'menu' }], {}, `c${i}`)));
      await Promise.all([store().rollUpFacts(50), store().rollUpFacts(50), store().rollUpFacts(1000)]);
      await rolledUp(store());
      expect(byKey(await store().sumCounters(period('2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z')))).toEqual({ menu: 300 });
    });

    it('counts each version’s requests for an agent from the visits of its own handoff nodes (the versions side by side)', async () => {
      await createFlow(store(), 'selfcare');
      // v1 hands over at « agent »; v2 turned « agent » into a message and hands over at « conseiller ».
      const withNodes = (message: string, nodes: Array<{ id: string; type: string; queue?: string }>) => {
        const base = version('selfcare', message);
        return { ...base, document: { ...base.document, nodes: [...base.document.nodes, ...nodes] } as Flow };
      };
      const v1 = await store().addVersion(withNodes('v1', [{ id: 'agent', type: 'handoff', queue: 'support-fr' }]));
      const v2 = await store().addVersion(
        withNodes('v2', [
          { id: 'agent', type: 'say' },
          { id: 'conseiller', type: 'handoff', queue: 'support-fr' },
        ]),
      );
      const visits = (...nodes: string[]): AnalyticsEvent[] => [{ type: 'contact' }, ...nodes.map((node): AnalyticsEvent => ({ type: 'visit', node }))];
      await store().recordFacts([
        factBatch('2026-03-02T10:05:00.000Z', visits('menu', 'agent'), { flowId: 'selfcare', version: v1.number }, 'c1'),
        // Asked twice in one contact (released to the bot, then asked again): two requests.
        factBatch('2026-03-02T10:06:00.000Z', visits('menu', 'agent', 'menu', 'agent'), { flowId: 'selfcare', version: v1.number }, 'c2'),
        factBatch('2026-03-02T10:07:00.000Z', visits('menu'), { flowId: 'selfcare', version: v1.number }, 'c3'),
        factBatch('2026-03-02T10:08:00.000Z', visits('menu', 'agent', 'conseiller'), { flowId: 'selfcare', version: v2.number }, 'c4'),
        factBatch('2026-03-02T10:09:00.000Z', visits('menu', 'agent'), { flowId: 'selfcare', version: v2.number }, 'c5'),
      ]);
      const report = await flowAnalytics(
        store(),
        'selfcare',
        { from: '2026-03-02T10:00:00.000Z', to: '2026-03-02T11:00:00.000Z' },
        { traffic: ['live'] },
        { windowHours: 24, now: new Date('2026-03-03T10:00:00.000Z') },
      );
      expect(report.versions.map((v) => ({ version: v.version, contacts: v.contacts, handoffRequests: v.handoffRequests }))).toEqual([
        { version: v1.number, contacts: 3, handoffRequests: 3 },
        { version: v2.number, contacts: 2, handoffRequests: 1 },
      ]);
    });

    it('lists raw facts of a period, and purges old facts and counters separately', async () => {
      await store().recordFacts([
        factBatch('2026-01-01T10:00:00.000Z', [{ type: 'visit', node: 'old' }], {}, 'old'),
        factBatch('2026-03-02T10:00:00.000Z', [{ type: 'visit', node: 'new' }], {}, 'new'),
        factBatch('2026-03-02T10:30:00.000Z', [{ type: 'visit', node: 'new' }], { flowId: 'other' }, 'other'),
      ]);
      await rolledUp(store());
      expect((await store().listFacts({ from: '2026-03-01T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z', limit: 10 })).map((b) => b.contact)).toEqual(['new', 'other']);
      expect(await store().listFacts({ from: '2026-03-01T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z', flowId: '1919', limit: 10 })).toEqual([
        factBatch('2026-03-02T10:00:00.000Z', [{ type: 'visit', node: 'new' }], {}, 'new'),
      ]);
      expect(await store().purgeFacts('2026-02-01T00:00:00.000Z')).toBe(1);
      expect((await store().listFacts({ from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z', limit: 10 })).map((b) => b.contact)).toEqual(['new', 'other']);
      // The counters outlive the raw facts…
      const all = () => store().sumCounters(period('2025-12-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'));
      expect(byKey(await all())).toEqual({ old: 1, new: 1 });
      // …until their own retention: hour and day counters of January go.
      expect(await store().purgeCounters('2026-02-01T00:00:00.000Z')).toBe(2);
      expect(byKey(await all())).toEqual({ new: 1 });
    });

    it('erases a caller’s digest from raw facts, counted or not, keeping their events, other callers and the counters', async () => {
      const named = (at: string, caller: string | null, contact: string): FactBatch => ({ ...factBatch(at, [{ type: 'contact' }, { type: 'visit', node: 'menu' }], {}, contact), caller });
      await store().saveTurn({ session: session('voice:CA9', '2026-03-02T11:00:00.000Z'), turn: turn(1), facts: named('2026-03-02T10:00:00.000Z', 'erased-digest', 'c1') });
      await store().recordFacts([named('2026-03-02T10:10:00.000Z', 'kept-digest', 'c2')]);
      await rolledUp(store());
      // A later contact, not counted yet when the erasure comes.
      await store().recordFacts([named('2026-03-02T10:20:00.000Z', 'erased-digest', 'c3'), named('2026-03-02T10:30:00.000Z', null, 'c4')]);
      const day = { from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' };
      const facts = () => store().listFacts({ ...day, limit: 10 });
      const before = await facts();

      expect(await store().eraseCallerFacts(['erased-digest', 'never-seen'])).toBe(2);
      expect((await facts()).map((f) => [f.contact, f.caller])).toEqual([
        ['c1', null],
        ['c2', 'kept-digest'],
        ['c3', null],
        ['c4', null],
      ]);
      // Nothing else of a fact changes.
      expect(await facts()).toEqual(before.map((f) => ({ ...f, caller: f.caller === 'erased-digest' ? null : f.caller })));
      await rolledUp(store());
      expect(await store().sumCounters(period(day.from, day.to, { metrics: ['contacts', 'visit'], groupBy: ['metric'] }))).toEqual(
        expect.arrayContaining([expect.objectContaining({ metric: 'contacts', count: 4 }), expect.objectContaining({ metric: 'visit', count: 4 })]),
      );
      expect(await store().eraseCallerFacts(['erased-digest'])).toBe(0);
      expect(await store().eraseCallerFacts([])).toBe(0);
    });

    it('writes the facts queued by turns before any read of facts, an erasure, a backup, and when asked', async () => {
      const named = (at: string, contact: string): FactBatch => ({ ...factBatch(at, [{ type: 'contact' }, { type: 'visit', node: 'menu' }], {}, contact), caller: 'queued-digest' });
      const day = { from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' };
      // Handed over after the turns' commits (the engine's way): nothing to wait for.
      store().queueFacts(named('2026-03-02T10:00:00.000Z', 'q1'));
      store().queueFacts(named('2026-03-02T10:05:00.000Z', 'q2'));
      expect((await store().listFacts({ ...day, limit: 10 })).map((f) => f.contact)).toEqual(['q1', 'q2']);
      await rolledUp(store());
      expect(byKey(await store().sumCounters(period(day.from, day.to)))).toEqual({ menu: 2 });
      // Queued after a roll-up: the next one counts it (SQLite folds what it read; MongoDB counted it as written).
      store().queueFacts(named('2026-03-02T10:10:00.000Z', 'q3'));
      await rolledUp(store());
      expect(byKey(await store().sumCounters(period(day.from, day.to)))).toEqual({ menu: 3 });
      // An erasure reaches a caller's facts still queued.
      store().queueFacts(named('2026-03-02T10:15:00.000Z', 'q4'));
      expect(await store().eraseCallerFacts(['queued-digest'])).toBe(4);
      expect((await store().listFacts({ ...day, limit: 10 })).map((f) => f.caller)).toEqual([null, null, null, null]);
      // A backup holds them.
      store().queueFacts(named('2026-03-02T10:20:00.000Z', 'q5'));
      expect((await store().dump()).analytics?.facts.map((f) => f.contact)).toEqual(['q1', 'q2', 'q3', 'q4', 'q5']);
      store().queueFacts(named('2026-03-02T10:25:00.000Z', 'q6'));
      await store().flushFacts();
      await store().flushFacts();
      expect((await store().listFacts({ ...day, limit: 10 })).map((f) => f.contact)).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6']);
    });

    it('after a failed write of queued facts: an erasure answers 503 rather than succeed, and never lets the erased caller’s digest be written later', async () => {
      const day = { from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z', limit: 10 };
      const s = store();
      s.queueFacts({ ...factBatch('2026-03-02T10:00:00.000Z', [{ type: 'contact' }], {}, 'erased-contact'), caller: 'erased-digest' });
      s.queueFacts({ ...factBatch('2026-03-02T10:05:00.000Z', [{ type: 'contact' }], {}, 'kept-contact'), caller: 'kept-digest' });
      // The next write of queued facts fails (a full disk), once.
      const real = s.recordFacts.bind(s);
      let fail = true;
      s.recordFacts = async (batches) => {
        if (fail) {
          fail = false;
          throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
        }
        return real(batches);
      };
      try {
        await expect(s.eraseCallerFacts(['erased-digest'])).rejects.toMatchObject({ code: 'store_unavailable', retryAfterSeconds: 5 });
        await s.flushFacts();
        // The erased caller's fact is kept for the counts, without the digest.
        expect((await s.listFacts(day)).map((f) => [f.contact, f.caller])).toEqual([
          ['erased-contact', null],
          ['kept-contact', 'kept-digest'],
        ]);
        // Tried again, the erasure succeeds.
        expect(await s.eraseCallerFacts(['erased-digest'])).toBe(0);
      } finally {
        delete (s as { recordFacts?: unknown }).recordFacts;
      }
    });

    it('keeps the first caller-hash key it is given', async () => {
      expect(await store().storedAnalyticsKey()).toBeUndefined();
      expect(await store().analyticsKey('first-key')).toBe('first-key');
      expect(await store().analyticsKey('second-key')).toBe('first-key');
      expect(await store().storedAnalyticsKey()).toBe('first-key');
    });

    it('backs up facts, counters and the key; a restored store counts nothing twice', async () => {
      await store().analyticsKey('the-key');
      await store().recordFacts([factBatch('2026-03-02T10:00:00.000Z', [{ type: 'contact' }, { type: 'csat', node: 'survey', score: 4, scale: 5, agent: 'awa' }])]);
      // Not rolled up yet: the backup does it, so its counters and facts agree.
      const dump = await store().dump();
      expect(dump.analytics?.key).toBe('the-key');
      expect(dump.analytics?.facts).toHaveLength(1);
      expect(dump.analytics?.counters.length).toBeGreaterThan(0);
      const fresh = await another();
      await fresh.restore(JSON.parse(JSON.stringify(dump)) as StoreDump);
      await rolledUp(fresh);
      const csat = (s: Store) => s.sumCounters({ from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z', metrics: ['csat', 'csatAgent', 'contacts'], groupBy: ['metric', 'key', 'detail'] });
      expect(await csat(fresh)).toEqual(await csat(store()));
      expect((await csat(fresh)).find((s) => s.metric === 'csatAgent')).toMatchObject({ key: 'awa', detail: '4/5', count: 1, sum: 4 });
      expect(await fresh.analyticsKey('another')).toBe('the-key');
      expect((await fresh.dump()).analytics).toEqual(dump.analytics);
    });
  });
}
