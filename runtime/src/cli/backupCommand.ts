import { loadConfig } from '../config.ts';
import { openStore, storeOptionsOf } from '../store/openStore.ts';
import { describeBackup, writeBackupFile } from './backupFile.ts';
import { endOfDump } from '../store/dumpedAudio.ts';
import { BackupRunningElsewhere, whileNoOtherWrites } from '../cluster/scheduledBackup.ts';

/** sysexits' EX_TEMPFAIL: nothing is wrong, try again later. */
const TRY_AGAIN_LATER = 75;

export interface BackupOptions {
  /** Include recorded audio (default true). */
  audio?: boolean;
}

/**
 * `griot backup <file>`: the whole store (flows, versions, environments, bindings, callers,
 * transcripts, audit, users, agent queues, messaging, analytics, recorded audio in base64) as
 * one JSON file, written whole or not at all. Uses DATA_DIR / GRIOT_SQLITE_PATH / MONGODB_URI
 * like the server; safe to run while it serves. Holds the store's backup-writing lease while it
 * writes: while an instance writes a backup (scheduled, or an admin's "back up now"), it writes
 * nothing and exits 75, saying which host and process holds it.
 */
export async function backupCommand(file: string, options: BackupOptions = {}, env: Record<string, string | undefined> = process.env): Promise<number> {
  const config = loadConfig(env);
  const store = await openStore(storeOptionsOf(config));
  try {
    // The lease the instances' scheduled and "back up now" backups take: one dump at a time per store.
    return await whileNoOtherWrites(store, async () => {
      // As the scheduled backups: the big lists a page at a time, each prompt when it is written, from the dump's one snapshot.
      const whole = await store.dump(config.dataKeys, { paged: true });
      try {
        const { audio, ...rest } = whole;
        const dump = options.audio === false ? rest : { ...rest, audio };
        const counts = await writeBackupFile(file, dump);
        console.log(`backed up ${store.kind} store to ${file}: ${describeBackup(dump, counts)}`);
        return 0;
      } finally {
        await endOfDump(whole);
      }
    });
  } catch (error) {
    if (!(error instanceof BackupRunningElsewhere)) throw error;
    console.log(`griot: ${error.message}: nothing written; run griot backup again once it is done`);
    return TRY_AGAIN_LATER;
  } finally {
    await store.close();
  }
}
