/**
 * `npx tsx --conditions=griot-source bench/runtime/lookupMaskStall.ts [<tree> …]` (default: this tree):
 * the event loop a simulator turn holds to show a large look-up answer (`maskLookupBody`,
 * `recordedFixture` with `isSecretKey`, `maskSessionState`), per tree, trees alternating,
 * BENCH_ROUNDS (5) rounds; an older tree is `git archive <commit> runtime/src flows/src` with this tree's node_modules linked beside it; medians printed with the load average. The answer: SHAPE=list (a
 * transaction list, ~1.27 MB, mapped whole into a json variable and its first item's `ref` into a
 * sensitive one) or SHAPE=clear (the same list kept in clear, with a `pukCode` in each item).
 */
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Flow, type Session } from '@griot/flows';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SHAPE = process.env.SHAPE ?? 'list';
const trees = (process.argv.length > 2 ? process.argv.slice(2) : ['.']).map((dir) => resolve(dir));

const flow = Flow.parse({
  schemaVersion: 2,
  id: 'big',
  name: 'big',
  locales: [{ code: 'fr', name: 'Français' }],
  variables: [{ name: 'ref', type: 'string', sensitive: true }, SHAPE === 'clear' ? { name: 'history', type: 'json', keptInClear: true } : { name: 'history', type: 'json' }],
  nodes: [
    { id: 'start', type: 'start' },
    {
      id: 'lookup',
      type: 'http',
      backend: 'operator',
      url: '/h',
      responseMapping: [
        { variable: 'history', path: '$.items' },
        { variable: 'ref', path: '$.items[0].ref' },
      ],
    },
    { id: 'end', type: 'end', reason: 'done' },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'lookup' },
    { id: 'e2', source: 'lookup', output: 'ok', target: 'end' },
  ],
});
const items = Array.from({ length: Number(process.env.ITEMS ?? 12000) }, (_, i) => ({
  ref: `TX${String(100000 + i)}`,
  amount: 1500 + i,
  date: '2026-12-07T10:00:00Z',
  label: `Transfert vers +22997${String(100000 + i)} reçu`,
  ...(SHAPE === 'clear' ? { pukCode: String(80000000 + i) } : {}),
}));
const body = { items };
console.log(`answer ${(JSON.stringify(body).length / 1e6).toFixed(2)} MB, shape ${SHAPE}`);
const session = { vars: { history: items, ref: items[0]?.ref } } as unknown as Session;

type Mods = {
  maskLookupBody: (flow: Flow, node: string, body: unknown) => unknown;
  maskSessionState: (flow: Flow, session: Session) => unknown;
  isSecretKey: (key: string) => boolean;
  recordedFixture: (flow: Flow, node: string, answer: never, secretKey: (key: string) => boolean) => unknown;
};
const mods: Mods[] = await Promise.all(
  trees.map(async (tree) => ({
    ...(await import(pathToFileURL(join(tree, 'runtime/src/conversations/maskLookupBody.ts')).href)),
    ...(await import(pathToFileURL(join(tree, 'runtime/src/conversations/maskSessionState.ts')).href)),
    ...(await import(pathToFileURL(join(tree, 'runtime/src/sensitive/sensitiveKeys.ts')).href)),
    ...(await import(pathToFileURL(join(tree, 'flows/src/testing/recordedFixture.ts')).href)),
  })),
);
const times = trees.map(() => [] as number[]);
for (let round = 0; round < ROUNDS; round++) {
  for (const [t, mod] of mods.entries()) {
    const start = performance.now();
    mod.maskLookupBody(flow, 'lookup', body);
    mod.recordedFixture(flow, 'lookup', { type: 'webhook', outcome: 'response', status: 200, body } as never, mod.isSecretKey);
    JSON.stringify(mod.maskSessionState(flow, session));
    times[t]?.push(performance.now() - start);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
for (const [t, tree] of trees.entries()) console.log(`${tree}: median ${median(times[t] ?? []).toFixed(0)} ms (${(times[t] ?? []).map((x) => x.toFixed(0)).join(' ')})`);
console.log(
  `load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
