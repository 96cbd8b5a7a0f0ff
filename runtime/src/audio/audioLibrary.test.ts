import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { toneWav } from './toneWav.ts';
import { AudioLibrary } from './audioLibrary.ts';
import type { AudioStore } from '../store/types.ts';

describe('AudioLibrary.save', () => {
  let store: SqliteStore;
  afterEach(() => store?.close());

  it('never writes over a name a publish froze after the upload read which names are in use', async () => {
    store = new SqliteStore(':memory:');
    const first = toneWav(0.3);
    const second = toneWav(0.5);
    // The usage read finds no published version naming it: the publish is still under way.
    const library = new AudioLibrary(
      store.audio,
      () => '2026-12-04T10:00:00.000Z',
      async () => new Map(),
    );
    expect((await library.save('hello', 'fon/welcome.wav', first)).name).toBe('fon/welcome.wav');
    // …and freezes the name before the take reaches the store.
    await store.audio.freezeAudio('hello', ['fon/welcome.wav']);
    await expect(library.save('hello', 'fon/welcome.wav', second)).rejects.toMatchObject({ code: 'audio_in_use' });
    const renamed = await library.save('hello', 'fon/welcome.wav', second, { ifInUse: 'rename' });
    expect(renamed).toMatchObject({ name: 'fon/welcome-2.wav', insteadOf: 'fon/welcome.wav' });
    expect((await store.audio.readAudio('hello', 'fon/welcome.wav'))?.content.equals(Buffer.from(first))).toBe(true);
    expect((await store.audio.readAudio('hello', 'fon/welcome-2.wav'))?.content.equals(Buffer.from(second))).toBe(true);
  });
});

describe('AudioLibrary.remove', () => {
  let store: SqliteStore;
  afterEach(() => store?.close());

  it('never removes a name a publish froze after the delete read which names are in use', async () => {
    store = new SqliteStore(':memory:');
    const take = toneWav(0.3);
    const library = new AudioLibrary(
      store.audio,
      () => '2026-12-04T10:00:00.000Z',
      async () => new Map(),
    );
    await library.save('hello', 'fon/welcome-2.wav', take);
    // The publish of a draft naming it freezes the name between the usage read and the delete.
    const racing: AudioStore = {
      ...store.audio,
      deleteAudio: async (...args) => {
        await store.audio.freezeAudio('hello', ['fon/welcome-2.wav']);
        return store.audio.deleteAudio(...args);
      },
    };
    const racingLibrary = new AudioLibrary(
      racing,
      () => '2026-12-04T10:00:00.000Z',
      async () => new Map(),
    );
    await expect(racingLibrary.remove('hello', 'fon/welcome-2.wav')).rejects.toMatchObject({ code: 'audio_in_use' });
    expect((await store.audio.readAudio('hello', 'fon/welcome-2.wav'))?.content.equals(take)).toBe(true);
    // A name nothing froze is removed; then it is simply gone.
    await library.save('hello', 'fon/menu.wav', take);
    await library.remove('hello', 'fon/menu.wav');
    await expect(library.remove('hello', 'fon/menu.wav')).rejects.toMatchObject({ code: 'audio_not_found' });
  });
});
