/**
 * `node bench/voice/profileSubtree.mjs <file.cpuprofile> <function> [url pattern] [depth] [skip seconds]`
 * (not in `npm run bench`): what runs under one function of a CPU profile of a serialPaired.mjs run
 * (`SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=… --cpu-prof-interval=50"`), where
 * profileGroups.mjs gives the groups only. Busy samples after `skip` seconds (default 5: the start),
 * as shares of all busy samples: those with the function (whose url matches the pattern, default any)
 * on their stack, split by the `depth` frames below it (default 1; `(self)` when it is the leaf),
 * then the function's self samples by source line of the built file (a callee V8 inlined counts for
 * the line that calls it). E.g. `… record TurnRecorder`, `… writeTurn writeTurn 2`,
 * `… readEntryAndCaller SqliteStore`. TOP (30) rows.
 */
import { readFileSync } from 'node:fs';

const [file, fn, urlPattern = '', depthArg, skipArg] = process.argv.slice(2);
if (!file || !fn) throw new Error('usage: node bench/voice/profileSubtree.mjs <file.cpuprofile> <function> [url pattern] [depth] [skip seconds]');
const depth = Number(depthArg ?? 1);
const skipUs = Number(skipArg ?? 5) * 1e6;
const top = Number(process.env.TOP ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const url = new RegExp(urlPattern);
const matches = (n) => n.callFrame.functionName === fn && url.test(n.callFrame.url);
const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;

let busy = 0;
let inside = 0;
const below = new Map();
const lines = new Map();
let t = profile.startTime;
profile.samples.forEach((id, i) => {
  t += profile.timeDeltas[i];
  if (t - profile.startTime < skipUs) return;
  const leaf = byId.get(id);
  if (leaf.callFrame.functionName === '(idle)' || leaf.callFrame.functionName === '(program)') return;
  busy += 1;
  const stack = [];
  for (let n = id; n !== undefined; n = parent.get(n)) stack.push(byId.get(n));
  stack.reverse();
  const at = stack.findIndex(matches);
  if (at < 0) return;
  inside += 1;
  const key =
    stack
      .slice(at + 1, at + 1 + depth)
      .map(label)
      .join(' > ') || '(self)';
  below.set(key, (below.get(key) ?? 0) + 1);
});
// Line ticks cover the whole profile (they carry no time): read them as proportions of the self samples.
for (const n of profile.nodes) if (matches(n)) for (const tick of n.positionTicks ?? []) lines.set(tick.line, (lines.get(tick.line) ?? 0) + tick.ticks);
const share = (n) => `${((100 * n) / busy).toFixed(2).padStart(6)} %`;
console.log(`${file}: ${busy} busy samples after ${skipUs / 1e6} s; ${fn} on the stack of ${inside} (${share(inside).trim()})`);
for (const [key, n] of [...below].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${share(n)}  ${key}`);
const ticks = [...lines.values()].reduce((a, b) => a + b, 0);
if (ticks > 0) {
  console.log(`${fn}'s self samples by line of its built file (whole profile, ${ticks} ticks):`);
  for (const [line, n] of [...lines].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  line ${line}: ${((100 * n) / ticks).toFixed(1)} %`);
}
