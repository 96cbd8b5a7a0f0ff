import Database from 'better-sqlite3';
import { migrate } from './migrations.ts';

/**
 * Opens (or creates) the database file and brings its schema up to date. WAL lets readers
 * go on while one write commits; synchronous=NORMAL skips an fsync per commit, which under
 * WAL can lose the last commits on power loss but never corrupts the file. busy_timeout makes
 * a second process (the CLI during a backup) wait for the lock instead of failing at once.
 */
export function openDatabase(path: string): Database.Database {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
