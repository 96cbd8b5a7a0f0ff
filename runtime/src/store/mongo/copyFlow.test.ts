import { describe, expect, it } from 'vitest';
import { audioBytes, storedAudio } from '../contract/audioContract.ts';
import { draft, flowRecord } from '../contract/fixtures.ts';
import { ORPHAN_DRAFT_MS } from './flowDocuments.ts';
import { memoryMongoStore } from './testing/memoryMongoStore.ts';

/**
 * « Dupliquer » on MongoDB, on the in-memory driver: a copy whose process dies halfway (the server
 * gone before the flow is written, nothing undone) leaves no flow anyone sees, and the next copy
 * to the same id brings only its own recordings.
 */
const later = (d: ReturnType<typeof draft>, ms: number) => ({ ...d, updatedAt: new Date(Date.parse(d.updatedAt) + ms).toISOString() });

for (const transactions of [false, true]) {
  describe(`copying a flow cut short (${transactions ? 'replica set' : 'standalone server'})`, () => {
    it('leaves no copy in the list, and the next copy to that id holds the recordings copied then only', async () => {
      const { store, memory } = await memoryMongoStore({ transactions });
      await store.createFlow(flowRecord('selfcare'), draft('selfcare'));
      const welcome = audioBytes(600_000, 1);
      const menu = audioBytes(2_000, 2);
      await store.audio.putAudio(storedAudio('selfcare', 'fon/welcome.wav', welcome), welcome);
      await store.audio.putAudio(storedAudio('selfcare', 'fon/menu.wav', menu), menu);

      // The recordings are copied, then the process dies as the flow is written: nothing runs after.
      const died = new Error('the process died');
      memory.failNext('flows', 'insertOne', { error: died });
      memory.failNext('audio.files', 'deleteMany', { error: died });
      await expect(store.copyFlow(flowRecord('selfcare-copy'), draft('selfcare-copy'), { from: 'selfcare', names: ['fon/welcome.wav', 'fon/menu.wav'] })).rejects.toThrow('the process died');
      expect(await store.getFlow('selfcare-copy')).toBeNull();
      expect((await store.listFlows()).map((f) => f.id)).toEqual(['selfcare']);

      // The editor tries again (after the time a creation in progress is waited for): only what this copy brings.
      const again = later(draft('selfcare-copy'), ORPHAN_DRAFT_MS + 1000);
      expect(await store.copyFlow(flowRecord('selfcare-copy'), again, { from: 'selfcare', names: ['fon/menu.wav'] })).toEqual({ ok: true, recordings: ['fon/menu.wav'] });
      expect((await store.audio.listAudio('selfcare-copy')).map((a) => a.name)).toEqual(['fon/menu.wav']);
      expect((await store.audio.readAudio('selfcare-copy', 'fon/menu.wav'))?.content.equals(menu)).toBe(true);
      expect(await store.audio.audioBytes('selfcare-copy')).toBe(2_000);
      // The source keeps its own.
      expect((await store.audio.readAudio('selfcare', 'fon/welcome.wav'))?.content.equals(welcome)).toBe(true);
      await store.close();
    });
  });
}
