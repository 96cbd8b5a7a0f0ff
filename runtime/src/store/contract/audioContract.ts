import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { StoreDump, Store, StoredAudio } from '../types.ts';
import { at, createFlow } from './fixtures.ts';
import { AUDIO_ORPHAN_CHUNKS_GRACE_MS, AUDIO_UPLOAD_GRACE_MS } from '../audioTypes.ts';

/** A small WAV-looking file: its bytes count (0…255 repeated), its signature does not matter to the store. */
export function audioBytes(size: number, seed = 0): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i += 1) bytes[i] = (i + seed) % 256;
  return bytes;
}

export function storedAudio(flowId: string, name: string, content: Buffer, uploadedAt = at(1)): StoredAudio {
  return { flowId, name, contentType: 'audio/wav', bytes: content.length, sha256: createHash('sha256').update(content).digest('hex'), uploadedAt };
}

/** Leaves in the store what a process killed mid-upload at `at` leaves: bytes stored, no file naming them (SQLite's parts, GridFS chunks). */
export type CutUpload = (store: Store, at: Date) => Promise<void>;

/** Recorded prompts: whole or by range, one per name, gone with their flow, in backups; what a cut upload left, swept. */
export function audioContract(store: () => Store, another: () => Promise<Store>, cutUpload?: CutUpload) {
  describe('recorded audio', () => {
    it.skipIf(!cutUpload)('sweeps the bytes an upload cut short left once past the grace, never a stored file’s', async () => {
      const content = audioBytes(600_000, 3);
      await store().audio.putAudio(storedAudio('hello', 'fon/kept.wav', content), content);
      const now = Date.now();
      await cutUpload!(store(), new Date(now));
      expect((await store().audio.listAudio('hello')).map((a) => a.name)).toEqual(['fon/kept.wav']);
      expect(await store().audio.audioBytes()).toBe(600_000);
      // Within the grace, the upload may still be running (on another instance): kept.
      expect(await store().audio.sweepAudioLeftovers(new Date(now + 60_000))).toBe(0);
      // Past the grace of either store (SQLite: 2 minutes after the last part; MongoDB: an hour after the upload began).
      const past = new Date(now + Math.max(AUDIO_UPLOAD_GRACE_MS, AUDIO_ORPHAN_CHUNKS_GRACE_MS) + 60_000);
      expect(await store().audio.sweepAudioLeftovers(past)).toBe(1);
      expect(await store().audio.sweepAudioLeftovers(past)).toBe(0);
      expect((await store().audio.readAudio('hello', 'fon/kept.wav'))?.content.equals(content)).toBe(true);
    });

    it('keeps a file and gives it back whole, by range and by description', async () => {
      // Larger than one GridFS chunk (255 KiB), so a range crosses chunks on MongoDB.
      const content = audioBytes(600_000);
      const audio = storedAudio('hello', 'fon/welcome.wav', content);
      await store().audio.putAudio(audio, content);
      expect(await store().audio.getAudioInfo('hello', 'fon/welcome.wav')).toEqual(audio);
      const whole = await store().audio.readAudio('hello', 'fon/welcome.wav');
      expect(whole?.audio).toEqual(audio);
      expect(whole?.content.equals(content)).toBe(true);
      const part = await store().audio.readAudio('hello', 'fon/welcome.wav', { start: 261_000, end: 262_143 });
      expect(part?.content.equals(content.subarray(261_000, 262_144))).toBe(true);
      // A range past the end is cut at the end.
      expect((await store().audio.readAudio('hello', 'fon/welcome.wav', { start: 599_990, end: 700_000 }))?.content.equals(content.subarray(599_990))).toBe(true);
      expect(await store().audio.readAudio('hello', 'fon/missing.wav')).toBeNull();
      expect(await store().audio.getAudioInfo('other', 'fon/welcome.wav')).toBeNull();
    });

    it('stores a file of many parts (SQLite 256 KiB, GridFS 255 KiB) put twice at once, a refused one leaving nothing; a backup carries it whole', async () => {
      const content = audioBytes(1_300_000, 11);
      const [a, b, refused] = await Promise.all([
        store().audio.putAudio(storedAudio('hello', 'fon/long.wav', content), content),
        store().audio.putAudio(storedAudio('other', 'fon/long.wav', content), content),
        (async () => {
          await store().audio.freezeAudio('hello', ['fon/frozen.wav']);
          return store().audio.putAudio(storedAudio('hello', 'fon/frozen.wav', content), content, 'unlessFrozen');
        })(),
      ]);
      expect([a, b, refused]).toEqual([true, true, false]);
      expect(await store().audio.getAudioInfo('hello', 'fon/frozen.wav')).toBeNull();
      for (const flow of ['hello', 'other']) {
        expect((await store().audio.readAudio(flow, 'fon/long.wav'))?.content.equals(content)).toBe(true);
        for (const [start, end] of [
          [262_140, 262_147],
          [261_115, 524_300],
          [1_299_999, 1_299_999],
        ] as const) {
          expect((await store().audio.readAudio(flow, 'fon/long.wav', { start, end }))?.content.equals(content.subarray(start, end + 1))).toBe(true);
        }
      }
      const fresh = await another();
      await fresh.restore(JSON.parse(JSON.stringify(await store().dump())) as StoreDump);
      expect((await fresh.audio.readAudio('other', 'fon/long.wav'))?.content.equals(content)).toBe(true);
      expect(await fresh.audio.getAudioInfo('hello', 'fon/long.wav')).toEqual(storedAudio('hello', 'fon/long.wav', content));
    });

    it('opens a file to read a part at a time: the same bytes as a whole read, exact at the parts’ edges', async () => {
      const content = audioBytes(1_300_000, 5);
      const small = audioBytes(5_000, 6);
      await store().audio.putAudio(storedAudio('hello', 'fon/open.wav', content), content);
      await store().audio.putAudio(storedAudio('hello', 'fon/small.wav', small), small);
      const read = async (name: string, range?: { start: number; end: number }) => {
        const opened = await store().audio.openAudio('hello', name, range);
        if (!opened) return null;
        const parts: Buffer[] = [];
        for await (const part of opened.parts) parts.push(part);
        const bytes = Buffer.concat(parts);
        expect(bytes.length).toBe(opened.length);
        return { ...opened, bytes, parts: parts.length };
      };
      const whole = await read('fon/open.wav');
      expect(whole?.audio).toEqual(storedAudio('hello', 'fon/open.wav', content));
      expect(whole?.bytes.equals(content)).toBe(true);
      // Parts, not the file at once (SQLite: 256 KiB; GridFS: 255 KiB chunks).
      expect(whole?.parts).toBeGreaterThanOrEqual(5);
      expect((await read('fon/small.wav'))?.bytes.equals(small)).toBe(true);
      const last = content.length - 1;
      // The parts' edges: SQLite's (256 KiB) and GridFS's (255 KiB); the first byte, the last, a suffix.
      for (const edge of [256 * 1024, 255 * 1024]) {
        for (const [start, end] of [
          [0, 0],
          [0, edge - 1],
          [edge - 1, edge - 1],
          [edge, edge],
          [edge - 1, edge],
          [edge, 2 * edge - 1],
          [edge - 3, 3 * edge + 2],
          [last, last],
          [last - 999, last],
          [1_200_000, 9_999_999],
        ] as const) {
          const got = await read('fon/open.wav', { start, end });
          expect(got?.start).toBe(start);
          expect(got?.bytes.equals(content.subarray(start, end + 1)), `${start}-${end}`).toBe(true);
        }
      }
      expect((await read('fon/small.wav', { start: 4_990, end: 4_999 }))?.bytes.equals(small.subarray(4_990))).toBe(true);
      expect(await store().audio.openAudio('hello', 'fon/missing.wav')).toBeNull();
      expect(await store().audio.openAudio('other', 'fon/open.wav')).toBeNull();
    });

    it('reads the file it opened: one replaced or deleted meanwhile gives its bytes or stops, never another file’s', async () => {
      const first = audioBytes(1_300_000, 7);
      const second = audioBytes(1_300_000, 8);
      await store().audio.putAudio(storedAudio('hello', 'fon/moving.wav', first), first);
      // Replaced after the open, before any byte is read: the opened file whole (or a failure), never the new one's bytes.
      const opened = await store().audio.openAudio('hello', 'fon/moving.wav');
      await store().audio.putAudio(storedAudio('hello', 'fon/moving.wav', second), second);
      const got: Buffer[] = [];
      await (async () => {
        for await (const part of opened!.parts) got.push(part);
      })().catch(() => undefined);
      const bytes = Buffer.concat(got);
      expect(bytes.equals(first.subarray(0, bytes.length))).toBe(true);
      // Deleted mid-read and its bytes swept: stopped short (an error), never wrong bytes.
      const reading = await store().audio.openAudio('hello', 'fon/moving.wav');
      const parts = reading!.parts[Symbol.asyncIterator]();
      const firstPart = await parts.next();
      expect(second.subarray(0, (firstPart.value as Buffer).length).equals(firstPart.value as Buffer)).toBe(true);
      expect(await store().audio.deleteAudio('hello', 'fon/moving.wav')).toBe(true);
      await store().audio.sweepAudioLeftovers(new Date(Date.now() + 2 * AUDIO_UPLOAD_GRACE_MS));
      let read = (firstPart.value as Buffer).length;
      const rest = (async () => {
        for (let next = await parts.next(); !next.done; next = await parts.next()) {
          expect((next.value as Buffer).equals(second.subarray(read, read + (next.value as Buffer).length))).toBe(true);
          read += (next.value as Buffer).length;
        }
      })();
      // Its bytes are gone: the read fails before the end (SQLite; MongoDB: a chunk missing), or ends
      // whole with the bytes it had already fetched (GridFS's cursor may hold the chunks of its first batch).
      const failed = await rest.then(
        () => false,
        () => true,
      );
      expect(failed ? read < second.length : read === second.length).toBe(true);
    });

    it('describes a file by its own bytes (SHA-256 and size), whatever the caller stated', async () => {
      const first = audioBytes(3_000, 1);
      const second = audioBytes(2_000, 2);
      await store().audio.putAudio(storedAudio('hello', 'fon/a.wav', first), first);
      // Stated as the first file (its hash and size): the ETag and the size served are the second's.
      await store().audio.putAudio({ ...storedAudio('hello', 'fon/b.wav', second), sha256: storedAudio('x', 'x.wav', first).sha256, bytes: first.length }, second);
      expect(await store().audio.getAudioInfo('hello', 'fon/b.wav')).toEqual(storedAudio('hello', 'fon/b.wav', second));
      expect((await store().audio.readAudio('hello', 'fon/b.wav'))?.content.equals(second)).toBe(true);
      expect((await store().audio.readAudio('hello', 'fon/a.wav'))?.content.equals(first)).toBe(true);
      expect(await store().audio.audioBytes('hello')).toBe(5_000);
    });

    it('lists a flow’s files by name and replaces a name whole', async () => {
      const first = audioBytes(100, 1);
      const second = audioBytes(50, 2);
      await store().audio.putAudio(storedAudio('hello', 'fr/menu.wav', first), first);
      await store().audio.putAudio(storedAudio('hello', 'fon/menu.wav', first), first);
      await store().audio.putAudio(storedAudio('hellothere', 'fon/menu.wav', first), first);
      await store().audio.putAudio(storedAudio('hello', 'fr/menu.wav', second, at(2)), second);
      expect((await store().audio.listAudio('hello')).map((a) => [a.name, a.bytes])).toEqual([
        ['fon/menu.wav', 100],
        ['fr/menu.wav', 50],
      ]);
      expect((await store().audio.readAudio('hello', 'fr/menu.wav'))?.content.equals(second)).toBe(true);
      expect(await store().audio.listAudio('nothing')).toEqual([]);
      // What the quotas count: a flow's files, every flow's; a name replaced counts once.
      expect(await store().audio.audioBytes('hello')).toBe(150);
      expect(await store().audio.audioBytes('hellothere')).toBe(100);
      expect(await store().audio.audioBytes('nothing')).toBe(0);
      expect(await store().audio.audioBytes()).toBe(250);
    });

    it('deletes one file, a flow’s files, and a flow’s files with the flow', async () => {
      const content = audioBytes(10);
      await createFlow(store(), 'gone');
      for (const [flowId, name] of [
        ['hello', 'a.wav'],
        ['hello', 'b.wav'],
        ['other', 'a.wav'],
        ['gone', 'fon/a.wav'],
      ] as const) {
        await store().audio.putAudio(storedAudio(flowId, name, content), content);
      }
      expect(await store().audio.deleteAudio('hello', 'a.wav')).toBe(true);
      expect(await store().audio.deleteAudio('hello', 'a.wav')).toBe(false);
      expect((await store().audio.listAudio('hello')).map((a) => a.name)).toEqual(['b.wav']);
      expect(await store().audio.deleteFlowAudio('hello')).toBe(1);
      expect(await store().audio.listAudio('hello')).toEqual([]);
      expect((await store().audio.listAudio('other')).map((a) => a.name)).toEqual(['a.wav']);
      // A purged flow takes its prompts along: a new flow under its id starts without them.
      await store().archiveFlow('gone', at(2), 'pat');
      expect((await store().purgeArchivedFlows(at(3))).map((f) => f.id)).toEqual(['gone']);
      expect(await store().audio.listAudio('gone')).toEqual([]);
      expect(await store().audio.readAudio('gone', 'fon/a.wav')).toBeNull();
    });

    it('never replaces a frozen name by a conditional put, and fills a frozen name without a file once', async () => {
      const first = audioBytes(300_000, 1);
      const second = audioBytes(200, 2);
      const read = async (name: string) => (await store().audio.readAudio('hello', name))?.content;
      // A draft's take: replaced by a conditional put while nothing froze it.
      expect(await store().audio.putAudio(storedAudio('hello', 'fon/welcome.wav', second), second, 'unlessFrozen')).toBe(true);
      expect(await store().audio.putAudio(storedAudio('hello', 'fon/welcome.wav', first), first, 'unlessFrozen')).toBe(true);
      await store().audio.freezeAudio('hello', ['fon/welcome.wav', 'fon/menu.wav']);
      await store().audio.freezeAudio('hello', ['fon/welcome.wav']);
      expect(await store().audio.listFrozenAudio('hello')).toEqual(['fon/menu.wav', 'fon/welcome.wav']);
      expect(await store().audio.listFrozenAudio('other')).toEqual([]);
      expect(await store().audio.putAudio(storedAudio('hello', 'fon/welcome.wav', second, at(2)), second, 'unlessFrozen')).toBe(false);
      expect((await read('fon/welcome.wav'))?.equals(first)).toBe(true);
      expect(await store().audio.getAudioInfo('hello', 'fon/welcome.wav')).toEqual(storedAudio('hello', 'fon/welcome.wav', first));
      expect(await store().audio.putAudio(storedAudio('hello', 'fon/welcome.wav', second, at(2)), second, 'ifAbsent')).toBe(false);
      expect((await read('fon/welcome.wav'))?.equals(first)).toBe(true);
      // Frozen before its file came (a version imported ahead of its recordings): filled once, then kept.
      expect(await store().audio.putAudio(storedAudio('hello', 'fon/menu.wav', second), second, 'ifAbsent')).toBe(true);
      expect(await store().audio.putAudio(storedAudio('hello', 'fon/menu.wav', first), first, 'ifAbsent')).toBe(false);
      expect(await store().audio.putAudio(storedAudio('hello', 'fon/menu.wav', first), first, 'unlessFrozen')).toBe(false);
      expect((await read('fon/menu.wav'))?.equals(second)).toBe(true);
      expect((await store().audio.listAudio('hello')).map((a) => [a.name, a.bytes])).toEqual([
        ['fon/menu.wav', 200],
        ['fon/welcome.wav', 300_000],
      ]);
      // A purged flow's names thaw with it.
      expect(await store().audio.deleteFlowAudio('hello')).toBe(2);
      expect(await store().audio.listFrozenAudio('hello')).toEqual([]);
    });

    it('of uploads racing a freeze, none changes what the name holds once the freeze is done', async () => {
      const first = audioBytes(300_000, 3);
      await store().audio.putAudio(storedAudio('race', 'fon/welcome.wav', first), first);
      const takes = [4, 5, 6, 7, 8, 9].map((seed) => audioBytes(280_000, seed));
      const uploads = takes.map((take, i) => store().audio.putAudio(storedAudio('race', 'fon/welcome.wav', take, at(2 + i)), take, 'unlessFrozen'));
      await store().audio.freezeAudio('race', ['fon/welcome.wav']);
      const atFreeze = (await store().audio.readAudio('race', 'fon/welcome.wav'))?.content;
      const written = await Promise.all(uploads);
      const after = (await store().audio.readAudio('race', 'fon/welcome.wav'))?.content;
      expect(after?.equals(atFreeze!)).toBe(true);
      // What it holds is the first file or a take whose upload said it was written; a refused one left nothing.
      expect([first, ...takes.filter((_, i) => written[i])].some((candidate) => candidate.equals(after!))).toBe(true);
      expect((await store().audio.getAudioInfo('race', 'fon/welcome.wav'))?.sha256).toBe(createHash('sha256').update(after!).digest('hex'));
      expect(await store().audio.putAudio(storedAudio('race', 'fon/welcome.wav', takes[0]!, at(9)), takes[0]!, 'unlessFrozen')).toBe(false);
      expect((await store().audio.listAudio('race')).map((a) => a.sha256)).toEqual([createHash('sha256').update(after!).digest('hex')]);
    });

    it('never removes a frozen name by a conditional delete, and removes an unnamed take only past its note', async () => {
      const content = audioBytes(300_000, 4);
      const take = { ...storedAudio('hello', 'fon/welcome-2.wav', content), takeOf: 'fon/welcome.wav' };
      await store().audio.putAudio(take, content);
      await store().audio.putAudio(storedAudio('hello', 'fon/menu.wav', content), content);
      // A publish froze the name: the delete is refused, the file stays whole.
      await store().audio.freezeAudio('hello', ['fon/menu.wav']);
      expect(await store().audio.deleteAudio('hello', 'fon/menu.wav', { unlessFrozen: true })).toBe(false);
      expect((await store().audio.readAudio('hello', 'fon/menu.wav'))?.content.equals(content)).toBe(true);
      expect(await store().audio.listFrozenAudio('hello')).toEqual(['fon/menu.wav']);
      // Noted unnamed at 10, the oldest note stays; a file not listed is named again.
      await store().audio.noteUnnamedAudio('hello', ['fon/welcome-2.wav', 'fon/menu.wav'], at(10));
      await store().audio.noteUnnamedAudio('hello', ['fon/welcome-2.wav'], at(20));
      expect((await store().audio.listAudio('hello')).map((a) => [a.name, a.takeOf, a.unnamedSince])).toEqual([
        ['fon/menu.wav', undefined, undefined],
        ['fon/welcome-2.wav', 'fon/welcome.wav', at(10)],
      ]);
      expect(await store().audio.deleteAudio('hello', 'fon/welcome-2.wav', { unlessFrozen: true, unnamedSince: at(9) })).toBe(false);
      // Uploaded again under its name: a new file, nothing noted it unnamed yet.
      await store().audio.putAudio(take, content);
      expect((await store().audio.getAudioInfo('hello', 'fon/welcome-2.wav'))?.unnamedSince).toBeUndefined();
      expect(await store().audio.deleteAudio('hello', 'fon/welcome-2.wav', { unlessFrozen: true, unnamedSince: at(30) })).toBe(false);
      await store().audio.noteUnnamedAudio('hello', ['fon/welcome-2.wav'], at(40));
      expect(await store().audio.deleteAudio('hello', 'fon/welcome-2.wav', { unlessFrozen: true, unnamedSince: at(40) })).toBe(true);
      expect(await store().audio.readAudio('hello', 'fon/welcome-2.wav')).toBeNull();
      expect(await store().audio.deleteAudio('hello', 'fon/welcome-2.wav', { unlessFrozen: true })).toBe(false);
      // A name no one froze is removed by a conditional delete too, and is not frozen by it.
      await store().audio.putAudio(take, content);
      expect(await store().audio.deleteAudio('hello', 'fon/welcome-2.wav', { unlessFrozen: true })).toBe(true);
      expect(await store().audio.listFrozenAudio('hello')).toEqual(['fon/menu.wav']);
      expect(await store().audio.putAudio(take, content, 'unlessFrozen')).toBe(true);
    });

    it('of conditional deletes racing a freeze, the name ends frozen, holding its file unless the delete came first', async () => {
      const content = audioBytes(300_000, 5);
      for (let round = 0; round < 6; round += 1) {
        const name = `fon/race-${round + 2}.wav`;
        await store().audio.putAudio(storedAudio('race', name, content), content);
        const deleting = store().audio.deleteAudio('race', name, { unlessFrozen: true });
        const freezing = store().audio.freezeAudio('race', [name]);
        const [deleted] = await Promise.all([deleting, freezing]);
        expect(await store().audio.listFrozenAudio('race')).toContain(name);
        const left = await store().audio.readAudio('race', name);
        // Refused: the frozen name serves its file whole. Removed: nothing is served, and the frozen name may be filled once.
        if (deleted) {
          expect(left).toBeNull();
          expect(await store().audio.putAudio(storedAudio('race', name, content), content, 'ifAbsent')).toBe(true);
        } else expect(left?.content.equals(content)).toBe(true);
        expect(await store().audio.deleteAudio('race', name, { unlessFrozen: true })).toBe(false);
        expect((await store().audio.readAudio('race', name))?.content.equals(content)).toBe(true);
      }
    });

    it('carries frozen names and takes in a backup, and a restore keeps refusing to replace or remove them', async () => {
      const content = audioBytes(1000, 6);
      await createFlow(store(), 'hello');
      await store().audio.putAudio({ ...storedAudio('hello', 'fon/welcome-2.wav', content), takeOf: 'fon/welcome.wav' }, content);
      await store().audio.putAudio(storedAudio('hello', 'fon/menu.wav', content), content);
      await store().audio.freezeAudio('hello', ['fon/welcome-2.wav', 'fon/missing.wav']);
      await store().audio.noteUnnamedAudio('hello', ['fon/menu.wav'], at(1));
      const dump = await store().dump();
      expect(dump.audioFrozen).toEqual([
        { flowId: 'hello', name: 'fon/missing.wav' },
        { flowId: 'hello', name: 'fon/welcome-2.wav' },
      ]);
      const fresh = await another();
      await fresh.restore(JSON.parse(JSON.stringify(dump)) as StoreDump);
      expect(await fresh.audio.listFrozenAudio('hello')).toEqual(['fon/missing.wav', 'fon/welcome-2.wav']);
      expect(await fresh.audio.deleteAudio('hello', 'fon/welcome-2.wav', { unlessFrozen: true })).toBe(false);
      expect(await fresh.audio.putAudio(storedAudio('hello', 'fon/welcome-2.wav', audioBytes(10)), audioBytes(10), 'unlessFrozen')).toBe(false);
      expect((await fresh.audio.readAudio('hello', 'fon/welcome-2.wav'))?.content.equals(content)).toBe(true);
      // The take stays a take; the grace of an unnamed file starts again in the restored store.
      expect((await fresh.audio.listAudio('hello')).map((a) => [a.name, a.takeOf, a.unnamedSince])).toEqual([
        ['fon/menu.wav', undefined, undefined],
        ['fon/welcome-2.wav', 'fon/welcome.wav', undefined],
      ]);
      // The name frozen before its file came can still be filled once.
      expect(await fresh.audio.putAudio(storedAudio('hello', 'fon/missing.wav', content), content, 'ifAbsent')).toBe(true);
    });

    it('carries the files in a backup and restores them', async () => {
      const content = audioBytes(300_000, 7);
      await createFlow(store(), 'hello');
      await store().audio.putAudio(storedAudio('hello', 'fon/welcome.wav', content), content);
      const dump = await store().dump();
      expect(dump.audio?.map((a) => [a.flowId, a.name, a.bytes])).toEqual([['hello', 'fon/welcome.wav', 300_000]]);
      const fresh = await another();
      await fresh.restore(JSON.parse(JSON.stringify(dump)) as StoreDump);
      expect((await fresh.audio.readAudio('hello', 'fon/welcome.wav'))?.content.equals(content)).toBe(true);
      expect(await fresh.audio.getAudioInfo('hello', 'fon/welcome.wav')).toEqual(await store().audio.getAudioInfo('hello', 'fon/welcome.wav'));
    });

    it('dumps each file once, as bytes: its base64 is made when the backup writer reads it, the same each time', async () => {
      const content = audioBytes(200_000, 9);
      await createFlow(store(), 'hello');
      await store().audio.putAudio(storedAudio('hello', 'fon/welcome.wav', content), content);
      const [entry] = (await store().dump()).audio ?? [];
      // Not a string held for every prompt at once (a backup held them twice: 1.4 GB for 550 MB of prompts).
      expect(typeof Object.getOwnPropertyDescriptor(entry, 'base64')?.get).toBe('function');
      expect(entry?.base64).toBe(content.toString('base64'));
      expect(JSON.parse(JSON.stringify(entry))).toMatchObject({ name: 'fon/welcome.wav', base64: content.toString('base64') });
      expect({ ...entry }.base64).toBe(content.toString('base64'));
    });

    it('restores files given as bytes (a backup file read prompt by prompt) as it does base64', async () => {
      const content = audioBytes(300_000, 8);
      await createFlow(store(), 'hello');
      await store().audio.putAudio(storedAudio('hello', 'fon/welcome.wav', content), content);
      const dump = JSON.parse(JSON.stringify(await store().dump())) as StoreDump;
      const decoded = { ...dump, audio: dump.audio?.map((entry) => ({ ...entry, base64: '', content: Buffer.from(entry.base64, 'base64') })) };
      const fresh = await another();
      await fresh.restore(decoded);
      expect((await fresh.audio.readAudio('hello', 'fon/welcome.wav'))?.content.equals(content)).toBe(true);
      // The bytes are not kept as the file's description.
      expect(await fresh.audio.getAudioInfo('hello', 'fon/welcome.wav')).toEqual(await store().audio.getAudioInfo('hello', 'fon/welcome.wav'));
    });
  });
}
