import type Database from 'better-sqlite3';

interface Queued {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Between two tries for a write lock another process holds: its commits take well under a millisecond. */
const RETRY_MS = 1;

const isBusy = (error: unknown) => typeof (error as { code?: unknown })?.code === 'string' && (error as { code: string }).code.startsWith('SQLITE_BUSY');

/** What the group commit did, for the metrics: how often it found another process writing, and how long it waited. */
export interface WriteBatcherStats {
  commits: number;
  writes: number;
  /** Tries for the write lock that found it held by another connection (another process on the file). */
  busy: number;
  /** Milliseconds batches spent waiting for it, the event loop going on meanwhile. */
  waitedMs: number;
}

/**
 * Group commit. The small writes of conversation turns (session, transcript turn, caller
 * profile) are queued, and at the end of the event-loop iteration run together in one
 * transaction, each in its own savepoint (unless alone in it) so a failing one is rolled back
 * alone: one commit for every turn that wrote meanwhile. A write's promise settles only after its commit, so "saved
 * after every turn" holds. The writes those promises lead to at once (a channel's state after
 * the turn it waited for) commit together right after, in the same iteration (`schedule`).
 *
 * The write lock is taken only for that commit, never across the iteration: another process on
 * the same file (a second instance, GRIOT_SQLITE_PATH) finds it free almost always. When it does
 * not, the batch does not let SQLite's busy handler sleep (it would stop this whole process, the
 * event loop with it): it tries again a millisecond later while requests go on being served, and
 * the writes queued meanwhile join the same commit. It gives up after the connection's
 * busy_timeout, failing the writes as SQLite would.
 */
export class WriteBatcher {
  readonly stats: WriteBatcherStats = { commits: 0, writes: 0, busy: 0, waitedMs: 0 };
  private queue: Queued[] = [];
  private immediate: NodeJS.Immediate | null = null;
  /** The second commit of the iteration, for the writes the first one let run (`schedule`). */
  private followUp: NodeJS.Immediate | null = null;
  private retry: NodeJS.Timeout | null = null;
  /** When the current batch first found the lock taken (0: it has not). */
  private waitingSince = 0;
  private readonly savepoint: (run: () => unknown) => unknown;
  private readonly busyTimeoutMs: number;
  /** The connection's busy_timeout is 0 at the moment: set by a batch's BEGIN, lifted by `flush` (see `tryBegin`). */
  private waitingOff = false;
  // Compiled once: `exec` parses its text again on every commit.
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;

  /** `rolledBack`: told at once when a write's savepoint or a whole batch is rolled back (before anything else runs on the connection). */
  constructor(
    private readonly db: Database.Database,
    private readonly rolledBack: () => void = () => {},
  ) {
    this.savepoint = db.transaction((run: () => unknown) => run());
    this.busyTimeoutMs = Number(db.pragma('busy_timeout', { simple: true }));
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
  }

