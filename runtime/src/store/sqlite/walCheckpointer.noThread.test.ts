import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from './openDatabase.ts';
import { startWalCheckpointer } from './walCheckpointer.ts';

// A machine out of threads or memory: Node cannot make the checkpoint thread (it throws at once).
vi.mock('node:worker_threads', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:worker_threads')>();
  class Worker {
    constructor() {
      throw Object.assign(new Error('ERR_WORKER_INIT_FAILED: EAGAIN'), { code: 'ERR_WORKER_INIT_FAILED' });
    }
  }
  return { ...real, Worker };
});

let dir = '';
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('a checkpoint thread that cannot be made, now that it starts under traffic', () => {
  it('keeps the server up: says so once, and the main connection checkpoints and truncates the WAL', { timeout: 30_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-wal-nothread-'));
    const path = join(dir, 'griot.db');
    const db = openDatabase(path);
    db.exec('CREATE TABLE t (v TEXT)');
    const warnings: string[] = [];
    const checkpointer = startWalCheckpointer(db, path, { intervalMs: 20, scrubDelayMs: 20, minScrubIntervalMs: 0, startAtWalBytes: 1 << 30, warn: (m) => warnings.push(m) });
    db.prepare('INSERT INTO t VALUES (?)').run('Your PUK code is 99887766');
    // A contact's first write (its start lands on a timer), then its end (on the turn's answer).
    checkpointer.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(() => checkpointer.scrubSoon()).not.toThrow();
    await expect.poll(() => checkpointer.scrubs.done, { timeout: 10_000, interval: 20 }).toBe(1);
    expect((await stat(`${path}-wal`)).size).toBe(0);
    expect(checkpointer.started).toBe(false);
    expect(warnings).toEqual(['the WAL checkpoint worker failed to start: the main connection checkpoints and truncates the WAL itself from now on']);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await checkpointer.ready;
    await checkpointer.stop();
    db.close();
  });
});
