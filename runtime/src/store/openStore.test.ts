import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from './openStore.ts';
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
});
