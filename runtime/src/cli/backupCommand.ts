import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { loadConfig } from '../config.ts';
import { openStore, storeOptionsOf } from '../store/openStore.ts';
import type { AudioAsset, BackupFile } from './backupFile.ts';

export interface BackupOptions {
  /** Include recorded audio from DATA_DIR/audio (default true). */
  audio?: boolean;
}

async function readAudio(audioDir: string): Promise<AudioAsset[]> {
  const entries = await readdir(audioDir, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
  return Promise.all(files.map(async (file) => ({ path: relative(audioDir, file).split('\\').join('/'), base64: (await readFile(file)).toString('base64') })));
}

/**
 * `griot backup <file>`: the whole store (flows, versions, environments, bindings, callers,
 * transcripts, audit, users) as one JSON file, with audio prompts in base64. Uses DATA_DIR /
 * MONGODB_URI like the server; safe to run while it serves.
 */
export async function backupCommand(file: string, options: BackupOptions = {}, env: Record<string, string | undefined> = process.env): Promise<number> {
  const config = loadConfig(env);
  const store = await openStore(storeOptionsOf(config));
  try {
    const dump = await store.dump();
    const audio = options.audio === false ? [] : await readAudio(join(config.dataDir, 'audio'));
    const backup: BackupFile = { ...dump, ...(audio.length > 0 ? { assets: { audio } } : {}) };
    await writeFile(file, JSON.stringify(backup), { mode: 0o600 });
    console.log(
      `backed up ${store.kind} store to ${file}: ${dump.flows.length} flow(s), ${dump.versions.length} version(s), ${dump.bindings.length} binding(s), ` +
        `${dump.users.length} user(s), ${dump.audit.length} audit entries${audio.length > 0 ? `, ${audio.length} audio file(s)` : ''}`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
