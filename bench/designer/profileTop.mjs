/**
 * `node bench/designer/profileTop.mjs <file.cpuprofile> [rows]` (not in `npm run bench`): where the page's main thread
 * went in a CPU profile of one editor open (`PROFILE=… npx tsx bench/designer/editorOpen.bench.ts`, best with an
 * unminified build: `npx vite build --minify false`). Three views, in ms of samples: the totals (idle, program, GC,
 * scripts); the functions by inclusive time (a sample counts once for each function on its stack, recursion once);
 * the functions by self time. A function is `name file:line`.
 */
import { readFileSync } from 'node:fs';

const [file, rowsArg] = process.argv.slice(2);
if (!file) throw new Error('usage: node bench/designer/profileTop.mjs <file.cpuprofile> [rows]');
const rows = Number(rowsArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;

const self = new Map();
const inclusive = new Map();
const totals = new Map();
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  // A sample's time is the gap to the next one (the last sample gets the previous gap).
  const ms = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000;
  const leaf = byId.get(profile.samples[i]);
  const kind = ['(idle)', '(program)', '(garbage collector)'].includes(leaf.callFrame.functionName) ? leaf.callFrame.functionName : 'scripts';
  totals.set(kind, (totals.get(kind) ?? 0) + ms);
  if (kind !== 'scripts') continue;
  self.set(name(leaf), (self.get(name(leaf)) ?? 0) + ms);
  const seen = new Set();
  for (let id = leaf.id; id !== undefined; id = parent.get(id)) {
    const n = byId.get(id);
    if (n.callFrame.functionName === '(root)') continue;
    const key = name(n);
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
  }
}
const show = (title, map) => {
  console.log(`\n${title}`);
  for (const [key, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${ms.toFixed(0).padStart(7)} ms  ${key}`);
};
show('totals', totals);
show('inclusive', inclusive);
show('self', self);
