import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** The size of a database file's WAL on disk (0: none, or a path that is no file: `:memory:`, a `file:` URI). */
export function walBytesOf(path: string): number {
  if (path === '' || path === ':memory:' || path.startsWith('file:')) return 0;
  try {
    return statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0;
  } catch {
    return 0;
  }
}

export interface WalCheckpointer {
  /**
   * Settles once the worker has its connection open (or has failed to); with `startAtWalBytes`, once it
   * is started and open, or once the checkpointer stops (or its thread cannot be made) with none
   * started: a close of a store that had no contact never waits on a thread that never came.
   */
  readonly ready: Promise<void>;
  /**
   * Starts the checkpoint thread `intervalMs` from now if it does not run yet (a contact's first
   * write: see `startAtWalBytes`), so that its start (a second isolate booting, on a shared core)
   * does not land on the turn that asked for it.
   */
  start(): void;
  /** Whether the checkpoint thread runs (with `startAtWalBytes`, not before the WAL grows or a truncation is asked for). */
  readonly started: boolean;
  /**
   * Asks for the WAL to be emptied and cut to zero bytes soon (`wal_checkpoint(TRUNCATE)`): a
   * contact that held sensitive values in clear has ended, and frames of the WAL may still hold
   * them. Calls within `scrubDelayMs` of each other make one checkpoint, and two are at least
   * `minScrubIntervalMs` apart; one that finds readers or a writer tries again later, waiting
   * twice as long each time (at most `maxScrubDelayMs`).
   */
  scrubSoon(): void;
  /**
   * A reader that held the WAL for a while (a backup's snapshot, `PromptSnapshot`) is gone: a
   * truncation it kept failing is tried again now, its back-off (up to `maxScrubDelayMs`) forgotten,
   * so a contact that ended during a backup leaves the WAL when the backup ends, not up to 30 s later.
   */
  readerGone(): void;
  /** Truncating checkpoints tried, done and failed (readers or a writer held on) since the start (what a contact's end costs). */
  readonly scrubs: { tried: number; done: number; failed: number };
  /** The SQLite code checkpoints fail with now (`SQLITE_FULL`), or null while they work. */
  failingWith(): string | null;
  stop(): Promise<void>;
  /** The checkpoint thread, started if it was not (a test ends it to see the main connection take over). */
  readonly worker: Worker;
}

export interface WalCheckpointerOptions {
  intervalMs?: number;
  restartFrames?: number;
  /** How long after a contact's end the WAL is truncated (ends meanwhile share the checkpoint). */
  scrubDelayMs?: number;
  maxScrubDelayMs?: number;
  /**
   * The least time between two truncations: under traffic each one holds the write lock for a
   * copy and an fsync, and the emptied WAL grows again (in a paired run of the voice bench, one
   * every ~2 s raised the turns' p99 by half), so contacts ending meanwhile wait for the next.
   */
  minScrubIntervalMs?: number;
  /** Says the worker failed or stopped (no values: an SQLite error may quote a row). Default: a JSON line on stderr. */
  warn?: (message: string) => void;
  /**
   * Start the checkpoint thread only once the WAL file holds more than this many bytes (looked at
   * every `intervalMs`), a truncation is asked for (`scrubSoon`) or `start` is called (the store:
   * a contact's first write), not at once: the thread is a second V8 isolate and an SQLite
   * connection, about 10 MiB of RSS a server that has had no contact yet does not need (issue 17,
   * bench/README.md "rss28"). Until then the main connection checkpoints on commit, at half this
   * many bytes of pages (SQLite's default, 1000 pages, would let an idle server's heartbeats reach
   * the threshold within half an hour): the WAL starts over below the threshold.
   */
  startAtWalBytes?: number;
  /**
   * With `startAtWalBytes`: a started thread that saw no write asked for (`start`, `scrubSoon`) for
   * this long truncates the WAL and stops, its ~10 MiB given back; the main connection checkpoints
   * on commit again, and the next contact starts it as the first did. Default 5 minutes.
   */
  idleStopMs?: number;
}

const warnOnStderr = (message: string) => {
  process.stderr.write(`${JSON.stringify({ level: 'warn', time: new Date().toISOString(), msg: message })}\n`);
};

/**
 * Moves WAL checkpoints off the request path: the main connection stops checkpointing on
 * commit, and a worker thread checkpoints every `intervalMs`, starting the WAL over once it
 * holds `restartFrames` pages (SQLite's own autocheckpoint threshold: about 4 MiB). If the
 * worker fails, the main connection takes checkpoints back so the WAL never grows without bound.
 *
 * A restarted WAL is written over from its start, but the frames past the new writes stay in the
 * file until overwritten: on an idle server, for good. `scrubSoon` truncates it instead, on the
 * worker too (the fsync stays off the event loop), coalescing the ends of many contacts.
 */
