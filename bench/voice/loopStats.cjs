/**
 * A preload for a Griot server started any way at all, `npm start` included (where `--cpu-prof`
 * cannot reach the server: node refuses it in NODE_OPTIONS):
 *
 *   NODE_OPTIONS="--require $PWD/bench/voice/loopStats.cjs" npm start
 *
 * It does nothing in any other process of the tree (npm, turbo's node). In the server:
 * - every second, one JSON line in LOOP_STATS_DIR (default /tmp/loop-stats)/<pid>.jsonl: the HTTP
 *   requests received, the group commits (`COMMIT` run by the WriteBatcher) and `BEGIN IMMEDIATE`s,
 *   the main thread's event-loop utilisation and the process's CPU in that second. Requests per
 *   commit say how many turns each event-loop iteration took together; the utilisation whether the
 *   main thread was the bottleneck (1) or waited for work;
 * - `kill -USR2 <pid>` starts a CPU profile of the main thread (200 µs sampling), the next
 *   `kill -USR2` writes it to LOOP_STATS_DIR/<pid>-<n>.cpuprofile (what a server does in a given
 *   window, e.g. the 30 s after a burst of calls: perf23). Read it with profileGroups.mjs or
 *   Chrome's DevTools.
 * Costs a few µs per request and per commit: read no latency from a run with it.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const inspector = require('node:inspector');
const { performance } = require('node:perf_hooks');

if (process.argv.some((a) => a.endsWith(path.join('runtime', 'dist', 'main.js')) || a.endsWith(path.join('src', 'main.ts')))) start();

function start() {
  const dir = process.env.LOOP_STATS_DIR || '/tmp/loop-stats';
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${process.pid}.jsonl`);
  let requests = 0;
  let commits = 0;
  let begins = 0;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (event, ...rest) {
    if (event === 'request') requests++;
    return emit.call(this, event, ...rest);
  };
  try {
    const Database = require(require.resolve('better-sqlite3', { paths: [path.join(process.cwd(), 'runtime'), process.cwd()] }));
    const prepare = Database.prototype.prepare;
    Database.prototype.prepare = function (sql, ...rest) {
      const statement = prepare.call(this, sql, ...rest);
      if (sql === 'COMMIT' || sql === 'BEGIN IMMEDIATE') {
        const run = statement.run;
        const commit = sql === 'COMMIT';
        statement.run = function (...args) {
          if (commit) commits++;
          else begins++;
          return run.apply(this, args);
        };
      }
      return statement;
    };
  } catch (error) {
    fs.appendFileSync(file, `${JSON.stringify({ error: String(error) })}\n`);
  }
  let elu = performance.eventLoopUtilization();
  let cpu = process.cpuUsage();
  setInterval(() => {
    const nowElu = performance.eventLoopUtilization();
    const d = performance.eventLoopUtilization(nowElu, elu);
    elu = nowElu;
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    const row = { t: Date.now(), requests, commits, begins, elu: Math.round(d.utilization * 1000) / 1000, cpuMs: Math.round((used.user + used.system) / 1000) };
    fs.appendFileSync(file, `${JSON.stringify(row)}\n`);
    requests = 0;
    commits = 0;
    begins = 0;
  }, 1000).unref();

  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 200 }));
  let profiling = false;
  let written = 0;
  process.on('SIGUSR2', () => {
    if (!profiling) {
      profiling = true;
      session.post('Profiler.start');
      return;
    }
    profiling = false;
    session.post('Profiler.stop', (error, result) => {
      if (!error) fs.writeFileSync(path.join(dir, `${process.pid}-${written++}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
