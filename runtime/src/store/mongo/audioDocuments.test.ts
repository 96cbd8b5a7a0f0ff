import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Binary, type MongoClient } from 'mongodb';
import { MongoStore } from './MongoStore.ts';
import { newAudioFileId, type FrozenAudioDocument } from './audioDocuments.ts';
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

describe('MongoDB recorded audio: a delete in steps (rec31)', () => {
  it('removes the file for readers first, then its chunks a few per write, never one write of them all', async () => {
    const memory = new MemoryMongo({ transactions: false });
    const store = await MongoStore.over(memory.client as unknown as MongoClient, memory.db);
    // 11 GridFS chunks of 255 KiB (a 10 MiB recording has 41).
    const content = audioBytes(2_700_000, 4);
    await store.audio.putAudio(storedAudio('hello', 'fon/long.wav', content), content);
    const chunks = memory.documents('audio.chunks').length;
    expect(chunks).toBe(11);
    // The first write that removes chunks held: by then no reader finds the file, and every chunk is still there.
    let open!: () => void;
    memory.holdNext('audio.chunks', 'deleteMany', new Promise<void>((resolve) => (open = resolve)));
    const before = memory.calls.length;
    const deleting = store.audio.deleteAudio('hello', 'fon/long.wav');
    for (let i = 0; i < 100 && memory.documents('audio.files').length > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await store.audio.readAudio('hello', 'fon/long.wav')).toBeNull();
    expect(await store.audio.openAudio('hello', 'fon/long.wav')).toBeNull();
    expect(memory.documents('audio.chunks')).toHaveLength(chunks);
    open();
    expect(await deleting).toBe(true);
    expect(memory.documents('audio.chunks')).toHaveLength(0);
    // Each write took at most 4 chunks (about 1 MB): 3 writes for 11 chunks, where one deleteMany took them all.
    const writes = memory.calls.slice(before).filter((call) => call.collection === 'audio.chunks' && call.method === 'deleteMany');
    expect(writes.length).toBe(Math.ceil(chunks / 4));
    await store.close();
  });
});

