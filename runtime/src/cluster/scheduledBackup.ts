import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from '../store/types.ts';
import { writeBackupFile } from '../cli/backupFile.ts';
import type { BackupSchedule } from './clusterConfig.ts';

/** `griot-backup-20260302T030000Z.json`: sorts by time, found again for retention. */
export const BACKUP_FILE = /^griot-backup-(\d{8}T\d{6}Z)\.json$/;
/** What an interrupted write left (`writeBackupFile`'s temporary file), removed once clearly abandoned. */
const PARTIAL_FILE = /^griot-backup-\d{8}T\d{6}Z\.json\.\d+\.\d+\.partial$/;
const ABANDONED_MS = 60 * 60_000;

export interface ScheduledBackupResult {
  file: string;
  /** Older backups removed beyond GRIOT_BACKUP_KEEP. */
  removed: string[];
}

export const backupFileName = (at: Date) =>
  `griot-backup-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')}.json`;

/** Backups this process is writing now (the schedule's or an admin's): "back up now" waits its turn. */
let writing = 0;
export const backupsBeingWritten = () => writing;

/**
 * One scheduled backup: the whole store, as `griot backup` writes it, into GRIOT_BACKUP_DIR under
 * a name that says when, written whole or not at all (temporary file, flushed, renamed); then
 * the oldest backups beyond GRIOT_BACKUP_KEEP are removed. Only this pattern of names is ever
 * removed: other files in the directory are left alone.
 */
export async function takeScheduledBackup(store: Store, schedule: Pick<BackupSchedule, 'dir' | 'keep'>, at: Date): Promise<ScheduledBackupResult> {
  writing += 1;
  try {
    return await writeAndPrune(store, schedule, at);
  } finally {
    writing -= 1;
  }
}

async function writeAndPrune(store: Store, schedule: Pick<BackupSchedule, 'dir' | 'keep'>, at: Date): Promise<ScheduledBackupResult> {
  await mkdir(schedule.dir, { recursive: true, mode: 0o700 });
  const file = join(schedule.dir, backupFileName(at));
  await writeBackupFile(file, await store.dump());
  const names = await readdir(schedule.dir);
  const backups = names.filter((name) => BACKUP_FILE.test(name)).sort();
  const removed = backups.slice(0, Math.max(0, backups.length - schedule.keep));
  for (const name of removed) await rm(join(schedule.dir, name), { force: true });
  for (const name of names.filter((n) => PARTIAL_FILE.test(n))) {
    const path = join(schedule.dir, name);
    const info = await stat(path).catch(() => null);
    if (info && at.getTime() - info.mtimeMs > ABANDONED_MS) await rm(path, { force: true });
  }
  return { file, removed };
}
