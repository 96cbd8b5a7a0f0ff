import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './openDatabase.ts';
import { PromptSnapshot } from './promptSnapshot.ts';
import { startWalCheckpointer } from './walCheckpointer.ts';

let dir = '';
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('WAL checkpoints on a worker thread', () => {
  it('runs no thread while the WAL stays small, and starts one once it grows or a truncation is asked for', { timeout: 60_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-wal-'));
    const path = join(dir, 'griot.db');
    const db = openDatabase(path);
    db.exec('CREATE TABLE t (v TEXT)');
    // The migrations' pages copied: the WAL of a server started on its existing file.
    db.pragma('wal_checkpoint(TRUNCATE)');
    const checkpointer = startWalCheckpointer(db, path, { intervalMs: 20, startAtWalBytes: 256 * 1024 });
    // An idle server's few writes (a flow published, a number bound): no second isolate for them (≈ 10 MiB of RSS).
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    for (let i = 0; i < 20; i += 1) insert.run('x'.repeat(200));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(checkpointer.started).toBe(false);
    // An import: one write past the threshold, the thread starts and copies the pages into the database file.
    const sizeBefore = (await stat(path)).size;
    db.transaction(() => {
      for (let i = 0; i < 2000; i += 1) insert.run('x'.repeat(200));
    })();
    await expect.poll(() => checkpointer.started, { timeout: 10_000, interval: 20 }).toBe(true);
    await checkpointer.ready;
    await expect.poll(async () => (await stat(path)).size, { timeout: 30_000, interval: 50 }).toBeGreaterThanOrEqual(sizeBefore + 2000 * 200);
    await checkpointer.stop();

    // A contact holding values in clear ends on a quiet server: the thread starts for the truncation, which empties the WAL.
    const quiet = startWalCheckpointer(db, path, { intervalMs: 60_000, scrubDelayMs: 20, minScrubIntervalMs: 0, startAtWalBytes: 1 << 30 });
    insert.run('Your PUK code is 99887766');
    expect(quiet.started).toBe(false);
    quiet.scrubSoon();
    // Not in the turn that asked (its answer not yet sent): when the truncation is due.
    expect(quiet.started).toBe(false);
    await expect.poll(() => quiet.scrubs.done, { timeout: 30_000, interval: 20 }).toBe(1);
    expect(quiet.started).toBe(true);
    expect((await stat(`${path}-wal`)).size).toBe(0);
    await quiet.stop();

    // A contact's first write: the thread starts a moment later, not during the turn that asked.
    const contact = startWalCheckpointer(db, path, { intervalMs: 100, startAtWalBytes: 1 << 30 });
    contact.start();
    expect(contact.started).toBe(false);
    await expect.poll(() => contact.started, { timeout: 10_000, interval: 20 }).toBe(true);
    await contact.ready;
    await contact.stop();
    db.close();
  });

  it('settles `ready` when it stops with no thread ever started (a store closed before any contact), instead of never', { timeout: 30_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-wal-'));
    const path = join(dir, 'griot.db');
    const db = openDatabase(path);
    const checkpointer = startWalCheckpointer(db, path, { intervalMs: 20, startAtWalBytes: 1 << 30 });
    await checkpointer.stop();
    expect(checkpointer.started).toBe(false);
    const settled = await Promise.race([checkpointer.ready.then(() => 'ready'), new Promise((resolve) => setTimeout(() => resolve('pending'), 2000))]);
    expect(settled).toBe('ready');
    db.close();
  });

  it('stops its thread after a quiet period, the WAL truncated first, and starts it again at the next contact', { timeout: 60_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-wal-'));
    const path = join(dir, 'griot.db');
    const db = openDatabase(path);
    db.exec('CREATE TABLE t (v TEXT)');
    const checkpointer = startWalCheckpointer(db, path, { intervalMs: 20, startAtWalBytes: 1 << 30, idleStopMs: 400 });
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    // A contact writes: the thread starts.
    checkpointer.start();
    insert.run('Your balance is 1500 francs');
    await expect.poll(() => checkpointer.started, { timeout: 10_000, interval: 20 }).toBe(true);
    await checkpointer.ready;
    const thread = checkpointer.worker;
    const exited = new Promise<number>((resolve) => thread.once('exit', resolve));
    // Nothing asked of it for the quiet period: the WAL emptied and cut, then the thread ends (its memory given back).
    await expect.poll(() => checkpointer.started, { timeout: 20_000, interval: 50 }).toBe(false);
    await exited;
    expect((await stat(`${path}-wal`)).size).toBe(0);
    expect(checkpointer.failingWith()).toBeNull();
    // The rows are in the database file, read by another connection.
    const reader = new Database(path, { readonly: true });
    expect(reader.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 });
    reader.close();
    // The next contact starts it as the first did; a truncation asked meanwhile keeps it.
    checkpointer.start();
    insert.run('Another contact');
    await expect.poll(() => checkpointer.started, { timeout: 10_000, interval: 20 }).toBe(true);
    checkpointer.scrubSoon();
    await expect.poll(() => checkpointer.scrubs.done, { timeout: 20_000, interval: 20 }).toBeGreaterThanOrEqual(1);
    await checkpointer.stop();
    db.close();
  });

  it('stopped while its idle thread’s last truncation runs (the store closing): watches nothing and starts no thread after', { timeout: 60_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-wal-'));
    const path = join(dir, 'griot.db');
    const db = openDatabase(path);
    db.exec('CREATE TABLE t (v TEXT)');
    const checkpointer = startWalCheckpointer(db, path, { intervalMs: 20, startAtWalBytes: 64 * 1024, idleStopMs: 300 });
    checkpointer.start();
    await expect.poll(() => checkpointer.started, { timeout: 10_000, interval: 20 }).toBe(true);
    await checkpointer.ready;
    // The store closes just as the idle thread is asked for its last truncation.
    const thread = checkpointer.worker;
    const post = thread.postMessage.bind(thread);
    let stopped: Promise<void> | undefined;
    thread.postMessage = (message: unknown) => {
      post(message);
      if (message === 'truncate' && !stopped) stopped = checkpointer.stop();
    };
    await expect.poll(() => stopped !== undefined, { timeout: 10_000, interval: 20 }).toBe(true);
    await stopped;
    db.close();
    // Another instance on the same file writes past the threshold: this closed store starts nothing.
    const other = new Database(path);
    other.pragma('wal_autocheckpoint = 0');
    other.exec('CREATE TABLE u (v TEXT)');
    const insert = other.prepare('INSERT INTO u VALUES (?)');
    other.transaction(() => {
      for (let i = 0; i < 400; i += 1) insert.run('x'.repeat(1000));
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(checkpointer.started).toBe(false);
    other.close();
  });

  it('keeps its thread off on an idle server however long it runs: the small writes of probes and leases never take the WAL past the threshold', { timeout: 60_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-wal-'));
    const path = join(dir, 'griot.db');
    const db = openDatabase(path);
    db.exec('CREATE TABLE beats (instance TEXT PRIMARY KEY, at TEXT)');
    db.pragma('wal_checkpoint(TRUNCATE)');
    const checkpointer = startWalCheckpointer(db, path, { intervalMs: 20, startAtWalBytes: 256 * 1024 });
    // A readiness probe's heartbeat every few seconds, for hours: one small commit each (here 600, ≈ 2.4 MiB of frames).
    const beat = db.prepare('INSERT INTO beats VALUES (?, ?) ON CONFLICT (instance) DO UPDATE SET at = excluded.at');
    for (let i = 0; i < 600; i += 1) {
      beat.run('host-a:1', new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString());
      if (i % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(checkpointer.started).toBe(false);
    expect((await stat(`${path}-wal`)).size).toBeLessThanOrEqual(256 * 1024);
    await checkpointer.stop();
    db.close();
  });

  it('stops cleanly without ever having started its thread', async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-wal-'));
    const path = join(dir, 'griot.db');
    const db = openDatabase(path);
    const checkpointer = startWalCheckpointer(db, path, { intervalMs: 20, startAtWalBytes: 1 << 30 });
    await checkpointer.stop();
    expect(checkpointer.started).toBe(false);
    // The main connection kept checkpoints on commit meanwhile (half the threshold's pages, never more than SQLite's 1000).
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
  });

  it('truncates the WAL as soon as a backup’s snapshot ends, not after the back-off its failed tries built up', { timeout: 60_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-wal-'));
    const path = join(dir, 'griot.db');
    const db = openDatabase(path);
    const checkpointer = startWalCheckpointer(db, path, { intervalMs: 50, scrubDelayMs: 500, maxScrubDelayMs: 120_000, minScrubIntervalMs: 0 });
    await checkpointer.ready;
    const snapshot = new PromptSnapshot(path, () => checkpointer.readerGone());
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)');
    // A backup begins (its snapshot held while it writes), then a contact with a PUK in clear ends meanwhile.
    db.transaction(() => snapshot.begin())();
    db.prepare('INSERT INTO t VALUES (?, ?)').run('s1', 'Your PUK code is 99887766');
    db.prepare('UPDATE t SET v = ? WHERE k = ?').run('ended', 's1');
    checkpointer.scrubSoon();
    // The snapshot holds the WAL: every try fails and the next waits twice as long (0.5, 1, 2, 4 s: the fifth would wait 8 s).
    await expect.poll(() => checkpointer.scrubs.failed, { timeout: 30_000, interval: 20 }).toBeGreaterThanOrEqual(4);
    expect(checkpointer.scrubs.done).toBe(0);
    expect((await readFile(`${path}-wal`)).includes('99887766')).toBe(true);

    // The backup is written: the truncation is tried again at once (0.5 s), not after the 8 s its failures built up.
    snapshot.end();
    await expect.poll(() => checkpointer.scrubs.done, { timeout: 6_000, interval: 20 }).toBe(1);
    expect((await stat(`${path}-wal`)).size).toBe(0);
    expect((await readFile(path)).includes('99887766')).toBe(false);
    await checkpointer.stop();
    db.close();
  });

  it('copies committed pages into the database file while the main connection keeps writing', { timeout: 60_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-wal-'));
    const path = join(dir, 'griot.db');
    const db = openDatabase(path);
    const checkpointer = startWalCheckpointer(db, path, { intervalMs: 50 });
    // On a loaded machine the worker may take longer than the wait below just to start.
    await checkpointer.ready;
    db.exec('CREATE TABLE t (v TEXT)');
    // Measured before the writes: the worker checkpoints while they go on, and may have copied them all
    // before the last one returns (a size read after them then never grows: failed at load 13).
    const sizeBefore = (await stat(path)).size;
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    for (let i = 0; i < 2000; i += 1) insert.run('x'.repeat(200));
    // The database file itself grows by the rows' 400 kB: the worker checkpoints the WAL into it (however loaded the machine).
    await expect.poll(async () => (await stat(path)).size, { timeout: 30_000, interval: 50 }).toBeGreaterThanOrEqual(sizeBefore + 2000 * 200);
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
    const checkpointer = startWalCheckpointer(db, path, { intervalMs: 20, restartFrames: 200 });
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
    // Without them it only grows (to about 200 MiB every 600 batches). Writes go on until two
    // restarts were seen, within a bound: on a loaded machine the worker gets less time per batch.
    let restarts = 0;
    let previous = 0;
    for (let n = 0; n < 1800 && restarts < 2; n += 1) {
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

  it('empties the WAL file after contacts end, one checkpoint for many ends, and waits out a reader', { timeout: 60_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-wal-'));
    const path = join(dir, 'griot.db');
    const db = openDatabase(path);
    const checkpointer = startWalCheckpointer(db, path, { intervalMs: 50, scrubDelayMs: 100, maxScrubDelayMs: 400, minScrubIntervalMs: 300 });
    await checkpointer.ready;
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)');
    db.prepare('INSERT INTO t VALUES (?, ?)').run('s1', 'Your PUK code is 99887766');
    db.prepare('UPDATE t SET v = ? WHERE k = ?').run('ended', 's1');
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The passive checkpoints copied every frame, yet the WAL file still holds the code.
    expect((await readFile(`${path}-wal`)).includes('99887766')).toBe(true);

    // Twenty contacts ending together: one truncation.
    for (let i = 0; i < 20; i += 1) checkpointer.scrubSoon();
    await expect.poll(() => checkpointer.scrubs.done, { timeout: 5000 }).toBe(1);
    expect(checkpointer.scrubs.tried).toBe(1);
    expect((await stat(`${path}-wal`)).size).toBe(0);

    // A reader on another connection holds a snapshot: no truncation until it lets go, then one.
    db.prepare('UPDATE t SET v = ? WHERE k = ?').run('Your PUK code is 11223344', 's1');
    const reader = new Database(path, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM t').get();
    db.prepare('UPDATE t SET v = ? WHERE k = ?').run('ended again', 's1');
    checkpointer.scrubSoon();
    // Tried again and again (however long a loaded machine takes to get there), never done while the reader holds on…
    await expect.poll(() => checkpointer.scrubs.tried, { timeout: 30_000, interval: 20 }).toBeGreaterThanOrEqual(3);
    expect(checkpointer.scrubs.done).toBe(1);
    // …backing off: 100, 200, 400, 400… ms apart, not every quarter millisecond (a busy loop would be far past this by now).
    expect(checkpointer.scrubs.tried).toBeLessThanOrEqual(6);
    reader.exec('COMMIT');
    reader.close();
    await expect.poll(() => checkpointer.scrubs.done, { timeout: 5000 }).toBe(2);
    expect((await stat(`${path}-wal`)).size).toBe(0);
    expect((await readFile(path)).includes('11223344')).toBe(false);
    await checkpointer.stop();
    db.close();
  });

  it('says so when the worker is gone, and truncates the WAL on the main connection instead', { timeout: 60_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-wal-'));
    const path = join(dir, 'griot.db');
    const db = openDatabase(path);
    const warnings: string[] = [];
    const checkpointer = startWalCheckpointer(db, path, { intervalMs: 50, scrubDelayMs: 50, minScrubIntervalMs: 0, warn: (message) => warnings.push(message) });
    await checkpointer.ready;
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)');
    db.prepare('INSERT INTO t VALUES (?, ?)').run('s1', 'Your PUK code is 99887766');
    db.prepare('UPDATE t SET v = ? WHERE k = ?').run('ended', 's1');
    await checkpointer.worker.terminate();

    checkpointer.scrubSoon();
    await expect.poll(() => checkpointer.scrubs.done, { timeout: 5000 }).toBe(1);
    expect((await stat(`${path}-wal`)).size).toBe(0);
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings.join(' ')).toContain('checkpoint worker');
    expect(warnings.join(' ')).not.toContain('99887766');

    // And again for the next contact: the fallback is not a one-off.
    db.prepare('UPDATE t SET v = ? WHERE k = ?').run('Your PUK code is 11223344', 's1');
    db.prepare('UPDATE t SET v = ? WHERE k = ?').run('ended again', 's1');
    checkpointer.scrubSoon();
    await expect.poll(() => checkpointer.scrubs.done, { timeout: 5000 }).toBe(2);
    expect((await stat(`${path}-wal`)).size).toBe(0);
    await checkpointer.stop();
    db.close();
  });

  it('keeps truncating on the main connection after a lost thread stays quiet past the idle stop (its idle check asked nothing of the dead thread)', { timeout: 60_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-wal-'));
    const path = join(dir, 'griot.db');
    const db = openDatabase(path);
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)');
    const warnings: string[] = [];
    const checkpointer = startWalCheckpointer(db, path, {
      intervalMs: 20,
      scrubDelayMs: 20,
      minScrubIntervalMs: 0,
      startAtWalBytes: 1 << 30,
      idleStopMs: 1500,
      warn: (message) => warnings.push(message),
    });
    checkpointer.start();
    await expect.poll(() => checkpointer.started, { timeout: 10_000, interval: 20 }).toBe(true);
    await checkpointer.ready;
    // The thread dies (no memory left, a crash): the main connection takes the checkpoints over.
    await checkpointer.worker.terminate();
    await expect.poll(() => warnings.join(' '), { timeout: 5000, interval: 20 }).toContain('checkpoint worker');
    // A quiet night, longer than the idle stop: its check must not leave a truncation asked of the dead thread.
    await new Promise((resolve) => setTimeout(resolve, 3200));
    // A contact says a PUK and ends: its frames still leave the WAL file.
    db.prepare('INSERT INTO t VALUES (?, ?)').run('s1', 'Your PUK code is 99887766');
    db.prepare('UPDATE t SET v = ? WHERE k = ?').run('ended', 's1');
    checkpointer.scrubSoon();
    await expect.poll(() => checkpointer.scrubs.done, { timeout: 5000, interval: 20 }).toBeGreaterThanOrEqual(1);
    expect((await stat(`${path}-wal`)).size).toBe(0);
    expect((await readFile(`${path}-wal`)).includes('99887766')).toBe(false);
    await checkpointer.stop();
    db.close();
  });

  it('says a failing checkpoint once with its SQLite code (a full disk), again only when the code changes or it works again', async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-wal-'));
    const path = join(dir, 'griot.db');
    const db = openDatabase(path);
    const warnings: string[] = [];
    const checkpointer = startWalCheckpointer(db, path, { intervalMs: 60_000, warn: (message) => warnings.push(message) });
    await checkpointer.ready;
    // Stand-in for the worker thread's reports (a full disk cannot be made here without mounting
    // one): what checkpointWorker.mjs posts each second while its checkpoints fail, then once when one works.
    const fromWorker = (message: unknown) => checkpointer.worker.emit('message', message);
    for (let second = 0; second < 30; second++) fromWorker({ error: 'SQLITE_FULL' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/SQLITE_FULL.*disk.*full/);
    expect(checkpointer.failingWith()).toBe('SQLITE_FULL');
    fromWorker({ error: 'SQLITE_IOERR_WRITE' });
    fromWorker({ error: 'SQLITE_IOERR_WRITE' });
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toContain('SQLITE_IOERR_WRITE');
    fromWorker({ recovered: true });
    expect(warnings).toHaveLength(3);
    expect(warnings[2]).toMatch(/work again/);
    expect(checkpointer.failingWith()).toBeNull();
    fromWorker({ error: 'SQLITE_FULL' });
    expect(warnings).toHaveLength(4);
    await checkpointer.stop();
    db.close();
  });
});
