import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import { openStore, storeOptionsOf } from '../store/openStore.ts';
import type { StoreDump } from '../store/types.ts';
import { BackupEnvelope, type BackupFile } from './backupFile.ts';

async function isEmptyDir(dir: string): Promise<boolean> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? [] : Promise.reject(error)));
  return entries.length === 0;
}

/**
 * `griot restore <file>`: loads a backup into an empty store (DATA_DIR / MONGODB_URI as for
 * the server). Refuses a store that holds anything: restoring over live data would mix two
 * histories. Run it before the first start of the server on that DATA_DIR.
 */
export async function restoreCommand(file: string, env: Record<string, string | undefined> = process.env): Promise<number> {
  const config = loadConfig(env);
  let backup: BackupFile;
  try {
    const json: unknown = JSON.parse(await readFile(file, 'utf8'));
    const envelope = BackupEnvelope.safeParse(json);
    if (!envelope.success) {
      console.log(`${file} is not a Griot backup:\n${z.prettifyError(envelope.error)}`);
      return 1;
    }
    backup = json as BackupFile;
  } catch (error) {
    console.log(`cannot read ${file}: ${(error as Error).message}`);
    return 1;
  }

  const audioDir = resolve(config.dataDir, 'audio');
  const store = await openStore(storeOptionsOf(config));
  try {
    const [flows, users] = await Promise.all([store.listFlows(), store.countUsers()]);
    if (flows.length > 0 || users > 0 || !(await isEmptyDir(audioDir))) {
      const where = config.mongodbUri ? 'the MongoDB database' : config.sqlitePath ? `GRIOT_SQLITE_PATH ${resolve(config.sqlitePath)}` : `DATA_DIR ${resolve(config.dataDir)}`;
      console.log(
        `refusing to restore: ${where} already holds data (${flows.length} flow(s), ${users} user(s)). ` +
          'Restore needs an empty store: point DATA_DIR (or GRIOT_SQLITE_PATH, or MONGODB_URI) at a new location, or move the current data away first.',
      );
      return 1;
    }
    const { assets, ...dump } = backup;
    await store.restore(dump as StoreDump);
    for (const asset of assets?.audio ?? []) {
      const target = resolve(audioDir, asset.path);
      if (!target.startsWith(audioDir + sep)) throw new Error(`audio path ${asset.path} leaves the audio folder`);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, Buffer.from(asset.base64, 'base64'));
    }
    console.log(
      `restored ${file} into the ${store.kind} store: ${dump.flows.length} flow(s), ${dump.versions.length} version(s), ${dump.bindings.length} binding(s), ` +
        `${dump.users.length} user(s)${assets?.audio.length ? `, ${assets.audio.length} audio file(s)` : ''}`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
