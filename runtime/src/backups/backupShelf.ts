import { createReadStream } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { BACKUP_FILE, BackupRunningElsewhere, backupsBeingWritten, takeScheduledBackup } from '../cluster/scheduledBackup.ts';
import type { BackupSchedule } from '../cluster/clusterConfig.ts';
import { conflict, notFound } from '../errors.ts';
import type { Store, StoreDump } from '../store/types.ts';

/** What a backup holds, counted once per file (by name, size and time). */
export interface BackupContents {
  createdAt: string;
  flows: number;
  versions: number;
  bindings: number;
  users: number;
  auditEntries: number;
  audioFiles: number;
}

export interface BackupListing {
  name: string;
  /** When it was written (the file's time). */
  at: string;
  bytes: number;
  /** False for every file Griot writes today (plain JSON, readable by whoever reads the disk). */
  encrypted: boolean;
  /** Null when the file could not be read as a backup, or is too large to count on request. */
  contents: BackupContents | null;
}

/** Beyond this, a listing does not parse the file to count what it holds (memory of a busy server). */
const COUNTED_MAX_BYTES = 64 * 1024 * 1024;

export interface BackupShelf {
  /** Whether GRIOT_BACKUP_DIR is set (with GRIOT_BACKUP_CRON); the screen explains when not. */
  readonly configured: boolean;
  /** GRIOT_BACKUP_DIR, to show the restore command with a real path. */
  readonly dir: string | undefined;
  list(): Promise<BackupListing[]>;
  /**
   * One at a time: while this process writes one (this or the scheduled job), 409 `backup_running`;
   * while another instance sharing the store writes one, 409 `backup_running_elsewhere`.
   */
  takeNow(at: Date): Promise<BackupListing>;
  /** Only a name the listing gives (never a path): anything else is 404 `backup_not_found`. */
  open(name: string): Promise<{ listing: BackupListing; stream: Readable }>;
}

const notConfigured = () => conflict('backups_not_configured', 'no backup directory: set GRIOT_BACKUP_DIR and GRIOT_BACKUP_CRON (docs/operations.md, "Backups")');

/**
 * The backups in GRIOT_BACKUP_DIR, as the scheduled job writes them (`griot-backup-<time>.json`,
 * written to a temporary file then renamed, so a half-written file never has a listed name), and
 * "back up now" through that same job's code, keeping GRIOT_BACKUP_KEEP.
 */
export function createBackupShelf(store: Store, schedule: Pick<BackupSchedule, 'dir' | 'keep'> | undefined): BackupShelf {
  const counted = new Map<string, BackupContents | null>();
  let running = false;

  async function contentsOf(path: string, key: string, bytes: number): Promise<BackupContents | null> {
    if (counted.has(key)) return counted.get(key) ?? null;
    let contents: BackupContents | null = null;
    if (bytes <= COUNTED_MAX_BYTES) {
      try {
        const dump = JSON.parse(await readFile(path, 'utf8')) as StoreDump;
        contents = {
          createdAt: dump.createdAt,
          flows: dump.flows.length,
          versions: dump.versions.length,
          bindings: dump.bindings.length,
          users: dump.users.length,
          auditEntries: dump.audit.length,
          audioFiles: dump.audio?.length ?? 0,
        };
      } catch {
        contents = null;
      }
    }
    counted.set(key, contents);
    return contents;
  }

  async function describe(dir: string, name: string): Promise<BackupListing | null> {
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return null;
    const head = Buffer.alloc(1);
    const handle = await open(path, 'r');
    try {
      await handle.read(head, 0, 1, 0);
    } finally {
      await handle.close();
    }
    return {
      name,
      at: info.mtime.toISOString(),
      bytes: info.size,
      encrypted: head.toString('utf8') !== '{',
      contents: await contentsOf(path, `${name}:${info.size}:${info.mtimeMs}`, info.size),
    };
  }

  async function names(dir: string): Promise<string[]> {
    const all = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    return all.filter((n) => BACKUP_FILE.test(n)).sort((a, b) => b.localeCompare(a));
  }

  return {
    configured: !!schedule,
    dir: schedule?.dir,
    async list() {
      if (!schedule) throw notConfigured();
      const listed = await Promise.all((await names(schedule.dir)).map((n) => describe(schedule.dir, n)));
      return listed.filter((l): l is BackupListing => l !== null);
    },
    async takeNow(at) {
      if (!schedule) throw notConfigured();
      if (running || backupsBeingWritten() > 0) throw conflict('backup_running', 'a backup is being written: wait for it to finish');
      running = true;
      try {
        const taken = await takeScheduledBackup(store, schedule, at).catch((error: unknown) => {
          if (error instanceof BackupRunningElsewhere) throw conflict('backup_running_elsewhere', `${error.message}: wait for it to finish`);
          throw error;
        });
        const listing = await describe(schedule.dir, taken.file.slice(schedule.dir.length).replace(/^[/\\]+/, ''));
        if (!listing) throw new Error(`backup ${taken.file} vanished once written`);
        return listing;
      } finally {
        running = false;
      }
    },
    async open(name) {
      if (!schedule) throw notConfigured();
      // Compared with the directory's listing, never joined as given: no `..`, no other file.
      if (!(await names(schedule.dir)).includes(name)) throw notFound('backup_not_found', `no backup named ${JSON.stringify(name.slice(0, 100))}`);
      const listing = await describe(schedule.dir, name);
      if (!listing) throw notFound('backup_not_found', `no backup named ${JSON.stringify(name)}`);
      return { listing, stream: createReadStream(join(schedule.dir, name)) };
    },
  };
}
