import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import type { CallbackRequest, HandoffContact } from '../store/types.ts';
import { handoffContact, callback } from '../store/contract/handoffContract.ts';
import { session, turn } from '../store/contract/fixtures.ts';
import { CallerHasher } from './CallerHasher.ts';
import { HandoffFacts } from './HandoffFacts.ts';
import { queueAnalytics, serviceLevelBound } from './queueAnalytics.ts';

const T = (seconds: number) => new Date(Date.parse('2026-03-02T10:00:00.000Z') + seconds * 1000).toISOString();
const PERIOD = { from: '2026-03-02T10:00:00.000Z', to: '2026-03-02T12:00:00.000Z' };
const hasherOf = () => Promise.resolve(CallerHasher.withKey('k'.repeat(32)));

/** Plays a contact's life through the observer as the handoff service reports it. */
async function lifeOf(facts: HandoffFacts, contact: HandoffContact, steps: Array<Partial<HandoffContact> & { at: number }>) {
  let current = { ...contact };
  await facts.contactChanged(current, { queued: true });
  for (const { at, ...patch } of steps) {
    const before = current;
    current = { ...current, ...patch, updatedAt: T(at) };
    await facts.contactChanged(current, { patch, before });
  }
}

describe('agent-queue facts and figures', () => {
  it('counts offered, answered with their wait, abandoned, callbacks, transfers and the service level', async () => {
    const store = new SqliteStore(':memory:');
    const facts = new HandoffFacts(
      store,
      hasherOf(),
      () => T(0),
      () => undefined,
    );
    const waiting = (id: string, queue = 'support-fr') => handoffContact(id, 999, T(0), { queue });
    // Answered after 12 s by awa, who closes it resolved.
    await lifeOf(facts, waiting('a'), [
      { at: 12, status: 'assigned', agent: 'awa', assignedAt: T(12) },
      { at: 300, status: 'closed', closedAt: T(300), outcome: 'resolved' },
    ]);
    // Answered after 45 s (outside 20 s) by kofi; jambonz bridged it (served).
    await lifeOf(facts, waiting('b'), [
      { at: 45, status: 'assigned', agent: 'kofi', assignedAt: T(45) },
      { at: 200, status: 'closed', closedAt: T(200), outcome: 'served' },
    ]);
    // Hung up after 70 s of waiting.
    await lifeOf(facts, waiting('c'), [{ at: 70, status: 'closed', closedAt: T(70), outcome: 'abandoned' }]);
    // Asked for a callback after 90 s.
    await lifeOf(facts, waiting('d'), [{ at: 90, status: 'closed', closedAt: T(90), outcome: 'callback' }]);
    // Transferred to support-en after 30 s, answered there at 40 s.
    await lifeOf(facts, waiting('e'), [
      { at: 30, status: 'waiting', queue: 'support-en' },
      { at: 40, status: 'assigned', agent: 'awa', assignedAt: T(40) },
    ]);
    const request: CallbackRequest = callback('cb', T(90));
    await facts.callbackChanged(request, 'requested');
    await facts.callbackChanged({ ...request, status: 'taken', agent: 'awa' }, 'taken');
    await facts.callbackChanged({ ...request, status: 'done' }, 'completed');

    const report = await queueAnalytics(store, PERIOD, { traffic: ['live'] }, 20);
    const fr = report.queues.find((q) => q.queue === 'support-fr')!;
    expect(fr).toMatchObject({
      offered: 5,
      answered: 2,
      answeredWithinThreshold: 1,
      abandoned: 1,
      serviceLevel: 0.3333,
      left: { callback: 1, transferred: 1 },
      averageWaitSeconds: 28.5,
      averageAbandonedWaitSeconds: 70,
      longestWaitSeconds: 70,
      agentOutcomes: { resolved: 1, served: 1 },
      callbacks: { requested: 1, taken: 1, placed: 0, answered: 0, completed: 1, failed: 0 },
    });
    expect(fr.agents).toEqual([
      { agent: 'awa', answered: 1, averageWaitSeconds: 12 },
      { agent: 'kofi', answered: 1, averageWaitSeconds: 45 },
    ]);
    expect(report.queues.find((q) => q.queue === 'support-en')).toMatchObject({ offered: 1, answered: 1, answeredWithinThreshold: 0, serviceLevel: 0 });
    // A threshold off the bucket bounds is rounded down (14 → 10 s): the 12-second answer is no longer in time.
    expect((await queueAnalytics(store, PERIOD, { traffic: ['live'], queue: 'support-fr' }, 14)).queues).toEqual([expect.objectContaining({ queue: 'support-fr', answeredWithinThreshold: 0 })]);
    expect((await queueAnalytics(store, PERIOD, { traffic: ['live'] }, 14)).serviceLevelSeconds).toBe(10);
    await store.close();
  });

  it('counts a contact’s queue facts under its turns’ id and traffic, reading its session only when no turn of it was seen here', async () => {
    const store = new SqliteStore(':memory:');
    const hasher = CallerHasher.withKey('k'.repeat(32));
    let sessionReads = 0;
    const getSession = store.getSession.bind(store);
    store.getSession = (key, now) => {
      sessionReads += 1;
      return getSession(key, now);
    };
    const running = (key: string) => (key === 'voice:seen' ? { id: () => 'contact-of-its-turns', traffic: 'test' as const } : undefined);
    const facts = new HandoffFacts(store, Promise.resolve(hasher), () => T(0), running);
    await facts.contactChanged(handoffContact('seen', 1, T(0)), { queued: true });
    expect(sessionReads).toBe(0);
    // Not seen here, and no session: counted live under the contact's own id.
    await facts.contactChanged(handoffContact('unseen', 1, T(0)), { queued: true });
    expect(sessionReads).toBe(1);
    const recorded = await store.listFacts({ ...PERIOD, limit: 10 });
    expect(recorded.map((f) => [f.contact, f.traffic])).toEqual([
      ['contact-of-its-turns', 'test'],
      [hasher.contact('handoff', 'unseen'), 'live'],
    ]);
    await store.close();
  });

  it("queues its facts with the turns' facts: no row in the commit of the turn saved next, written with the queue's next write", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'griot-handoff-facts-'));
    // A window longer than the test: only the explicit flush writes what waits.
    const engine = new SqliteStore(join(dir, 'griot.db'), { factsWindowMs: 600_000 });
    const other = new SqliteStore(join(dir, 'griot.db'));
    try {
      const facts = new HandoffFacts(
        engine,
        hasherOf(),
        () => T(0),
        () => undefined,
      );
      await facts.contactChanged(handoffContact('a', 1, T(0)), { queued: true });
      // Another process sees nothing of it yet, nor once the turn that queued the contact is saved…
      expect(await other.listFacts({ ...PERIOD, limit: 10 })).toEqual([]);
      await engine.saveTurn({ session: session('voice:a', T(1800)), turn: turn(1) });
      expect(await other.listFacts({ ...PERIOD, limit: 10 })).toEqual([]);
      // …and the queue fact once the queue writes (its window, a read of facts, an erasure, a backup, a stop).
      await engine.flushFacts();
      expect((await other.listFacts({ ...PERIOD, limit: 10 })).map((f) => f.events)).toEqual([[{ type: 'queued', queue: 'support-fr' }]]);
    } finally {
      await engine.close();
      await other.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts the bot contact transferred when an agent first takes it, once: not after a transfer, nor after a release and a new handoff', async () => {
    const store = new SqliteStore(':memory:');
    const facts = new HandoffFacts(
      store,
      hasherOf(),
      () => T(0),
      () => undefined,
    );
    await store.saveTurn({ session: { ...session('webchat:b:v', T(7200)), createdAt: T(-60) }, turn: turn(1) });
    const take = async (id: string, agent: string, seconds: number) => {
      const taken = await store.updateHandoffContact(id, ['waiting'], { status: 'assigned', agent, assignedAt: T(seconds), updatedAt: T(seconds) });
      await facts.contactChanged(taken!, { patch: { status: 'assigned', agent, assignedAt: T(seconds) } });
    };
    await store.putHandoffContact(handoffContact('first', 1, T(0), { sessionKey: 'webchat:b:v', channel: 'webchat' }));
    await take('first', 'awa', 12);
    // Transferred to another queue (the agent dropped), taken again by kofi.
    await store.updateHandoffContact('first', ['assigned'], { status: 'waiting', queue: 'support-en', agent: undefined, assignedAt: undefined, updatedAt: T(20) });
    await take('first', 'kofi', 30);
    // Released to the bot, which hands over again: a new contact in the queues, taken.
    await store.updateHandoffContact('first', ['assigned'], { status: 'closed', outcome: 'released', closedAt: T(40), updatedAt: T(40) });
    await store.putHandoffContact(handoffContact('second', 1, T(50), { sessionKey: 'webchat:b:v', channel: 'webchat' }));
    await take('second', 'awa', 60);

    await new Promise((resolve) => setTimeout(resolve, 20));
    const ends = (await store.listFacts({ from: T(-3600), to: T(3600), limit: 50 })).flatMap((f) =>
      f.events.filter((e) => e.type === 'end').map((e) => ({ ...e, environment: f.environment, flowId: f.flowId })),
    );
    // Under the session's dimensions and start, with the time until the first take, at the node it waited at.
    expect(ends).toEqual([{ type: 'end', outcome: 'transferred', startedAt: T(-60), seconds: 72, node: 'menu', environment: 'production', flowId: 'hello' }]);
    expect((await store.getHandoffContact('first'))?.handedOverAt).toBe(T(12));
    await store.close();
  });

  it('keeps queue facts the store could not take for the next write, without failing the handoff change', async () => {
    const store = new SqliteStore(':memory:', { factsWindowMs: 600_000 });
    const troubles: string[] = [];
    store.onFactsTrouble((trouble) => void (trouble.failed !== undefined && troubles.push(trouble.failed)));
    const recordFacts = store.recordFacts.bind(store);
    store.recordFacts = () => Promise.reject(new Error('disk I/O error'));
    const facts = new HandoffFacts(
      store,
      hasherOf(),
      () => T(0),
      () => ({ id: () => 'c', traffic: 'live' }),
    );
    await expect(facts.contactChanged(handoffContact('a', 1, T(0)), { queued: true })).resolves.toBeUndefined();
    await expect(facts.callbackChanged(callback('cb', T(0)), 'requested')).resolves.toBeUndefined();
    await store.flushFacts();
    expect(troubles).toEqual(['disk I/O error']);
    // The store takes them again: both written, in order.
    store.recordFacts = recordFacts;
    await store.flushFacts();
    expect((await store.listFacts({ ...PERIOD, limit: 10 })).map((f) => f.events[0]?.type)).toEqual(['queued', 'callback']);
    await store.close();
  });

  it('rounds a service-level threshold down to a wait bucket bound', () => {
    expect([0, 4, 20, 29, 61, 5000].map(serviceLevelBound)).toEqual([0, 0, 20, 20, 60, 1800]);
  });
});
