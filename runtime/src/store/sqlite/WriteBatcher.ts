import type Database from 'better-sqlite3';

interface Settle {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  value: unknown;
}

/**
 * Group commit. The small writes of conversation turns (session, transcript turn, caller
 * profile) run at once inside one open transaction, each in its own savepoint so a failing one
 * is rolled back alone, and the transaction commits at the end of the event-loop iteration:
 * one commit for every turn that ran meanwhile. Reads on this connection see the writes at
 * once; a write's promise settles only after its commit, so "saved after every turn" holds.
 */
export class WriteBatcher {
  private pending: Settle[] = [];
  private scheduled: NodeJS.Immediate | null = null;
  private readonly savepoint: (run: () => unknown) => unknown;

  /** `rolledBack`: told at once when a write's savepoint or a whole batch is rolled back (before anything else runs on the connection). */
  constructor(
    private readonly db: Database.Database,
    private readonly rolledBack: () => void = () => {},
  ) {
    this.savepoint = db.transaction((run: () => unknown) => run());
  }

  write<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (!this.db.inTransaction) this.db.exec('BEGIN IMMEDIATE');
      let value: unknown;
      try {
        value = this.savepoint(run);
      } catch (error) {
        this.rolledBack();
        reject(error);
        this.scheduleCommit();
        return;
      }
      this.pending.push({ resolve: resolve as (value: unknown) => void, reject, value });
      this.scheduleCommit();
    });
  }

  private scheduleCommit(): void {
    this.scheduled ??= setImmediate(() => this.flush());
  }

  /** Commits the open batch now (before another transaction, a backup, or closing). */
  flush(): void {
    if (this.scheduled) {
      clearImmediate(this.scheduled);
      this.scheduled = null;
    }
    const settled = this.pending;
    this.pending = [];
    if (!this.db.inTransaction) {
      for (const s of settled) s.resolve(s.value);
      return;
    }
    try {
      this.db.exec('COMMIT');
    } catch (error) {
      // The commit itself failed (disk full): nothing of this batch is saved.
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.rolledBack();
      for (const s of settled) s.reject(error);
      return;
    }
    for (const s of settled) s.resolve(s.value);
  }
}
