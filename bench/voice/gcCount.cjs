/**
 * `SERVER_NODE_ARGS="--require $PWD/bench/voice/gcCount.cjs"` (serialPaired.mjs, or `node --require` on any
 * server): the server's garbage collections by kind (count, total and mean ms, from perf_hooks' `gc`
 * entries) and its peak RSS (VmHWM), written at exit to GC_COUNT_OUT (default `/tmp/gc-count.<pid>.json`),
 * with the node flags it ran with. For comparing node flags (`--max-semi-space-size`) on the same tree.
 */
'use strict';
const fs = require('node:fs');
const { PerformanceObserver, constants } = require('node:perf_hooks');

const names = { [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge', [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-sweep', [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks' };
const kinds = {};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = (kinds[names[entry.detail?.kind ?? entry.kind] ?? 'other'] ??= { count: 0, ms: 0 });
    kind.count += 1;
    kind.ms += entry.duration;
  }
}).observe({ entryTypes: ['gc'] });

const status = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
process.on('exit', () => {
  for (const kind of Object.values(kinds)) kind.meanMs = kind.count ? kind.ms / kind.count : 0;
  const out = { flags: process.execArgv.filter((a) => !a.includes('gcCount')), peakRssMiB: status('VmHWM'), rssMiB: status('VmRSS'), kinds };
  fs.writeFileSync(process.env.GC_COUNT_OUT ?? `/tmp/gc-count.${process.pid}.json`, JSON.stringify(out, null, 2));
});
