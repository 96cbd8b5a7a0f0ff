import Database from 'better-sqlite3';

/** A write refused by a UNIQUE or PRIMARY KEY constraint: a conflict with existing data, not a bug. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Database.SqliteError && (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY');
}
