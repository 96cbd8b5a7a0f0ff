import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { WriteBatcher } from './WriteBatcher.ts';

let dir = '';
const open: Database.Database[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) if (db.open) db.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = '';
});

/** Two connections on one WAL file, as two Griot processes sharing GRIOT_SQLITE_PATH. */
async function twoConnections(busyTimeoutMs: number) {
  dir = await mkdtemp(join(tmpdir(), 'griot-batch-'));
  const path = join(dir, 'shared.db');
  const mine = new Database(path, { timeout: busyTimeoutMs });
  mine.pragma('journal_mode = WAL');
  mine.exec('CREATE TABLE t (v TEXT NOT NULL)');
  const other = new Database(path, { timeout: 0 });
  open.push(mine, other);
  const count = () => mine.prepare('SELECT count(*) FROM t').pluck().get();
  return { mine, other, count, insert: mine.prepare<[string | null]>('INSERT INTO t VALUES (?)'), otherInsert: other.prepare<[string]>('INSERT INTO t VALUES (?)') };
}

describe('WriteBatcher', () => {
  it('commits the writes of one loop iteration together; a failing write is rolled back alone', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (v TEXT NOT NULL)');
    const batch = new WriteBatcher(db);
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    const results = await Promise.allSettled([batch.write(() => insert.run('a')), batch.write(() => insert.run(null)), batch.write(() => insert.run('c'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual(['a', 'c']);
  });

  it('rolls a lone failing write back whole, and never undoes a write ahead with a failing write after it', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (v TEXT NOT NULL)');
    let rolledBack = 0;
    const batch = new WriteBatcher(db, () => (rolledBack += 1));
    const insert = db.prepare<[string | null]>('INSERT INTO t VALUES (?)');
    const values = () => db.prepare('SELECT v FROM t ORDER BY v').pluck().all();
    // Alone in its commit: its first statement went through before the second failed.
    const partial = batch.write(() => {
      insert.run('partial');
      insert.run(null);
    });
    await expect(partial).rejects.toThrow(/NOT NULL/);
    expect(values()).toEqual([]);
    expect(rolledBack).toBe(1);
    expect(db.inTransaction).toBe(false);
    await batch.write(() => insert.run('next'));
    expect(values()).toEqual(['next']);
    // A write ahead opened the transaction: the failing write after it is undone alone.
    const ahead = batch.writeAhead(() => insert.run('ahead'));
    const failing = batch.write(() => {
      insert.run('undone');
      insert.run(null);
    });
    await expect(ahead).resolves.toBeDefined();
    await expect(failing).rejects.toThrow(/NOT NULL/);
    expect(values()).toEqual(['ahead', 'next']);
    expect(rolledBack).toBe(2);
  });

  it('commits only once for many writes of one iteration', async () => {
    // Every statement the connection runs, prepared or not.
    const commits: unknown[] = [];
    const db = new Database(':memory:', { verbose: (sql) => (sql === 'COMMIT' ? commits.push(sql) : undefined) });
    db.exec('CREATE TABLE t (v TEXT)');
    const batch = new WriteBatcher(db);
    await Promise.all(Array.from({ length: 50 }, (_, i) => batch.write(() => db.prepare('INSERT INTO t VALUES (?)').run(String(i)))));
    expect(commits).toHaveLength(1);
    expect(batch.stats.commits).toBe(1);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(50);
  });

  it('leaves the file free for another process while the iteration goes on: the lock is taken only to commit', async () => {
    const { mine, count, insert, otherInsert } = await twoConnections(1000);
    const batch = new WriteBatcher(mine);
    const saved = batch.write(() => insert.run('mine'));
    // Another process writing meanwhile is not refused (it was, when the batch held the lock from its first write on).
    expect(() => otherInsert.run('theirs')).not.toThrow();
    await saved;
    expect(count()).toBe(2);
  });

  it('waits for a lock another process holds without stopping this process, and commits once it is free', async () => {
    const { mine, other, count, insert, otherInsert } = await twoConnections(2000);
    const batch = new WriteBatcher(mine);
    other.exec('BEGIN IMMEDIATE');
    otherInsert.run('theirs');
    const happened: string[] = [];
    const saved = batch.write(() => insert.run('mine')).then(() => happened.push('committed'));
    // The event loop goes on while the write waits: a timer fires, and the other process can commit.
    await new Promise((resolve) => setTimeout(resolve, 20));
    happened.push('timer fired');
    other.exec('COMMIT');
    await saved;
    expect(happened).toEqual(['timer fired', 'committed']);
    expect(count()).toBe(2);
    expect(batch.stats.busy).toBeGreaterThan(0);
  });

  it('runs a write ahead at once, visible before its commit, and commits it with the iteration', async () => {
    const { mine, count, insert } = await twoConnections(1000);
    const batch = new WriteBatcher(mine);
    const claimed = batch.writeAhead(() => insert.run('lease'));
    expect(count()).toBe(1);
    expect(mine.inTransaction).toBe(true);
    await claimed;
    await new Promise((resolve) => setImmediate(resolve));
    expect(mine.inTransaction).toBe(false);
  });

  it('queues a write ahead while another process holds the lock, instead of putting this process to sleep until it is free', async () => {
    // Another process, or the WAL checkpointer syncing the file: SQLite's busy handler would
    // sleep on this thread, and the holder (here on the same thread) could never let go.
    const { mine, other, count, insert, otherInsert } = await twoConnections(2000);
    const batch = new WriteBatcher(mine);
    other.exec('BEGIN IMMEDIATE');
    otherInsert.run('theirs');
    const happened: string[] = [];
    const claimed = batch.writeAhead(() => insert.run('lease')).then(() => happened.push('committed'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    happened.push('timer fired');
    other.exec('COMMIT');
    await claimed;
    expect(happened).toEqual(['timer fired', 'committed']);
    expect(count()).toBe(2);
  });

  it('commits the writes a commit led to (a channel state after its turn) in the same turn of the event loop, not the next', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (v TEXT NOT NULL)');
    const batch = new WriteBatcher(db);
    const insert = db.prepare<[string]>('INSERT INTO t VALUES (?)');
    const order: string[] = [];
    let nextIteration: Promise<void> = Promise.resolve();
    let state: Promise<void> = Promise.resolve();
    await batch
      .write(() => insert.run('turn'))
      .then(() => {
        // Scheduled from the commit's check phase: runs in the next iteration, after its poll.
        nextIteration = new Promise((resolve) => setImmediate(resolve)).then(() => void order.push('next iteration'));
        state = batch.write(() => insert.run('state')).then(() => void order.push('state committed'));
      });
    await Promise.all([nextIteration, state]);
    expect(order).toEqual(['state committed', 'next iteration']);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(2);
  });

  it('lets SQLite wait for the lock again before anything outside its own commits (flush), whether the lock was free or taken', async () => {
    const { mine, other, insert, otherInsert } = await twoConnections(2000);
    const batch = new WriteBatcher(mine);
    const busyTimeout = () => mine.pragma('busy_timeout', { simple: true });
    await batch.write(() => insert.run('free'));
    batch.flush();
    expect(busyTimeout()).toBe(2000);
    other.exec('BEGIN IMMEDIATE');
    otherInsert.run('theirs');
    const saved = batch.write(() => insert.run('taken'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    // Tried and found taken: not asleep in SQLite's busy handler, and trying again.
    expect(batch.stats.busy).toBeGreaterThan(0);
    other.exec('COMMIT');
    await saved;
    expect(mine.inTransaction).toBe(false);
    // A write of its own (after flush, as SqliteStore does) waits for another process's lock as before.
    batch.flush();
    expect(busyTimeout()).toBe(2000);
  });

  it('fails the waiting writes, as SQLite would, when the lock stays taken past the busy timeout', async () => {
    const { mine, other, count, insert, otherInsert } = await twoConnections(30);
    const batch = new WriteBatcher(mine);
    other.exec('BEGIN IMMEDIATE');
    otherInsert.run('theirs');
    await expect(batch.write(() => insert.run('mine'))).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    other.exec('ROLLBACK');
    expect(count()).toBe(0);
    // Nothing is left queued: the next write commits.
    await batch.write(() => insert.run('later'));
    expect(count()).toBe(1);
  });

  it('lets a read see the writes queued before it, and flush commits them at once', async () => {
    const { mine, count, insert } = await twoConnections(1000);
    const batch = new WriteBatcher(mine);
    const saved = batch.write(() => insert.run('a'));
    const seen = batch.read(count);
    expect(await seen).toBe(1);
    await saved;
    void batch.write(() => insert.run('b'));
    batch.flush();
    expect(count()).toBe(2);
    expect(mine.inTransaction).toBe(false);
  });
});
