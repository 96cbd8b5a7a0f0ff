import { describe, expect, it } from 'vitest';
import { servedBy, unservedQueries } from './indexCoverage.ts';

/** The rule the adapter's indexes are checked with (`mongo.memory.contract.test.ts`), on the cases issue 18 names. */
describe('servedBy: what an explain() would show as an index scan without a blocking sort', () => {
  const newestFirst = { startedAt: -1, _id: -1 } as const;

  it('refuses the transcript indexes that left the `_id` tie-break to an in-memory sort of every transcript of the key', () => {
    expect(servedBy({ key: { sessionKey: 1, startedAt: -1 } }, { sessionKey: 'voice:CA1' }, newestFirst)).toBe(false);
    expect(servedBy({ key: { sessionKey: 1, startedAt: -1, _id: -1 } }, { sessionKey: 'voice:CA1' }, newestFirst)).toBe(true);
  });

  it('refuses an index that gives the order but reads all of it to find a key (a whole-index scan)', () => {
    expect(servedBy({ key: { startedAt: -1, _id: -1 } }, { sessionKey: 'voice:CA1' }, newestFirst)).toBe(false);
    expect(servedBy({ key: { startedAt: -1, _id: -1 } }, {}, newestFirst)).toBe(true);
  });

  it('takes a sort read backwards, and equality fields beyond the index left to the fetch', () => {
    expect(servedBy({ key: { at: -1, _id: -1 } }, {}, { at: 1, _id: 1 })).toBe(true);
    expect(servedBy({ key: { callerNumber: 1, startedAt: -1, _id: -1 } }, { callerNumber: '+229', flowId: 'f' }, newestFirst)).toBe(true);
    expect(servedBy({ key: { at: -1, _id: -1 } }, {}, { at: 1, _id: -1 })).toBe(false);
  });

  it('orders handoff messages by time only with an index on it (ObjectId order is by process, not time)', () => {
    expect(servedBy({ key: { contactId: 1 } }, { contactId: 'c1' }, { contactId: 1, at: 1, _id: 1 })).toBe(false);
    expect(servedBy({ key: { contactId: 1, at: 1, _id: 1 } }, { contactId: 'c1' }, { contactId: 1, at: 1, _id: 1 })).toBe(true);
  });

  it('uses a partial index only for queries that include its filter', () => {
    const waiting = { key: { receivedAt: 1, id: 1 }, partialFilterExpression: { state: 'received', payload: { $exists: true } } };
    expect(servedBy(waiting, { state: 'received', payload: { $exists: true } }, { receivedAt: 1, id: 1 })).toBe(true);
    expect(servedBy(waiting, { state: 'processed' }, { receivedAt: 1, id: 1 })).toBe(false);
    // The filter's own operator beside others on the same field: `{ $type, $in }` includes `{ $type }`.
    const named = { key: { caller: 1 }, partialFilterExpression: { caller: { $type: 'string' } } };
    expect(servedBy(named, { caller: { $type: 'string', $in: ['a'] } }, undefined)).toBe(true);
    expect(servedBy(named, { caller: { $in: ['a'] } }, undefined)).toBe(false);
  });

  it('lists each unserved query once, leaving out queries by _id and whole-collection reads', () => {
    const calls = [
      { collection: 'audit', method: 'find', filter: { target: 'flow:a' }, sort: { at: -1, _id: -1 } as const, session: false },
      { collection: 'audit', method: 'find', filter: { target: 'flow:a' }, sort: { at: -1, _id: -1 } as const, session: false },
      { collection: 'audit', method: 'deleteMany', filter: { _id: { $in: [1] } }, session: false },
      { collection: 'audit', method: 'find', filter: {}, session: false },
    ];
    expect(unservedQueries(calls, { audit: [{ key: { target: 1, at: -1 } }] })).toEqual(['audit.find {"target":"flow:a"} sort {"at":-1,"_id":-1}']);
  });
});
