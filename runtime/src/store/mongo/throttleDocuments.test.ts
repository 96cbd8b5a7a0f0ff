import { describe, expect, it } from 'vitest';
import { find, updateOne } from 'mingo';
import { liveThrottleCounter, throttleCounterUpdate } from './throttleDocuments.ts';

// No MongoDB server runs here: the update pipeline and the read filter are evaluated by mingo,
// an implementation of MongoDB's query and aggregation language, to check what they decide for
// an absent, live, expired and never-ending counter. findOneAndUpdate's upsert starts from the
// filter's equality fields ({key}), as emulated here.
type Doc = { key: string; points?: number; expiresAt?: number | null; expiresAtDate?: Date | null };

function findOneAndUpsert(collection: Doc[], key: string, update: ReturnType<typeof throttleCounterUpdate>) {
  if (!collection.some((d) => d.key === key)) collection.push({ key });
  updateOne(collection, { key }, update as never);
  const { key: k, points, expiresAt } = collection.find((d) => d.key === key)!;
  return { key: k, points, expiresAt };
}

const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const MINUTE = 60_000;

describe('MongoDB throttle counter documents', () => {
  it('starts a counter that does not exist, with its window and TTL date', () => {
    const collection: Doc[] = [];
    expect(findOneAndUpsert(collection, 'k', throttleCounterUpdate(1, 15 * MINUTE, T0, false))).toEqual({ key: 'k', points: 1, expiresAt: T0 + 15 * MINUTE });
    expect(collection[0]!.expiresAtDate).toEqual(new Date(T0 + 15 * MINUTE));
  });

  it('adds to a live window and keeps its end; starts again after it', () => {
    const collection: Doc[] = [];
    findOneAndUpsert(collection, 'k', throttleCounterUpdate(1, 15 * MINUTE, T0, false));
    expect(findOneAndUpsert(collection, 'k', throttleCounterUpdate(2, 15 * MINUTE, T0 + MINUTE, false))).toEqual({ key: 'k', points: 3, expiresAt: T0 + 15 * MINUTE });
    expect(findOneAndUpsert(collection, 'k', throttleCounterUpdate(1, 15 * MINUTE, T0 + 15 * MINUTE, false))).toEqual({ key: 'k', points: 1, expiresAt: T0 + 30 * MINUTE });
    expect(collection[0]!.expiresAtDate).toEqual(new Date(T0 + 30 * MINUTE));
  });

  it('keeps adding to a counter without end, which has no TTL date', () => {
    const collection: Doc[] = [];
    findOneAndUpsert(collection, 'k', throttleCounterUpdate(1, 0, T0, false));
    expect(findOneAndUpsert(collection, 'k', throttleCounterUpdate(1, MINUTE, T0 + 1000 * MINUTE, false))).toEqual({ key: 'k', points: 2, expiresAt: null });
    expect(collection[0]!.expiresAtDate).toBeNull();
  });

  it('replaces points and end for a block', () => {
    const collection: Doc[] = [];
    findOneAndUpsert(collection, 'k', throttleCounterUpdate(4, 15 * MINUTE, T0, false));
    expect(findOneAndUpsert(collection, 'k', throttleCounterUpdate(6, 60 * MINUTE, T0 + MINUTE, true))).toEqual({ key: 'k', points: 6, expiresAt: T0 + 61 * MINUTE });
  });

  it('reads only live counters', () => {
    const collection: Doc[] = [
      { key: 'live', points: 1, expiresAt: T0 + MINUTE },
      { key: 'ended', points: 1, expiresAt: T0 },
      { key: 'forever', points: 1, expiresAt: null },
    ];
    const live = (key: string) => find(collection, liveThrottleCounter(key, T0)).all().length === 1;
    expect([live('live'), live('ended'), live('forever'), live('absent')]).toEqual([true, false, true, false]);
  });
});
