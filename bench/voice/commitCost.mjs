/**
 * `node bench/voice/commitCost.mjs [<built tree>]` (not in `npm run bench`): what the store's part
 * of a call hook costs on this machine's CPU, outside the server — a fresh database migrated by
 * the tree's own `openDatabase` (WAL, synchronous=NORMAL, as the server opens it), the WAL left
 * to grow (`wal_autocheckpoint = 0`, as under the checkpoint thread) and emptied between rounds.
 * Per operation: CPU time of this thread (`process.cpuUsage`, user + system: what another
 * process's turn on the core does not count) and WAL frames written, median of ROUNDS (9) rounds
 * of OPS (500). The statements are the call hook's (`sessionTable.ts`, `transcriptTable.ts`).
 * Run `npm run build` in the tree first.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const tree = resolve(process.argv[2] ?? '.');
const ROUNDS = Number(process.env.ROUNDS ?? 9);
const OPS = Number(process.env.OPS ?? 500);
const { openDatabase } = await import(pathToFileURL(join(tree, 'runtime/dist/store/sqlite/openDatabase.js')).href);

const dir = mkdtempSync(join(tmpdir(), 'griot-commit-cost-'));
const path = join(dir, 'griot.db');
const db = openDatabase(path);
db.pragma('wal_autocheckpoint = 0');
const busyMs = Number(db.pragma('busy_timeout', { simple: true }));
const walBytes = () => statSync(`${path}-wal`).size;
const FRAME = 24 + Number(db.pragma('page_size', { simple: true }));

// A session (≈ 520 bytes) and a transcript header (≈ 400) the size of the peer bench's.
const session = JSON.stringify({
  flowId: 'peer-bench-ivr',
  flowVersion: 1,
  status: 'waiting',
  node: 'menu',
  variables: { lang: 'fr', tag: 'x'.repeat(40) },
  caller: { number: '+33612345678', channel: 'voice' },
  locale: 'fr-FR',
  history: ['start', 'menu'],
  pad: 'y'.repeat(300),
});
const header = JSON.stringify({
  sessionKey: 'voice:x',
  flowId: 'peer-bench-ivr',
  flowVersion: 1,
  channel: 'voice',
  callerNumber: '+33612345678',
  startedAt: new Date().toISOString(),
  turns: [{ at: new Date().toISOString(), said: 'Bonjour' }],
  pad: 'z'.repeat(150),
});
db.exec('CREATE TABLE bench_pad (id INTEGER PRIMARY KEY, v BLOB)');
for (let i = 1; i <= 64; i += 1) db.prepare('INSERT INTO bench_pad VALUES (?, zeroblob(3000))').run(i);

const begin = db.prepare('BEGIN IMMEDIATE');
const commit = db.prepare('COMMIT');
const toggle = `PRAGMA busy_timeout = 0; BEGIN IMMEDIATE; PRAGMA busy_timeout = ${busyMs}`;
const insertSession = db.prepare('INSERT INTO sessions (key, revision, expires_at, data) VALUES (?, 1, ?, ?) ON CONFLICT (key) DO NOTHING');
const insertHeader = db.prepare('INSERT INTO transcripts (session_key, caller_number, flow_id, started_at, data) VALUES (?, ?, ?, ?, ?)');
const readSession = db.prepare('SELECT revision, data FROM sessions WHERE key = ?');
const touchPage = db.prepare('UPDATE bench_pad SET v = randomblob(100) WHERE id = ?');

let n = 0;
const callHookWrites = () => {
  n += 1;
  const key = `voice:bench-${n}`;
  const now = new Date(Date.now() + n).toISOString();
  insertSession.run(key, now, session);
  insertHeader.run(key, `+3361${String(n % 1e6).padStart(6, '0')}`, 'peer-bench-ivr', now, header);
};
const pages = (count) => () => {
  begin.run();
  for (let p = 1; p <= count; p += 1) touchPage.run(p);
  commit.run();
};

const cases = [
  ['BEGIN IMMEDIATE + COMMIT, nothing written (prepared)', () => (begin.run(), commit.run())],
  ['the same BEGIN with the busy_timeout toggle (one exec)', () => (db.exec(toggle), commit.run())],
  ['a session read by key, outside a transaction', () => readSession.get('voice:bench-1')],
  ['call hook: session insert + transcript header, rolled back', () => (begin.run(), callHookWrites(), db.exec('ROLLBACK'))],
  ['call hook: session insert + transcript header, committed', () => (begin.run(), callHookWrites(), commit.run())],
  ['1 page changed and committed', pages(1)],
  ['4 pages changed and committed', pages(4)],
  ['8 pages changed and committed', pages(8)],
  ['16 pages changed and committed', pages(16)],
];

const results = new Map(cases.map(([name]) => [name, []]));
for (let round = 0; round < ROUNDS; round += 1) {
  for (const [name, run] of cases) {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const wal = walBytes();
    const cpu = process.cpuUsage();
    for (let i = 0; i < OPS; i += 1) run();
    const spent = process.cpuUsage(cpu);
    results.get(name).push({ us: (spent.user + spent.system) / OPS, frames: (walBytes() - wal) / FRAME / OPS });
  }
}
const load = (await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`${tree}: CPU µs per operation (median of ${ROUNDS} × ${OPS}; range) and WAL frames; load ${load}`);
for (const [name, runs] of results) {
  const sorted = [...runs].sort((a, b) => a.us - b.us);
  const mid = sorted[sorted.length >> 1];
  console.log(`${name.padEnd(58)} ${mid.us.toFixed(1).padStart(6)} µs (${sorted[0].us.toFixed(1)}–${sorted.at(-1).us.toFixed(1)})  ${mid.frames.toFixed(2)} frames`);
}
db.close();
rmSync(dir, { recursive: true, force: true });
