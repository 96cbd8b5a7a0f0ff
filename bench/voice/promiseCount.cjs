/**
 * `SERVER_NODE_ARGS="--require $PWD/bench/voice/promiseCount.cjs"` for the trees serialPaired.mjs
 * runs (not in `npm run bench`): how many promises the server's main thread creates, and how many
 * bytes its heap allocates, from its first `/jambonz/` hook to its exit, per kind of hook: each
 * promise is counted for the hook whose request the thread last received (one call at a time,
 * the work a hook leaves after its answer counts for it, until the next request). Counts, not
 * times: the async hook slows every promise, so read no latency from a run with it. Every 3 s and on
 * exit it writes `{ cwd, hooks: {path: n}, promises: {path: n} }` to
 * PROMISE_COUNT_OUT (default `/tmp/promise-count.<pid>.json`).
 */
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const { createHook } = require('node:async_hooks');

const hooks = {};
const promises = {};
let current = null;
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, ...rest) {
  if (event === 'request' && rest[0].url.startsWith('/jambonz/')) {
    current = rest[0].url.split('?')[0];
    hooks[current] = (hooks[current] ?? 0) + 1;
  }
  return emit.call(this, event, ...rest);
};
createHook({
  init(_id, type) {
    if (type === 'PROMISE' && current !== null) promises[current] = (promises[current] ?? 0) + 1;
  },
}).enable();
const out = process.env.PROMISE_COUNT_OUT ?? `/tmp/promise-count.${process.pid}.json`;
const write = () => fs.writeFileSync(out, JSON.stringify({ cwd: process.cwd(), hooks, promises }, null, 1));
process.on('exit', write);
setInterval(write, 3000).unref();
