/**
 * How long a call's turn write waits while a 10 MiB recording is deleted (rec30): the SQLite store
 * on a file (WAL, the group commit, as the server runs it), ROUNDS times a new 10 MiB recording
 * stored in parts, then deleted while a store write (a heartbeat, in the group commit as a call's
 * turn is) is made every 10 ms; per delete, the slowest write from when it was due (`lateMaxMs`:
 * the write lock waited for, and the loop stopped by a delete made in one piece), and the delete's
 * own time to its answer (`deleteMs`: the row first, then the parts, four a write, on the new code).
 * `idleLateMaxMs`: the same writes for as long with no delete (the machine's own noise).
 * Also, per round, one recording stored before migration 36 (its 10 MiB in the row, `legacy*`):
 * still one statement on both trees.
 * Run from runtime/: `ROUNDS=5 npx tsx ../bench/runtime/deleteStall.ts`; `TREE=/path/to/other/runtime`
 * measures another tree's store (an A/B against the code before a change, same node_modules).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';

const TREE = resolve(process.env.TREE ?? new URL('../../runtime', import.meta.url).pathname);
const { SqliteStore } = await import(pathToFileURL(resolve(TREE, 'src/store/sqlite/SqliteStore.ts')).href);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const FILE_BYTES = 10 * 1024 * 1024 - 1024;

const bytesOf = (seed: number) => {
  const body = Buffer.alloc(FILE_BYTES);
  for (let i = 0; i < FILE_BYTES; i += 1) body[i] = (i * 31 + seed * 7) & 0xff;
  return body;
};
const audio = (name: string, content: Buffer) => ({
  flowId: 'bench',
  name,
  contentType: 'audio/wav',
  bytes: content.length,
  sha256: createHash('sha256').update(content).digest('hex'),
  uploadedAt: new Date().toISOString(),
});

const dir = mkdtempSync(join(tmpdir(), 'deleteStall-'));
const path = join(dir, 'griot.db');
const store = new SqliteStore(path);

/** The slowest heartbeat write, from when it was due, while `work` runs; and `work`'s own time. */
async function measured(work: () => Promise<unknown>) {
  let writing = true;
  const late: number[] = [];
  const turns = (async () => {
    let due = performance.now();
    while (writing) {
      await store.writeHeartbeat('bench', new Date().toISOString());
      const done = performance.now();
      late.push(done - due);
      due = done + 10;
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  await new Promise((r) => setTimeout(r, 30));
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  await new Promise((r) => setTimeout(r, 30));
  writing = false;
  await turns;
  return { ms: Math.round(ms * 10) / 10, lateMaxMs: Math.round(Math.max(...late) * 10) / 10 };
}

const rows: Array<Record<string, number>> = [];
try {
  for (let round = 0; round < ROUNDS; round += 1) {
    const content = bytesOf(round);
    await store.audio.putAudio(audio(`fon/r${round}.wav`, content), content);
    const parted = await measured(() => store.audio.deleteAudio('bench', `fon/r${round}.wav`));
    // A blob written before migration 36: its bytes in the row (put straight into the file).
    const legacy = bytesOf(1000 + round);
    const raw = new Database(path);
    const a = audio(`fon/old${round}.wav`, legacy);
    raw.prepare('INSERT INTO audio_blobs (sha256, content) VALUES (?, ?)').run(a.sha256, legacy);
    raw.prepare('INSERT INTO audio (flow_id, name, content_type, bytes, sha256, uploaded_at) VALUES (?, ?, ?, ?, ?, ?)').run(a.flowId, a.name, a.contentType, a.bytes, a.sha256, a.uploadedAt);
    raw.close();
    let legacyRemoved = false;
    const old = await measured(async () => {
      legacyRemoved = await store.audio.deleteAudio('bench', `fon/old${round}.wav`);
    });
    const check = new Database(path, { readonly: true });
    const blobLeft = check.prepare('SELECT count(*) FROM audio_blobs WHERE sha256 = ?').pluck().get(a.sha256) as number;
    check.close();
    if (!legacyRemoved || blobLeft !== 0) console.error(`round ${round}: the legacy recording was not removed (removed ${legacyRemoved}, blob rows left ${blobLeft})`);
    // The same writes with no delete (the noise floor on a loaded machine).
    const idle = await measured(() => new Promise((r) => setTimeout(r, parted.ms)));
    rows.push({ round, deleteMs: parted.ms, lateMaxMs: parted.lateMaxMs, idleLateMaxMs: idle.lateMaxMs, legacyDeleteMs: old.ms, legacyLateMaxMs: old.lateMaxMs });
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
console.log(
  JSON.stringify({
    tree: TREE,
    load: loadavg().map((l) => Math.round(l * 10) / 10),
    rows,
    medianLateMaxMs: median(rows.map((r) => r.lateMaxMs!)),
    medianLegacyLateMaxMs: median(rows.map((r) => r.legacyLateMaxMs!)),
    medianIdleLateMaxMs: median(rows.map((r) => r.idleLateMaxMs!)),
  }),
);
