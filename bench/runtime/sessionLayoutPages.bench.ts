/**
 * `npx tsx bench/runtime/sessionLayoutPages.bench.ts` (not in `npm run bench`): the WAL pages a
 * new call's session costs in the `sessions` table as it is (a rowid table, its key's index and
 * the expiry index) against a `WITHOUT ROWID` table keyed by the session's key (no key index),
 * with the store's settings (WAL, secure_delete). Per call: a new session under a random key
 * (jambonz's call sid) in one commit, its rewrite with a longer JSON in the next; BENCH_PREFILL
 * (3000) sessions there before, BENCH_CALLS (2000) calls, for JSON rows of 300, 490 (the 2-step
 * IVR's) and 800 bytes.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pagesWrittenSince, walPosition } from '../../runtime/src/store/sqlite/testing/walPages.ts';

const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const PREFILL = Number(process.env.BENCH_PREFILL ?? 3000);
const COLUMNS = 'key TEXT PRIMARY KEY, revision INTEGER NOT NULL, expires_at TEXT NOT NULL, data TEXT NOT NULL';
const layouts = {
  'rowid table + key index': `CREATE TABLE sessions (${COLUMNS});`,
  'WITHOUT ROWID': `CREATE TABLE sessions (${COLUMNS}) WITHOUT ROWID;`,
};
const json = (bytes: number) => JSON.stringify({ pad: 'x'.repeat(bytes - 12) });

console.log(`load ${loadavg()[0]!.toFixed(2)}; pages per call (a new session, then its rewrite)`);
for (const bytes of [300, 490, 800]) {
  for (const [name, table] of Object.entries(layouts)) {
    const dir = mkdtempSync(join(tmpdir(), 'griot-session-pages-'));
    const path = join(dir, 'griot.db');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('secure_delete = ON');
    db.exec(`${table} CREATE INDEX sessions_expires_at ON sessions (expires_at);`);
    const insert = db.prepare<[string, string, string]>('INSERT INTO sessions (key, revision, expires_at, data) VALUES (?, 1, ?, ?)');
    const rewrite = db.prepare<[string, string]>('UPDATE sessions SET data = ?, revision = revision + 1 WHERE key = ?');
    let now = Date.parse('2026-12-04T12:00:00Z');
    const expiry = () => new Date(Math.ceil((now + 1_800_000) / 60_000) * 60_000).toISOString();
    db.transaction(() => {
      for (let i = 0; i < PREFILL; i += 1, now += 3000) insert.run(`voice:${randomUUID()}`, expiry(), json(bytes + 60));
    })();
    let started = 0;
    let rewritten = 0;
    for (let i = 0; i < CALLS; i += 1, now += 3000) {
      const key = `voice:${randomUUID()}`;
      let from = walPosition(path);
      db.transaction(() => insert.run(key, expiry(), json(bytes)))();
      started += pagesWrittenSince(path, from).length;
      from = walPosition(path);
      db.transaction(() => rewrite.run(json(bytes + 60), key))();
      rewritten += pagesWrittenSince(path, from).length;
    }
    db.close();
    rmSync(dir, { recursive: true, force: true });
    console.log(`${String(bytes).padStart(4)} bytes, ${name}: ${(started / CALLS).toFixed(2)} + ${(rewritten / CALLS).toFixed(2)} = ${((started + rewritten) / CALLS).toFixed(2)}`);
  }
}
