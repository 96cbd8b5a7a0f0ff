/**
 * `node --require ./bench/voice/hookTimes.cjs <server>`, or for the trees serialPaired.mjs runs
 * `SERVER_NODE_ARGS="--require $PWD/bench/voice/hookTimes.cjs"`: the time each request spends inside a node HTTP server, from its `request` event to the tick after
 * `res.end` (the answer's system call done, and whatever runs right after it), per path, without
 * the client's or the kernel's round trip. Works the same on Griot's built server and on the peer
 * bench's bare express, so the two can be compared segment by segment.
 *
 * Segments: call `globalThis.__hookMark?.('<name>')` at points of interest in a built copy
 * (`runtime/dist`, `connectors/dist`; never in the sources): each request's marks become
 * segments `previous→name`. On exit (Griot's SIGTERM; SIGINT, which it takes over to exit at
 once, for a server without its own handler such as bare express) it writes p50 and mean per segment, in µs, to
 * HOOK_TIMES_OUT (default `/tmp/hook-times.<pid>.json`). Serial load only: marks go to the request
 * in flight, and with several in flight they would mix.
 */
'use strict';
const http = require('node:http');
const fs = require('node:fs');

const emit = http.Server.prototype.emit;
const segments = {};
let current = null;
globalThis.__hookMark = (name) => current?.push([name, performance.now()]);

http.Server.prototype.emit = function (event, ...rest) {
  const [req, res] = rest;
  if (event === 'request') {
    const marks = [['request', performance.now()]];
    current = marks;
    const path = req.url.split('?')[0];
    const end = res.end;
    res.end = function (...args) {
      marks.push(['end()', performance.now()]);
      const returned = end.apply(this, args);
      process.nextTick(() => {
        marks.push(['answered', performance.now()]);
        const kinds = (segments[path] ??= {});
        for (let i = 1; i < marks.length; i += 1) (kinds[`${String(i).padStart(2, '0')} ${marks[i - 1][0]}→${marks[i][0]}`] ??= []).push(marks[i][1] - marks[i - 1][1]);
        (kinds.total ??= []).push(marks[marks.length - 1][1] - marks[0][1]);
        if (current === marks) current = null;
      });
      return returned;
    };
  }
  return emit.call(this, event, ...rest);
};

function write() {
  const out = {};
  for (const [path, kinds] of Object.entries(segments)) {
    out[path] = {};
    for (const [segment, values] of Object.entries(kinds)) {
      const sorted = Float64Array.from(values).sort();
      const mean = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
      out[path][segment] = { n: sorted.length, p50us: Math.round(sorted[sorted.length >> 1] * 1000), meanUs: Math.round(mean * 1000) };
    }
  }
  fs.writeFileSync(process.env.HOOK_TIMES_OUT || `/tmp/hook-times.${process.pid}.json`, JSON.stringify(out, null, 1));
}
process.on('exit', write);
process.on('SIGINT', () => process.exit(0));
