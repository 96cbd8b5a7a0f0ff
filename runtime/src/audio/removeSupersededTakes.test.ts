import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Flow } from '@griot/flows';
import { contentHash } from '@griot/flows';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import type { Store } from '../store/types.ts';
import { testFlow } from '../store/testFlow.ts';
import { storedAudio } from '../store/contract/audioContract.ts';
import { at, createFlow } from '../store/contract/fixtures.ts';
import { AudioLibrary } from './audioLibrary.ts';
import { audioUsageIn } from './audioUsage.ts';
import { toneWav } from './toneWav.ts';
import { isDesignerTake, removeSupersededTakes, SUPERSEDED_TAKE_GRACE_MS } from './removeSupersededTakes.ts';

const MINUTE = 60_000;
/** A month after the takes were recorded: their upload time must not count. */
const FIRST_RUN = Date.parse(at(0)) + 30 * 24 * 60 * MINUTE;
const after = (ms: number) => new Date(FIRST_RUN + ms);

/** The smallest flow whose goodbye is the recording `audio`. */
function saying(audio: string): Flow {
  const flow = testFlow('hello');
  const end = flow.nodes.find((n) => n.id === 'end');
  if (end?.type !== 'end') throw new Error('no end node');
  end.prompt = { fr: { audio } };
  return flow;
}

async function saveDraft(store: Store, audio: string): Promise<void> {
  const document = saying(audio);
  const { revision } = (await store.getDraft('hello'))!;
  expect((await store.saveDraft('hello', revision, document, contentHash(document), 'ama')).ok).toBe(true);
}

/** What a publish does with the audio: freezes the draft's names, then adds the version. */
async function publish(store: Store, audio: string, number: number): Promise<void> {
  const document = saying(audio);
  await store.audio.freezeAudio('hello', [audio]);
  await store.addVersion({ flowId: 'hello', hash: contentHash(document), document, author: 'ama', message: `v${number}`, createdAt: at(number) });
}

/** What the clean-up must never remove in `editedFlow`. */
const KEPT = ['fr/bye-2.wav', 'fr/bye-4.wav', 'fr/bye.wav', 'fr/offre-2.wav', 'fr/offre-2025.wav', 'fr/offre.wav'];

const names = async (store: Store) => (await store.audio.listAudio('hello')).map((a) => a.name);

/**
 * A flow as an editor leaves it: version 1 plays `fr/bye.wav`, version 2 the re-recorded take 2;
 * take 3 was recorded then undone (the draft went back to take 2). An admin imported
 * `fr/bye-4.wav`, `fr/offre-2025.wav` and `fr/offre.wav` by name; version 3 plays the last, and
 * its take 2 was frozen by a publish that died before adding its version. All of it a month
 * before the first run.
 */
async function editedFlow(store: Store): Promise<AudioLibrary> {
  await createFlow(store, 'hello');
  const library = new AudioLibrary(store.audio, () => at(0), audioUsageIn(store));
  const record = async (seconds: number, prompt = 'fr/bye.wav') => (await library.save('hello', prompt, toneWav(seconds), { ifInUse: 'rename' })).name;
  expect(await record(0.2)).toBe('fr/bye.wav');
  await publish(store, 'fr/bye.wav', 1);
  expect(await record(0.3)).toBe('fr/bye-2.wav');
  await saveDraft(store, 'fr/bye-2.wav');
  await publish(store, 'fr/bye-2.wav', 2);
  expect(await record(0.4)).toBe('fr/bye-3.wav');
  await saveDraft(store, 'fr/bye-3.wav');
  await saveDraft(store, 'fr/bye-2.wav');
  const importByName = async (name: string) => {
    const content = toneWav(0.1);
    await store.audio.putAudio(storedAudio('hello', name, content, at(0)), content);
  };
  for (const name of ['fr/bye-4.wav', 'fr/offre-2025.wav', 'fr/offre.wav']) await importByName(name);
  await publish(store, 'fr/offre.wav', 3);
  expect(await record(0.5, 'fr/offre.wav')).toBe('fr/offre-2.wav');
  await store.audio.freezeAudio('hello', ['fr/offre-2.wav']);
  expect(await names(store)).toEqual(KEPT.toSpliced(1, 0, 'fr/bye-3.wav'));
  return library;
}

