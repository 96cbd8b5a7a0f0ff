/**
 * `node bench/voice/peerThreads.mjs <peer-bench results/<stamp>>` (not in `npm run bench`): what
 * every server of a peer-bench run did in each phase, from the `threads.jsonl` that the sampling
 * patch (`peerBench.sampling.patch`, perf23) writes every 500 ms: CPU per process and per thread
 * (`main` is the JavaScript thread; node's other threads by their name), then the machine's own
 * counters per phase (dirty page cache, MiB written to the disk, the disk's busy time, CPU in user,
 * system, softirq, iowait and steal). A phase is a measured run (`sat r2 griot`), the seconds after
 * it (`after …`: the /metrics scrape), a `gap …` or the `tail after sat`: the servers that are not
 * measured show there what they do after their own burst.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node bench/voice/peerThreads.mjs <results/<stamp>>');
const rows = readFileSync(join(dir, 'threads.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));

const phases = [];
for (let i = 1; i < rows.length; i++) {
  const a = rows[i - 1];
  const b = rows[i];
  let p = phases.at(-1);
  if (!p || p.phase !== b.phase) {
    p = { phase: b.phase, first: a, last: b, cpu: {} };
    phases.push(p);
  }
  p.last = b;
  for (const [sys, threads] of Object.entries(b.sys)) {
    const pid = Object.keys(threads)
      .map((k) => Number(k.split(':')[0]))
      .sort((x, y) => x - y)[0];
    for (const [key, ticks] of Object.entries(threads)) {
      const before = a.sys[sys]?.[key];
      if (before === undefined) continue;
      const tid = Number(key.split(':')[0]);
      const name = tid === pid ? 'main' : key.slice(key.indexOf(':') + 1);
      const bySys = (p.cpu[sys] ??= {});
      bySys[name] = (bySys[name] ?? 0) + (ticks - before);
    }
  }
}

for (const p of phases) {
  const seconds = (p.last.t - p.first.t) / 1000;
  console.log(`${p.phase}: ${seconds.toFixed(1)} s, load ${p.first.load} → ${p.last.load}`);
  for (const [sys, threads] of Object.entries(p.cpu)) {
    const total = Object.values(threads).reduce((x, y) => x + y, 0);
    const detail = Object.entries(threads)
      .filter(([, v]) => v > 0)
      .sort((x, y) => y[1] - x[1])
      .slice(0, 5)
      .map(([name, v]) => `${name} ${(v / 100 / seconds).toFixed(2)}`)
      .join(', ');
    console.log(`  ${sys.padEnd(13)} ${(total / 100 / seconds).toFixed(2)} cores${detail ? ` (${detail})` : ''}`);
  }
}

console.log('\n| phase | s | dirty MiB start → end | MiB written | disk busy % | machine CPU, cores: user · system · softirq · iowait · steal |\n|---|---:|---|---:|---:|---|');
for (const p of phases) {
  const a = p.first;
  const b = p.last;
  const seconds = (b.t - a.t) / 1000;
  if (!(seconds > 0) || !a.cpu || !b.cpu) continue;
  const cores = (i) => ((b.cpu[i] - a.cpu[i]) / 100 / seconds).toFixed(2);
  console.log(
    `| ${p.phase} | ${seconds.toFixed(0)} | ${((a.dirtyPages * 4) / 1024).toFixed(0)} → ${((b.dirtyPages * 4) / 1024).toFixed(0)} | ${((b.sectorsWritten - a.sectorsWritten) / 2048).toFixed(0)} | ${((b.ioMs - a.ioMs) / 10 / seconds).toFixed(0)} | ${cores(0)} · ${cores(2)} · ${cores(6)} · ${cores(4)} · ${cores(7)} |`,
  );
}
