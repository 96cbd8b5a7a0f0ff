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
});
