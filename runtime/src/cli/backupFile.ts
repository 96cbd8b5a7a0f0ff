import { z } from 'zod';
import type { StoreDump } from '../store/types.ts';

/** An audio prompt under DATA_DIR/audio, relative path and bytes. */
export interface AudioAsset {
  path: string;
  base64: string;
}

/** What `griot backup` writes: the store's dump, plus recorded audio when there is any. */
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
