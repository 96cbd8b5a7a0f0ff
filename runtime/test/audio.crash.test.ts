import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startGriotProcess, type GriotProcess } from './helpers/griotProcess.ts';
import { makeDataDir } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';
import { toneWav } from '../src/audio/toneWav.ts';
import { SqliteStore } from '../src/store/sqlite/SqliteStore.ts';

/**
 * The crash test of a recording stored in parts (migration 36): a real Griot process is killed
 * with SIGKILL once some of a new 9.6 MB recording's parts are written and before the row names
 * them. The next process on the same DATA_DIR serves, lists and counts nothing of it, and the
 * parts left are swept once stale (here: a store opened with no grace, as the start does after
 * two minutes).
 */
const TOKEN = 'crash-test-admin-token-0123456789';
const FLOW = 'crashaudio';
const SIGNED_IN = { authorization: `Bearer ${TOKEN}` };
let griot: GriotProcess | undefined;
afterAll(async () => {
  await griot?.stop().catch(() => undefined);
});

describe('a recording being stored in parts, then kill -9', () => {
  it('leaves nothing served, listed or counted after a restart, and its parts are swept', { timeout: 120_000 }, async () => {
    const dataDir = await makeDataDir();
    const env = { DATA_DIR: dataDir, GRIOT_ADMIN_TOKEN: TOKEN };
    griot = await startGriotProcess(env);
    const created = await fetch(`${griot.url}/api/flows`, {
      method: 'POST',
      headers: { ...SIGNED_IN, 'content-type': 'application/json' },
      body: JSON.stringify({ document: testFlow({ id: FLOW }) }),
    });
    expect(created.status).toBe(201);
    const file = new Database(join(dataDir, 'griot.db'), { readonly: true, fileMustExist: true });
    const partsWritten = file.prepare('SELECT count(*) FROM audio_parts').pluck();
    try {
      const wav = toneWav(600);
      const answer = fetch(`${griot.url}/api/flows/${FLOW}/audio?name=fon/long.wav`, { method: 'POST', headers: { ...SIGNED_IN, 'content-type': 'audio/wav' }, body: wav }).then(
        (r) => r.status,
        () => 'cut',
      );
      let answered: number | string | undefined;
      void answer.then((status) => (answered = status));
      // Killed as soon as a part is in the file: the row naming them comes with the last.
      const until = Date.now() + 60_000;
      while ((partsWritten.get() as number) === 0 && answered === undefined && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 1));
      await griot.kill9();
      expect(await answer).toBe('cut');
      const left = partsWritten.get() as number;
      // Parts in the file (40 for the whole 9.6 MB), no answer: the process died before the row named them.
      expect(left).toBeGreaterThan(0);
    } finally {
      file.close();
    }

    griot = await startGriotProcess(env);
    const served = await fetch(`${griot.url}/audio/${FLOW}/fon/long.wav`, { headers: SIGNED_IN });
    expect(served.status).toBe(404);
    const listed = await fetch(`${griot.url}/api/flows/${FLOW}/audio`, { headers: SIGNED_IN });
    expect(await listed.json()).toEqual([]);
    await griot.stop();
    griot = undefined;

    // Younger than two minutes, the restart kept them (another instance's upload may be going on); once stale, the start sweeps them.
    const store = new SqliteStore(join(dataDir, 'griot.db'), { staleUploadMs: 0 });
    try {
      const db = new Database(join(dataDir, 'griot.db'), { readonly: true, fileMustExist: true });
      expect(db.prepare('SELECT (SELECT count(*) FROM audio_parts) + (SELECT count(*) FROM audio_uploads)').pluck().get()).toBe(0);
      expect(await store.audio.listAudio(FLOW)).toEqual([]);
      db.close();
    } finally {
      await store.close();
    }
  });
});
