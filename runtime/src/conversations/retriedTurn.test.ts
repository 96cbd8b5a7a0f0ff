import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Effect } from '@griot/flows';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { ConversationService } from './ConversationService.ts';
import { createHash, randomBytes } from 'node:crypto';
import { parseDataKeys } from '../sensitive/dataKeys.ts';
import { SessionVault } from '../sensitive/SessionVault.ts';
import type { TurnOutput, TurnResult } from './types.ts';
import { captureLogs, counterFlow, publishFlow, startOperatorBackend, type OperatorBackend, uncountedStoreFailures } from './testSupport.ts';

/**
 * jambonz's retry of a call's hook whose answer never left (`SessionRecord.answer`, `resend`):
 * two engines on one store, as two instances; the one that took the turn alive (its sign of life
 * renewed, `keepAlive`) or gone (none). Real clock: a sign of life lapses in real time.
 */
const NUMBER = '+2290197000001';
const says = (effects: Effect[] | undefined) => (effects ?? []).flatMap((e) => (e.type === 'say' && e.text ? [e.text] : []));
const ok = (result: TurnResult): TurnOutput => {
  if (result.status === 'missing') throw new Error('no turn');
  return result;
};

let backend: OperatorBackend;
let dir: string;
let store: SqliteStore;
let logs: ReturnType<typeof captureLogs>;
const stops: Array<() => void> = [];

function instance(name: string, vault?: SessionVault, clock: () => Date = () => new Date()): ConversationService {
  return new ConversationService({
    ...(vault ? { vault } : {}),
    metrics: uncountedStoreFailures,
    store,
    logger: logs.logger.child({ instance: name }),
    clock,
    sessionTtlMinutes: 30,
    defaultRegion: 'BJ',
    webhookTargetFor: () => backend.target,
    instanceId: name,
  });
}

beforeAll(async () => {
  backend = await startOperatorBackend();
});
afterAll(async () => {
  await backend.close();
});
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'griot-retried-turn-'));
  store = new SqliteStore(join(dir, 'griot.db'));
  logs = captureLogs();
  backend.hits.length = 0;
  await publishFlow(store, counterFlow());
});
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A line whose first turn asks the operator's system (count, look-up, « Message n°1. »), then waits for text. */
function lookupFirstFlow() {
  const flow = counterFlow({ id: 'lookup-first' });
  return { ...flow, edges: flow.edges.map((e) => (e.id === 'e1' ? { ...e, target: 'count' } : e)) };
}

const startOf = (key: string) => ({
  key,
  channel: 'voice' as const,
  flow: { flowId: 'lookup-first', source: 'production' as const },
  callerNumber: NUMBER,
  preview: false,
  newKey: true,
  onlyNew: true as const,
});

/** Every write of instance `name`'s sign of life in the store from now on (`SignOfLife`). */
function signOfLifeWrites(name: string): string[] {
  const writes: string[] = [];
  const acquire = store.leases.acquireLease.bind(store.leases);
  store.leases.acquireLease = (lease, ...rest) => {
    if (lease === `instance:${name}`) writes.push(lease);
    return acquire(lease, ...rest);
  };
  return writes;
}

/** A call hook taken by `a`: its first turn (its look-up asked once), and the request jambonz would send again. */
async function callTakenBy(a: ConversationService, key: string) {
  const request = startOf(key);
  const taken = ok(await a.start(request));
  expect(says(taken.effects)).toContain('Message n°1.');
  expect(backend.hits).toHaveLength(1);
  return { request, taken };
}

/** A call on `a` at its first question, then `a` takes the answer « un » (its look-up asked once): the event and the turn it answered. */
async function turnTakenBy(a: ConversationService, key: string) {
  const started = ok(await a.start({ key, channel: 'voice', flow: { flowId: 'counter', source: 'production' }, callerNumber: NUMBER, preview: false, newKey: true, onlyNew: true }));
  const turn = started.session.turns;
  const event = { type: 'text' as const, text: 'un' };
  const taken = ok(await a.handle(key, event, { turn }));
  expect(says(taken.effects)).toContain('Message n°1.');
  expect(backend.hits).toHaveLength(1);
  return { event, turn, taken };
}

