import { mkdtempSync, rmSync } from 'node:fs';
import { readdir, readFile, writeFile, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { createFlow } from '../store/contract/fixtures.ts';
import { backupFileName, takeScheduledBackup } from './scheduledBackup.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'griot-backups-'));
  dirs.push(dir);
  return dir;
};

describe('scheduled backups', () => {
  it('writes the whole store under a name that says when, and keeps the newest GRIOT_BACKUP_KEEP', async () => {
    const store = new SqliteStore(':memory:');
    await createFlow(store, 'hello');
    const dir = join(tempDir(), 'nested', 'backups');
    const times = ['2026-03-02T03:00:00.000Z', '2026-03-03T03:00:00.000Z', '2026-03-04T03:00:00.000Z'].map((t) => new Date(t));
    for (const at of times) await takeScheduledBackup(store, { dir, keep: 2 }, at);
    await writeFile(join(dir, 'notes.txt'), 'the operator’s own file');
    const last = await takeScheduledBackup(store, { dir, keep: 2 }, new Date('2026-03-05T03:00:00.000Z'));
    expect(last.removed).toEqual(['griot-backup-20260303T030000Z.json']);
    expect((await readdir(dir)).sort()).toEqual(['griot-backup-20260304T030000Z.json', 'griot-backup-20260305T030000Z.json', 'notes.txt']);
    const backup = JSON.parse(await readFile(last.file, 'utf8'));
    expect(backup).toMatchObject({ format: 'griot-backup', formatVersion: 1, flows: [{ id: 'hello' }] });
    await store.close();
  });

  it('leaves the previous backups whole when writing fails, and clears what an interrupted write left', async () => {
    const store = new SqliteStore(':memory:');
    const dir = tempDir();
    await takeScheduledBackup(store, { dir, keep: 5 }, new Date('2026-03-02T03:00:00.000Z'));
    // A write cut short an hour and more ago (the process died): its temporary file.
    const abandoned = join(dir, `${backupFileName(new Date('2026-03-02T04:00:00.000Z'))}.4242.1772424000000.partial`);
    await writeFile(abandoned, '{"format":"griot-b');
    await utimes(abandoned, new Date('2026-03-02T04:00:00.000Z'), new Date('2026-03-02T04:00:00.000Z'));
    // The dump fails (the store is gone): nothing half-written stays.
    const broken = { leases: store.leases, dump: () => Promise.reject(new Error('store closed')) } as unknown as SqliteStore;
    await expect(takeScheduledBackup(broken, { dir, keep: 5 }, new Date('2026-03-02T05:00:00.000Z'))).rejects.toThrow('store closed');
    await takeScheduledBackup(store, { dir, keep: 5 }, new Date('2026-03-02T06:00:00.000Z'));
    expect((await readdir(dir)).sort()).toEqual(['griot-backup-20260302T030000Z.json', 'griot-backup-20260302T060000Z.json']);
    await store.close();
  });
});