export function startWalCheckpointer(db: Database.Database, path: string, options: WalCheckpointerOptions = {}): WalCheckpointer {
  const { intervalMs = 1000, restartFrames = 1000, scrubDelayMs = 1000, maxScrubDelayMs = 30_000, minScrubIntervalMs = 5000, warn = warnOnStderr, startAtWalBytes, idleStopMs = 5 * 60_000 } = options;
  let stopping = false;
  const takeBack = () => {
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
  };
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  // Set once the worker is gone: truncations are then taken on the main connection.
  let gone = false;
  const lost = (why: string) => {
    if (stopping || gone) return;
    gone = true;
    // The idle stop is the thread's: a dead one asked for a last truncation would never answer it, and
    // `inFlight` left set would stop every truncation the main connection takes from now on.
    clearInterval(idleCheck);
    retiring = false;
    takeBack();
    warn(`the WAL checkpoint worker ${why}: the main connection checkpoints and truncates the WAL itself from now on`);
    // A truncation it was asked for will never be answered: take it here.
    if (inFlight) {
      inFlight = false;
      due = false;
      schedule(0);
    }
  };
  let worker: Worker | undefined;
  let watching: NodeJS.Timeout | undefined;
  let starting: NodeJS.Timeout | undefined;
  // When a write last asked for the thread (`start`, `scrubSoon`): the idle stop counts from it.
  let askedAt = performance.now();
  let idleCheck: NodeJS.Timeout | undefined;
  // Set while an idle thread's last truncation runs: its answer stops it.
  let retiring = false;
  const startWorker = (): Worker | undefined => {
    // Stopped (the store closing or closed): no thread, whatever a timer or a late answer asks.
    if (worker || gone || stopping) return worker;
    askedAt = performance.now();
    retiring = false;
    clearInterval(watching);
    clearTimeout(starting);
    // Done with: a contact after an idle stop starts the thread again (`start`).
    starting = undefined;
    let started: Worker;
    try {
      started = new Worker(new URL('./checkpointWorker.mjs', import.meta.url), { workerData: { path, intervalMs, restartFrames } });
    } catch {
      // A thread that cannot be made (ERR_WORKER_INIT_FAILED: no memory or threads left) now that
      // it starts under traffic, not with the server: thrown from a timer or a contact's end, it
      // would stop the process. The main connection keeps the checkpoints instead, said once.
      lost('failed to start');
      markReady();
      return undefined;
    }
    worker = started;
    started.unref();
    db.pragma('wal_autocheckpoint = 0');
    started.once('message', () => markReady());
    started.once('error', () => markReady());
    started.once('exit', () => markReady());
    // A thread stopped when idle (`retire`) is no longer `worker`: its exit is no loss.
    started.on('error', () => worker === started && lost('failed'));
    started.on('exit', () => worker === started && lost('stopped'));
    started.on('message', onMessage);
    if (startAtWalBytes !== undefined) {
      idleCheck = setInterval(idleTick, Math.min(idleStopMs, 60_000));
      idleCheck.unref();
    }
    return started;
  };

  /** The thread has had nothing asked of it for `idleStopMs`: its WAL truncated first, then `retire`. */
  const idleTick = () => {
    if (stopping || gone || !worker || inFlight || timer || retiring || performance.now() - askedAt < idleStopMs) return;
    retiring = true;
    inFlight = true;
    worker.postMessage('truncate');
  };
  /** Stops the idle thread once its truncation worked: back to the state before the first contact. */
  const retire = () => {
    const idle = worker;
    retiring = false;
    if (!idle) return;
    worker = undefined;
    clearInterval(idleCheck);
    idle.postMessage('stop');
    // Ended by itself (it closes its connection); terminated if it does not within 2 s.
    const kill = setTimeout(() => void idle.terminate(), 2000);
    kill.unref();
    idle.once('exit', () => clearTimeout(kill));
    watchWal();
  };

  const scrubs = { tried: 0, done: 0, failed: 0 };
  /**
   * The SQLite code the checkpoints fail with now (SQLITE_FULL: the disk is full), or null. Said
   * once, and again only when it changes or checkpoints work again: a full disk otherwise wrote
   * one line a second, without its code, until someone freed space.
   */
  let failing: string | null = null;
  const recovered = () => {
    if (failing !== null) warn(`WAL checkpoints work again (they failed with ${failing})`);
    failing = null;
  };
  const failedWith = (code: string) => {
    if (code === failing) return;
    failing = code;
    warn(
      `WAL checkpoints fail with ${code}${code === 'SQLITE_FULL' ? ' (the disk holding the database is full: free space, or writes will fail too)' : ''}: the WAL keeps what they could not copy, nothing is lost`,
    );
  };
  let timer: NodeJS.Timeout | undefined;
  let inFlight = false;
  // A contact ended since the last truncation began: it needs one of its own.
  let due = false;
  let delay = scrubDelayMs;
  let lastDoneAt = Number.NEGATIVE_INFINITY;
  const schedule = (ms: number) => {
    if (timer || stopping) return;
    timer = setTimeout(attempt, Math.max(ms, lastDoneAt + minScrubIntervalMs - performance.now()));
    timer.unref();
  };
  const attempt = () => {
    timer = undefined;
    if (stopping || inFlight) return;
    due = false;
    scrubs.tried += 1;
    // A worker may be gone before its 'exit' event (its threadId is then -1).
    const running = startWorker();
    if (gone || !running || running.threadId < 0) {
      lost('stopped');
      truncated(truncateHere());
      return;
    }
    inFlight = true;
    running.postMessage('truncate');
  };
  const truncateHere = (): boolean => {
    if (!db.open) return false;
    try {
      return (db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>)[0]?.busy === 0;
    } catch (error) {
      failedWith(String((error as { code?: unknown }).code ?? 'unknown'));
      return false;
    }
  };
  function onMessage(message: unknown) {
    if (typeof message !== 'object' || message === null) return;
    if ('error' in message) {
      failedWith(typeof message.error === 'string' ? message.error : 'unknown');
      return;
    }
    if ('recovered' in message) {
      recovered();
      return;
    }
    if (!('truncated' in message)) return;
    inFlight = false;
    if (retiring) {
      // Still idle, the WAL empty: the thread goes; else it stays (asked meanwhile, or readers held on).
      if (message.truncated === true && !timer && !due && performance.now() - askedAt >= idleStopMs) {
        recovered();
        retire();
      } else retiring = false;
      if (due) schedule(delay);
      return;
    }
    truncated(message.truncated === true);
  }
  const truncated = (done: boolean) => {
    if (done) {
      recovered();
      scrubs.done += 1;
      lastDoneAt = performance.now();
      delay = scrubDelayMs;
      if (due) schedule(delay);
    } else {
      // Readers or a writer held on: back off, and keep what came meanwhile in this one.
      scrubs.failed += 1;
      due = false;
      delay = Math.min(delay * 2, maxScrubDelayMs);
      schedule(delay);
    }
  };

  // Last: a thread that cannot start is said by `lost`, which reads the state above.
  /** Until the thread starts (again), the main connection checkpoints, and the WAL's size is watched. */
  function watchWal() {
    // Not once stopped: an idle thread's last truncation answered during `stop` would otherwise leave
    // this watch running after the store closed, starting a thread on its closed connection (a throw).
    if (startAtWalBytes === undefined || stopping) return;
    // Meanwhile the main connection checkpoints on commit once the WAL holds half the threshold's
    // pages, so that an idle server's small writes (a heartbeat per readiness probe, the cluster's
    // leases: ≈ 1 KiB a second, 2 MiB within half an hour at SQLite's 1000 pages) start the WAL
    // over below the threshold instead of starting the thread for good. Only a write of more than
    // half the threshold at once (an import, a restore, a recording) passes it. Never laxer than SQLite's own 1000.
    const pageSize = Number(db.pragma('page_size', { simple: true })) || 4096;
    db.pragma(`wal_autocheckpoint = ${Math.min(1000, Math.max(16, Math.floor(startAtWalBytes / 2 / pageSize)))}`);
    watching = setInterval(() => {
      if (walBytesOf(path) > startAtWalBytes) startWorker();
    }, intervalMs);
    watching.unref();
  }
  if (startAtWalBytes === undefined) startWorker();
  else watchWal();

  return {
    ready,
    scrubs,
    get started() {
      return worker !== undefined;
    },
    get worker() {
      const running = startWorker();
      if (!running) throw new Error('the WAL checkpoint thread could not start');
      return running;
    },
    start() {
      askedAt = performance.now();
      if (stopping || worker || starting) return;
      starting = setTimeout(startWorker, intervalMs);
      starting.unref();
    },
    failingWith: () => failing,
    scrubSoon() {
      askedAt = performance.now();
      // The truncation is the worker's (its fsync stays off the event loop): `attempt` starts it if
      // it was not, `scrubDelayMs` from now, not in the turn that ended the contact (a contact
      // ending within the first second): making a Worker blocks the event loop for up to tens of
      // milliseconds on a loaded machine, and this runs before that turn's answer is sent.
      if (inFlight) due = true;
      else schedule(delay);
    },
    readerGone() {
      // Not backed off: nothing was held back (a truncation due is already near).
      if (delay === scrubDelayMs) return;
      delay = scrubDelayMs;
      clearTimeout(timer);
      timer = undefined;
      if (inFlight) due = true;
      else schedule(delay);
    },
    async stop() {
      stopping = true;
      clearTimeout(timer);
      clearInterval(watching);
      clearInterval(idleCheck);
      clearTimeout(starting);
      const running = worker;
      // No thread to wait for: whoever awaits `ready` is not left waiting.
      markReady();
      if (!running) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.postMessage('stop');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
      await running.terminate();
      takeBack();
    },
  };
}
