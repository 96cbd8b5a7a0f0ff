/**
 * `SERVER_NODE_ARGS="--require $PWD/bench/voice/storeTimes.cjs" node bench/voice/serialPaired.mjs …`
 * (not in `npm run bench`): every call into better-sqlite3 on the server's main thread, timed
 * (wall, `process.hrtime`) and counted by statement (its first 70 characters): `run`/`get`/`all`
 * of prepared statements, `exec` and `pragma`. Every 3 s the server writes them, the costliest
 * first (count, p50 µs, total ms, and `bytes`: the text and buffers bound to it, summed: what a
 * turn hands SQLite to write), to `$STORE_TIMES_DIR/store-times.<pid>.json` (default the
 * system's temporary directory). The checkpoint thread is left alone.
 */
const { isMainThread } = require('node:worker_threads');
const Module = require('node:module');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');

if (isMainThread) {
  const times = new Map();
  const bytes = new Map();
  const bound = (args) => {
    let n = 0;
    for (const arg of args) {
      if (typeof arg === 'string') n += Buffer.byteLength(arg);
      else if (Buffer.isBuffer(arg)) n += arg.length;
    }
    return n;
  };
  const note = (key, started) => {
    const ns = Number(process.hrtime.bigint() - started);
    let list = times.get(key);
    if (!list) times.set(key, (list = []));
    if (list.length < 500_000) list.push(ns);
  };
  const timed = (target, name, label) => {
    const original = target[name];
    target[name] = function (...args) {
      const started = process.hrtime.bigint();
      try {
        return original.apply(this, args);
      } finally {
        const key = `${name}: ${label(args)}`;
        note(key, started);
        bytes.set(key, (bytes.get(key) ?? 0) + bound(args));
      }
    };
  };
  const short = (sql) => String(sql).replace(/\s+/g, ' ').slice(0, 70);
  const load = Module._load;
  let patched = false;
  // An ES module importing better-sqlite3 (CommonJS) loads it through Module._load too.
  Module._load = function (request, ...rest) {
    const loaded = load.call(this, request, ...rest);
    if (!patched && /better-sqlite3/.test(request) && typeof loaded === 'function') {
      patched = true;
      const database = loaded.prototype;
      timed(database, 'exec', ([sql]) => short(sql));
      timed(database, 'pragma', ([sql]) => short(sql));
      const prepare = database.prepare;
      database.prepare = function (sql, ...more) {
        const statement = prepare.call(this, sql, ...more);
        for (const name of ['run', 'get', 'all']) timed(statement, name, () => short(sql));
        return statement;
      };
    }
    return loaded;
  };
  const out = join(process.env.STORE_TIMES_DIR ?? tmpdir(), `store-times.${process.pid}.json`);
  setInterval(() => {
    const rows = [...times].map(([statement, list]) => {
      const sorted = Float64Array.from(list).sort();
      const total = list.reduce((sum, ns) => sum + ns, 0);
      return { statement, count: list.length, p50us: Math.round(sorted[sorted.length >> 1] / 100) / 10, totalMs: Math.round(total / 1e5) / 10, bytes: bytes.get(statement) ?? 0 };
    });
    rows.sort((a, b) => b.totalMs - a.totalMs);
    writeFileSync(out, JSON.stringify(rows, null, 1));
  }, 3000).unref();
}
