/**
 * What the backup writer holds for recordings stored in parts (rec31, item 2): a SQLite store
 * file with PROMPTS recordings of 10 MiB (256 KiB parts), then `writeBackupFile` of the store's
 * dump; the process's peak RSS (sampled every 2 ms) above its RSS just before, and the file's
 * time. MODE=parts: the backup writer's dump (`paged`: each prompt a stored part at a time, rec31);
 * MODE=whole: the dump whose prompts are read whole, one at a time (what the writer's dump did
 * before rec31 on SQLite: the same reader as the non-paged dump). Both modes in one run, in the
 * order given by ORDER (default `whole,parts,parts,whole`), each after a GC when run with
 * `--expose-gc`. Run from runtime/: `node --expose-gc --import tsx ../bench/runtime/backupRss.ts`.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../runtime/src/store/sqlite/SqliteStore.ts';
import { writeBackupFile } from '../../runtime/src/cli/backupFile.ts';
import { endOfDump } from '../../runtime/src/store/dumpedAudio.ts';

const PROMPTS = Number(process.env.PROMPTS ?? 4);
const ORDER = (process.env.ORDER ?? 'whole,parts,parts,whole').split(',') as Array<'whole' | 'parts'>;
const FILE_BYTES = 10 * 1024 * 1024 - 1024;
const MIB = 1024 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'griot-backupRss-'));
const store = new SqliteStore(join(dir, 'griot.db'));
try {
  for (let p = 0; p < PROMPTS; p += 1) {
    const body = Buffer.alloc(FILE_BYTES);
    for (let i = 0; i < FILE_BYTES; i += 1) body[i] = (i * 31 + p) & 0xff;
    await store.audio.putAudio({ flowId: 'one', name: `fon/long-${p}.wav`, contentType: 'audio/wav', bytes: FILE_BYTES, uploadedAt: new Date().toISOString() }, body);
  }
  const results: Array<Record<string, unknown>> = [];
  for (const mode of ORDER) {
    globalThis.gc?.();
    await new Promise((r) => setTimeout(r, 300));
    const before = process.memoryUsage().rss;
    let top = before;
    const sampler = setInterval(() => {
      top = Math.max(top, process.memoryUsage().rss);
    }, 2);
    const started = performance.now();
    const dump = await store.dump(undefined, mode === 'parts' ? { paged: true } : {});
    const file = join(dir, `backup-${mode}.json`);
    try {
      await writeBackupFile(file, dump);
    } finally {
      await endOfDump(dump);
    }
    clearInterval(sampler);
    results.push({ mode, peakAboveMiB: Math.round(((top - before) / MIB) * 10) / 10, ms: Math.round(performance.now() - started), fileMiB: Math.round((statSync(file).size / MIB) * 10) / 10 });
    rmSync(file, { force: true });
  }
  console.log(JSON.stringify({ prompts: PROMPTS, results, load: loadavg().map((l) => Math.round(l * 10) / 10) }));
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
