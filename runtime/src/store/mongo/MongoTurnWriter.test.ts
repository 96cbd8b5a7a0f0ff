import { describe, expect, it } from 'vitest';
import type { ContactSummary, TurnWrite } from '../types.ts';
import { at, session, transcript, turn } from '../contract/fixtures.ts';
import { memoryMongoStore } from './testing/memoryMongoStore.ts';
import { factBatch } from '../contract/analyticsContract.ts';
import { PositionalBatch } from '../factRuns.ts';

/**
 * A turn's three writes on MongoDB (issue 18, point 4), on the in-memory driver: one
 * transaction on a replica set; on a standalone server the session first, then the transcript
 * line and the caller's change, each applied once by the turn's id.
 */
const KEY = 'voice:CA1';
const NUMBER = '+2290197000001';
const contact: ContactSummary = { at: at(2), channel: 'voice', reason: 'served', outcome: 'completed' };
const { turns: _none, ...header } = transcript(KEY, NUMBER, at(0));
const first: TurnWrite = { session: { ...session(KEY, at(30), 1), revision: 0 }, turn: turn(1), newTranscript: header };
const second: TurnWrite = { session: { ...session(KEY, at(31), 2), revision: 1 }, turn: turn(2), end: { at: at(2), reason: 'hangup' }, caller: { key: NUMBER, changes: { contact }, at: at(2) } };

describe('a turn on a replica set', () => {
  it('writes the session, the transcript line and the caller change in one transaction: all or nothing', async () => {
    const { store, memory } = await memoryMongoStore({ transactions: true });
    await store.saveTurn(first);
    memory.failNext('callers', 'updateOne');
    await expect(store.saveTurn(second)).rejects.toThrow('injected failure');
    // Nothing of the failed turn is there: the session is as the first turn left it.
    expect(await store.getSession(KEY, at(1))).toMatchObject({ revision: 1, expiresAt: at(30) });
    expect((await store.getTranscript(KEY))?.turns).toEqual([turn(1)]);
    expect(await store.getCaller(NUMBER)).toBeNull();
    // Every write of the turn went through the transaction's session.
    const turnCalls = memory.calls.filter((c) => ['sessions', 'transcripts', 'callers'].includes(c.collection) && c.method !== 'findOne' && c.method !== 'createIndexes');
    expect(turnCalls.every((c) => c.session)).toBe(true);
    expect(await store.saveTurn(second)).toEqual({ ok: true, revision: 2 });
    expect((await store.getCaller(NUMBER))?.contacts).toEqual([contact]);
  });
});

describe('a turn on a standalone server', () => {
  it('sends a part again when its answer was lost, and applies it once', async () => {
    const { store, memory } = await memoryMongoStore();
    await store.saveTurn(first);
    // Both parts land, and both answers are lost: each is sent again with the same turn id.
    memory.failNext('transcripts', 'findOneAndUpdate', { after: true });
    memory.failNext('callers', 'updateOne', { after: true });
    expect(await store.saveTurn(second)).toEqual({ ok: true, revision: 2 });
    expect(memory.calls.filter((c) => c.collection === 'callers' && c.method === 'updateOne')).toHaveLength(2);
    expect((await store.getTranscript(KEY))?.turns).toEqual([turn(1), turn(2)]);
    expect((await store.getCaller(NUMBER))?.contacts).toEqual([contact]);
  });

  it('counts a turn’s analytics facts once when their answer was lost and they are sent again', async () => {
    const { store, memory } = await memoryMongoStore();
    await store.saveTurn(first);
    const facts = factBatch(at(2), [{ type: 'visit', node: 'menu' }]);
    memory.failNext('analyticsFacts', 'insertOne', { after: true });
    expect(await store.saveTurn({ ...second, facts })).toEqual({ ok: true, revision: 2 });
    expect(memory.calls.filter((c) => c.collection === 'analyticsFacts' && c.method === 'insertOne')).toHaveLength(2);
    const visits = await store.sumCounters({ from: `${at(0).slice(0, 13)}:00:00.000Z`, to: '2100-01-01T00:00:00.000Z', metrics: ['visit'], groupBy: ['key'], flowId: '1919' });
    expect(visits.map(({ key, count }) => ({ key, count }))).toEqual([{ key: 'menu', count: 1 }]);
  });

  it('counts a turn’s facts once when the counters’ answer was lost and the part is sent again', async () => {
    const { store, memory } = await memoryMongoStore();
    await store.saveTurn(first);
    const facts = factBatch(at(2), [{ type: 'visit', node: 'menu' }]);
    memory.failNext('analyticsCounters', 'bulkWrite', { after: true });
    expect(await store.saveTurn({ ...second, facts })).toEqual({ ok: true, revision: 2 });
    const visits = await store.sumCounters({ from: `${at(0).slice(0, 13)}:00:00.000Z`, to: '2100-01-01T00:00:00.000Z', metrics: ['visit'], groupBy: ['key'], flowId: '1919' });
    expect(visits.map(({ key, count }) => ({ key, count }))).toEqual([{ key: 'menu', count: 1 }]);
    expect(await store.listFacts({ from: at(0), to: '2100-01-01T00:00:00.000Z', limit: 10 })).toEqual([facts]);
  });

  it('writes the session first: a turn that lost the race writes nothing else', async () => {
    const { store, memory } = await memoryMongoStore();
    await store.saveTurn(first);
    await store.saveTurn(second);
    const before = memory.calls.length;
    expect(await store.saveTurn({ ...second, turn: turn(3) })).toEqual({ ok: false, reason: 'conflict' });
    expect(memory.calls.slice(before).map((c) => `${c.collection}.${c.method}`)).toEqual(['sessions.replaceOne']);
    expect((await store.getCaller(NUMBER))?.contacts).toEqual([contact]);
  });

  it('keeps the turn ids out of what it returns and out of backups', async () => {
    const { store } = await memoryMongoStore();
    await store.saveTurn(first);
    await store.saveTurn(second);
    expect(JSON.stringify(await store.getTranscript(KEY))).not.toContain('turnIds');
    expect(JSON.stringify(await store.getCaller(NUMBER))).not.toContain('turnIds');
    expect(JSON.stringify(await store.dump())).not.toContain('turnIds');
  });
});

describe('a turn’s facts as the engine builds them', () => {
  it('are stored as a plain batch with its events, and counted', async () => {
    const { store } = await memoryMongoStore();
    await store.saveTurn(first);
    const plain = factBatch(at(2), [
      { type: 'visit', node: 'menu' },
      { type: 'exit', node: 'menu', output: '1' },
    ]);
    const { flowId, version, environment, channel, locale, traffic, contact, caller } = plain;
    const row = [2, version, environment, channel, locale, traffic, contact, caller, 'visit', 1, 'menu', 'exit', 1, 'menu', '1'];
    const facts = new PositionalBatch(flowId, version, environment, channel, locale, traffic, at(2), contact, caller, row);
    expect(await store.saveTurn({ ...second, facts })).toEqual({ ok: true, revision: 2 });
    expect(await store.listFacts({ from: at(0), to: '2100-01-01T00:00:00.000Z', limit: 10 })).toStrictEqual([plain]);
    const exits = await store.sumCounters({ from: `${at(0).slice(0, 13)}:00:00.000Z`, to: '2100-01-01T00:00:00.000Z', metrics: ['exit'], groupBy: ['key', 'detail'], flowId: '1919' });
    expect(exits.map(({ key, detail, count }) => ({ key, detail, count }))).toEqual([{ key: 'menu', detail: '1', count: 1 }]);
  });
});
