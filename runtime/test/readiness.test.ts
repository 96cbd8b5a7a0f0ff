import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type Database from 'better-sqlite3';
import { SqliteStore } from '../src/store/sqlite/SqliteStore.ts';
import { makeDataDir, startTestServer, type TestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';

const run = promisify(execFile);
const RUNTIME_DIR = fileURLToPath(new URL('..', import.meta.url));

/**
 * Finding 8 of issue 12. Tests run as root here, for whom permission bits change nothing: a
 * file or directory is made unwritable with the immutable attribute (`chattr +i`), which stops
 * root too. Writes to an open database then fail in the kernel (EPERM, SQLite's disk I/O
 * error), as on a disk gone read-only.
 */
async function immutable(paths: string[], on: boolean): Promise<boolean> {
  try {
    await run('chattr', [on ? '+i' : '-i', ...paths]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes the running server's store refuse writes. Where the file system has no immutable
 * attribute, SQLite's own read-only switch on the server's connection (`query_only`) gives the
 * same refusal SQLite reports for a read-only file.
 */
async function refuseWrites(server: TestServer): Promise<() => Promise<void>> {
  const base = join(server.dataDir, 'griot.db');
  // Not the -shm file: SQLite maps it in memory, and an immutable mapping kills the process.
  const files = [base, `${base}-wal`].filter((path) => existsSync(path));
  if (await immutable(files, true)) return async () => void (await immutable(files, false));
  const db = (server.store as unknown as { db: Database.Database }).db;
  db.pragma('query_only = ON');
  return async () => void db.pragma('query_only = OFF');
}

describe('/readyz proves the store takes writes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('answers 503 with the reason while the store file refuses writes, and 200 as soon as it takes them again', async () => {
    const restore = await refuseWrites(server);
    try {
      // Reads still work: the old check (a SELECT) said ready here.
      expect(await server.store.ping()).toBe(true);
      const refused = await server.anonymous.get('/readyz');
      expect(refused.status).toBe(503);
      expect(refused.body).toEqual({ ok: false, store: 'sqlite', reason: 'store_not_writable' });
      expect(refused.headers.get('retry-after')).toBe('5');
      // The API says the same to a client: try again shortly (503 with Retry-After), not a bug's 500.
      const write = await server.admin.post('/api/flows', { document: testFlow({ id: 'while-readonly' }) });
      expect(write.status).toBe(503);
      expect(write.body.error.code).toBe('store_unavailable');
      expect(write.headers.get('retry-after')).toBe('5');
      // Every probe tries again rather than repeating an old answer.
      expect((await server.anonymous.get('/readyz')).status).toBe(503);
    } finally {
      await restore();
    }
    const ready = await server.anonymous.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.headers.get('retry-after')).toBeNull();
    expect(ready.body).toEqual({ ok: true, store: 'sqlite' });
  });
});

describe('an unwritable DATA_DIR at start-up', () => {
  let root: string;
  beforeAll(async () => {
    root = await makeDataDir();
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  /** `npm start` in a child process: its exit code and what it wrote to stderr. */
  async function start(dataDir: string): Promise<{ code: number; stderr: string }> {
    const env = { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', GRIOT_DEMO: '0', LOG_LEVEL: 'silent', NODE_ENV: 'test' };
    try {
      await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: RUNTIME_DIR, env, timeout: 60_000 });
      return { code: 0, stderr: '' };
    } catch (error) {
      const failed = error as { code: number; stderr: string };
      return { code: failed.code, stderr: failed.stderr };
    }
  }
  const expectConfigExit = (outcome: { code: number; stderr: string }, cause: RegExp) => {
    expect(outcome.code).toBe(78);
    expect(outcome.stderr).toMatch(/^griot cannot start: DATA_DIR: cannot keep the store in /);
    expect(outcome.stderr).toMatch(cause);
    expect(outcome.stderr).not.toMatch(/\n\s+at /); // no stack trace
  };

  // Each case starts a real process (tsx compiles the server first): seconds, not milliseconds.
  it('exits 78 naming DATA_DIR when the directory cannot be created (a path through a file)', { timeout: 60_000 }, async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'not a directory');
    expectConfigExit(await start(join(file, 'data')), /ENOTDIR/);
  });

  it('exits 78 naming DATA_DIR when the directory takes no new file, or the database file takes no write', { timeout: 120_000 }, async (ctx) => {
    const dir = join(root, 'sealed');
    await mkdir(dir);
    if (!(await immutable([dir], true))) ctx.skip(); // no immutable attribute on this file system
    try {
      expectConfigExit(await start(dir), /SQLITE_CANTOPEN/);
    } finally {
      await immutable([dir], false);
    }

    const existing = join(root, 'existing');
    await mkdir(existing);
    await new SqliteStore(join(existing, 'griot.db')).close();
    await immutable([join(existing, 'griot.db')], true);
    try {
      expectConfigExit(await start(existing), /SQLITE_READONLY/);
    } finally {
      await immutable([join(existing, 'griot.db')], false);
    }
  });
});
