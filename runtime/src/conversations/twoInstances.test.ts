import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Flow, type Effect } from '@griot/flows';
import type { Store } from '../store/types.ts';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { ConversationService } from './ConversationService.ts';
import { SessionVault } from '../sensitive/SessionVault.ts';
import { parseDataKeys, type DataKeyring } from '../sensitive/dataKeys.ts';
import type { TurnOutput, TurnResult } from './types.ts';
import { captureLogs, counterFlow, movableClock, publishFlow, selfCareFlow, startOperatorBackend, TEST_PUK, type OperatorBackend, uncountedStoreFailures } from './testSupport.ts';

/**
 * Two engines, as two instances behind a load balancer, sharing nothing but the store: their
 * own event queues, pending look-ups and identities. (One connection serves both: two
 * connections to one SQLite file in one thread would wait on each other's group commit. The
 * store's checks across connections are in the store contract, and the same cases run with two
 * real processes on one database file in test/twoInstances.test.ts.) Issue 18, points 2 and 3.
 */
const NUMBER = '+2290197000001';
const says = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'say' && e.text ? [e.text] : []));
const ok = (result: TurnResult | null): TurnOutput => {
  if (!result || result.status === 'missing') throw new Error('no turn');
  return result;
};

let backend: OperatorBackend;
let dir: string;
let store: Store;
let clock: ReturnType<typeof movableClock>;
let logs: ReturnType<typeof captureLogs>;

function instance(name: string, options: { leaseMs?: number; keys?: DataKeyring; store?: Store } = {}): ConversationService {
  return new ConversationService({
    metrics: uncountedStoreFailures,
    store: options.store ?? store,
    logger: logs.logger.child({ instance: name }),
    clock: clock.now,
    sessionTtlMinutes: 30,
    defaultRegion: 'BJ',
    webhookTargetFor: () => backend.target,
    instanceId: name,
    ...(options.leaseMs ? { continuationLeaseMs: options.leaseMs } : {}),
    ...(options.keys ? { vault: new SessionVault(options.keys, logs.logger) } : {}),
  });
}

