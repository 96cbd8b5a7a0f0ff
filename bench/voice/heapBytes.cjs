/**
 * `SERVER_NODE_ARGS="--require $PWD/bench/voice/heapBytes.cjs"` for the trees serialPaired.mjs runs
 * (or `node --require` on any node HTTP server): the bytes the server's JavaScript heap allocated
 * from its first `/jambonz/` hook to its exit, from V8's own figures at each collection
 * (`v8.GCProfiler`: the heap in use before each collection, less what was in use after the one
 * before; then the last stretch). A count load does not change, unlike the times: with the
 * alternating calls of serialPaired.mjs both trees serve the same hooks, so the bytes per call
 * compare directly. On exit (Griot's SIGTERM) it writes `{ cwd, hooks, bytes, collections }` to
 * HEAP_BYTES_OUT (default `/tmp/heap-bytes.<pid>.json`); bytes per call = bytes ÷ (hooks ÷ 3).
 */
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const v8 = require('node:v8');

const emit = http.Server.prototype.emit;
let profiler = null;
let usedAtStart = 0;
let hooks = 0;

http.Server.prototype.emit = function (event, ...rest) {
  if (event === 'request' && rest[0].url.startsWith('/jambonz/')) {
    hooks += 1;
    if (!profiler) {
      profiler = new v8.GCProfiler();
      profiler.start();
      usedAtStart = v8.getHeapStatistics().used_heap_size;
    }
  }
  return emit.call(this, event, ...rest);
};

process.on('exit', () => {
  if (!profiler) return;
  const usedAtEnd = v8.getHeapStatistics().used_heap_size;
  const { statistics } = profiler.stop();
  let bytes = 0;
  let after = usedAtStart;
  for (const collection of statistics) {
    bytes += collection.beforeGC.heapStatistics.usedHeapSize - after;
    after = collection.afterGC.heapStatistics.usedHeapSize;
  }
  bytes += usedAtEnd - after;
  const out = process.env.HEAP_BYTES_OUT ?? `/tmp/heap-bytes.${process.pid}.json`;
  fs.writeFileSync(out, JSON.stringify({ cwd: process.cwd(), hooks, bytes, collections: statistics.length }));
});
