import { describe, expect, it } from 'vitest';
import type { Store } from '../types.ts';
import { testFlow } from '../testFlow.ts';
import { contentHash } from '@griot/flows';
import { audioBytes, storedAudio } from './audioContract.ts';
import { binding, createFlow, draft, flowRecord, pointer, version } from './fixtures.ts';

function copyOf(id: string, name = `Copy of ${id}`) {
  const document = testFlow(id, name);
  return { flow: { ...flowRecord(id), name }, draft: { ...draft(id), document, hash: contentHash(document) } };
}

/** « Dupliquer »: a new flow with the source's recordings, whole or not at all. */
export function copyFlowContract(store: () => Store) {
  describe('copying a flow', () => {
    it('creates the copy with its draft and the named recordings, and nothing else of the source', async () => {
      await createFlow(store(), 'selfcare');
      // Larger than a GridFS chunk: the copy is chunk by chunk on MongoDB.
      const welcome = audioBytes(600_000, 3);
      const menu = audioBytes(1_000, 4);
      const unused = audioBytes(10, 5);
      await store().audio.putAudio(storedAudio('selfcare', 'fon/welcome.wav', welcome), welcome);
      await store().audio.putAudio(storedAudio('selfcare', 'fon/menu.wav', menu), menu);
      await store().audio.putAudio(storedAudio('selfcare', 'fon/unused.wav', unused), unused);
      await store().audio.freezeAudio('selfcare', ['fon/welcome.wav']);
      await store().addVersion(version('selfcare', 'v1'));
      await store().putBinding(binding('b1', 'selfcare'));

      const { flow, draft: copied } = copyOf('selfcare-copy');
      const result = await store().copyFlow(flow, copied, { from: 'selfcare', names: ['fon/welcome.wav', 'fon/menu.wav', 'fon/never-recorded.wav'] });

      expect(result).toEqual({ ok: true, recordings: ['fon/welcome.wav', 'fon/menu.wav'] });
      expect(await store().getFlow('selfcare-copy')).toEqual(flow);
      expect(await store().getDraft('selfcare-copy')).toEqual(copied);
      expect((await store().audio.listAudio('selfcare-copy')).map((a) => [a.flowId, a.name, a.bytes])).toEqual([
        ['selfcare-copy', 'fon/menu.wav', 1_000],
        ['selfcare-copy', 'fon/welcome.wav', 600_000],
      ]);
      expect((await store().audio.readAudio('selfcare-copy', 'fon/welcome.wav'))?.content.equals(welcome)).toBe(true);
      expect((await store().audio.readAudio('selfcare-copy', 'fon/menu.wav'))?.content.equals(menu)).toBe(true);
      // The copy has published nothing: its names are its own to record again.
      expect(await store().audio.listFrozenAudio('selfcare-copy')).toEqual([]);
      expect(await store().listVersions('selfcare-copy')).toEqual([]);
      expect((await store().listBindings()).map((b) => b.flowId)).toEqual(['selfcare']);
      // The source keeps everything.
      expect((await store().audio.listAudio('selfcare')).map((a) => a.name)).toEqual(['fon/menu.wav', 'fon/unused.wav', 'fon/welcome.wav']);
      expect((await store().audio.readAudio('selfcare', 'fon/welcome.wav'))?.content.equals(welcome)).toBe(true);
    });

    it('writes nothing when the id is taken: the flow there keeps its draft and recordings', async () => {
      await createFlow(store(), 'selfcare');
      await createFlow(store(), 'taken');
      const source = audioBytes(100, 1);
      const theirs = audioBytes(50, 2);
      await store().audio.putAudio(storedAudio('selfcare', 'fon/welcome.wav', source), source);
      await store().audio.putAudio(storedAudio('taken', 'fon/welcome.wav', theirs), theirs);
      await store().addVersion(version('taken', 'v1'));
      await store().setEnvironment('taken', 'production', null, pointer('taken', 'production', 1));

      const { flow, draft: copied } = copyOf('taken');
      expect(await store().copyFlow(flow, copied, { from: 'selfcare', names: ['fon/welcome.wav'] })).toEqual({ ok: false, reason: 'exists' });
      expect((await store().getFlow('taken'))?.name).toBe('Flow taken');
      expect((await store().getDraft('taken'))?.document.name).toBe('Flow taken');
      expect((await store().audio.listAudio('taken')).map((a) => a.bytes)).toEqual([50]);
      expect((await store().audio.readAudio('taken', 'fon/welcome.wav'))?.content.equals(theirs)).toBe(true);
    });

    it('takes the files back when the last step refuses (a quota checked again once they are written)', async () => {
      await createFlow(store(), 'selfcare');
      const source = audioBytes(100, 1);
      await store().audio.putAudio(storedAudio('selfcare', 'fon/welcome.wav', source), source);
      const { flow, draft: copied } = copyOf('selfcare-copy');
      const full = new Error('audio_quota_full');
      await expect(
        store().copyFlow(flow, copied, { from: 'selfcare', names: ['fon/welcome.wav'] }, async () => {
          throw full;
        }),
      ).rejects.toBe(full);
      expect(await store().getFlow('selfcare-copy')).toBeNull();
      expect(await store().audio.listAudio('selfcare-copy')).toEqual([]);
      expect(await store().audio.audioBytes('selfcare-copy')).toBe(0);
      expect((await store().audio.listAudio('selfcare')).map((a) => a.name)).toEqual(['fon/welcome.wav']);
    });

    it('an ordinary creation with the id a copy cut short left files under starts with an empty library', async () => {
      const stray = audioBytes(70, 9);
      // What a copy left when its process died before the flow was written: files under an id no flow holds.
      await store().audio.putAudio(storedAudio('selfcare-copy', 'fon/welcome.wav', stray), stray);
      expect((await store().createFlow(flowRecord('selfcare-copy'), draft('selfcare-copy'))).ok).toBe(true);
      expect(await store().audio.listAudio('selfcare-copy')).toEqual([]);
      expect(await store().audio.readAudio('selfcare-copy', 'fon/welcome.wav')).toBeNull();
      expect(await store().audio.audioBytes('selfcare-copy')).toBe(0);
      // A creation refused (the id taken) leaves the flow there its files.
      const theirs = audioBytes(40, 2);
      await store().audio.putAudio(storedAudio('selfcare-copy', 'fon/menu.wav', theirs), theirs);
      expect((await store().createFlow(flowRecord('selfcare-copy'), draft('selfcare-copy'))).ok).toBe(false);
      expect((await store().audio.listAudio('selfcare-copy')).map((a) => a.name)).toEqual(['fon/menu.wav']);
    });

    it('replaces what a copy cut short left under the id, keeping only the recordings copied now', async () => {
      await createFlow(store(), 'selfcare');
      const source = audioBytes(100, 1);
      const stray = audioBytes(70, 9);
      await store().audio.putAudio(storedAudio('selfcare', 'fon/welcome.wav', source), source);
      await store().audio.putAudio(storedAudio('selfcare-copy', 'fon/welcome.wav', stray), stray);
      await store().audio.putAudio(storedAudio('selfcare-copy', 'fon/stray.wav', stray), stray);

      const { flow, draft: copied } = copyOf('selfcare-copy');
      expect(await store().copyFlow(flow, copied, { from: 'selfcare', names: ['fon/welcome.wav'] })).toEqual({ ok: true, recordings: ['fon/welcome.wav'] });
      expect((await store().audio.listAudio('selfcare-copy')).map((a) => a.name)).toEqual(['fon/welcome.wav']);
      expect((await store().audio.readAudio('selfcare-copy', 'fon/welcome.wav'))?.content.equals(source)).toBe(true);
      expect(await store().audio.audioBytes('selfcare-copy')).toBe(100);
    });
  });
}
