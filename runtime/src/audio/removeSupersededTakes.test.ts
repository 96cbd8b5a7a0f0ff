import { afterEach, describe, expect, it } from 'vitest';
import type { Flow } from '@griot/flows';
import { contentHash } from '@griot/flows';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { testFlow } from '../store/testFlow.ts';
import { audioBytes, storedAudio } from '../store/contract/audioContract.ts';
import { at, createFlow } from '../store/contract/fixtures.ts';
import { AudioLibrary } from './audioLibrary.ts';
import { audioUsageIn } from './audioUsage.ts';
import { removeSupersededTakes, SUPERSEDED_TAKE_GRACE_MS } from './removeSupersededTakes.ts';

/** The smallest flow whose goodbye is the recording `audio`. */
function saying(audio: string): Flow {
  const flow = testFlow('hello');
  const end = flow.nodes.find((n) => n.id === 'end');
  if (end?.type !== 'end') throw new Error('no end node');
  end.prompt = { fr: { audio } };
  return flow;
}

describe('removeSupersededTakes', () => {
  let store: SqliteStore;
  afterEach(() => store?.close());

  it('removes old takes nothing names any more, and never one a version, the draft or a publish holds, nor a recent one', async () => {
    store = new SqliteStore(':memory:');
    await createFlow(store, 'hello');
    const put = async (name: string, uploadedAt: string) => {
      const content = audioBytes(100, name.length);
      await store.audio.putAudio(storedAudio('hello', name, content, uploadedAt), content);
    };
    // Version 1 plays take 1, version 2 take 2; the draft moved on to take 4; take 3 was abandoned.
    for (const [number, name] of [
      [1, 'fr/bye.wav'],
      [2, 'fr/bye-2.wav'],
    ] as const) {
      const document = saying(name);
      await store.addVersion({ flowId: 'hello', hash: contentHash(document), document, author: 'ama', message: `v${number}`, createdAt: at(number) });
    }
    const draft = saying('fr/bye-4.wav');
    const { revision } = (await store.getDraft('hello'))!;
    expect((await store.saveDraft('hello', revision, draft, contentHash(draft), 'ama')).ok).toBe(true);
    for (const name of ['fr/bye.wav', 'fr/bye-2.wav', 'fr/bye-3.wav', 'fr/bye-4.wav', 'fr/bye-5.wav']) await put(name, at(0));
    // Frozen by a publish that is adding its version right now.
    await put('fr/bye-6.wav', at(0));
    await store.audio.freezeAudio('hello', ['fr/bye-6.wav']);
    // Abandoned, but recorded a minute ago: the editor may still save the draft naming it.
    await put('fr/bye-7.wav', new Date(Date.parse(at(0)) + SUPERSEDED_TAKE_GRACE_MS).toISOString());
    // Imported, named by nothing yet, no take of it named either: not a superseded take.
    await put('fr/hold-music.wav', at(0));

    const now = new Date(Date.parse(at(0)) + SUPERSEDED_TAKE_GRACE_MS + 60_000);
    const removed = await removeSupersededTakes(store, audioUsageIn(store), now);
    expect(removed).toEqual([
      { flowId: 'hello', name: 'fr/bye-3.wav' },
      { flowId: 'hello', name: 'fr/bye-5.wav' },
    ]);
    expect((await store.audio.listAudio('hello')).map((a) => a.name)).toEqual(['fr/bye-2.wav', 'fr/bye-4.wav', 'fr/bye-6.wav', 'fr/bye-7.wav', 'fr/bye.wav', 'fr/hold-music.wav']);
    // Nothing more to remove on the next run.
    expect(await removeSupersededTakes(store, audioUsageIn(store), now)).toEqual([]);
  });

  it('keeps a take the draft goes back to, even an old one', async () => {
    store = new SqliteStore(':memory:');
    await createFlow(store, 'hello');
    const library = new AudioLibrary(store.audio, () => at(0), audioUsageIn(store));
    const content = audioBytes(64);
    await store.audio.putAudio(storedAudio('hello', 'fr/bye.wav', content, at(0)), content);
    await store.audio.putAudio(storedAudio('hello', 'fr/bye-2.wav', content, at(0)), content);
    const draft = saying('fr/bye.wav');
    const { revision } = (await store.getDraft('hello'))!;
    await store.saveDraft('hello', revision, draft, contentHash(draft), 'ama');
    const now = new Date(Date.parse(at(0)) + 2 * SUPERSEDED_TAKE_GRACE_MS);
    expect(await removeSupersededTakes(store, audioUsageIn(store), now)).toEqual([{ flowId: 'hello', name: 'fr/bye-2.wav' }]);
    expect(await library.exists('hello', 'fr/bye.wav')).toBe(true);
  });
});
