import { readdir, readFile, rename, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Logger } from '../logger.ts';
import type { AudioStore } from '../store/types.ts';
import { BadInputError, DependencyError } from '../errors.ts';
import { AUDIO_QUOTA_CODES, AudioLibrary, isAudioPath } from './audioLibrary.ts';

export interface AudioImport {
  imported: number;
  /** Already in the store (the same content, or a newer upload of that name). */
  skipped: number;
  /** Not a prompt Griot would accept (a stray file, not audio): left in the renamed folder. */
  refused: string[];
  /** Past GRIOT_AUDIO_MAX_MB_PER_FLOW or GRIOT_AUDIO_MAX_MB, as an upload would be: left in the renamed folder. */
  overQuota: string[];
  /**
   * Not imported now: another instance was checking the audio quota for too long (`quota_busy`).
   * They stay in DATA_DIR/audio (the folder is not moved) and the next start imports them.
   */
  busy: string[];
  /** Where the folder went, for the operator to delete once satisfied. */
  movedTo?: string;
}

/**
 * Griot before step 12 kept recorded prompts as files under DATA_DIR/audio/<flowId>/<name>. At
 * start, those are put into the Store once (a name the store already holds keeps the store's
 * file: it is the same or a later upload; a file past the quotas stays out, as an upload would), then the folder is renamed `audio.imported-<time>`,
 * so the next start does not read it again and the operator can remove it. Several instances
 * sharing one folder may import at once: putting the same content twice changes nothing.
 */
export async function importAudioFolder(options: {
  dataDir: string;
  store: AudioStore;
  logger: Logger;
  now?: () => Date;
  /** The server's library, with its quotas (none: no quota, for tests of the move alone). */
  library?: AudioLibrary;
}): Promise<AudioImport | null> {
  const folder = join(options.dataDir, 'audio');
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
    throw error;
  });
  if (!entries) return null;
  const library = options.library ?? new AudioLibrary(options.store);
  const result: AudioImport = { imported: 0, skipped: 0, refused: [], overQuota: [], busy: [] };
  for (const entry of entries.filter((e) => e.isFile())) {
    const full = join(entry.parentPath, entry.name);
    const path = relative(folder, full).split('\\').join('/');
    const slash = path.indexOf('/');
    const flowId = path.slice(0, slash);
    const name = path.slice(slash + 1);
    if (slash <= 0 || !isAudioPath(flowId, name)) {
      result.refused.push(path);
      continue;
    }
    // Once the quota was busy, the rest waits for the next start too: the start is not held 15 s per file.
    if (result.busy.length > 0) {
      result.busy.push(path);
      continue;
    }
    try {
      const bytes = await readFile(full);
      const audio = library.describe(flowId, name, bytes, (await stat(full)).mtime.toISOString());
      if (await options.store.getAudioInfo(flowId, name)) {
        result.skipped += 1;
        continue;
      }
      await library.putWithinQuota(audio, bytes);
      result.imported += 1;
    } catch (error) {
      // Past a quota: the operator frees room (or raises it) and puts the file back in DATA_DIR/audio.
      if (error instanceof BadInputError && AUDIO_QUOTA_CODES.includes(error.code)) result.overQuota.push(path);
      // Not audio, or not of its extension's type: never served before either (the upload refused such files).
      else if (error instanceof BadInputError) result.refused.push(path);
      // The quota held elsewhere for too long (another instance's import, or its lease left by a crash): the start goes on.
      else if (error instanceof DependencyError && error.code === 'quota_busy') result.busy.push(path);
      else throw error;
    }
  }
  if (result.busy.length > 0) {
    options.logger.warn(
      { event: 'audio.import.busy', count: result.busy.length, imported: result.imported },
      'some recorded prompts in DATA_DIR/audio could not be imported now (the audio quota was busy): they stay there and the next start imports them',
    );
    return result;
  }
  const movedTo = join(options.dataDir, `audio.imported-${(options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-')}`);
  // Another instance sharing the folder may have moved it first.
  await rename(folder, movedTo).then(
    () => {
      result.movedTo = movedTo;
    },
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    },
  );
  options.logger.info({ event: 'audio.imported', ...result }, 'recorded prompts moved from DATA_DIR/audio into the store');
  if (result.overQuota.length > 0) {
    options.logger.warn(
      { event: 'audio.import.overQuota', count: result.overQuota.length, movedTo },
      'recorded prompts past GRIOT_AUDIO_MAX_MB_PER_FLOW or GRIOT_AUDIO_MAX_MB were left in the set-aside folder: free room or raise the quota, then put them back in DATA_DIR/audio',
    );
  }
  return result;
}
