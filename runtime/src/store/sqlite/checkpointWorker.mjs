// Runs SQLite's WAL checkpoints on its own thread and connection, so the fsync they need never
// stalls the event loop that answers callers. Plain JavaScript: a worker needs no TS loader.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.path);
// No busy handler: it sleeps in steps of up to 100 ms, and a busy main connection would take
// the lock again in every gap. This thread tries again itself, every quarter millisecond.
db.pragma('busy_timeout = 0');
parentPort?.postMessage('ready');

const nap = new Int32Array(new SharedArrayBuffer(4));
/**
 * Tries for about `withinMs` to checkpoint the whole WAL and have the next write start it over
 * (`RESTART`), or also cut the WAL file to zero bytes (`TRUNCATE`). Whether it did.
 */
function checkpointAll(mode, withinMs) {
  const until = performance.now() + withinMs;
  do {
    if (db.pragma(`wal_checkpoint(${mode})`)[0].busy === 0) return true;
    Atomics.wait(nap, 0, 0, 0.25);
  } while (performance.now() < until);
  return false;
}

/** SQLite's code for a failure (SQLITE_FULL, SQLITE_IOERR_WRITE…), never its message (it may quote a row). */
const codeOf = (error) => (typeof error?.code === 'string' && /^[A-Z_]+$/.test(error.code) ? error.code : 'unknown');
// Whether the last periodic checkpoint failed: the next one that works says so, once.
let failing = false;

const timer = setInterval(() => {
  try {
    // PASSIVE never blocks the writer: it copies what it can and tries again next time.
    const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)');
    // Under steady writes a passive checkpoint never finds the WAL fully copied when a write
    // begins, so SQLite never starts the WAL over: it grows without bound, and commits slow
    // down with it (8 ms a commit after 15 s of saturated calls, instead of under 1). Past
    // `restartFrames`, RESTART takes the write lock between two of the main connection's
    // commits, copies the frames written since the passive pass and syncs: a few milliseconds
    // during which the main connection's group commit tries again without blocking its event
    // loop. The next write then starts the WAL over.
    if (log >= workerData.restartFrames) checkpointAll('RESTART', 100);
    if (failing) parentPort?.postMessage({ recovered: true });
    failing = false;
  } catch (error) {
    failing = true;
    parentPort?.postMessage({ error: codeOf(error) });
  }
}, workerData.intervalMs);

parentPort?.on('message', (message) => {
  // A contact that held sensitive values in clear ended (walCheckpointer.ts): the WAL may still
  // hold them in frames already copied, which only TRUNCATE removes from the file.
  if (message === 'truncate') {
    let truncated = false;
    try {
      truncated = checkpointAll('TRUNCATE', 50);
      // Said by the answer below: the main thread takes it as working again.
      if (truncated) failing = false;
    } catch (error) {
      failing = true;
      parentPort?.postMessage({ error: codeOf(error) });
    }
    parentPort?.postMessage({ truncated });
    return;
  }
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
