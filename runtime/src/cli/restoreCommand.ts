import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import { BadInputError } from '../errors.ts';
import { printable, readBackup } from '../backups/readBackup.ts';
import { openStore, storeOptionsOf } from '../store/openStore.ts';
import type { Store } from '../store/types.ts';
import { schemaTooNewForThisGriot } from '../store/schemaVersion.ts';
import { audioProblems, BackupEnvelope, describeBackup, dumpOfBackup, limitProblems, userProblems, type BackupFile } from './backupFile.ts';

async function isEmptyDir(dir: string): Promise<boolean> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? [] : Promise.reject(error)));
  return entries.length === 0;
}

/**
 * `griot restore <file>`: loads a backup into an empty store (DATA_DIR / GRIOT_SQLITE_PATH /
 * MONGODB_URI as for the server), recorded audio included, all or nothing. Refuses a store that
 * holds anything, and a DATA_DIR whose audio folder an older Griot filled (the next start would
 * import it over the backup's): restoring over live data would mix two histories. Run it before
 * the first start of the server on that store.
 *
 * Refuses, before the store is opened, a backup past this Griot's limits (GRIOT_MAX_FLOWS, the
 * prompts' quotas, the versions a flow keeps), naming each and the setting that raises it.
 *
 * Any size: the file is read as a stream (readBackup), each recorded prompt decoded to bytes as it
 * comes, so memory holds about the backup's data once, never the file as one string.
 */
export async function restoreCommand(file: string, env: Record<string, string | undefined> = process.env): Promise<number> {
  return restoreBackup(file, file, env);
}

/** `griot restore` from a file (its path) or from the bytes of one (tests); `file` names it in what is said. */
export async function restoreBackup(
  source: string | AsyncIterable<Uint8Array>,
  file: string,
  env: Record<string, string | undefined> = process.env,
  /** The store to restore into (tests: an in-memory MongoDB); by default the one `env` names. */
  open: (config: ReturnType<typeof loadConfig>) => Promise<Store> = (config) => openStore(storeOptionsOf(config)),
): Promise<number> {
  const config = loadConfig(env);
  let backup: BackupFile;
  try {
    // A prompt past the limit below is refused as it is read, its bytes never all held (limitProblems would refuse it after).
    const json: unknown = await readBackup(source, { audioLimits: { perPromptBytes: config.audioQuota.perFlowBytes } });
    const envelope = BackupEnvelope.safeParse(json);
    if (!envelope.success) {
      console.log(`${file} is not a Griot backup:\n${z.prettifyError(envelope.error).split('\n').map(printable).join('\n')}`);
      return 1;
    }
    backup = json as BackupFile;
  } catch (error) {
    console.log(`cannot read ${file}: ${(error as Error).message}`);
    return 1;
  }

  // Before the store is opened: a refused backup writes nothing.
  const newer = schemaTooNewForThisGriot(backup.schemaVersion);
  if (newer) {
    console.log(`refusing to restore ${file}: ${newer}; nothing was restored`);
    return 1;
  }
  const problems = audioProblems(backup);
  if (problems.length > 0) {
    // The entries' names and types are the file's: quoted to the terminal as text, never as its controls.
    const shown = problems.slice(0, 20).map(printable).join('\n  ');
    console.log(
      `refusing to restore ${file}: ${problems.length} recorded prompt(s) are not what an upload would accept, nothing was restored:\n  ${shown}${problems.length > 20 ? `\n  … and ${problems.length - 20} more` : ''}`,
    );
    return 1;
  }

  // Users this Griot can serve (a role it knows, a name no other user holds but for case), or refused before anything is written.
  const badUsers = userProblems(backup);
  if (badUsers.length > 0) {
    console.log(`refusing to restore ${file}: ${badUsers.length} user record(s) are not what this Griot reads, nothing was restored:\n  ${badUsers.map(printable).join('\n  ')}`);
    return 1;
  }

  // Within this Griot's limits (its configuration), or refused before anything is written.
  const pastLimits = limitProblems(dumpOfBackup(backup), config);
  if (pastLimits.length > 0) {
    console.log(`refusing to restore ${file}: it holds more than this Griot's limits allow, nothing was restored:\n  ${pastLimits.map(printable).join('\n  ')}`);
    return 1;
  }

  const audioDir = resolve(config.dataDir, 'audio');
  const store = await open(config);
  try {
    const [flows, users, interrupted] = await Promise.all([store.listFlows(), store.countUsers(), store.interruptedRestore()]);
    // A restore killed half-way (MongoDB: its mark still there) left what it had written: not data to keep,
    // and `Store.restore` empties it first. Refused, the operator could neither start the server on it nor restore.
    // Unless that restore is running now (its mark refreshed within the minute): then `Store.restore` refuses this one.
    if (interrupted) console.log(`a restore into this store began at ${interrupted} and never finished: what it wrote is removed, then ${file} is restored`);
    else if (flows.length > 0 || users > 0 || !(await isEmptyDir(audioDir))) {
      const where = config.mongodbUri ? 'the MongoDB database' : config.sqlitePath ? `GRIOT_SQLITE_PATH ${resolve(config.sqlitePath)}` : `DATA_DIR ${resolve(config.dataDir)}`;
      console.log(
        `refusing to restore: ${where} already holds data (${flows.length} flow(s), ${users} user(s)). ` +
          'Restore needs an empty store: point DATA_DIR (or GRIOT_SQLITE_PATH, or MONGODB_URI) at a new location, or move the current data away first.',
      );
      return 1;
    }
    const dump = dumpOfBackup(backup);
    try {
      await store.restore(dump);
    } catch (error) {
      if (!(error instanceof BadInputError && error.code === 'restore_running')) throw error;
      console.log(`refusing to restore ${file}: ${error.message}; nothing was restored`);
      return 1;
    }
    console.log(`restored ${file} into the ${store.kind} store: ${describeBackup(dump)}`);
    return 0;
  } finally {
    await store.close();
  }
}
