import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { BACKUP_FILE, BackupRunningElsewhere, type BackupTarget, backupsBeingWritten, takeScheduledBackup } from '../cluster/scheduledBackup.ts';
import { conflict, notFound } from '../errors.ts';
import type { Store } from '../store/types.ts';
import { countBackup } from './countBackup.ts';

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
  /** Null when the file could not be read as a backup. */
  contents: BackupContents | null;
}

/** "Back up now" while a backup is written: when to ask again (a backup takes seconds to minutes). */
const BACKUP_RETRY_AFTER_SECONDS = 30;
/** The counts kept in memory (by name, size and time); the side files keep them across restarts. */
const COUNTED_KEPT = 256;
/** Where each backup's counts are kept once made, beside the backups: `.counts/<name>`. */
const COUNTS_DIR = '.counts';

export interface BackupShelf {
  /** Whether GRIOT_BACKUP_DIR is set; the screen explains when not. */
  readonly configured: boolean;
  /** GRIOT_BACKUP_CRON; undefined: backups on demand only, the screen says there is no schedule. */
  readonly schedule: string | undefined;
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

const notConfigured = () => conflict('backups_not_configured', 'no backup directory: set GRIOT_BACKUP_DIR, and GRIOT_BACKUP_CRON to schedule them (docs/deploy.md, "Backups and the restore drill")');

/**
 * The backups in GRIOT_BACKUP_DIR, as the scheduled job writes them (`griot-backup-<time>.json`,
 * written to a temporary file then renamed, so a half-written file never has a listed name), and
 * "back up now" through that same job's code, keeping GRIOT_BACKUP_KEEP.
 */
export function createBackupShelf(store: Store, schedule: (BackupTarget & { cron?: string | undefined }) | undefined): BackupShelf {
  const counted = new Map<string, BackupContents | null>();
  let running = false;

  /**
   * What a backup holds: from memory, else from its side file (`.counts/<name>`, written the first
   * time it was counted, and valid for that size and time), else by reading it in chunks
   * (countBackup), one file at a time (the listing awaits each).
   */
  async function contentsOf(dir: string, name: string, key: string): Promise<BackupContents | null> {
    const known = counted.get(key);
    if (known !== undefined || counted.has(key)) return known ?? null;
    const side = join(dir, COUNTS_DIR, name);
    let contents: BackupContents | null | undefined = await readFile(side, 'utf8')
      .then((text) => {
        const kept = JSON.parse(text) as { key: string; contents: BackupContents | null };
        return kept.key === key ? kept.contents : undefined;
      })
      .catch(() => undefined);
    if (contents === undefined) {
      // Any size: counting reads 256 kB at a time and keeps no more (about 1 s per 100 MB), once per file.
      contents = await countBackup(join(dir, name));
      await keepCounts(dir, side, key, contents);
    }
    counted.set(key, contents);
    // The oldest counted first go: a directory of many backups keeps a bounded cache.
    for (const oldest of counted.keys()) {
      if (counted.size <= COUNTED_KEPT) break;
      counted.delete(oldest);
    }
    return contents;
  }

  /** Best effort: a directory Griot may not write to only costs a count at each restart. */
  async function keepCounts(dir: string, side: string, key: string, contents: BackupContents | null): Promise<void> {
    try {
      await mkdir(join(dir, COUNTS_DIR), { recursive: true, mode: 0o700 });
      const partial = `${side}.${process.pid}.partial`;
      await writeFile(partial, JSON.stringify({ key, contents }), { mode: 0o600 });
      await rename(partial, side);
    } catch {
      // Counted again after the next restart.
    }
  }

  /** Side files whose backup is gone (kept GRIOT_BACKUP_KEEP removed it). */
  async function forgetRemoved(dir: string, listed: string[]): Promise<void> {
    const sides = await readdir(join(dir, COUNTS_DIR)).catch(() => [] as string[]);
    for (const side of sides) if (!listed.includes(side)) await rm(join(dir, COUNTS_DIR, side), { force: true }).catch(() => undefined);
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
      contents: await contentsOf(dir, name, `${name}:${info.size}:${info.mtime.toISOString()}`),
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
    schedule: schedule?.cron,
    dir: schedule?.dir,
    async list() {
      if (!schedule) throw notConfigured();
      // One after the other: a backup not counted yet is read whole, and eight at once held 600 MB.
      const all = await names(schedule.dir);
      const listed: BackupListing[] = [];
      for (const name of all) {
        const listing = await describe(schedule.dir, name);
        if (listing) listed.push(listing);
      }
      await forgetRemoved(schedule.dir, all);
      return listed;
    },
    async takeNow(at) {
      if (!schedule) throw notConfigured();
      if (running || backupsBeingWritten() > 0) throw conflict('backup_running', 'a backup is being written: wait for it to finish', { retryAfterSeconds: BACKUP_RETRY_AFTER_SECONDS });
      running = true;
      try {
        const taken = await takeScheduledBackup(store, schedule, at).catch((error: unknown) => {
          if (error instanceof BackupRunningElsewhere) throw conflict('backup_running_elsewhere', `${error.message}: wait for it to finish`, { retryAfterSeconds: BACKUP_RETRY_AFTER_SECONDS });
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
