import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from '../store/types.ts';
import { endOfDump } from '../store/dumpedAudio.ts';
import { writeBackupFile } from '../cli/backupFile.ts';
import type { BackupSchedule } from './clusterConfig.ts';
import type { DataKeyring } from '../sensitive/dataKeys.ts';

/** `griot-backup-20260302T030000Z.json`: sorts by time, found again for retention. */
export const BACKUP_FILE = /^griot-backup-(\d{8}T\d{6}Z)\.json$/;
/** What an interrupted write left (`writeBackupFile`'s temporary file), removed once clearly abandoned. */
const PARTIAL_FILE = /^griot-backup-\d{8}T\d{6}Z\.json\.\d+\.\d+\.partial$/;
const ABANDONED_MS = 60 * 60_000;

/** Where backups go and how many are kept; `dataKeys` (GRIOT_DATA_KEY): what opens live sessions' sealed values, masked in the messages of open contacts. */
export type BackupTarget = Pick<BackupSchedule, 'dir' | 'keep'> & { dataKeys?: DataKeyring | undefined };

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
 * The lease held while any instance sharing the store writes a backup (the schedule's or an
 * admin's), apart from the `backup` job's own lease, which its instance holds between backups too.
 * Long, and renewed while writing: a dump of a large store can keep the event loop busy for a while;
 * after a crash, the next backup waits at most this long.
 */
export const BACKUP_WRITING_LEASE = 'backup-writing';
const WRITING_LEASE_MS = 10 * 60_000;
const WRITING_RENEW_MS = 60_000;

/** Another instance sharing the store is writing a backup now. */
export class BackupRunningElsewhere extends Error {
  constructor(readonly holder: string) {
    super(`another instance (${holder.slice(0, holder.lastIndexOf('#'))}) is writing a backup`);
  }
}

/** This writer in the lease: the host and process (for the message others see), then a run of its own. */
const writerId = () => `${hostname()}:${process.pid}#${randomUUID()}`;

/**
 * One scheduled backup: the whole store, as `griot backup` writes it, into GRIOT_BACKUP_DIR under
 * a name that says when, written whole or not at all (temporary file, flushed, renamed); then
 * the oldest backups beyond GRIOT_BACKUP_KEEP are removed. Only this pattern of names is ever
 * removed: other files in the directory are left alone.
 */
export async function takeScheduledBackup(store: Store, schedule: BackupTarget, at: Date): Promise<ScheduledBackupResult> {
  writing += 1;
  try {
    return await whileNoOtherWrites(store, () => writeAndPrune(store, schedule, at));
  } finally {
    writing -= 1;
  }
}

/**
 * Runs `write` holding the store's backup-writing lease: two instances on one store never write
 * backups at once (two dumps would load the store twice, and both prune the same directory), nor
 * `griot backup` beside them. Throws `BackupRunningElsewhere` when another process holds it.
 */
export async function whileNoOtherWrites<T>(store: Store, write: () => Promise<T>): Promise<T> {
  const holder = writerId();
  const take = () => {
    const now = Date.now();
    return store.leases.acquireLease(BACKUP_WRITING_LEASE, holder, new Date(now + WRITING_LEASE_MS).toISOString(), new Date(now).toISOString());
  };
  if (!(await take())) {
    const other = await store.leases.getLease(BACKUP_WRITING_LEASE);
    throw new BackupRunningElsewhere(other?.holder ?? 'unknown#');
  }
  const renew = setInterval(() => void take().catch(() => null), WRITING_RENEW_MS);
  renew.unref();
  try {
    return await write();
  } finally {
    clearInterval(renew);
    await store.leases.releaseLease(BACKUP_WRITING_LEASE, holder).catch(() => false);
  }
}

async function writeAndPrune(store: Store, schedule: BackupTarget, at: Date): Promise<ScheduledBackupResult> {
  await mkdir(schedule.dir, { recursive: true, mode: 0o700 });
  const file = join(schedule.dir, backupFileName(at));
  // Its big tables read a page at a time as they are written (SQLite), from the dump's one snapshot.
  const dump = await store.dump(schedule.dataKeys, { paged: true });
  try {
    await writeBackupFile(file, dump);
  } finally {
    // The store's snapshot of its prompts (SQLite) let go once they are written, or the write failed.
    await endOfDump(dump);
  }
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
