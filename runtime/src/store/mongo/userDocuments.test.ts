import { describe, expect, it } from 'vitest';
import { find } from 'mingo';
import { sessionsOfUser, tokensOf } from './userDocuments.ts';

// No MongoDB server runs here: mingo evaluates the filters as MongoDB would.
const sessions = [
  { id: 's1', userId: 'u1', expiresAt: '2026-01-01T12:00:00.000Z' },
  { id: 's2', userId: 'u1', expiresAt: '2026-01-01T12:00:00.000Z' },
  { id: 's3', userId: 'u2', expiresAt: '2026-01-01T12:00:00.000Z' },
];
const ids = (filter: object, docs: Array<{ id: string }>) =>
  find(docs, filter)
    .all()
    .map((d) => (d as { id: string }).id);

describe('MongoDB user documents', () => {
  it("picks a user's sessions to log out, all but the one kept, never another user's", () => {
    expect(ids(sessionsOfUser('u1', 's2'), sessions)).toEqual(['s1']);
    expect(ids(sessionsOfUser('u1'), sessions)).toEqual(['s1', 's2']);
    expect(ids(sessionsOfUser('nobody'), sessions)).toEqual([]);
  });

  it("lists a user's own tokens, or everyone's", () => {
    const tokens = [
      { id: 't1', userId: 'u1' },
      { id: 't2', userId: 'u2' },
    ];
    expect(ids(tokensOf({ userId: 'u2' }), tokens)).toEqual(['t2']);
    expect(ids(tokensOf({}), tokens)).toEqual(['t1', 't2']);
  });
});
