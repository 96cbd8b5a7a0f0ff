import { afterEach, describe, expect, it, vi } from 'vitest';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { transcript } from '../store/contract/fixtures.ts';
import { CallerRecords } from './CallerRecords.ts';

describe('the right to erasure', () => {
  const store = new SqliteStore(':memory:');
  afterEach(() => store.close());

  it('finds every conversation of a caller with more than 10,000 transcripts, not only the first ones', async () => {
    const number = '+2290197000001';
    const all = Array.from({ length: 25_001 }, (_, i) => transcript(`voice:CA${i}`, number, '2026-06-01T00:00:00.000Z'));
    vi.spyOn(store, 'listTranscripts').mockImplementation(async ({ callerNumber, limit }) => (callerNumber === number ? all.slice(0, limit) : []));
    const erase = vi.spyOn(store, 'eraseConversations');

    await new CallerRecords({ store, defaultRegion: 'BJ' }).erase(number, 'admin');
    const keys = erase.mock.calls[0]?.[1] ?? [];
    expect(keys).toHaveLength(25_001);
    expect(keys).toContain('voice:CA25000');
  });
});
