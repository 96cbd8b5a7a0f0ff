import { afterEach, describe, expect, it } from 'vitest';
import type { FactBatch, Store } from '../types.ts';
import { FORM, PositionalBatch } from '../factRuns.ts';
import { factBatch, rolledUp } from './analyticsContract.ts';
import { session, turn } from './fixtures.ts';

const DAY = { from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z', limit: 100 };
const named = (at: string, caller: string | null, contact: string): FactBatch => ({ ...factBatch(at, [{ type: 'contact' }, { type: 'visit', node: 'menu' }], {}, contact), caller });
/** The same facts as the engine hands them over (a turn's `PositionalBatch`: its row, its events read from it). */
const positional = (at: string, caller: string | null, contact: string): FactBatch => {
  const { flowId, version, environment, channel, locale, traffic } = factBatch(at, []);
  const row = [FORM, version, environment, channel, locale, traffic, '', null, 'contact', 1, 'visit', 1, 'menu'];
  return new PositionalBatch(flowId, version, environment, channel, locale, traffic, at, contact, caller, row);
};

/**
 * Two instances on one store (`open` gives two handles on the same data): an erasure on one is
 * final for the other's facts too. The other instance may still hold facts naming the erased
 * caller (queued before the erasure, written after it answered): the store drops the digest
 * from any facts written once the caller is erased, whoever writes them, for as long as raw facts are kept.
 */
export function erasedCallerContract(name: string, open: () => Promise<[Store, Store]>) {
  describe(`${name}: an erasure with two instances on one store`, () => {
    const opened: Store[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });
    const pair = async () => {
      const stores = await open();
      opened.push(...stores);
      return stores;
    };

    it('keeps the erased caller’s digest out of facts the other instance writes after the erasure, by any path', async () => {
      const [a, b] = await pair();
      await b.recordFacts([named('2026-03-02T10:00:00.000Z', 'erased-digest', 'before')]);
      expect(await a.eraseCallerFacts(['erased-digest'])).toBe(1);

      // B's facts of the caller, queued or built before the erasure, reach the store after it.
      await b.recordFacts([named('2026-03-02T10:05:00.000Z', 'erased-digest', 'recorded'), named('2026-03-02T10:06:00.000Z', 'kept-digest', 'other')]);
      b.queueFacts(named('2026-03-02T10:07:00.000Z', 'erased-digest', 'queued'));
      // A turn's facts, as the engine queues them: written, counted, without the digest (MongoDB lost their events until 2026-12-05).
      b.queueFacts(positional('2026-03-02T10:07:30.000Z', 'erased-digest', 'engine'));
      await b.flushFacts();
      await b.saveTurn({ session: session('voice:CA-late', '2026-03-02T10:08:00.000Z'), turn: turn(1), facts: named('2026-03-02T10:08:00.000Z', 'erased-digest', 'turn') });

      const facts = (await a.listFacts(DAY)).map((f) => [f.contact, f.caller]);
      expect(facts).toEqual([
        ['before', null],
        ['recorded', null],
        ['other', 'kept-digest'],
        ['queued', null],
        ['engine', null],
        ['turn', null],
      ]);
      // Counted all the same: the erasure takes the caller out of the facts, not their contacts.
      await rolledUp(a);
      const counted = await a.sumCounters({ from: DAY.from, to: DAY.to, metrics: ['contacts'], groupBy: [], flowId: '1919' });
      expect(counted.reduce((n, c) => n + c.count, 0)).toBe(6);
    });

    it('forgets the erased digest with the raw facts it kept it out of', async () => {
      const [a, b] = await pair();
      await a.eraseCallerFacts(['erased-digest']);
      // The raw facts' retention passes over the erasure: the digest is forgotten with them.
      await a.purgeFacts(new Date(Date.now() + 60_000).toISOString());
      // A contact the caller makes afterwards is theirs again.
      await b.recordFacts([named('2026-03-02T11:00:00.000Z', 'erased-digest', 'returned')]);
      expect((await a.listFacts(DAY)).map((f) => [f.contact, f.caller])).toEqual([['returned', 'erased-digest']]);
    });
  });
}
