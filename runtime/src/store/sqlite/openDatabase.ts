import { closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { migrate } from './migrations.ts';

/**
 * Opens (or creates) the database file and brings its schema up to date. WAL lets readers
 * go on while one write commits; synchronous=NORMAL skips an fsync per commit, which under
 * WAL can lose the last commits on power loss but never corrupts the file. busy_timeout makes
 * a second process (the CLI during a backup, another instance sharing the file) wait for the lock instead of failing at once.
 * secure_delete zeroes what a write replaces or deletes: an ended session rewritten without its
 * PUK leaves no copy of it in the file's free space (it costs writes only when whole pages are
 * freed: purges, sessions larger than a page).
 */
export function openDatabase(path: string, migrated?: (applied: number[], ms: number) => void): Database.Database {
  createPrivately(path);
  const db = new Database(path);
  try {
    // First: another process on the same file (GRIOT_SQLITE_PATH) may hold the lock while this
    // one switches to WAL or migrates.
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('secure_delete = ON');
    // The WAL file keeps the size it reached (a burst of calls can take it to tens of MiB):
    // past this, starting the WAL over cuts it back.
    db.pragma('journal_size_limit = 67108864');
    const started = Date.now();
    const applied = migrate(db);
    migrated?.(applied, Date.now() - started);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * A database file Griot creates is readable by its owner only (0600, whatever the umask): it holds
 * users' password hashes, callers' numbers and memory, and, without GRIOT_DATA_KEY, the sensitive
 * values of live sessions. SQLite gives its -wal and -shm files the mode of the file. An existing
 * file keeps the mode its operator gave it; an empty file is a new database to SQLite. When the
 * file cannot be made here, SQLite's own open says why (start-up names the variable).
 */
function createPrivately(path: string): void {
  if (path === '' || path === ':memory:' || path.startsWith('file:')) return;
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch {
    // EEXIST (the usual case), or a directory SQLite will refuse too, with its own words.
  }
}
