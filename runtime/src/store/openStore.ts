import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from './types.ts';
import { SqliteStore } from './sqlite/SqliteStore.ts';
import { ConfigError } from '../config.ts';

export interface StoreOptions {
  /** Where the SQLite file lives (`<dataDir>/griot.db`); created when missing. */
  dataDir: string;
  /** When set, MongoDB is the store and dataDir holds no data. */
  mongodbUri?: string | undefined;
}

/** MongoDB when a URI is configured (several runtime instances share it), else the embedded SQLite file. */
export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.mongodbUri) {
    // Loaded only when used: an installation on SQLite never loads the MongoDB driver.
    const { MongoStore } = await import('./mongo/MongoStore.ts');
    return MongoStore.open(options.mongodbUri);
  }
  return openSqlite(options.dataDir);
}

/**
 * The SQLite file under DATA_DIR, proved writable before anything else starts: a directory that
 * cannot be created, a read-only disk or a file Griot may not write stops start-up with
 * DATA_DIR named (exit 78), rather than a server that answers and then fails every call.
 */
async function openSqlite(dataDir: string): Promise<Store> {
  const path = join(dataDir, 'griot.db');
  let store: SqliteStore | undefined;
  try {
    mkdirSync(dataDir, { recursive: true });
    store = new SqliteStore(path);
    await store.writeHeartbeat('start-up', new Date().toISOString());
    return store;
  } catch (error) {
    await store?.close().catch(() => undefined);
    const err = error as NodeJS.ErrnoException;
    const why = err.code && !err.message.includes(err.code) ? `${err.code}: ${err.message}` : err.message;
    throw new ConfigError('DATA_DIR', `cannot keep the store in ${dataDir} (${why}); point DATA_DIR at a directory this process may write`);
  }
}
