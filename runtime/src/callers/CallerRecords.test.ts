import { afterEach, describe, expect, it, vi } from 'vitest';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { caller, transcript } from '../store/contract/fixtures.ts';
import { factBatch } from '../store/contract/analyticsContract.ts';
import { CallerHasher } from '../analytics/CallerHasher.ts';
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

describe('erasing a caller known only by a platform id', () => {
  const TG = 'telegram:5550000001';
  /** Another Telegram user whose id ends like the first's: not theirs. */
  const OTHER = 'telegram:15550000001';
  let store: SqliteStore;
  afterEach(() => store.close());

  it('erases a Telegram user’s profile, transcripts, inbox records and facts, nobody else’s', async () => {
    store = new SqliteStore(':memory:');
    const hasher = CallerHasher.open(store, undefined);
    const digest = (await hasher).caller(TG);
    for (const id of [TG, OTHER]) {
      await store.putCaller({ ...caller(id), lastChannel: 'telegram' });
      await store.startTranscript(transcript(`telegram:bot1:${id.slice('telegram:'.length)}`, id, '2026-06-01T00:00:00.000Z'));
      await store.messaging.recordInbound([
        { id: `telegram:bot1:${id}-update`, channel: 'telegram', conversationKey: `telegram:bot1:${id.slice('telegram:'.length)}`, payload: null, receivedAt: '2026-06-01T00:00:00.000Z' },
      ]);
    }
    await store.recordFacts([{ ...factBatch('2026-06-01T00:00:00.000Z', [{ type: 'contact' }]), caller: digest }]);

    const erased = await new CallerRecords({ store, defaultRegion: 'BJ', hasher }).erase(TG, 'admin');
    expect(erased).toMatchObject({ profiles: 1, transcripts: 1, messaging: 1, analyticsFacts: 1 });
    expect(await store.getCaller(TG)).toBeNull();
    expect(await store.listTranscripts({ callerNumber: TG, limit: 10 })).toEqual([]);
    expect((await store.listFacts({ from: '2026-06-01T00:00:00.000Z', to: '2026-06-02T00:00:00.000Z', limit: 10 })).map((f) => f.caller)).toEqual([null]);
    // The other user keeps everything.
    expect(await store.getCaller(OTHER)).not.toBeNull();
    expect(await store.listTranscripts({ callerNumber: OTHER, limit: 10 })).toHaveLength(1);
    expect((await store.messaging.listInbound({ states: ['received'], limit: 10 })).map((r) => r.conversationKey)).toEqual(['telegram:bot1:15550000001']);
  });

  it('refuses what is neither a number, a platform id nor a web chat digest', async () => {
    store = new SqliteStore(':memory:');
    await expect(new CallerRecords({ store, defaultRegion: 'BJ' }).erase('whatsapp:someone', 'admin')).rejects.toMatchObject({ code: 'invalid_caller' });
  });
});

describe('erasing a number that others linked to', () => {
  const NUMBER = '+2290197000007';
  /** Telegram vouched for the number (a contact card of the subscriber's own account): the subscriber. */
  const JOINED = 'telegram:7000001';
  /** Someone who only typed the number at a phone question: a stranger to it. */
  const CLAIMANT = 'messenger:7000002';
  let store: SqliteStore;
  afterEach(() => store.close());

  it('erases the number and the profiles joined to it, and only the claim of whoever merely typed it', async () => {
    store = new SqliteStore(':memory:');
    const hasher = CallerHasher.open(store, undefined);
    const claimantDigest = (await hasher).caller(CLAIMANT);
    await store.putCaller(caller(NUMBER));
    await store.startTranscript(transcript('voice:CA7', NUMBER, '2026-06-01T00:00:00.000Z'));
    await store.linkCaller({ key: JOINED, number: NUMBER, verified: true, linkedAt: '2026-06-01T00:00:00.000Z' });
    await store.linkCaller({ key: CLAIMANT, number: NUMBER, verified: false, linkedAt: '2026-06-01T00:00:00.000Z' });
    for (const id of [JOINED, CLAIMANT]) {
      await store.putCaller(caller(id));
      await store.startTranscript(transcript(`${id.split(':')[0]}:bot1:${id.split(':')[1]}`, id, '2026-06-01T00:00:00.000Z'));
    }
    await store.recordFacts([{ ...factBatch('2026-06-01T00:00:00.000Z', [{ type: 'contact' }]), caller: claimantDigest }]);

    const erased = await new CallerRecords({ store, defaultRegion: 'BJ', hasher }).erase(NUMBER, 'admin');
    expect(erased).toMatchObject({ profiles: 2, transcripts: 2, sessions: 0, analyticsFacts: 0 });
    expect(await store.getCaller(NUMBER)).toBeNull();
    expect(await store.getCaller(JOINED)).toBeNull();
    expect(await store.listTranscripts({ callerNumber: JOINED, limit: 10 })).toEqual([]);
    expect(await store.getCallerLink(JOINED)).toBeNull();
    // The claimant keeps their own profile, conversation and analytics; only their claim to the number goes.
    expect(await store.getCaller(CLAIMANT)).not.toBeNull();
    expect(await store.listTranscripts({ callerNumber: CLAIMANT, limit: 10 })).toHaveLength(1);
    expect((await store.listFacts({ from: '2026-06-01T00:00:00.000Z', to: '2026-06-02T00:00:00.000Z', limit: 10 })).map((f) => f.caller)).toEqual([claimantDigest]);
    expect(await store.getCallerLink(CLAIMANT)).toBeNull();
    expect(await store.listCallerLinks(NUMBER)).toEqual([]);
  });
});
