import { MongoBulkWriteError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import type { NewInbound } from '../messagingTypes.ts';
import { createMongoMessaging } from './messagingDocuments.ts';
import type { MongoCollections } from './mongoCollections.ts';

/**
 * The MongoDB inbox without a server (none can run here; the store contract suite runs these
 * behaviours against a real one when MONGODB_URI is set): the operations it sends the driver,
 * and how it reads the driver's answers, refusals included.
 */
function collections(answers: { bulkWrite?: () => unknown; replaceOne?: () => unknown }) {
  const calls: { method: string; args: unknown[] }[] = [];
  const record =
    (method: string, answer: () => unknown) =>
    async (...args: unknown[]) => {
      calls.push({ method, args });
      return answer();
    };
  const inbound = {
    bulkWrite: record('bulkWrite', answers.bulkWrite ?? (() => ({ upsertedIds: {} }))),
    replaceOne: record('replaceOne', answers.replaceOne ?? (() => ({ modifiedCount: 0 }))),
    findOneAndUpdate: record('findOneAndUpdate', () => null),
  };
  return { calls, c: { messagingInbound: inbound } as unknown as MongoCollections };
}

const message = (id: string): NewInbound => ({
  id: `whatsapp:${id}`,
  channel: 'whatsapp',
  conversationKey: 'whatsapp:1:229',
  payload: { text: id },
  receivedAt: '2026-01-01T10:00:00.000Z',
  lease: { owner: 'p1', until: '2026-01-01T10:00:15.000Z' },
});
const duplicateKey = (indexes: number[], upsertedIds: Record<number, unknown>) =>
  new MongoBulkWriteError({ message: 'E11000 duplicate key error', code: 11000, writeErrors: indexes.map((index) => ({ index, code: 11000, errmsg: 'E11000' })) } as never, { upsertedIds } as never);

describe('MongoDB inbox: recordInbound', () => {
  it('sends one unordered, majority-acknowledged and journaled bulk of upserts that never overwrite, one per id', async () => {
    const { c, calls } = collections({ bulkWrite: () => ({ upsertedIds: { 0: 'oid-a', 2: 'oid-c' } }) });
    const fresh = await createMongoMessaging(c).recordInbound([message('A'), message('B'), message('C'), message('A')]);
    expect(fresh).toEqual([true, false, true, false]);
    expect(calls).toHaveLength(1);
    const [operations, options] = calls[0]!.args as [any[], any];
    expect(options).toEqual({ ordered: false, writeConcern: { w: 'majority', journal: true } });
    expect(operations).toHaveLength(3);
    expect(operations[0].updateOne).toMatchObject({
      filter: { id: 'whatsapp:A', $or: [{ expiresAt: { $exists: false } }, { expiresAt: { $gt: expect.any(String) } }] },
      update: { $setOnInsert: { id: 'whatsapp:A', state: 'received', attempts: 0, payload: { text: 'A' }, lease: { owner: 'p1' } } },
      upsert: true,
    });
    // Waiting messages get no TTL date: they never expire.
    expect(operations[0].updateOne.update.$setOnInsert).not.toHaveProperty('expiresAtDate');
  });

  it('reads a unique-index refusal as a re-delivery, or as an expired record whose place it takes', async () => {
    const { c, calls } = collections({
      bulkWrite: () => {
        throw duplicateKey([1, 2], { 0: 'oid-a' });
      },
      replaceOne: () => ({ modifiedCount: calls.filter((x) => x.method === 'replaceOne').length === 1 ? 1 : 0 }),
    });
    const fresh = await createMongoMessaging(c).recordInbound([message('A'), message('EXPIRED'), message('RACED')]);
    expect(fresh).toEqual([true, true, false]);
    const replaced = calls.filter((x) => x.method === 'replaceOne').map((x) => x.args);
    expect(replaced.map(([filter]) => filter)).toEqual([
      { id: 'whatsapp:EXPIRED', expiresAt: { $lte: expect.any(String) } },
      { id: 'whatsapp:RACED', expiresAt: { $lte: expect.any(String) } },
    ]);
    expect(replaced[0]![2]).toEqual({ writeConcern: { w: 'majority', journal: true } });
  });

  it('lets any other failure through: the webhook answers 503 and Meta re-delivers', async () => {
    const { c } = collections({
      bulkWrite: () => {
        throw new MongoBulkWriteError({ message: 'not primary', code: 10107, writeErrors: [{ index: 0, code: 10107 }] } as never, { upsertedIds: {} } as never);
      },
    });
    await expect(createMongoMessaging(c).recordInbound([message('A')])).rejects.toThrow('not primary');
  });

  it('takes a message only while received and unheld (or held by the taker), counting the attempt', async () => {
    const { c, calls } = collections({});
    await createMongoMessaging(c).takeInbound('whatsapp:A', { owner: 'p2', until: '2026-01-01T10:01:00.000Z' }, '2026-01-01T10:00:30.000Z');
    const [filter, update, options] = calls[0]!.args as [any, any, any];
    expect(filter).toEqual({
      id: 'whatsapp:A',
      state: 'received',
      $or: [{ lease: { $exists: false } }, { 'lease.until': { $lte: '2026-01-01T10:00:30.000Z' } }, { 'lease.owner': 'p2' }],
    });
    expect(update).toEqual({ $inc: { attempts: 1 }, $set: { lease: { owner: 'p2', until: '2026-01-01T10:01:00.000Z' }, updatedAt: '2026-01-01T10:00:30.000Z' } });
    expect(options).toMatchObject({ returnDocument: 'after', projection: { _id: 0, expiresAtDate: 0 } });
  });
});
