/**
 * The floor servers of `floor.mjs` (not run alone): the peer bench's 2-step IVR (`/call`, `/menu`) on
 * node's own `http`, nothing else. `node floorServer.cjs <mode> <port> [<data dir>]`, mode:
 * - `bare`: the body read, `JSON.parse`, the answer (`JSON.stringify`, `writeHead`, `end`);
 * - `signed`: the same after checking jambonz's `Jambonz-Signature` (HMAC-SHA256 of `${t}.${body}`,
 *   in constant time; 403 otherwise), as Griot checks it;
 * - `commit`: `signed`, then one row of ~400 bytes inserted and committed in SQLite (better-sqlite3,
 *   WAL, `synchronous = NORMAL`, the file in <data dir>) before the answer: a durable turn, as step 8's
 *   crash tests ask of Griot, and nothing more;
 * - `wide`: `commit` with about the b-trees a Griot turn touches: in one transaction the call's
 *   session upserted (its key's index and an expiry index) and the turn's row put in a table with
 *   four indexes (call, caller, hook, time), ~400 bytes each.
 */
'use strict';
const http = require('node:http');
const { createHmac, timingSafeEqual } = require('node:crypto');
const { join } = require('node:path');

const [mode, portText, dataDir] = process.argv.slice(2);
const SECRET = process.env.JAMBONZ_WEBHOOK_SECRET ?? '';
const signed = mode === 'signed' || mode === 'commit' || mode === 'wide';

const WELCOME = [
  { verb: 'say', text: 'welcome', loop: 1, earlyMedia: false },
  { verb: 'gather', input: ['digits'], actionHook: '/menu', numDigits: 1, say: { text: 'press 1 for balance, 2 for PUK' } },
];
const BALANCE = [{ verb: 'say', text: 'your balance is 1500 FCFA', loop: 1, earlyMedia: false }, { verb: 'hangup' }];
const GOODBYE = [{ verb: 'say', text: 'goodbye', loop: 1, earlyMedia: false }, { verb: 'hangup' }];

function signatureOk(header, raw) {
  if (typeof header !== 'string') return false;
  let t;
  let v1;
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) v1 = Buffer.from(value, 'hex');
  }
  if (t === undefined || v1 === undefined || Math.abs(Date.now() / 1000 - t) > 300) return false;
  const expected = createHmac('sha256', SECRET).update(`${t}.`).update(raw).digest();
  return timingSafeEqual(v1, expected);
}

let insert;
if (mode === 'wide') {
  const Database = require('better-sqlite3');
  const db = new Database(join(dataDir, 'floor.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE IF NOT EXISTS sessions (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, expires_at TEXT NOT NULL, data TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS sessions_expiry ON sessions (expires_at);
    CREATE TABLE IF NOT EXISTS turns (id INTEGER PRIMARY KEY, call_sid TEXT NOT NULL, caller TEXT NOT NULL, hook TEXT NOT NULL, at INTEGER NOT NULL, state TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS turns_call ON turns (call_sid);
    CREATE INDEX IF NOT EXISTS turns_caller ON turns (caller, at);
    CREATE INDEX IF NOT EXISTS turns_hook ON turns (hook, at);
    CREATE INDEX IF NOT EXISTS turns_at ON turns (at);`);
  const session = db.prepare('INSERT INTO sessions (key, expires_at, data) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at, data = excluded.data');
  const turn = db.prepare('INSERT INTO turns (call_sid, caller, hook, at, state) VALUES (?, ?, ?, ?, ?)');
  const write = db.transaction((callSid, caller, hook, state) => {
    const at = Date.now();
    session.run(callSid, new Date(at + 1_800_000).toISOString(), state);
    turn.run(callSid, caller, hook, at, state);
  });
  insert = (callSid, hook, state, caller) => write.immediate(callSid, caller, hook, state);
} else if (mode === 'commit') {
  const Database = require('better-sqlite3');
  const db = new Database(join(dataDir, 'floor.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE IF NOT EXISTS turns (id INTEGER PRIMARY KEY, call_sid TEXT NOT NULL, hook TEXT NOT NULL, at INTEGER NOT NULL, state TEXT NOT NULL)');
  const statement = db.prepare('INSERT INTO turns (call_sid, hook, at, state) VALUES (?, ?, ?, ?)');
  insert = (callSid, hook, state) => statement.run(callSid, hook, Date.now(), state);
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

http
  .createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(204);
      res.end();
      return;
    }
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const raw = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      if (signed && !signatureOk(req.headers['jambonz-signature'], raw)) return send(res, 403, { error: 'bad signature' });
      const payload = JSON.parse(raw.toString('utf8'));
      const isMenu = req.url === '/menu';
      const answer = isMenu ? (payload.digits === '1' ? BALANCE : GOODBYE) : WELCOME;
      // ~400 bytes: what a turn of this IVR keeps (where the call is, what the caller said, the caller).
      if (insert)
        insert(
          payload.call_sid,
          isMenu ? 'menu' : 'call',
          JSON.stringify({ node: isMenu ? 'menu' : 'welcome', digits: payload.digits ?? null, from: payload.from, to: payload.to, callId: payload.call_id, account: payload.account_sid, application: payload.application_sid, trace: payload.trace_id, status: payload.call_status, said: answer[0].text }),
          payload.from,
        );
      send(res, 200, answer);
    });
  })
  .listen(Number(portText), '127.0.0.1', () => console.log(`floor ${mode} on ${portText}`));
