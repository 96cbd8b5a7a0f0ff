import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './openDatabase.ts';
import { startWalCheckpointer } from './walCheckpointer.ts';

let dir = '';
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('WAL checkpoints on a worker thread', () => {
  it('copies committed pages into the database file while the main connection keeps writing', async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-wal-'));
    const path = join(dir, 'griot.db');
    const db = openDatabase(path);
    const checkpointer = startWalCheckpointer(db, path, 50);
    db.exec('CREATE TABLE t (v TEXT)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    for (let i = 0; i < 2000; i += 1) insert.run('x'.repeat(200));
    const sizeBefore = (await stat(path)).size;
    await new Promise((resolve) => setTimeout(resolve, 400));
    // The database file itself has grown: the worker has checkpointed the WAL into it.
    expect((await stat(path)).size).toBeGreaterThan(sizeBefore);
    await checkpointer.stop();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const reopened = new Database(path, { readonly: true });
    expect(reopened.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 2000 });
    reopened.close();
  });

  it('starts the WAL over under steady writes, so it does not grow without bound', { timeout: 60_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-wal-'));
    const path = join(dir, 'griot.db');
    const db = openDatabase(path);
    const checkpointer = startWalCheckpointer(db, path, 20, 200);
    await checkpointer.ready;
    // A restarted WAL is cut back to this size, so the file's size shows how far it grew between restarts.
    db.pragma('journal_size_limit = 1048576');
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)');
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    const batch = db.transaction((from: number) => {
      for (let i = from; i < from + 50; i += 1) insert.run(`${(i * 7919) % 1000003}-${i}`, 'x'.repeat(300));
    });
    // Writes the way a saturated server does (its group commit begins IMMEDIATE): a commit every
    // turn of the event loop, never a pause long enough for a passive checkpoint to find the WAL
    // fully copied. Each restart cuts the file back to the limit above: the file shrinking is a restart.
    // Without them it only grows (to about 200 MiB over these writes).
    let restarts = 0;
    let previous = 0;
    for (let n = 0; n < 600; n += 1) {
      batch.immediate(n * 50);
      await new Promise((resolve) => setImmediate(resolve));
      if (n % 10 !== 0) continue;
      const size = (await stat(`${path}-wal`)).size;
      if (size < previous) restarts += 1;
      previous = size;
    }
    await checkpointer.stop();
    db.close();
    expect(restarts).toBeGreaterThanOrEqual(2);
  });
});
