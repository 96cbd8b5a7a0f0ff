/**
 * `node bench/voice/profileGroups.mjs <file.cpuprofile> [skip seconds]` (not in `npm run bench`):
 * where a Griot server's main thread goes, from a CPU profile of a serialPaired.mjs run
 * (`SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=… --cpu-prof-interval=100"`; the server writes
 * the main thread's profile and the checkpoint thread's, the larger one is the main thread's).
 * Busy samples only (not idle, not `(program)`), after the first `skip` seconds (default 5: the
 * start, the flow's publication). Two views: groups by inclusive time (a sample counts for a
 * group when any frame of its stack is in it: the groups overlap), the way the passes since perf18
 * report them; and self time by where the code lives (a native call such as an SQLite statement
 * counts for the JavaScript function that made it).
 */
import { readFileSync } from 'node:fs';

const [file, skipArg] = process.argv.slice(2);
if (!file) throw new Error('usage: node bench/voice/profileGroups.mjs <file.cpuprofile> [skip seconds]');
const profile = JSON.parse(readFileSync(file, 'utf8'));
const skipUs = Number(skipArg ?? 5) * 1e6;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const groups = {
  'send (writev, writeLatin1String, writeUtf8String: the kernel)': (f) => /^(writev|writeLatin1String|writeUtf8String|writeBuffer)$/.test(f.functionName) && f.url === '',
  'group commit (WriteBatcher: the turn statements and COMMIT)': (f) => /^(commitWhenFree|commitFollowUp|runAndCommit)$/.test(f.functionName),
  '  of which COMMIT (runAloneAndCommit self)': null,
  'HTTP parse and request set-up (parserOnHeadersComplete)': (f) => f.functionName === 'parserOnHeadersComplete',
  'signature and JSON read (checkHookBody)': (f) => f.functionName === 'checkHookBody',
  '  HMAC (createHmac, update, digest)': (f) => /^(createHmac|Hmac|update|digest)$/.test(f.functionName) && /crypto|hash/.test(f.url),
  '  JSON read (readJson)': (f) => f.functionName === 'readJson',
  'the hook to the engine and back (handleWithin)': (f) => f.functionName === 'handleWithin',
  'entry and caller read (readEntryAndCaller)': (f) => f.functionName === 'readEntryAndCaller',
  'render (renderTurn)': (f) => f.functionName === 'renderTurn',
  "turn's records (TurnRecorder.record)": (f) => f.functionName === 'record' && /TurnRecorder/.test(f.url),
  'status acknowledged (acknowledgeStatus)': (f) => f.functionName === 'acknowledgeStatus',
  'logging (pino, sonic-boom, BatchedLogDestination)': (f) => /node_modules\/(pino|sonic-boom|fast-redact)|BatchedLogDestination/.test(f.url),
  'promise machinery (runMicrotasks self)': null,
  'GC (garbage collector)': (f) => f.functionName === '(garbage collector)',
};
const names = Object.keys(groups);
const counts = Object.fromEntries(names.map((n) => [n, 0]));
const where = new Map();
const place = (f) => {
  if (!f.url) return `native: ${f.functionName || '(anonymous)'}`;
  if (f.url.startsWith('node:')) return 'node core (JavaScript)';
  const pkg = f.url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return `npm ${pkg[1]}`;
  const own = f.url.match(/\/(runtime|connectors|flows)\/dist\/([^/]+)/);
  return own ? `${own[1]}/${own[2]}` : f.url;
};
let busy = 0;
let t = profile.startTime;
profile.samples.forEach((id, i) => {
  t += profile.timeDeltas[i];
  if (t - profile.startTime < skipUs) return;
  const leaf = byId.get(id).callFrame;
  if (leaf.functionName === '(idle)' || leaf.functionName === '(program)') return;
  busy += 1;
  where.set(place(leaf), (where.get(place(leaf)) ?? 0) + 1);
  if (leaf.functionName === 'runAloneAndCommit') counts['  of which COMMIT (runAloneAndCommit self)'] += 1;
  if (leaf.functionName === 'runMicrotasks') counts['promise machinery (runMicrotasks self)'] += 1;
  const hit = new Set();
  for (let n = id; n !== undefined; n = parent.get(n)) {
    const f = byId.get(n).callFrame;
    for (const g of names) if (groups[g] && !hit.has(g) && groups[g](f)) hit.add(g);
  }
  for (const g of hit) counts[g] += 1;
});
const share = (n) => `${((100 * n) / busy).toFixed(1)} %`;
console.log(`${file}: ${busy} busy samples after ${skipUs / 1e6} s`);
console.log('groups (inclusive; they overlap):');
for (const g of names) console.log(`  ${g}: ${share(counts[g])}`);
console.log('self time by place (top 15):');
for (const [k, n] of [...where].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${k}: ${share(n)}`);
