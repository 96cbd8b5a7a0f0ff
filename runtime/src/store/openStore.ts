import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from './types.ts';
import { SqliteStore } from './sqlite/SqliteStore.ts';

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
  mkdirSync(options.dataDir, { recursive: true });
  return new SqliteStore(join(options.dataDir, 'griot.db'));
}
