import { loadConfig } from '../config.ts';
import { openStore, storeOptionsOf } from '../store/openStore.ts';
import { describeBackup, writeBackupFile } from './backupFile.ts';

export interface BackupOptions {
  /** Include recorded audio (default true). */
  audio?: boolean;
}

/**
 * `griot backup <file>`: the whole store (flows, versions, environments, bindings, callers,
 * transcripts, audit, users, agent queues, messaging, analytics, recorded audio in base64) as
 * one JSON file, written whole or not at all. Uses DATA_DIR / GRIOT_SQLITE_PATH / MONGODB_URI
 * like the server; safe to run while it serves.
 */
export async function backupCommand(file: string, options: BackupOptions = {}, env: Record<string, string | undefined> = process.env): Promise<number> {
  const config = loadConfig(env);
  const store = await openStore(storeOptionsOf(config));
  try {
    const { audio, ...rest } = await store.dump();
    const dump = options.audio === false ? rest : { ...rest, audio };
    await writeBackupFile(file, dump);
    console.log(`backed up ${store.kind} store to ${file}: ${describeBackup(dump)}`);
    return 0;
  } finally {
    await store.close();
  }
}