describe('a call hook retried after the instance that took its turn', () => {
  beforeEach(async () => {
    await publishFlow(store, lookupFirstFlow());
  });

  it('died: the other answers it as the first was, once, nothing run again (no second look-up)', async () => {
    const [a, b] = [instance('a'), instance('b')];
    const key = 'voice:CA-gone';
    const { request, taken } = await callTakenBy(a, key);
    // A flow with no sensitive variable: its answer kept as it is (no cipher on every turn).
    const kept = (await store.getSession(key, new Date().toISOString()))?.answer;
    expect(kept).toMatchObject({ by: 'a', turn: 0, sealed: { clear: { value: { effects: expect.any(Array) } } } });
    // What the voice channel renders again, not the look-up it made (its URL names the caller, its headers the operator's token).
    expect(JSON.stringify(kept)).not.toContain('/subscribers/');
    expect(JSON.stringify(kept)).not.toContain('Authorization');
    // a never kept a sign of life: as if it died at once.
    const retried = await b.start(request);
    expect(retried.status).toBe('ok');
    expect(says((retried as TurnOutput).effects)).toEqual(says(taken.effects));
    expect((retried as TurnOutput).resent).toBe(true);
    expect((retried as TurnOutput).session.turns).toBe(taken.session.turns);
    expect(backend.hits).toHaveLength(1);
    expect(logs.lines.some((line) => line.includes('"conversation.answerResent"'))).toBe(true);
    // Once: the same hook again is a replay.
    expect(await b.start(request)).toEqual({ status: 'missing', replayed: true });
    // And the call goes on from where a left it.
    const next = ok(await b.handle(key, { type: 'text', text: 'deux' }, { turn: taken.session.turns }));
    expect(says(next.effects)).toContain('Message n°2.');
  }, 20_000);

  it('is alive (its sign of life renewed): a replay, refused, within about a second', async () => {
    const [a, b] = [instance('a'), instance('b')];
    stops.push(a.keepAlive());
    const { request } = await callTakenBy(a, 'voice:CA-alive');
    const began = performance.now();
    expect(await b.start(request)).toEqual({ status: 'missing', replayed: true });
    expect(performance.now() - began).toBeLessThan(2500);
    expect(backend.hits).toHaveLength(1);
  }, 20_000);

  it('is this one: a replay, refused', async () => {
    const a = instance('a');
    const { request } = await callTakenBy(a, 'voice:CA-same');
    expect(await a.start(request)).toEqual({ status: 'missing', replayed: true });
    expect(backend.hits).toHaveLength(1);
  }, 20_000);

  it('a later turn (an action hook, which jambonz never retries) keeps no answer: its copy on another instance is refused, the first dead or not, and nothing runs again', async () => {
    const [a, b] = [instance('a'), instance('b')];
    const key = 'voice:CA-gather';
    const { event, turn, taken } = await turnTakenBy(a, key);
    // The call hook's answer went with this turn's save: ~650 bytes a turn no retry reads.
    expect((await store.getSession(key, new Date().toISOString()))?.answer).toBeUndefined();
    // a never kept a sign of life (as if it died at once): a copy of that hook is still a replay.
    expect(await b.handle(key, event, { turn })).toEqual({ status: 'missing', replayed: true });
    expect(backend.hits).toHaveLength(1);
    expect(logs.lines.some((line) => line.includes('"conversation.answerResent"'))).toBe(false);
    // Nor is the call hook answered again past its turn.
    expect(await b.start(startOf(key))).toEqual({ status: 'missing', replayed: true });
    const next = ok(await b.handle(key, { type: 'text', text: 'deux' }, { turn: taken.session.turns }));
    expect(says(next.effects)).toContain('Message n°2.');
  }, 20_000);

  it('a first turn that ends the call saying a secret: its goodbye not kept (no sensitive value at rest once the contact ended); its retry, the first instance dead, refused, nothing run again', async () => {
    const flow = counterFlow({ id: 'closed-first' });
    await publishFlow(store, {
      ...flow,
      variables: [...flow.variables, { name: 'code', type: 'number' as const, sensitive: true, persist: false }],
      nodes: [
        ...flow.nodes.map((n) =>
          n.id === 'count'
            ? {
                ...n,
                assignments: [
                  { variable: 'count', expression: 'count + 1' },
                  { variable: 'code', expression: 'count + 482193' },
                ],
              }
            : n,
        ),
        { id: 'code', type: 'message', prompt: { fr: { text: 'Votre code est {{code}}.' } } },
      ] as typeof flow.nodes,
      edges: flow.edges.map((e) => (e.id === 'e1' ? { ...e, target: 'count' } : e.id === 'e10' ? { ...e, target: 'code' } : e)).concat({ id: 'e11', source: 'code', output: 'next', target: 'bye' }),
    });
    const parsed = parseDataKeys(`k1:${randomBytes(32).toString('base64')}`, undefined);
    if (!parsed.ok || !parsed.keyring) throw new Error('bad test key');
    const [a, b] = [instance('a', new SessionVault(parsed.keyring, logs.logger)), instance('b', new SessionVault(parsed.keyring, logs.logger))];
    const dies = a.keepAlive();
    stops.push(dies);
    const key = 'voice:CA-closed-first';
    const request = { ...startOf(key), flow: { flowId: 'closed-first', source: 'production' as const } };
    const taken = ok(await a.start(request));
    expect(says(taken.effects)).toEqual(['Message n°1.', 'Votre code est 482194.', 'Au revoir.']);
    expect(taken.session.status).toBe('ended');
    expect(backend.hits).toHaveLength(1);
    // Nothing of the code stays with the ended session, sealed or not: no answer, no sensitive part.
    const row = await store.getSession(key, new Date().toISOString());
    expect(row?.session.status).toBe('ended');
    expect(row?.answer).toBeUndefined();
    expect(row?.sensitive).toBeUndefined();
    // Nothing for another instance to judge: no sign of life written for it.
    expect(await store.leases.getLease('instance:a')).toBeNull();
    dies();
    // jambonz's retry (or a captured copy) of that call hook on b: refused as a replay, the code not said, nothing run again.
    expect(await b.start(request)).toEqual({ status: 'missing', replayed: true });
    expect(backend.hits).toHaveLength(1);
    expect(logs.lines.some((line) => line.includes('"conversation.answerResent"'))).toBe(false);
    expect((await store.getTranscript(key))?.turns).toHaveLength(1);
    expect((await store.getTranscript(key))?.endReason).toBe('served');
  }, 20_000);

  it('a first turn that ends the call saying no secret (a closed line): its goodbye kept (sealed: it rendered a value), no sign of life renewed for it, its retry on another instance answered at once and once; the final status lets it go', async () => {
    const flow = counterFlow({ id: 'closed-status' });
    await publishFlow(store, { ...flow, edges: flow.edges.map((e) => (e.id === 'e1' ? { ...e, target: 'count' } : e.id === 'e10' ? { ...e, target: 'bye' } : e)) });
    const parsed = parseDataKeys(`k1:${randomBytes(32).toString('base64')}`, undefined);
    if (!parsed.ok || !parsed.keyring) throw new Error('bad test key');
    const keyring = parsed.keyring;
    const [a, b] = [instance('a', new SessionVault(keyring, logs.logger)), instance('b', new SessionVault(keyring, logs.logger))];
    const renewals = signOfLifeWrites('a');
    stops.push(a.keepAlive());
    const key = 'voice:CA-closed-status';
    const request = { ...startOf(key), flow: { flowId: 'closed-status', source: 'production' as const } };
    const taken = ok(await a.start(request));
    expect(says(taken.effects)).toEqual(['Message n°1.', 'Au revoir.']);
    expect(taken.session.status).toBe('ended');
    // « Message n°{{count}}. »: what a placeholder rendered is sealed, not kept in clear with the ended session.
    expect((await store.getSession(key, new Date().toISOString()))?.answer).toMatchObject({ by: 'a', turn: 0, ends: true, sealed: { alg: 'A256GCM' } });
    // An idle instance after a closed line's call writes nothing (before: a lease a second until its final status, up to 10 min).
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(renewals).toEqual([]);
    // a alive, renewing its sign of life for another call at its first turn: the goodbye says no secret and runs
    // nothing, so jambonz's retry on b (a's answer lost on the way) gets it, at once, rather than a 409 and SIP 480.
    ok(await a.start({ key: 'voice:CA-busy', channel: 'voice', flow: { flowId: 'counter', source: 'production' }, callerNumber: NUMBER, preview: false, newKey: true, onlyNew: true }));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(renewals.length).toBeGreaterThanOrEqual(2);
    const began = performance.now();
    const retried = await b.start(request);
    expect(performance.now() - began).toBeLessThan(1000);
    expect(retried.status).toBe('ended');
    expect((retried as TurnOutput).resent).toBe(true);
    expect(says((retried as TurnOutput).effects)).toEqual(says(taken.effects));
    expect(backend.hits).toHaveLength(1);
    expect(await b.start(request)).toEqual({ status: 'missing', replayed: true });
    await b.end(key, 'hangup');
    // The call's final status: no retry can come after it, the goodbye is no longer kept.
    expect(await store.getSession(key, new Date().toISOString())).not.toHaveProperty('answer');
    // A copy 11 minutes later, once the sessions job deleted lapsed claims, the session still live (30 min): refused,
    // not answered a second time (before: the claim lasted 10 min while the goodbye stays until the purge).
    const later = new Date(Date.now() + 11 * 60_000);
    await store.leases.purgeLeases('answered:', later.toISOString());
    const c = instance('c', new SessionVault(keyring, logs.logger), () => later);
    expect(await c.start(request)).toEqual({ status: 'missing', replayed: true });
    expect((await store.getTranscript(key))?.turns).toHaveLength(1);
    expect(await store.purgeExpiredSessions(new Date(Date.now() + 31 * 60_000).toISOString())).toBeGreaterThanOrEqual(1);
    expect(await store.getSession(key, new Date().toISOString())).toBeNull();
  }, 20_000);

  it('keeps no answer for other channels', async () => {
    const [a, b] = [instance('a'), instance('b')];
    const key = 'webchat:CA-chat';
    const started = ok(await a.start({ key, channel: 'webchat', flow: { flowId: 'counter', source: 'production' }, callerNumber: NUMBER, preview: false }));
    const event = { type: 'text' as const, text: 'un' };
    await a.handle(key, event, { turn: started.session.turns });
    expect((await store.getSession(key, new Date().toISOString()))?.answer).toBeUndefined();
    expect(await b.handle(key, event, { turn: started.session.turns })).toEqual({ status: 'missing', replayed: true });
  }, 20_000);

  it('while none of its calls is in progress, has no sign of life to keep: an idle instance writes nothing', async () => {
    const a = instance('a');
    const renewals = signOfLifeWrites('a');
    stops.push(a.keepAlive());
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(renewals).toHaveLength(0);
    expect(await store.leases.getLease('instance:a')).toBeNull();
    // A call taken here: renewed every second while its call hook may be retried elsewhere.
    const { taken } = await callTakenBy(a, 'voice:CA-idle');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(renewals.length).toBeGreaterThanOrEqual(2);
    expect((await store.leases.getLease('instance:a'))?.until).toBeDefined();
    // Its hang-up: nothing of it left to judge, the renewals stop (the lease lapses on its own).
    await a.end('voice:CA-idle', 'hangup');
    expect(taken.session.turns).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const after = renewals.length;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(renewals.length).toBe(after);
    // A call past its first turn (an action hook taken here, never retried by jambonz): nothing to judge either.
    backend.hits.length = 0;
    await turnTakenBy(a, 'voice:CA-idle-2');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const past = renewals.length;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(renewals.length).toBe(past);
  }, 20_000);

  it('with data keys: what the caller typed is not found from the kept fingerprint by hashing guesses, and the retry is still answered', async () => {
    const parsed = parseDataKeys(`k1:${randomBytes(32).toString('base64')}`, undefined);
    if (!parsed.ok || !parsed.keyring) throw new Error('bad test key');
    const [a, b] = [instance('a', new SessionVault(parsed.keyring, logs.logger)), instance('b', new SessionVault(parsed.keyring, logs.logger))];
    const key = 'voice:CA-keyed';
    const { request, taken } = await callTakenBy(a, key);
    const kept = (await store.getSession(key, new Date().toISOString()))?.answer;
    const guessed = createHash('sha256')
      .update(JSON.stringify({ type: 'start' }))
      .digest('base64url')
      .slice(0, 22);
    expect(kept?.event).toBeDefined();
    expect(kept?.event).not.toBe(guessed);
    const retried = ok(await b.start(request));
    expect(retried.resent).toBe(true);
    expect(says(retried.effects)).toEqual(says(taken.effects));
  }, 20_000);

  it('died, and its retry reaches two instances at once: one answers it, the other refuses', async () => {
    const [a, b, c] = [instance('a'), instance('b'), instance('c')];
    const { request } = await callTakenBy(a, 'voice:CA-race');
    const both = await Promise.all([b.start(request), c.start(request)]);
    expect(both.filter((r) => r.status === 'ok' && r.resent)).toHaveLength(1);
    expect(both.filter((r) => r.status === 'missing' && r.replayed)).toHaveLength(1);
    expect(backend.hits).toHaveLength(1);
  }, 20_000);
});