describe('removeSupersededTakes', () => {
  const stores: SqliteStore[] = [];
  const dirs: string[] = [];
  const open = (path = ':memory:') => {
    const store = new SqliteStore(path);
    stores.push(store);
    return store;
  };
  const onDisk = () => {
    const dir = mkdtempSync(join(tmpdir(), 'griot-takes-'));
    dirs.push(dir);
    return join(dir, 'griot.db');
  };
  afterEach(() => {
    for (const store of stores.splice(0)) store.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const run = (store: Store, now: Date) => removeSupersededTakes(store, audioUsageIn(store), now);

  it('removes an abandoned take a week after the clean-up first found it unnamed, and no other file', async () => {
    const store = open();
    await editedFlow(store);
    // Recorded a month ago, but only now found unnamed: its week starts now.
    expect(await run(store, after(0))).toEqual([]);
    expect(await run(store, after(SUPERSEDED_TAKE_GRACE_MS - MINUTE))).toEqual([]);
    expect(await run(store, after(SUPERSEDED_TAKE_GRACE_MS + MINUTE))).toEqual([{ flowId: 'hello', name: 'fr/bye-3.wav' }]);
    // Played by versions, frozen, or imported by name: all stay, however long unnamed.
    expect(await names(store)).toEqual(KEPT);
    expect(await run(store, after(10 * SUPERSEDED_TAKE_GRACE_MS))).toEqual([]);
  });

  it('starts the week again when the draft names the take meanwhile', async () => {
    const store = open();
    await editedFlow(store);
    expect(await run(store, after(0))).toEqual([]);
    // Undo: the draft names take 3 again for a day, then leaves it again.
    await saveDraft(store, 'fr/bye-3.wav');
    expect(await run(store, after(SUPERSEDED_TAKE_GRACE_MS / 7))).toEqual([]);
    await saveDraft(store, 'fr/bye-2.wav');
    expect(await run(store, after((2 * SUPERSEDED_TAKE_GRACE_MS) / 7))).toEqual([]);
    expect(await run(store, after(SUPERSEDED_TAKE_GRACE_MS + MINUTE))).toEqual([]);
    expect(await run(store, after((9 * SUPERSEDED_TAKE_GRACE_MS) / 7 + MINUTE))).toEqual([{ flowId: 'hello', name: 'fr/bye-3.wav' }]);
  });

  it('keeps the week across a restart: neither reset nor skipped', async () => {
    const path = onDisk();
    const first = open(path);
    await editedFlow(first);
    expect(await run(first, after(0))).toEqual([]);
    first.close();
    const second = open(path);
    expect(await run(second, after(SUPERSEDED_TAKE_GRACE_MS - MINUTE))).toEqual([]);
    second.close();
    // A third start, just past the week from the first run: removed now, not a week later.
    const third = open(path);
    expect(await run(third, after(SUPERSEDED_TAKE_GRACE_MS + MINUTE))).toEqual([{ flowId: 'hello', name: 'fr/bye-3.wav' }]);
    expect(await names(third)).not.toContain('fr/bye-3.wav');
  });

  it('keeps a take a publish freezes between the last check and the delete', async () => {
    const store = open();
    await editedFlow(store);
    await run(store, after(0));
    // The publish of a draft naming take 3 lands right after the clean-up read what names it.
    const racing: Store = Object.create(store, {
      audio: {
        value: {
          ...store.audio,
          listFrozenAudio: store.audio.listFrozenAudio,
          deleteAudio: async (...args: Parameters<Store['audio']['deleteAudio']>) => {
            await store.audio.freezeAudio('hello', ['fr/bye-3.wav']);
            return store.audio.deleteAudio(...args);
          },
        },
      },
    });
    expect(await removeSupersededTakes(racing, audioUsageIn(store), after(SUPERSEDED_TAKE_GRACE_MS + MINUTE))).toEqual([]);
    expect((await store.audio.readAudio('hello', 'fr/bye-3.wav'))?.content.equals(toneWav(0.4))).toBe(true);
    expect(await store.audio.listFrozenAudio('hello')).toContain('fr/bye-3.wav');
  });

  it('run by two instances at once, removes each take once and fails on neither', async () => {
    const path = onDisk();
    await editedFlow(open(path));
    const [a, b] = [open(path), open(path)];
    await run(a, after(0));
    const now = after(SUPERSEDED_TAKE_GRACE_MS + MINUTE);
    const [byA, byB] = await Promise.all([run(a, now), run(b, now)]);
    expect([...byA, ...byB]).toEqual([{ flowId: 'hello', name: 'fr/bye-3.wav' }]);
    expect(await names(b)).not.toContain('fr/bye-3.wav');
  });

  it('after a backup is restored, keeps the take a publish froze without adding its version', async () => {
    const store = open();
    await editedFlow(store);
    const fresh = open();
    await fresh.restore(JSON.parse(JSON.stringify(await store.dump())));
    expect(await fresh.audio.listFrozenAudio('hello')).toContain('fr/offre-2.wav');
    expect(await run(fresh, after(0))).toEqual([]);
    expect(await run(fresh, after(SUPERSEDED_TAKE_GRACE_MS + MINUTE))).toEqual([{ flowId: 'hello', name: 'fr/bye-3.wav' }]);
    expect(await names(fresh)).toEqual(KEPT);
  });
});

describe('isDesignerTake', () => {
  it('is a numbered take the designer kept for its prompt, never a file named like one', () => {
    expect(isDesignerTake({ name: 'fr/bye-3.wav', takeOf: 'fr/bye.wav' })).toBe(true);
    expect(isDesignerTake({ name: 'menu-prompt-fon-12.wav', takeOf: 'menu-prompt-fon.wav' })).toBe(true);
    expect(isDesignerTake({ name: 'fr/bye-3.wav' })).toBe(false);
    expect(isDesignerTake({ name: 'fr/offre-2025.wav', takeOf: 'fr/offre.wav' })).toBe(false);
    expect(isDesignerTake({ name: 'fr/bye-1.wav', takeOf: 'fr/bye.wav' })).toBe(false);
    expect(isDesignerTake({ name: 'fr/bye-03.wav', takeOf: 'fr/bye.wav' })).toBe(false);
    expect(isDesignerTake({ name: 'en/bye-3.wav', takeOf: 'fr/bye.wav' })).toBe(false);
    expect(isDesignerTake({ name: 'fr/bye-3.mp3', takeOf: 'fr/bye.wav' })).toBe(false);
  });
});
