import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { audioBytes, storedAudio } from '../contract/audioContract.ts';
import { draft, flowRecord } from '../contract/fixtures.ts';
import { SqliteStore } from './SqliteStore.ts';

/**
 * « Dupliquer » on SQLite, seen from a second process on the same file: the copy appears whole or
 * not at all, and a copy whose process dies before the flow is written leaves nothing listed. (That
 * it copies rows, never bytes: audioBlobs.test.ts.)
 */
describe('copying a flow on SQLite', () => {
  const opened: SqliteStore[] = [];
  let dir = '';
  const open = () => {
    const store = new SqliteStore(join(dir, 'griot.db'));
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  async function sourceWith(store: SqliteStore, count: number): Promise<string[]> {
    await store.createFlow(flowRecord('selfcare'), draft('selfcare'));
    const names = Array.from({ length: count }, (_, i) => `fon/prompt-${i}.wav`);
    for (const [i, name] of names.entries()) {
      const bytes = audioBytes(5_000, i);
      await store.audio.putAudio(storedAudio('selfcare', name, bytes), bytes);
    }
    return names;
  }

  it('never shows another process a copy lacking some of its recordings', async () => {
    dir = mkdtempSync(join(tmpdir(), 'griot-copy-'));
    const writer = open();
    const reader = open();
    const names = await sourceWith(writer, 40);
    const seen: number[] = [];
    const copying = writer.copyFlow(flowRecord('selfcare-copy'), draft('selfcare-copy'), { from: 'selfcare', names });
    let done = false;
    void copying.finally(() => {
      done = true;
    });
    while (!done) {
      // What another instance's flow list and audio routes would answer meanwhile.
      if (await reader.getFlow('selfcare-copy')) seen.push((await reader.audio.listAudio('selfcare-copy')).length);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    expect(await copying).toMatchObject({ ok: true });
    expect(seen.every((n) => n === 40)).toBe(true);
    expect((await reader.audio.listAudio('selfcare-copy')).length).toBe(40);
  });

  it('leaves no flow when the process dies before the flow is written; the next copy to the id holds only its own recordings', async () => {
    dir = mkdtempSync(join(tmpdir(), 'griot-copy-'));
    const dying = open();
    const names = await sourceWith(dying, 5);
    const tables = (dying as unknown as { t: { flows: { create: () => boolean } } }).t;
    tables.flows.create = () => {
      throw new Error('the process died');
    };
    await expect(dying.copyFlow(flowRecord('selfcare-copy'), draft('selfcare-copy'), { from: 'selfcare', names })).rejects.toThrow('the process died');

    const next = open();
    expect(await next.getFlow('selfcare-copy')).toBeNull();
    expect((await next.listFlows()).map((f) => f.id)).toEqual(['selfcare']);
    expect(await next.copyFlow(flowRecord('selfcare-copy'), draft('selfcare-copy'), { from: 'selfcare', names: ['fon/prompt-1.wav'] })).toEqual({ ok: true, recordings: ['fon/prompt-1.wav'] });
    expect((await next.audio.listAudio('selfcare-copy')).map((a) => a.name)).toEqual(['fon/prompt-1.wav']);
  });
});
