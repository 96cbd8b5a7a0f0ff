import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Store } from './types.ts';
import { SqliteStore } from './sqlite/SqliteStore.ts';
import { MigrationFailed, SchemaTooNew } from './sqlite/migrations.ts';
import { ConfigError, type Config } from '../config.ts';

export interface StoreOptions {
  /** Where the SQLite file lives by default (`<dataDir>/griot.db`); created when missing. */
  dataDir: string;
  /**
   * The SQLite file itself (GRIOT_SQLITE_PATH), anywhere: processes with their own DATA_DIR on
   * one machine share one database through it. Its directory is created when missing.
   */
  sqlitePath?: string | undefined;
  /** When set, MongoDB is the store and dataDir holds no data. */
  mongodbUri?: string | undefined;
}

/** The store options a configuration names (the server and every CLI command open the same store). */
export function storeOptionsOf(config: Pick<Config, 'dataDir' | 'sqlitePath' | 'mongodbUri'>): StoreOptions {
  return {
    dataDir: config.dataDir,
    ...(config.sqlitePath ? { sqlitePath: config.sqlitePath } : {}),
    ...(config.mongodbUri ? { mongodbUri: config.mongodbUri } : {}),
  };
}

/** MongoDB when a URI is configured (several runtime instances share it), else the embedded SQLite file. */
export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.mongodbUri) {
    // Loaded only when used: an installation on SQLite never loads the MongoDB driver.
    const { MongoStore } = await import('./mongo/MongoStore.ts');
    return MongoStore.open(options.mongodbUri);
  }
  return openSqlite(options);
}

/**
 * The SQLite file (GRIOT_SQLITE_PATH, else under DATA_DIR), proved writable before anything else
 * starts: a directory that cannot be created, a read-only disk or a file Griot may not write
 * stops start-up with the variable named (exit 78), rather than a server that answers and then
 * fails every call.
 */
async function openSqlite(options: StoreOptions): Promise<Store> {
  const path = options.sqlitePath ?? join(options.dataDir, 'griot.db');
  const variable = options.sqlitePath ? 'GRIOT_SQLITE_PATH' : 'DATA_DIR';
  const giveUpAt = Date.now() + BUSY_AT_START_MS;
  for (;;) {
    let store: SqliteStore | undefined;
    try {
      // Created for the owner only, as the database file in it (openDatabase).
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      store = new SqliteStore(path);
      await store.writeHeartbeat('start-up', new Date().toISOString());
      return store;
    } catch (error) {
      await store?.close().catch(() => undefined);
      // Another process on the same file (GRIOT_SQLITE_PATH) held its lock past busy_timeout
      // while it created or migrated the schema on a loaded machine: try again for a while.
      if (isBusy(error) && Date.now() < giveUpAt) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        continue;
      }
      throw notKept(error, path, variable, options);
    }
  }
}

/** How long start-up waits for another process that keeps the SQLite file locked. */
const BUSY_AT_START_MS = 30_000;

const isBusy = (error: unknown) => String((error as { code?: unknown })?.code ?? '').startsWith('SQLITE_BUSY');

/** What start-up says when the store at `path` (named by `variable`) cannot be opened or kept. */
export function notKept(error: unknown, path: string, variable: string, options: StoreOptions): ConfigError {
  // The file is there and writable: its schema is what stops the start, and nothing was written.
  if (error instanceof SchemaTooNew) {
    return new ConfigError(
      variable,
      `${path}: the database is at schema version ${error.found} but this Griot knows only up to ${error.known} (a newer release migrated it): start that release again, or restore the backup taken before the upgrade with this one (docs/deploy.md, "Going back to the previous release"); the file is left as it was`,
    );
  }
  if (error instanceof MigrationFailed) return new ConfigError(variable, `${path}: ${error.message}`);
  const err = error as NodeJS.ErrnoException;
  const why = err.code && !err.message.includes(err.code) ? `${err.code}: ${err.message}` : err.message;
  const where = options.sqlitePath ? `the SQLite database ${path}` : `the store in ${options.dataDir}`;
  if (String(err.code ?? '').startsWith('SQLITE_READONLY')) {
    return new ConfigError(
      variable,
      `cannot keep ${where} (${why}): ${path} is read-only to this process (another user owns it, say after a \`griot restore\` run as root, or its disk is read-only); give it and its -wal and -shm files to the user Griot runs as (chown), or point ${variable} elsewhere; the file is left as it was`,
    );
  }
  return new ConfigError(variable, `cannot keep ${where} (${why}); point ${variable} at a ${options.sqlitePath ? 'file' : 'directory'} this process may write`);
}
