import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MongoClient } from 'mongodb';
import { MongoStore } from './MongoStore.ts';
import type { FrozenAudioDocument } from './audioDocuments.ts';
import { MemoryMongo } from './testing/memoryMongo.ts';
import { audioBytes, storedAudio } from '../contract/audioContract.ts';

/** What a delete leaves when its process dies between its marker and removing it. */
const deadDeleter = (memory: MemoryMongo, name: string) => frozenOf(memory).insertOne({ _id: `hello/${name}`, flowId: 'hello', name, deleting: 'a-process-that-died' });
const frozenOf = (memory: MemoryMongo) => memory.db.collection<FrozenAudioDocument>('audioFrozen');

describe('MongoDB recorded audio: a delete cut short', () => {
  it('leaves a marker that neither freezes the name nor stops a freeze, an upload or the next delete', async () => {
    const memory = new MemoryMongo({ transactions: false });
    const store = await MongoStore.over(memory.client as unknown as MongoClient, memory.db);
    const content = audioBytes(1000, 3);
    for (const name of ['fon/a-2.wav', 'fon/b-2.wav']) {
      await store.audio.putAudio(storedAudio('hello', name, content), content);
      await deadDeleter(memory, name);
    }
    // Not frozen: listed as such nowhere, not in a backup, and an upload that must not replace a frozen name goes through.
    expect(await store.audio.listFrozenAudio('hello')).toEqual([]);
    expect((await store.dump()).audioFrozen).toEqual([]);
    expect(await store.audio.putAudio(storedAudio('hello', 'fon/a-2.wav', content), content, 'unlessFrozen')).toBe(true);
    // A publish freezes it, holding no file (the delete may have removed it): filled once by a publisher, then kept.
    await store.audio.freezeAudio('hello', ['fon/a-2.wav']);
    expect(await store.audio.listFrozenAudio('hello')).toEqual(['fon/a-2.wav']);
    expect(await store.audio.deleteAudio('hello', 'fon/a-2.wav', { unlessFrozen: true })).toBe(false);
    expect((await store.audio.readAudio('hello', 'fon/a-2.wav'))?.content.equals(content)).toBe(true);
    // The next delete takes the marker over, and removes it when done.
    expect(await store.audio.deleteAudio('hello', 'fon/b-2.wav', { unlessFrozen: true })).toBe(true);
    expect(await frozenOf(memory).findOne({ _id: 'hello/fon/b-2.wav' })).toBeNull();
    expect(await store.audio.putAudio(storedAudio('hello', 'fon/b-2.wav', content), content, 'unlessFrozen')).toBe(true);
    await store.close();
  });

  it('keeps the files when a publish freezes the name while a delete is under way', async () => {
    const memory = new MemoryMongo({ transactions: false });
    const store = await MongoStore.over(memory.client as unknown as MongoClient, memory.db);
    const content = audioBytes(1000, 5);
    await store.audio.putAudio(storedAudio('hello', 'fon/c-2.wav', content), content);
    // The delete has written its marker and is about to list the files when the publish freezes the name.
    let open!: () => void;
    memory.holdNext('audio.files', 'find', new Promise<void>((resolve) => (open = resolve)));
    const deleting = store.audio.deleteAudio('hello', 'fon/c-2.wav', { unlessFrozen: true });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await store.audio.freezeAudio('hello', ['fon/c-2.wav']);
    open();
    expect(await deleting).toBe(false);
    // The version published names a recording that is still there, and stays frozen.
    expect((await store.audio.readAudio('hello', 'fon/c-2.wav'))?.content.equals(content)).toBe(true);
    expect(await store.audio.listFrozenAudio('hello')).toEqual(['fon/c-2.wav']);
    await store.close();
  });
});

describe('MongoDB recorded audio: saves within one millisecond', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('serves, freezes and keeps the later of two saves of a name that share their upload time', async () => {
    const memory = new MemoryMongo({ transactions: false });
    const store = await MongoStore.over(memory.client as unknown as MongoClient, memory.db);
    const earlier = audioBytes(200, 2);
    const later = audioBytes(300_000, 1);
    // Every upload stamped the same millisecond, as on a fast server (the flaky contract run of 2026-12-05).
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-05T04:00:00Z') });
    for (let round = 0; round < 5; round += 1) {
      await store.audio.putAudio(storedAudio('hello', 'fon/welcome.wav', earlier), earlier, 'unlessFrozen');
      await store.audio.putAudio(storedAudio('hello', 'fon/welcome.wav', later), later, 'unlessFrozen');
      expect((await store.audio.readAudio('hello', 'fon/welcome.wav'))?.content.equals(later)).toBe(true);
    }
    // The earlier save is gone, not only hidden: one file left, and the freeze pins the later one.
    expect(await memory.db.collection('audio.files').countDocuments({ filename: 'hello/fon/welcome.wav' })).toBe(1);
    await store.audio.freezeAudio('hello', ['fon/welcome.wav']);
    expect((await store.audio.readAudio('hello', 'fon/welcome.wav'))?.content.equals(later)).toBe(true);
    await store.close();
  });
});

describe('MongoDB recorded audio: the hourly sweep of GridFS chunks no file names', () => {
  it('leaves the chunks of an upload still running past two minutes (a slow link to the server, a clock behind): the file is whole once named', async () => {
    const memory = new MemoryMongo({ transactions: false });
    const store = await MongoStore.over(memory.client as unknown as MongoClient, memory.db);
    // Three GridFS chunks; GridFS writes the file document after them, held here: the upload is slow.
    const content = audioBytes(600_000, 9);
    let open!: () => void;
    memory.holdNext('audio.files', 'insertOne', new Promise<void>((resolve) => (open = resolve)));
    const putting = store.audio.putAudio(storedAudio('hello', 'fon/slow.wav', content), content);
    for (let i = 0; i < 100 && memory.documents('audio.chunks').length < 3; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(memory.documents('audio.chunks')).toHaveLength(3);
    // The hourly job, on this instance or another, runs while the upload has lasted 3 minutes (or its id was stamped by a clock 3 minutes behind).
    expect(await store.audio.sweepAudioLeftovers(new Date(Date.now() + 3 * 60_000))).toBe(0);
    open();
    expect(await putting).toBe(true);
    expect((await store.audio.readAudio('hello', 'fon/slow.wav'))?.content.equals(content)).toBe(true);
    await store.close();
  });
});