describe('MongoDB recorded audio: the sweep judges age by what it saw, not the clock in the ids (rec31)', () => {
  const chunk = (filesId: string, n: number) => ({ files_id: filesId, n, data: new Binary(Buffer.alloc(1000, n)) });

  it('keeps an upload under way whose id an instance two hours behind stamped, while its chunks grow', async () => {
    const memory = new MemoryMongo({ transactions: false });
    const store = await MongoStore.over(memory.client as unknown as MongoClient, memory.db);
    const now = Date.now();
    const id = newAudioFileId(now - 2 * 3_600_000);
    memory.seed('audio.chunks', [chunk(id, 0), chunk(id, 1)]);
    // The hourly job runs now: the id says two hours, but nothing saw these chunks before. Kept (the old sweep took them at once).
    expect(await store.audio.sweepAudioLeftovers(new Date(now))).toBe(0);
    expect(memory.documents('audio.chunks')).toHaveLength(2);
    // The upload goes on; an hour later, its chunks have grown: still kept.
    memory.seed('audio.chunks', [chunk(id, 2)]);
    expect(await store.audio.sweepAudioLeftovers(new Date(now + 3_600_000 + 1000))).toBe(0);
    expect(memory.documents('audio.chunks')).toHaveLength(3);
    // Dead since: an hour with no chunk added, still unnamed: swept, and its note with it.
    expect(await store.audio.sweepAudioLeftovers(new Date(now + 2 * 3_600_000 + 2000))).toBe(1);
    expect(memory.documents('audio.chunks')).toHaveLength(0);
    expect(memory.documents('audioOrphans')).toHaveLength(0);
    await store.close();
  });

  it('never names an upload whose chunks the sweep took while it stalled past the grace: the upload fails, nothing broken is served (rev31a)', async () => {
    const memory = new MemoryMongo({ transactions: false });
    const store = await MongoStore.over(memory.client as unknown as MongoClient, memory.db);
    const before = audioBytes(1000, 2);
    await store.audio.putAudio(storedAudio('hello', 'fon/stalled.wav', before), before);
    // Three chunks written, then the file document held (the link to the server stalled) for more than an hour.
    const content = audioBytes(600_000, 8);
    let open!: () => void;
    memory.holdNext('audio.files', 'insertOne', new Promise<void>((resolve) => (open = resolve)));
    const putting = store.audio.putAudio(storedAudio('hello', 'fon/stalled.wav', content), content);
    const chunksOf = () => memory.documents('audio.chunks').filter((c) => c.files_id !== memory.documents('audio.files')[0]?._id);
    for (let i = 0; i < 100 && chunksOf().length < 3; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(chunksOf()).toHaveLength(3);
    const now = Date.now();
    expect(await store.audio.sweepAudioLeftovers(new Date(now))).toBe(0);
    expect(await store.audio.sweepAudioLeftovers(new Date(now + 3_600_000 + 1000))).toBe(1);
    // The link comes back: GridFS names the file whose chunks are gone.
    open();
    await expect(putting).rejects.toThrow(/chunks/);
    // Served: the take before, whole (the old code named the new file without its bytes: every read failed).
    expect((await store.audio.readAudio('hello', 'fon/stalled.wav'))?.content.equals(before)).toBe(true);
    expect(await store.audio.listAudio('hello')).toHaveLength(1);
    expect(memory.documents('audio.files')).toHaveLength(1);
    await store.close();
  });

  it('never names a copy (« Dupliquer ») whose chunks the sweep took while it stalled past the grace (rev31a)', async () => {
    const memory = new MemoryMongo({ transactions: false });
    const store = await MongoStore.over(memory.client as unknown as MongoClient, memory.db);
    const content = audioBytes(600_000, 5);
    await store.audio.putAudio(storedAudio('hello', 'fon/copied.wav', content), content);
    let open!: () => void;
    memory.holdNext('audio.files', 'insertOne', new Promise<void>((resolve) => (open = resolve)));
    const copying = store.audio.copyToNewFlow('hello', 'copy', ['fon/copied.wav']);
    for (let i = 0; i < 100 && memory.documents('audio.chunks').length < 6; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(memory.documents('audio.chunks')).toHaveLength(6);
    const now = Date.now();
    expect(await store.audio.sweepAudioLeftovers(new Date(now))).toBe(0);
    expect(await store.audio.sweepAudioLeftovers(new Date(now + 3_600_000 + 1000))).toBe(1);
    open();
    await expect(copying).rejects.toThrow(/chunks/);
    // Nothing under the copy's id (the old code named a file with no chunk left), the original whole.
    expect(memory.documents('audio.files').filter((f) => String(f.filename).startsWith('copy/'))).toEqual([]);
    expect((await store.audio.readAudio('hello', 'fon/copied.wav'))?.content.equals(content)).toBe(true);
    await store.close();
  });

  it('sweeps the unnamed chunks of a file of the older id scheme (a bare UUID), and keeps a named one’s', async () => {
    const memory = new MemoryMongo({ transactions: false });
    const store = await MongoStore.over(memory.client as unknown as MongoClient, memory.db);
    const content = audioBytes(300_000, 6);
    await store.audio.putAudio(storedAudio('hello', 'fon/kept.wav', content), content);
    const orphan = randomUUID();
    memory.seed('audio.chunks', [chunk(orphan, 0), chunk(orphan, 1), chunk(orphan, 2)]);
    const now = Date.now();
    expect(await store.audio.sweepAudioLeftovers(new Date(now))).toBe(0);
    // An hour later, unchanged and still unnamed: gone (never, before: an id without a time was left for good).
    expect(await store.audio.sweepAudioLeftovers(new Date(now + 3_600_000))).toBe(1);
    expect(memory.documents('audio.chunks').filter((c) => c.files_id === orphan)).toHaveLength(0);
    expect((await store.audio.readAudio('hello', 'fon/kept.wav'))?.content.equals(content)).toBe(true);
    expect(await store.audio.sweepAudioLeftovers(new Date(now + 3 * 3_600_000))).toBe(0);
    expect(memory.documents('audioOrphans')).toHaveLength(0);
    await store.close();
  });
});
