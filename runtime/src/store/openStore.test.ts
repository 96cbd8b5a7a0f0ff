import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../config.ts';
import { notKept, openStore } from './openStore.ts';
import { MigrationFailed, migrate, migrations } from './sqlite/migrations.ts';
import { SqliteStore } from './sqlite/SqliteStore.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/**
 * Another process on the same file (here a thread with its own connection, so that SQLite's busy
 * handler in this one cannot stop its timer) takes the write lock and keeps it `holdMs`.
 */
function holdWriteLock(path: string, holdMs: number): Promise<{ released: Promise<void> }> {
  const worker = new Worker(
    `const Database = require('better-sqlite3');
     const { parentPort, workerData } = require('node:worker_threads');
     const db = new Database(workerData.path);
     db.exec('BEGIN IMMEDIATE');
     parentPort.postMessage('held');
     setTimeout(() => { db.exec('COMMIT'); db.close(); parentPort.postMessage('released'); }, workerData.holdMs);`,
    { eval: true, workerData: { path, holdMs } },
  );
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', () => resolve({ released: new Promise((done) => worker.once('message', () => done())) }));
  });
}

describe('openStore on SQLite', () => {
  it('waits for another process that keeps the file locked past busy_timeout at start, instead of refusing to start', async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-open-store-'));
    const sqlitePath = join(dir, 'shared.db');
    // The schema exists (the other instance created it); it is busy with a long write now.
    await new SqliteStore(sqlitePath).close();
    const other = await holdWriteLock(sqlitePath, 6_000);
    const store = await openStore({ dataDir: join(dir, 'data'), sqlitePath });
    await other.released;
    expect(await store.ping()).toBe(true);
    await store.close();
  }, 30_000);

  it('says a file a newer release migrated is what stops it (going back), not that DATA_DIR is unwritable, and leaves the file as it was', async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-open-store-'));
    const dataDir = join(dir, 'data');
    await (await openStore({ dataDir })).close();
    const path = join(dataDir, 'griot.db');
    const db = new Database(path);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'a newer release', '2027-01-01T00:00:00.000Z')").run();
    db.close();
    const refused = await openStore({ dataDir }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ConfigError);
    const said = (refused as ConfigError).message;
    expect(said).toContain('DATA_DIR');
    expect(said).toMatch(/schema version 999 but this Griot knows only up to \d+/);
    expect(said).toContain('Going back to the previous release');
    expect(said).not.toMatch(/may write/);
    const after = new Database(path, { readonly: true });
    expect(after.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(999);
    after.close();
  });

  it('names the migration step that failed, not an unwritable directory', async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-open-store-'));
    const sqlitePath = join(dir, 'griot.db');
    await (await openStore({ dataDir: join(dir, 'data'), sqlitePath })).close();
    // Steps not recorded although their change is there: running them again fails at the first.
    // Step 36 creates tables (audio_parts), so it cannot run twice; a later step may (37 only
    // re-creates a trigger), so the records from 36 on are the ones removed. Steps never change
    // once released, so 36 stays a step that cannot run twice.
    const failing = 36;
    const db = new Database(sqlitePath);
    db.prepare('DELETE FROM schema_migrations WHERE version >= ?').run(failing);
    db.close();
    const refused = await openStore({ dataDir: join(dir, 'data'), sqlitePath }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ConfigError);
    const said = (refused as ConfigError).message;
    expect(said).toContain('GRIOT_SQLITE_PATH');
    expect(said).toContain(`step ${failing} (`);
    expect(said).toContain('the file is left as it was');
    expect(said).not.toMatch(/may write/);
  });

  it('says a store file this process may only read is read-only to it (its owner), not that a migration step failed', async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-open-store-'));
    const path = join(dir, 'griot.db');
    // A file of the previous schema that SQLite could open for reading only, as it does with a
    // file owned by root (a `griot restore` run as root) when Griot runs as its own user.
    const older = new Database(path);
    migrate(older, migrations.slice(0, -1));
    older.close();
    const readOnly = new Database(path, { readonly: true });
    const error = (() => {
      try {
        migrate(readOnly);
      } catch (thrown) {
        return thrown;
      } finally {
        readOnly.close();
      }
    })();
    expect(error).not.toBeInstanceOf(MigrationFailed);
    const said = notKept(error, path, 'DATA_DIR', { dataDir: dir }).message;
    expect(said).toContain(`${path} is read-only to this process`);
    expect(said).toContain('chown');
    expect(said).not.toMatch(/step \d+/);
  });

  it('keeps a new store from the machine’s other users: DATA_DIR 0700, griot.db and its WAL 0600, whatever the umask; an existing file keeps its mode', async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-open-store-'));
    const dataDir = join(dir, 'var', 'griot');
    const umask = process.umask(0o022);
    try {
      const store = await openStore({ dataDir });
      await store.writeHeartbeat('check', new Date().toISOString());
      expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
      expect((await stat(join(dataDir, 'griot.db'))).mode & 0o777).toBe(0o600);
      expect((await stat(join(dataDir, 'griot.db-wal'))).mode & 0o777).toBe(0o600);
      await store.close();
      // The operator's choice for a file that exists (a group that reads backups, say) is kept.
      await chmod(join(dataDir, 'griot.db'), 0o640);
      await (await openStore({ dataDir })).close();
      expect((await stat(join(dataDir, 'griot.db'))).mode & 0o777).toBe(0o640);
    } finally {
      process.umask(umask);
    }
  });
});
