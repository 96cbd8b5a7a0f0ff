import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startGriotProcess, type GriotProcess } from './helpers/griotProcess.ts';
import { makeDataDir } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';
import { toneWav } from '../src/audio/toneWav.ts';
import { SqliteStore } from '../src/store/sqlite/SqliteStore.ts';

/**
 * The crash test of a recording's delete in steps (migration 37): a real Griot process is killed
 * with SIGKILL once the recording's row is gone and before all its parts are. Nothing of it is
 * served or listed, then or after a restart, and the restart deletes the parts left (released:
 * no grace to wait, unlike an upload's).
 */
const TOKEN = 'crash-test-admin-token-0123456789';
const FLOW = 'crashdelete';
const SIGNED_IN = { authorization: `Bearer ${TOKEN}` };
let griot: GriotProcess | undefined;
afterAll(async () => {
  await griot?.stop().catch(() => undefined);
});

describe('a recording being deleted in steps, then kill -9', () => {
  it('leaves nothing served or listed after a restart, and the restart deletes its parts left', { timeout: 120_000 }, async () => {
    const dataDir = await makeDataDir();
    const env = { DATA_DIR: dataDir, GRIOT_ADMIN_TOKEN: TOKEN };
    griot = await startGriotProcess(env);
    const created = await fetch(`${griot.url}/api/flows`, {
      method: 'POST',
      headers: { ...SIGNED_IN, 'content-type': 'application/json' },
      body: JSON.stringify({ document: testFlow({ id: FLOW }) }),
    });
    expect(created.status).toBe(201);
    await griot.stop();
    // Three recordings of about 9.6 MB, stored in parts (as an upload stores them) by a store on the same file; then deleted at once over HTTP: over a hundred parts, four a step.
    const names = ['fon/one.wav', 'fon/two.wav', 'fon/three.wav'];
    const store = new SqliteStore(join(dataDir, 'griot.db'));
    try {
      for (const [i, name] of names.entries()) {
        const wav = toneWav(600 - i);
        expect(await store.audio.putAudio({ flowId: FLOW, name, contentType: 'audio/wav', bytes: wav.length, uploadedAt: new Date().toISOString() }, wav)).toBe(true);
      }
    } finally {
      await store.close();
    }
    const running = await startGriotProcess(env);
    griot = running;
    const file = new Database(join(dataDir, 'griot.db'), { readonly: true, fileMustExist: true });
    const rows = file.prepare('SELECT count(*) FROM audio WHERE flow_id = ?').pluck().bind(FLOW);
    const parts = file.prepare('SELECT count(*) FROM audio_parts').pluck();
    let left = 0;
    let stored = 0;
    let gone = 0;
    try {
      stored = parts.get() as number;
      expect(stored).toBeGreaterThan(100);
      const answers = names.map((name) =>
        fetch(`${running.url}/api/flows/${FLOW}/audio?name=${name}`, { method: 'DELETE', headers: SIGNED_IN }).then(
          (r) => r.status,
          () => 'cut',
        ),
      );
      // Killed as soon as a first step let parts go: the rows went before them, a few parts a write.
      const until = Date.now() + 60_000;
      while ((parts.get() as number) === stored && Date.now() < until) await new Promise((resolve) => setImmediate(resolve));
      await running.kill9();
      await Promise.all(answers);
      left = parts.get() as number;
      gone = names.length - (rows.get() as number);
    } finally {
      file.close();
    }
    // A row gone, its parts not all: the process died mid-delete.
    expect(gone).toBeGreaterThan(0);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(stored);

    griot = await startGriotProcess(env);
    // Each recording is gone whole or there whole (its DELETE never ran): never half.
    const listed = (await (await fetch(`${griot.url}/api/flows/${FLOW}/audio`, { headers: SIGNED_IN })).json()) as Array<{ name: string }>;
    expect(listed.length).toBe(names.length - gone);
    for (const [i, name] of names.entries()) {
      const served = await fetch(`${griot.url}/audio/${FLOW}/${name}`, { headers: SIGNED_IN });
      if (listed.some((a) => a.name === name)) expect(Buffer.from(await served.arrayBuffer()).equals(toneWav(600 - i))).toBe(true);
      else expect(served.status).toBe(404);
    }
    await griot.stop();
    griot = undefined;
    // The start deleted what the killed delete left: only the parts of the recordings still there remain.
    const db = new Database(join(dataDir, 'griot.db'), { readonly: true, fileMustExist: true });
    try {
      const orphans = db.prepare('SELECT count(*) FROM audio_parts WHERE upload_id NOT IN (SELECT upload_id FROM audio_blobs WHERE upload_id IS NOT NULL)').pluck().get();
      expect({ orphans, uploads: db.prepare('SELECT count(*) FROM audio_uploads').pluck().get() }).toEqual({ orphans: 0, uploads: 0 });
    } finally {
      db.close();
    }
  });
});