beforeAll(async () => {
  backend = await startOperatorBackend();
});
afterAll(async () => {
  await backend.close();
});
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'griot-two-instances-'));
  store = new SqliteStore(join(dir, 'griot.db'));
  clock = movableClock();
  logs = captureLogs();
  backend.delayMs = 0;
  backend.hits.length = 0;
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('one conversation on two instances sharing the store', () => {
  it('runs two events reaching two instances at the same moment one after the other: no turn lost, none doubled', async () => {
    const [a, b] = [instance('a'), instance('b')];
    await publishFlow(store, counterFlow());
    const key = 'webchat:race';
    await a.start({ key, channel: 'webchat', flow: { flowId: 'counter', source: 'production' }, callerNumber: NUMBER, preview: false });
    // Both read the session as it waits, both call the look-up: one saves first, the other runs again.
    backend.delayMs = 150;
    const [first, second] = await Promise.all([a.handle(key, { type: 'text', text: 'un' }), b.handle(key, { type: 'text', text: 'deux' })]);
    const replies = [...says(ok(first).effects), ...says(ok(second).effects)].filter((t) => t.startsWith('Message')).sort();
    expect(replies).toEqual(['Message n°1.', 'Message n°2.']);
    const stored = await store.getSession(key, clock.now().toISOString());
    expect(stored?.session.vars.count).toBe(2);
    const transcript = await store.getTranscript(key);
    // The start, then each message once.
    expect(transcript?.turns).toHaveLength(3);
    expect(
      transcript?.turns
        .filter((t) => t.prompts.some((p) => p.startsWith('Message')))
        .map((t) => t.prompts.find((p) => p.startsWith('Message')))
        .sort(),
    ).toEqual(['Message n°1.', 'Message n°2.']);
    // The turn that lost ran again (the log says why), its look-up answered from its first attempt:
    // the operator was asked once per message.
    expect(logs.lines.join('')).toContain('conversation.conflict');
    expect(backend.hits).toHaveLength(2);
  });

  it('runs each event of a conversation alternating between instances from the stored session, and sends no look-up for a session the other moved on', async () => {
    const [a, b] = [instance('a'), instance('b')];
    const counter = counterFlow();
    // The look-up names the count it was asked with: one asked from a stale session would be another request.
    const flow = Flow.parse({ ...counter, nodes: counter.nodes.map((n) => (n.type === 'http' ? { ...n, url: `${n.url}?count={{count}}` } : n)) });
    await publishFlow(store, flow);
    const key = 'webchat:alternating';
    await a.start({ key, channel: 'webchat', flow: { flowId: 'counter', source: 'production' }, callerNumber: NUMBER, preview: false });
    const replies: string[] = [];
    // Each instance keeps the session its last turn saved: a's is behind from its second event on.
    for (const [i, engine] of [a, b, a, b, a].entries()) {
      replies.push(...says(ok(await engine.handle(key, { type: 'text', text: `message ${i}` })).effects).filter((t) => t.startsWith('Message')));
    }
    expect(replies).toEqual(['Message n°1.', 'Message n°2.', 'Message n°3.', 'Message n°4.', 'Message n°5.']);
    expect((await store.getSession(key, clock.now().toISOString()))?.session.vars.count).toBe(5);
    // One look-up per message: none from a session another instance had moved on.
    expect(backend.hits).toHaveLength(5);
    expect((await store.getTranscript(key))?.turns).toHaveLength(6);
  });

  it('gives a slow look-up’s continuation to the other instance, which the redirect reached; the look-up runs once', async () => {
    const [a, b] = [instance('a'), instance('b')];
    await publishFlow(store, selfCareFlow());
    const key = 'voice:CA-redirect';
    await a.start({ key, channel: 'voice', flow: { flowId: 'selfcare', source: 'production' }, callerNumber: NUMBER, preview: false });
    await a.handle(key, { type: 'digits', digits: '1' });
    backend.delayMs = 400;
    const early = ok(await a.handle(key, { type: 'digits', digits: '1' }, { webhookBudgetMs: 50 }));
    expect(early.pendingWebhook).toBe(true);
    expect(says(early.effects)).toEqual(['Un instant.']);
    // jambonz's redirect reaches b: a look-up still running elsewhere, then its outcome.
    const waiting = ok(await b.awaitPending(key, 20));
    expect(waiting).toMatchObject({ pendingWebhook: true, effects: [] });
    const rest = ok(await b.awaitPending(key, 3000));
    expect(rest.pendingWebhook).toBeUndefined();
    expect(says(rest.effects).join(' ')).toContain(`Votre code PUK est ${TEST_PUK}.`);
    expect(rest.status).toBe('ended');
    expect(backend.hits).toHaveLength(1);
    // Taken once: a repeated redirect finds nothing pending there.
    expect(await b.awaitPending(key, 10)).toBeNull();
    await a.idle();
  });

  it('performs the look-up again on the other instance when the one running it died, so the caller is not stranded', async () => {
    // a "dies" during its look-up: it never renews its hold (and its answer comes far too late).
    const dying: Store = Object.create(store);
    Object.assign(dying, { continuations: { ...store.continuations, renewContinuation: async () => false } });
    const a = instance('a', { leaseMs: 1000, store: dying });
    const b = instance('b', { leaseMs: 1000 });
    await publishFlow(store, selfCareFlow());
    const key = 'voice:CA-owner-died';
    await a.start({ key, channel: 'voice', flow: { flowId: 'selfcare', source: 'production' }, callerNumber: NUMBER, preview: false });
    await a.handle(key, { type: 'digits', digits: '1' });
    backend.delayMs = 2500;
    expect(ok(await a.handle(key, { type: 'digits', digits: '1' }, { webhookBudgetMs: 50 })).pendingWebhook).toBe(true);
    backend.delayMs = 0;
    // Before the hold ends, b waits; after it, b takes the look-up over.
    expect(ok(await b.awaitPending(key, 20)).pendingWebhook).toBe(true);
    clock.advance(1001);
    const rest = ok(await b.awaitPending(key, 3000));
    expect(says(rest.effects).join(' ')).toContain('Votre code PUK est');
    expect(backend.hits).toHaveLength(2);
    expect(logs.lines.join('')).toContain('conversation.lookupTakenOver');
    // a's late answer finds the session moved on: dropped, nothing written over b's turn.
    await a.idle();
    const stored = await store.getSession(key, clock.now().toISOString());
    expect(stored?.session.status).toBe('ended');
    expect((await store.getTranscript(key))?.turns.filter((t) => t.prompts.some((p) => p.includes('PUK est')))).toHaveLength(1);
    expect(logs.lines.join('')).toContain('conversation.lookupObsolete');
  });

  it('keeps the outcome sealed in the store, and drops it with the contact', async () => {
    const parsed = parseDataKeys(`k1:${randomBytes(32).toString('base64')}`, undefined);
    if (!parsed.ok || !parsed.keyring) throw new Error('no test key');
    const a = instance('a', { keys: parsed.keyring });
    const b = instance('b', { keys: parsed.keyring });
    await publishFlow(store, selfCareFlow());
    const key = 'voice:CA-hangup';
    await a.start({ key, channel: 'voice', flow: { flowId: 'selfcare', source: 'production' }, callerNumber: NUMBER, preview: false });
    await a.handle(key, { type: 'digits', digits: '1' });
    backend.delayMs = 200;
    await a.handle(key, { type: 'digits', digits: '1' }, { webhookBudgetMs: 20 });
    await a.idle();
    const held = await store.continuations.getContinuation(key, clock.now().toISOString());
    expect(held?.outcome).toBeDefined();
    // The caller hangs up before the redirect: the hang-up reaches b, and the prompt with the PUK goes.
    await b.end(key, 'hangup');
    expect(await store.continuations.getContinuation(key, clock.now().toISOString())).toBeNull();
    // Sealed with the data key: neither the PUK nor the request's URL is readable at rest.
    expect(JSON.stringify(held)).not.toContain(TEST_PUK);
    expect(JSON.stringify(held)).not.toContain('/puk');
    expect(held?.outcome).toMatchObject({ alg: 'A256GCM', kid: 'k1' });
  });
});