  /** Queues `run` for the next commit; resolves with its result once committed. */
  write<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  /**
   * A read that must see this connection's queued writes: at once when none is queued (no lock
   * taken), otherwise in the next commit after them.
   */
  read<T>(run: () => T): Promise<T> {
    if (this.queue.length > 0) return this.write(run);
    try {
      return Promise.resolve(run());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Runs `run` at once in the batch's transaction, and resolves with its result without waiting
   * for the commit: every later read and write on this connection sees it, other connections
   * wait on the lock until the batch commits (at the end of this iteration, with the writes
   * queued meanwhile), and it is durable before any later write resolves. For writes this
   * process may lose if it dies (a lease), which need no commit of their own. It holds the lock
   * from now to that commit, so keep it for the few writes that need it.
   *
   * When another connection holds the lock (another process on the file, or the WAL
   * checkpointer syncing), it is queued like `write` instead, and resolves once committed:
   * waiting for the lock here would put the whole process to sleep in SQLite's busy handler
   * (in steps of 1, 2, 5, 10… ms, every request with it).
   */
  writeAhead<T>(run: () => T): Promise<T> {
    let began: boolean;
    try {
      began = this.db.inTransaction || (this.retry === null && this.tryBegin());
    } catch (error) {
      return Promise.reject(error);
    }
    if (!began) return this.write(run);
    try {
      return Promise.resolve(this.savepoint(run) as T);
    } catch (error) {
      this.rolledBack();
      return Promise.reject(error);
    } finally {
      this.schedule();
    }
  }

  /** Commits the queued writes now, waiting for the lock if need be (before a transaction of its own, a backup, or closing). */
  flush(): void {
    this.unschedule();
    this.waitAgain();
    if (this.queue.length === 0 && !this.db.inTransaction) return;
    const queued = this.take();
    const inherited = this.db.inTransaction;
    try {
      if (!inherited) this.begin.run();
    } catch (error) {
      for (const q of queued) q.reject(error);
      return;
    }
    this.runAndCommit(queued, inherited);
  }

  /**
   * The commit at the end of this iteration (unless the batch waits for the lock), and a second
   * one right after it in the same check phase: the first commit's promises settle in between, so
   * the writes they lead to (a channel's state after the turn it saved) commit there instead of
   * an iteration later, behind every request the next poll reads. Both group their writes; the
   * second is a no-op when nothing was queued.
   */
  private schedule(): void {
    if (this.retry || this.immediate) return;
    this.immediate = setImmediate(this.commitWhenFree);
    this.followUp ??= setImmediate(this.commitFollowUp);
  }

  private readonly commitFollowUp = (): void => {
    this.followUp = null;
    // Written since the first commit: now, rather than at the next iteration's check phase.
    if (this.retry) return;
    if (this.immediate) clearImmediate(this.immediate);
    this.commitWhenFree();
  };

  private readonly commitWhenFree = (): void => {
    this.immediate = null;
    this.retry = null;
    // A transaction already open is writeAhead's: commit it, with whatever was queued since.
    if (this.queue.length === 0 && !this.db.inTransaction) return;
    const inherited = this.db.inTransaction;
    let began: boolean;
    try {
      began = inherited || this.tryBegin();
    } catch (error) {
      for (const q of this.take()) q.reject(error);
      return;
    }
    if (began) {
      this.runAndCommit(this.take(), inherited);
      return;
    }
    this.stats.busy += 1;
    const now = performance.now();
    if (this.waitingSince === 0) this.waitingSince = now;
    if (now - this.waitingSince < this.busyTimeoutMs) {
      this.retry = setTimeout(this.commitWhenFree, RETRY_MS);
      return;
    }
    const error = Object.assign(new Error(`database is locked (another process held it for ${this.busyTimeoutMs} ms)`), { code: 'SQLITE_BUSY' });
    for (const q of this.take()) q.reject(error);
  };

  /**
   * BEGIN IMMEDIATE without SQLite's busy handler (which sleeps, blocking the thread): false when
   * another connection writes. busy_timeout takes effect when its pragma is prepared (parsed), so
   * it cannot be a prepared statement, and parsing is what costs in the running server (issue 17,
   * one call at a time: the pragma, BEGIN and the pragma back in one `exec` took ~24 µs a commit,
   * the prepared BEGIN alone ~12). So the timeout stays 0 from a batch's BEGIN until something
   * else needs SQLite to wait for the lock: every write outside the group commit comes after
   * `flush` (`SqliteStore`), which sets it back first. Statements in between are the batches'
   * own (in their transaction) and reads, which in WAL mode do not wait for a writer.
   */
  private tryBegin(): boolean {
    if (this.busyTimeoutMs !== 0 && !this.waitingOff) {
      this.db.pragma('busy_timeout = 0');
      this.waitingOff = true;
    }
    try {
      this.begin.run();
      return true;
    } catch (error) {
      if (isBusy(error)) return false;
      throw error;
    }
  }

  /** SQLite's busy handler back on the connection (before a write of its own, a backup, closing). */
  private waitAgain(): void {
    if (!this.waitingOff) return;
    this.db.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
    this.waitingOff = false;
  }

  private take(): Queued[] {
    const queued = this.queue;
    this.queue = [];
    if (this.waitingSince !== 0) this.stats.waitedMs += performance.now() - this.waitingSince;
    this.waitingSince = 0;
    return queued;
  }

  /**
   * `inherited`: the transaction was open before this commit (writeAhead's writes are in it).
   * A write alone in a transaction of its own needs no savepoint (two statements fewer per
   * commit, the usual case of one turn at a time): when it fails, rolling the transaction back
   * undoes exactly what its savepoint would have.
   */
  private runAndCommit(queued: Queued[], inherited: boolean): void {
    if (queued.length === 1 && !inherited) {
      this.runAloneAndCommit(queued[0]!);
      return;
    }
    const results: unknown[] = [];
    const failures = new Map<Queued, unknown>();
    for (const q of queued) {
      try {
        results.push(this.savepoint(q.run));
      } catch (error) {
        this.rolledBack();
        failures.set(q, error);
        results.push(undefined);
      }
    }
    try {
      this.commit.run();
    } catch (error) {
      // The commit itself failed (disk full): nothing of this batch is saved.
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.rolledBack();
      for (const q of queued) q.reject(failures.get(q) ?? error);
      return;
    }
    this.stats.commits += 1;
    this.stats.writes += queued.length - failures.size;
    queued.forEach((q, i) => (failures.has(q) ? q.reject(failures.get(q)) : q.resolve(results[i])));
  }

  private runAloneAndCommit(q: Queued): void {
    let result: unknown;
    try {
      result = q.run();
      this.commit.run();
    } catch (error) {
      // The write or its commit failed: nothing of it is saved.
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.rolledBack();
      q.reject(error);
      return;
    }
    this.stats.commits += 1;
    this.stats.writes += 1;
    q.resolve(result);
  }

  private unschedule(): void {
    if (this.immediate) clearImmediate(this.immediate);
    if (this.followUp) clearImmediate(this.followUp);
    if (this.retry) clearTimeout(this.retry);
    this.immediate = null;
    this.followUp = null;
    this.retry = null;
  }
}
