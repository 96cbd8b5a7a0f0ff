import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ClusterEvent, Store } from '../types.ts';
import { at } from './fixtures.ts';

let published = 0;
/** Ids sort in the order of publication, as the instances' ids do (events of one instant are read in id order). */
const event = (topic: string, data: ClusterEvent['data'], atTime = new Date().toISOString(), origin = 'instance-a'): ClusterEvent => ({
  id: `${String((published += 1)).padStart(6, '0')}-${randomUUID()}`,
  topic,
  origin,
  at: atTime,
  data,
});

/** What instances sharing a store tell each other, and which of them runs a timed job. */
export function clusterContract(store: () => Store, another: () => Promise<Store>) {
  describe('events between instances', () => {
    it('gives a reader every event published after it started, once, in order (of time, then id)', async () => {
      await store().events.publishEvent(event('handoff', { before: true }));
      const start = await store().events.readEvents(null, 100);
      expect(start.events).toEqual([]);
      // The events published before the reader started may come again on MongoDB's overlap window, never after it.
      const sent = [event('handoff', { n: 1, 'a.b': { $c: 1 } }), event('bindings', { n: 2 }, undefined, 'instance-b'), event('handoff', { n: 3 })];
      for (const e of sent) await store().events.publishEvent(e);
      const first = await store().events.readEvents(start.cursor, 100);
      expect(first.events.filter((e) => e.data && (e.data as { n?: number }).n).map((e) => e.id)).toEqual(sent.map((e) => e.id));
      expect(first.events.find((e) => e.id === sent[0]!.id)).toEqual(sent[0]);
      const again = await store().events.readEvents(first.cursor, 100);
      expect(again.events).toEqual([]);
      const later = event('handoff', { n: 4 });
      await store().events.publishEvent(later);
      expect((await store().events.readEvents(again.cursor, 100)).events.map((e) => e.id)).toEqual([later.id]);
    });

    it('reads on in pages of `limit`', async () => {
      const start = await store().events.readEvents(null, 10);
      const sent = Array.from({ length: 5 }, (_, i) => event('handoff', { n: i + 1 }, new Date(Date.now() + i).toISOString()));
      for (const e of sent) await store().events.publishEvent(e);
      const page1 = await store().events.readEvents(start.cursor, 2);
      const page2 = await store().events.readEvents(page1.cursor, 2);
      const page3 = await store().events.readEvents(page2.cursor, 2);
      expect([page1, page2, page3].map((p) => p.events.length)).toEqual([2, 2, 1]);
      expect([...page1.events, ...page2.events, ...page3.events].map((e) => e.id)).toEqual(sent.map((e) => e.id));
    });

    it('delivers an event stamped earlier than one already read (another instance committed it late), once', async () => {
      const start = await store().events.readEvents(null, 100);
      const now = Date.now();
      const onTime = event('handoff', { n: 1 }, new Date(now).toISOString());
      await store().events.publishEvent(onTime);
      const first = await store().events.readEvents(start.cursor, 100);
      expect(first.events.map((e) => e.id)).toEqual([onTime.id]);
      const late = event('handoff', { n: 0 }, new Date(now - 1000).toISOString(), 'instance-b');
      await store().events.publishEvent(late);
      const second = await store().events.readEvents(first.cursor, 100);
      expect(second.events.map((e) => e.id)).toEqual([late.id]);
      expect((await store().events.readEvents(second.cursor, 100)).events).toEqual([]);
    });

    it('purges old events, and a reader still sees the next ones', async () => {
      const start = await store().events.readEvents(null, 100);
      const old = event('handoff', { n: 1 });
      await store().events.publishEvent(old);
      const first = await store().events.readEvents(start.cursor, 100);
      expect(first.events.map((e) => e.id)).toEqual([old.id]);
      expect(await store().events.purgeEvents(new Date(Date.now() + 60_000).toISOString())).toBe(1);
      // Numbering never starts over after the newest events are gone (the reader's cursor stays valid).
      const next = event('handoff', { n: 2 });
      await store().events.publishEvent(next);
      expect((await store().events.readEvents(first.cursor, 100)).events.map((e) => e.id)).toEqual([next.id]);
    });

    it('keeps events out of backups', async () => {
      await store().events.publishEvent(event('handoff', { secret: 'not-in-backups' }));
      await store().leases.acquireLease('retention', 'instance-a', at(5), at(0));
      const dump = await store().dump();
      expect(JSON.stringify(dump)).not.toContain('not-in-backups');
      expect(JSON.stringify(dump)).not.toContain('instance-a');
      const fresh = await another();
      await fresh.restore(dump);
      expect((await fresh.events.readEvents((await fresh.events.readEvents(null, 1)).cursor, 100)).events).toEqual([]);
      expect(await fresh.leases.getLease('retention')).toBeNull();
    });
  });

  describe('job leases', () => {
    it('lets one holder have a lease at a time, renew it, and another take it once it lapsed', async () => {
      const { leases } = store();
      expect(await leases.getLease('retention')).toBeNull();
      expect(await leases.acquireLease('retention', 'a', at(1), at(0))).toEqual({ name: 'retention', holder: 'a', until: at(1) });
      expect(await leases.acquireLease('retention', 'b', at(2), at(0.5))).toBeNull();
      expect(await leases.acquireLease('retention', 'a', at(2), at(0.5))).toMatchObject({ holder: 'a', until: at(2) });
      expect(await leases.acquireLease('retention', 'b', at(3), at(1.9))).toBeNull();
      // Another job's lease is another lease.
      expect(await leases.acquireLease('backup', 'b', at(3), at(1))).toMatchObject({ holder: 'b' });
      // a stopped renewing: b takes it over once its time passed.
      expect(await leases.acquireLease('retention', 'b', at(4), at(2))).toMatchObject({ holder: 'b', until: at(4) });
      expect(await leases.acquireLease('retention', 'a', at(5), at(2.5))).toBeNull();
      expect(await leases.getLease('retention')).toMatchObject({ holder: 'b', until: at(4) });
    });

    it('gives a free lease to one of two instances asking at once', async () => {
      const attempts = await Promise.all(['a', 'b', 'c'].map((holder) => store().leases.acquireLease('backup', holder, at(1), at(0))));
      expect(attempts.filter(Boolean)).toHaveLength(1);
      const winner = attempts.find(Boolean)!.holder;
      expect(await store().leases.getLease('backup')).toMatchObject({ holder: winner });
    });

    it('remembers when the job last ran, through a release and a new holder', async () => {
      const { leases } = store();
      await leases.acquireLease('backup', 'a', at(1), at(0));
      expect(await leases.markLeaseRun('backup', 'b', at(0.5))).toBe(false);
      expect(await leases.markLeaseRun('backup', 'a', at(0.5))).toBe(true);
      expect(await leases.releaseLease('backup', 'b')).toBe(false);
      expect(await leases.releaseLease('backup', 'a')).toBe(true);
      // Released: free at once, long before its time would have passed.
      expect(await leases.acquireLease('backup', 'b', at(2), at(0.6))).toEqual({ name: 'backup', holder: 'b', until: at(2), lastRunAt: at(0.5) });
      expect(await leases.markLeaseRun('backup', 'a', at(0.7))).toBe(false);
    });

    it('purges the lapsed or released leases named after a prefix, never a job’s nor one held', async () => {
      const { leases } = store();
      await leases.acquireLease('instance:a', 'a', at(1), at(0));
      await leases.acquireLease('instance:b', 'b', at(3), at(0));
      await leases.acquireLease('instance:c', 'c', at(3), at(0));
      await leases.releaseLease('instance:c', 'c');
      await leases.acquireLease('answered:voice:CA_1%:4', 'b:x', at(1), at(0));
      await leases.acquireLease('instances', 'a', at(1), at(0));
      await leases.acquireLease('retention', 'a', at(1), at(0));
      expect(await leases.purgeLeases('instance:', at(2))).toBe(2);
      expect(await leases.purgeLeases('answered:', at(0.5))).toBe(0);
      expect(await leases.purgeLeases('answered:', at(2))).toBe(1);
      expect(await leases.getLease('instance:a')).toBeNull();
      expect(await leases.getLease('instance:c')).toBeNull();
      expect(await leases.getLease('answered:voice:CA_1%:4')).toBeNull();
      // Held, another name, a job's: kept.
      expect(await leases.getLease('instance:b')).toMatchObject({ holder: 'b' });
      expect(await leases.getLease('instances')).toMatchObject({ holder: 'a' });
      expect(await leases.getLease('retention')).toMatchObject({ holder: 'a', until: at(1) });
      // A purged sign of life is taken again as a new one.
      expect(await leases.acquireLease('instance:a', 'a', at(4), at(3))).toMatchObject({ holder: 'a', until: at(4) });
    });

    it('keeps a call’s final status that found no session (callOver:) for every instance until it lapses, then purges it', async () => {
      const { leases } = store();
      // A call's key as jambonz names it (ConversationService.markCallOver): the status, on instance a, found no session.
      const name = 'callOver:voice:CA.7f$3%2b:x';
      expect(await leases.acquireLease(name, 'a', at(2), at(0))).toMatchObject({ name, holder: 'a', until: at(2) });
      // The first turn, saved on instance b, reads it (callOverSeen) and drops its kept goodbye.
      expect(await leases.getLease(name)).toMatchObject({ holder: 'a', until: at(2) });
      // A second status for the same call while it is held: the lease stays as written, still seen.
      expect(await leases.acquireLease(name, 'b', at(3), at(1))).toBeNull();
      expect(await leases.getLease(name)).toMatchObject({ holder: 'a', until: at(2) });
      // Another call's key, sharing the prefix, is a lease of its own.
      expect(await leases.getLease('callOver:voice:CA.7f')).toBeNull();
      // Not purged while it may still be needed, purged once lapsed; the sessions job removes it.
      expect(await leases.purgeLeases('callOver:', at(1))).toBe(0);
      expect(await leases.purgeLeases('callOver:', at(2.5))).toBe(1);
      expect(await leases.getLease(name)).toBeNull();
    });

    it('purges a copy’s id once released or lapsed, never one a copy still holds, and gives it to the next copy', async () => {
      const { leases } = store();
      await leases.acquireLease('copy:a.b-copy', 'x:1#made', at(1), at(0));
      await leases.releaseLease('copy:a.b-copy', 'x:1#made');
      await leases.acquireLease('copy:a.b-copy2', 'x:2#died', at(1), at(0));
      await leases.acquireLease('copy:a.b-copy3', 'y:1#writing', at(3), at(0));
      await leases.acquireLease('copyist', 'a', at(1), at(0));
      expect(await leases.purgeLeases('copy:', at(2))).toBe(2);
      expect(await leases.getLease('copy:a.b-copy')).toBeNull();
      expect(await leases.getLease('copy:a.b-copy2')).toBeNull();
      expect(await leases.getLease('copy:a.b-copy3')).toMatchObject({ holder: 'y:1#writing' });
      expect(await leases.getLease('copyist')).toMatchObject({ holder: 'a' });
      expect(await leases.acquireLease('copy:a.b-copy2', 'z:1#next', at(4), at(2))).toMatchObject({ holder: 'z:1#next' });
      expect(await leases.acquireLease('copy:a.b-copy3', 'z:1#next', at(4), at(2))).toBeNull();
    });
  });
}
