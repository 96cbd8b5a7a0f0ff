import { createHash } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { z } from 'zod';
import { detectAudioType } from '../audio/audioLibrary.ts';
import type { AudioDumpEntry, StoreDump } from '../store/types.ts';

/** An audio prompt as backups before step 12 carried it: its path under DATA_DIR/audio and its bytes. */
export interface AudioAsset {
  path: string;
  base64: string;
}

/**
 * What `griot backup` writes: the store's dump (recorded audio in it, `audio`). Backups written
 * before the prompts moved into the store carried them beside the dump, in `assets.audio`.
 */
export type BackupFile = StoreDump & { assets?: { audio: AudioAsset[] } };

/** Checks the envelope only; the store checks the records it restores. */
export const BackupEnvelope = z
  .object({
    format: z.literal('griot-backup'),
    formatVersion: z.literal(1),
    createdAt: z.string(),
    assets: z.object({ audio: z.array(z.object({ path: z.string().min(1), base64: z.string() })) }).optional(),
  })
  .loose();

/** The dump a backup file restores: prompts of an older backup's `assets` become the store's audio. */
export function dumpOfBackup(backup: BackupFile): StoreDump {
  const { assets, ...dump } = backup;
  const legacy = (assets?.audio ?? []).map((asset): AudioDumpEntry => {
    const slash = asset.path.indexOf('/');
    const content = Buffer.from(asset.base64, 'base64');
    return {
      flowId: asset.path.slice(0, slash),
      name: asset.path.slice(slash + 1),
      contentType: detectAudioType(content) ?? 'application/octet-stream',
      bytes: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      uploadedAt: backup.createdAt,
      base64: asset.base64,
    };
  });
  return legacy.length > 0 ? { ...dump, audio: [...(dump.audio ?? []), ...legacy] } : dump;
}

/** What a backup holds, in one line (the CLI and the scheduled backups say it). */
export function describeBackup(dump: StoreDump): string {
  return (
    `${dump.flows.length} flow(s), ${dump.versions.length} version(s), ${dump.bindings.length} binding(s), ` +
    `${dump.users.length} user(s), ${dump.audit.length} audit entries${dump.audio?.length ? `, ${dump.audio.length} audio file(s)` : ''}`
  );
}

/**
 * Writes the backup whole or not at all: into a temporary file beside the target (same file
 * system), flushed to disk, then renamed over it. A crash or a full disk leaves the previous
 * file, never half of one. Only the owner may read it (it holds users' password hashes).
 */
export async function writeBackupFile(file: string, dump: StoreDump): Promise<void> {
  const temporary = `${file}.${process.pid}.${Date.now()}.partial`;
  try {
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify(dump));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
