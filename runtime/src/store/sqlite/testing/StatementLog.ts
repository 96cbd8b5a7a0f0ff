/** What one SQL statement did, by its first word: control of the transaction, a connection setting (PRAGMA), a read, a write. */
export type StatementKind = 'transaction' | 'setting' | 'read' | 'write';

const TRANSACTION = /^\s*(BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b/i;
const READ = /^\s*(SELECT|WITH)\b/i;

export function statementKind(sql: string): StatementKind {
  if (TRANSACTION.test(sql)) return 'transaction';
  if (/^\s*PRAGMA\b/i.test(sql)) return 'setting';
  return READ.test(sql) ? 'read' : 'write';
}

/**
 * Every statement a better-sqlite3 connection runs (its `verbose` callback: each execution of a
 * prepared statement, each statement of an `exec`, the savepoints of `db.transaction`), for
 * tests that bound how much SQL a piece of work costs. Recording starts and stops on demand.
 */
export class StatementLog {
  readonly statements: string[] = [];
  private recording = false;

  /** For `new Database(path, { verbose })`. */
  readonly verbose = (sql: unknown): void => {
    if (this.recording) this.statements.push(String(sql));
  };

  /** The statements `work` ran (and anything else on the connection meanwhile). */
  async during(work: () => Promise<unknown>): Promise<string[]> {
    const from = this.statements.length;
    this.recording = true;
    try {
      await work();
    } finally {
      this.recording = false;
    }
    return this.statements.slice(from);
  }
}

/** How many of `statements` are of each kind. */
export function countByKind(statements: string[]): Record<StatementKind, number> {
  const counts: Record<StatementKind, number> = { transaction: 0, setting: 0, read: 0, write: 0 };
  for (const sql of statements) counts[statementKind(sql)] += 1;
  return counts;
}
