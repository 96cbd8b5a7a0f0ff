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
 * transaction, each in its own savepoint so a failing one is rolled back alone: one commit for
 * every turn that wrote meanwhile. A write's promise settles only after its commit, so "saved
 * after every turn" holds.
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
  private retry: NodeJS.Timeout | null = null;
  /** When the current batch first found the lock taken (0: it has not). */
  private waitingSince = 0;
  private readonly savepoint: (run: () => unknown) => unknown;
  private readonly busyTimeoutMs: number;

  /** `rolledBack`: told at once when a write's savepoint or a whole batch is rolled back (before anything else runs on the connection). */
  constructor(
    private readonly db: Database.Database,
    private readonly rolledBack: () => void = () => {},
  ) {
    this.savepoint = db.transaction((run: () => unknown) => run());
    this.busyTimeoutMs = Number(db.pragma('busy_timeout', { simple: true }));
  }

  /** Queues `run` for the next commit; resolves with its result once committed. */
  write<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (!this.retry) this.immediate ??= setImmediate(this.commitWhenFree);
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
   * Runs `run` at once in the batch's transaction, and returns its result instead of waiting
   * for the commit: every later read and write on this connection sees it, other connections
   * wait on the lock until the batch commits (at the end of this iteration, with the writes
   * queued meanwhile), and it is durable before any later write resolves. For writes this
   * process may lose if it dies (a lease), which need no commit of their own. It holds the lock
   * from now to that commit, so keep it for the few writes that need it.
   */
  writeAhead<T>(run: () => T): T {
    // Rarely another process holds the lock: then SQLite's busy handler waits for it, as a
    // synchronous answer must.
    if (!this.db.inTransaction && !this.tryBegin()) this.db.exec('BEGIN IMMEDIATE');
    try {
      return this.savepoint(run) as T;
    } catch (error) {
      this.rolledBack();
      throw error;
    } finally {
      if (!this.retry) this.immediate ??= setImmediate(this.commitWhenFree);
    }
  }

  /** Commits the queued writes now, waiting for the lock if need be (before a transaction of its own, a backup, or closing). */
  flush(): void {
    this.unschedule();
    if (this.queue.length === 0 && !this.db.inTransaction) return;
    const queued = this.take();
    try {
      if (!this.db.inTransaction) this.db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      for (const q of queued) q.reject(error);
      return;
    }
    this.runAndCommit(queued);
  }

  private readonly commitWhenFree = (): void => {
    this.immediate = null;
    this.retry = null;
    // A transaction already open is writeAhead's: commit it, with whatever was queued since.
    if (this.queue.length === 0 && !this.db.inTransaction) return;
    let began: boolean;
    try {
      began = this.db.inTransaction || this.tryBegin();
    } catch (error) {
      for (const q of this.take()) q.reject(error);
      return;
    }
    if (began) {
      this.runAndCommit(this.take());
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

  /** BEGIN IMMEDIATE without SQLite's busy handler (which sleeps, blocking the thread): false when another connection writes. */
  private tryBegin(): boolean {
    if (this.busyTimeoutMs === 0) return this.begin();
    // busy_timeout takes effect when the pragma is prepared: it cannot be a prepared statement.
    this.db.exec('PRAGMA busy_timeout = 0');
    try {
      return this.begin();
    } finally {
      this.db.exec(`PRAGMA busy_timeout = ${this.busyTimeoutMs}`);
    }
  }

  private begin(): boolean {
    try {
      this.db.exec('BEGIN IMMEDIATE');
      return true;
    } catch (error) {
      if (isBusy(error)) return false;
      throw error;
    }
  }

  private take(): Queued[] {
    const queued = this.queue;
    this.queue = [];
    if (this.waitingSince !== 0) this.stats.waitedMs += performance.now() - this.waitingSince;
    this.waitingSince = 0;
    return queued;
  }

  private runAndCommit(queued: Queued[]): void {
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
      this.db.exec('COMMIT');
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

  private unschedule(): void {
    if (this.immediate) clearImmediate(this.immediate);
    if (this.retry) clearTimeout(this.retry);
    this.immediate = null;
    this.retry = null;
  }
}
