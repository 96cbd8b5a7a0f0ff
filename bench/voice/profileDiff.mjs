/**
 * `node bench/voice/profileDiff.mjs <A.cpuprofile[,A2,…]> <calls A> <B.cpuprofile[,B2,…]> <calls B>`
 * (not in `npm run bench`): two servers' CPU profiles (e.g. one per saturated round from the peer
 * bench with `peerBench.profiles.patch`'s SAT_PROFILE=1 and loopStats.cjs), self time per call by
 * function (name, file, line), A beside B, sorted by the difference (TOP rows, default 40). Calls:
 * every call the server answered in the profiled windows (the peer bench's `allCalls`). On a loaded
 * machine every µs is inflated alike (a sample's time includes the thread's waits for a core):
 * compare the two sides, not the absolute figures.
 */
import { readFileSync } from 'node:fs';
function selfByFn(files) {
  const m = new Map();
  let total = 0;
  for (const f of files.split(',')) {
    const p = JSON.parse(readFileSync(f, 'utf8'));
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const dt = p.timeDeltas;
    for (let i = 0; i < p.samples.length; i++) {
      const n = byId.get(p.samples[i]);
      const cf = n.callFrame;
      if (cf.functionName === '(idle)') continue;
      const us = dt[i + 1] ?? 0;
      const key = `${cf.functionName || '(anon)'} ${cf.url.replace(/.*node_modules\//, 'nm/').replace(/.*\/(runtime|connectors|flows)\/dist\//, '$1/')}:${cf.lineNumber}`;
      m.set(key, (m.get(key) ?? 0) + us);
      total += us;
    }
  }
  return { m, total };
}
const [fa, ca, fb, cb] = process.argv.slice(2);
const A = selfByFn(fa),
  B = selfByFn(fb);
const keys = new Set([...A.m.keys(), ...B.m.keys()]);
const rows = [...keys].map((k) => {
  const a = (A.m.get(k) ?? 0) / ca,
    b = (B.m.get(k) ?? 0) / cb;
  return [k, a, b, b - a];
});
rows.sort((x, y) => Math.abs(y[3]) - Math.abs(x[3]));
console.log(`busy µs/call: A ${(A.total / ca).toFixed(1)}  B ${(B.total / cb).toFixed(1)}  diff ${(B.total / cb - A.total / ca).toFixed(1)}`);
for (const r of rows.slice(0, Number(process.env.TOP ?? 40))) console.log(r[1].toFixed(1).padStart(8), r[2].toFixed(1).padStart(8), r[3].toFixed(1).padStart(8), ' ', r[0]);
