/**
 * `npx tsx bench/runtime/callerProfile.bench.ts <built tree> [<built tree> …]` (not in `npm run
 * bench`; run `npx turbo run build` in each tree first): what a returning caller's profile costs
 * the embedded store per call, in µs, on each tree's own `runtime/dist` — the read at the call's
 * start (`recall`, or `get` on a tree without it) and the change at its end (one contact added to
 * a history already CONTACTS_KEPT long, inside a transaction as a turn's write is), and the binding
 * read of the call hook. A WAL file in a temporary directory, BENCH_ROUNDS (5) rounds of
 * BENCH_OPS (5000) operations alternating between trees; the median round is printed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const OPS = Number(process.env.BENCH_OPS ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const trees = process.argv.slice(2).map((dir) => resolve(dir));
if (trees.length === 0) throw new Error('usage: npx tsx bench/runtime/callerProfile.bench.ts <built tree> [<built tree> …]');

const at = (n: number) => new Date(Date.UTC(2026, 2, 2, 10, 0, n)).toISOString();
const contact = (n: number) => ({
  at: at(n),
  channel: n % 2 ? 'voice' : 'whatsapp',
  reason: 'balance',
  outcome: 'completed',
  contained: { flowId: 'ivr', version: 3, environment: 'production', channel: 'voice', locale: 'fr', traffic: 'live', startedAt: at(n) },
});
const profile = (number: string) => ({
  number,
  preferredLocale: 'fr',
  lastChannel: 'voice',
  contacts: Array.from({ length: 20 }, (_, i) => contact(i)),
  variables: { segment: 'gold', lastMenu: 'balance', visits: 12 },
  consent: { given: true, at: at(0) },
  createdAt: at(0),
  updatedAt: at(19),
});

async function open(tree: string, dir: string) {
  const dist = (path: string) => import(pathToFileURL(join(tree, 'runtime/dist/store/sqlite', path)).href);
  const { openDatabase } = await dist('openDatabase.js');
  const { createCallerTable } = await dist('callerTable.js');
  const { createBindingTable } = await dist('bindingTable.js');
  const db = openDatabase(join(dir, 'griot.db'));
  const callers = createCallerTable(db);
  const bindings = createBindingTable(db);
  const numbers = Array.from({ length: 1000 }, (_, i) => `+22901970${String(i).padStart(5, '0')}`);
  db.transaction(() => numbers.forEach((n) => callers.put(profile(n))))();
  bindings.put({ id: 'line-1919', channel: 'voice', address: '1919', flowId: 'ivr', environment: 'production', testers: [], settings: {}, createdAt: at(0), updatedAt: at(0) });
  let n = 100;
  const read = callers.recall ? (k: string) => callers.recall(k) : (k: string) => callers.get(k);
  // 100 changes per transaction: the commit is not what is measured.
  const change = db.transaction((keys: string[]) => keys.forEach((k) => callers.change(k, { contact: contact(n++) }, at(n))));
  return { db, numbers, read, change, binding: () => bindings.get('line-1919') };
}

const time = (ops: number, run: (i: number) => void) => {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i += 1) run(i);
  return Number(process.hrtime.bigint() - start) / 1000 / ops;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

const dirs = trees.map(() => mkdtempSync(join(tmpdir(), 'griot-caller-bench-')));
const stores = await Promise.all(trees.map((tree, i) => open(tree, dirs[i])));
const results = trees.map(() => ({ read: [] as number[], change: [] as number[], binding: [] as number[] }));
for (let round = 0; round < ROUNDS + 1; round += 1) {
  stores.forEach((s, i) => {
    const read = time(OPS, (k) => s.read(s.numbers[k % s.numbers.length]));
    const batch = 100;
    const change = time(OPS / batch, (k) => s.change(Array.from({ length: batch }, (_, j) => s.numbers[(k * batch + j) % s.numbers.length]))) / batch;
    const binding = time(OPS, () => s.binding());
    // The first round warms the JIT and the page cache.
    if (round > 0) results[i].read.push(read), results[i].change.push(change), results[i].binding.push(binding);
  });
}
console.log(`load ${loadavg()[0].toFixed(2)}, ${OPS} ops × ${ROUNDS} rounds, median µs per operation`);
trees.forEach((tree, i) => {
  const r = results[i];
  console.log(`${tree}: profile read at start ${median(r.read).toFixed(1)} µs, contact added at end ${median(r.change).toFixed(1)} µs, binding read ${median(r.binding).toFixed(1)} µs`);
});
for (const s of stores) s.db.close();
for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
