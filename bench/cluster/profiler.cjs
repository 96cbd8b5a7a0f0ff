// Preloaded into both instances by cluster.bench.ts when BENCH_PROFILE is set (Node 20 refuses
// --cpu-prof in NODE_OPTIONS): SIGUSR2 starts a CPU profile, the next one writes it to
// $PROF_DIR/<pid>-<n>.cpuprofile (open it in Chrome's DevTools or speedscope).
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');

const session = new inspector.Session();
session.connect();
let profiling = false;
let written = 0;
process.on('SIGUSR2', () => {
  if (!profiling) {
    profiling = true;
    session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 250 }, () => session.post('Profiler.start')));
    return;
  }
  profiling = false;
  session.post('Profiler.stop', (error, result) => {
    if (error) return;
    fs.writeFileSync(path.join(process.env.PROF_DIR ?? '.', `${process.pid}-${written++}.cpuprofile`), JSON.stringify(result.profile));
  });
});
