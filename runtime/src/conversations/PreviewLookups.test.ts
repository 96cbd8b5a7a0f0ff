import { describe, expect, it } from 'vitest';
import { PreviewLookups } from './PreviewLookups.ts';

const now = new Date('2026-12-05T05:00:00Z');
const later = new Date('2026-12-05T05:30:00Z');
const fixtures = (chars: number) => ({ lookup: { status: 200, body: { note: 'x'.repeat(chars) } } });
const effect = { type: 'webhook', node: 'lookup' } as never;

describe('PreviewLookups', () => {
  it('holds no more previews, nor fixtures, than its limits: the least recently used lose theirs first', () => {
    const previews = new PreviewLookups({ entries: 3, bytes: 10_000 });
    for (const id of ['a', 'b', 'c']) previews.set(`preview:u${id}:${id}`, fixtures(100), false, later, now);
    // `a` is used again: `b` is now the one left longest.
    previews.touch('preview:ua:a', later);
    previews.set('preview:ud:d', fixtures(100), false, later, now);
    expect(previews.held.previews).toBe(3);
    expect(previews.answer('preview:ub:b', effect)).toMatchObject({ missing: expect.stringContaining('start a new preview') });
    expect(previews.answer('preview:ua:a', effect)).toHaveProperty('event');
    // Past the bytes: as many go as needed, none of them the newest.
    previews.set('preview:ue:e', fixtures(9_000), false, later, now);
    expect(previews.held.bytes).toBeLessThanOrEqual(10_000);
    expect(previews.answer('preview:ue:e', effect)).toHaveProperty('event');
  });

  it("has no fixture for a node named like JavaScript's object methods unless the tester gave one: the staging system answers it", () => {
    const previews = new PreviewLookups({ entries: 3, bytes: 10_000 });
    previews.set('preview:ua:a', fixtures(10), true, later, now);
    for (const node of ['constructor', 'toString', 'hasOwnProperty']) {
      expect(previews.answer('preview:ua:a', { type: 'webhook', node } as never)).toEqual({ backend: true });
      expect(previews.classification('preview:ua:a', { type: 'classify', node } as never)).toBeNull();
    }
    previews.set('preview:ub:b', fixtures(10), false, later, now);
    expect(previews.answer('preview:ub:b', { type: 'webhook', node: 'constructor' } as never)).toMatchObject({ missing: expect.stringContaining('no fixture for http node constructor') });
  });
});
