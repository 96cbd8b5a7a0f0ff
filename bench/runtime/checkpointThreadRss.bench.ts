/**
 * `npx tsx bench/runtime/checkpointThreadRss.bench.ts [path/to/walCheckpointer.ts]` (from the
 * repository root): the process's RSS (VmRSS) around SQLite's lazy checkpoint thread — before any
 * contact, 2 s after a contact's first write started it, and BENCH_QUIET_SECONDS (10) later with
 * nothing written, the idle stop shortened to 3 s (`idleStopMs`; 5 minutes in the server). Given
 * another tree's `walCheckpointer.ts` (main's), the same steps on it: run both in turn, paired.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';

const QUIET_SECONDS = Number(process.env.BENCH_QUIET_SECONDS ?? 10);
const module = resolve(process.argv[2] ?? 'runtime/src/store/sqlite/walCheckpointer.ts');
const { startWalCheckpointer } = (await import(pathToFileURL(module).href)) as typeof import('../../runtime/src/store/sqlite/walCheckpointer.ts');
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dir = mkdtempSync(join(tmpdir(), 'griot-rss-'));
const path = join(dir, 'griot.db');
const db = new Database(path);
db.pragma('journal_mode = WAL');
db.exec('CREATE TABLE t (v TEXT)');
const checkpointer = startWalCheckpointer(db, path, { startAtWalBytes: 2 << 20, idleStopMs: 3000 } as Parameters<typeof startWalCheckpointer>[2]);
await sleep(1000);
const before = rss();
checkpointer.start();
db.prepare('INSERT INTO t VALUES (?)').run('a contact');
await sleep(2000);
const started = checkpointer.started;
const afterContact = rss();
await sleep(QUIET_SECONDS * 1000);
(globalThis as { gc?: () => void }).gc?.();
const afterQuiet = rss();
console.log(
  JSON.stringify({
    module,
    before: before.toFixed(1),
    afterContact: afterContact.toFixed(1),
    startedAfterContact: started,
    afterQuiet: afterQuiet.toFixed(1),
    threadAfterQuiet: checkpointer.started,
    load: loadavg()[0]!.toFixed(2),
  }),
);
await checkpointer.stop();
db.close();
rmSync(dir, { recursive: true, force: true });
