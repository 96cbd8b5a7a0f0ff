import { describe, expect, it } from 'vitest';
import { at, caller, session, transcript } from '../contract/fixtures.ts';
import { factBatch, rolledUp } from '../contract/analyticsContract.ts';
import { SqliteStore } from './SqliteStore.ts';

/** Writes issued while a purge runs: each resolves when committed. */
function writesDuring(store: SqliteStore, purge: Promise<number>) {
  let purgeDone = false;
  void purge.then(() => (purgeDone = true));
  const before: boolean[] = [];
  const write = (i: number) => store.putSession(session(`ussd:live-${i}`, at(120))).then(() => before.push(!purgeDone));
  return { write, committedBeforePurgeEnded: () => before.filter(Boolean).length };
}

describe('SQLite purges', () => {
  it("deletes a minute's expired sessions and channel states in chunks, committing the requests' writes between them", async () => {
    const store = new SqliteStore(':memory:');
    const expired = 1800;
    await Promise.all(
      Array.from({ length: expired }, (_, i) => [
        store.putSession(session(`ussd:gone-${i}`, at(1))),
        store.channelStates.putChannelState({ key: `ussd:gone-${i}`, value: { screen: 'x' }, expiresAt: at(1) }, 0, at(0)),
      ]).flat(),
    );
    await store.putSession(session('ussd:kept', at(120)));
    await store.channelStates.putChannelState({ key: 'ussd:kept', value: { screen: 'y' }, expiresAt: at(120) }, 0, at(0));

    const purge = store.purgeExpiredSessions(at(2));
    const during = writesDuring(store, purge);
    await Promise.all([during.write(1), during.write(2)]);
    expect(await purge).toBe(expired);
    // A request's turn that came after the purge began did not wait for all of it.
    expect(during.committedBeforePurgeEnded()).toBe(2);
    expect(await store.getSession('ussd:gone-7', at(0))).toBeNull();
    expect(await store.channelStates.getChannelState('ussd:gone-7', at(0))).toBeNull();
    expect(await store.getSession('ussd:kept', at(2))).not.toBeNull();
    expect(await store.channelStates.getChannelState('ussd:kept', at(2))).not.toBeNull();
    await store.close();
  });

  it('deletes transcripts and caller profiles past the retention in chunks, keeping the recent ones', async () => {
    const store = new SqliteStore(':memory:');
    const old = 450;
    for (let i = 0; i < old; i++) {
      await store.putCaller(caller(`+22997${String(i).padStart(6, '0')}`, at(-60 * 24 * 100)));
      await store.startTranscript(transcript(`voice:old-${i}`, `+22997${String(i).padStart(6, '0')}`, at(-60 * 24 * 100)));
    }
    await store.putCaller(caller('+22997999999', at(0)));
    await store.startTranscript(transcript('voice:recent', '+22997999999', at(0)));

    const purge = store.purgeTranscripts(at(-60 * 24 * 90));
    const during = writesDuring(store, purge);
    await during.write(1);
    expect(await purge).toBe(old);
    expect(during.committedBeforePurgeEnded()).toBe(1);
    expect(await store.purgeCallers(at(-60 * 24 * 90))).toBe(old);
    expect(await store.getCaller('+22997000001')).toBeNull();
    expect(await store.getCaller('+22997999999')).not.toBeNull();
    await store.close();
  });

  it('deletes raw analytics facts past their retention in chunks, keeping the recent ones', async () => {
    const store = new SqliteStore(':memory:');
    const old = 700;
    await store.recordFacts(Array.from({ length: old }, (_, i) => factBatch('2026-01-01T10:00:00.000Z', [{ type: 'visit', node: 'old' }], {}, `old-${i}`)));
    await store.recordFacts([factBatch('2026-03-02T10:00:00.000Z', [{ type: 'visit', node: 'new' }], {}, 'new')]);
    await rolledUp(store);

    const purge = store.purgeFacts('2026-02-01T00:00:00.000Z');
    const during = writesDuring(store, purge);
    await during.write(1);
    expect(await purge).toBe(old);
    expect(during.committedBeforePurgeEnded()).toBe(1);
    expect((await store.listFacts({ from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z', limit: 10 })).map((b) => b.contact)).toEqual(['new']);
    await store.close();
  });
});
