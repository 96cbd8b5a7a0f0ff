/**
 * `npx tsx bench/runtime/maskText.bench.ts [<tree> …]` (not in `npm run bench`; default: this
 * tree): what masking a subscriber's words costs per text or speech turn, in µs, on each tree's own
 * `runtime/src/sensitive/maskMessageText.ts` (`maskMessageText`, as `maskInput` calls it for every
 * text and speech turn and the agents' inbox at close): typical French, English and Yoruba turns,
 * with no code, with a code in digits and with one said in words, with no session value and with
 * one. BENCH_ROUNDS (5) rounds of BENCH_OPS (20000) calls per turn, trees alternating; the median
 * round is printed, and the outputs of every tree are checked to be the same.
 *
 * An older tree needs `node_modules` beside it (`ln -s "$PWD/node_modules" <tree>/node_modules`).
 */
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const OPS = Number(process.env.BENCH_OPS ?? 20000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const trees = (process.argv.length > 2 ? process.argv.slice(2) : ['.']).map((dir) => resolve(dir));

type Mask = (text: string, values?: readonly string[]) => string;
const masks: Mask[] = await Promise.all(trees.map(async (tree) => (await import(pathToFileURL(join(tree, 'runtime/src/sensitive/maskMessageText.ts')).href)).maskMessageText as Mask));

const TURNS: Array<[name: string, text: string, values: string[]]> = [
  ['fr, no code', "Bonjour, mon forfait internet ne marche plus depuis hier soir, pouvez-vous m'aider s'il vous plaît ?", []],
  ['fr, no code, « un »', 'Bonjour, je voudrais parler à un conseiller, mon forfait internet ne marche plus depuis hier soir', []],
  ['en, no code', "Hello, I can't access my account since yesterday and the app keeps failing, please help me", []],
  ['yo, no code', 'Ẹ kú àárọ̀, mo fẹ́ bá òṣìṣẹ́ sọ̀rọ̀ nípa àkọọ́lẹ̀ mi, kò ṣiṣẹ́ mọ́ láti àná', []],
  ['fr, PUK in digits', "oui mon code PUK c'est 8765 4321 merci beaucoup", []],
  ['fr, PUK in words', "mon code c'est huit sept six cinq quatre trois deux un, merci", []],
  ['en, PIN said, a session value', 'my pin is one two three four, please unlock it', ['1234']],
  ['yo, code in words', 'nọ́mbà mi ni èjì ẹ̀ta ẹ̀rin àrún ẹ̀fà èje, ẹ ṣé', []],
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN;
const results = trees.map(() => TURNS.map(() => [] as number[]));
let sink = 0;
for (let round = 0; round < ROUNDS + 1; round += 1) {
  TURNS.forEach(([, text, values], t) => {
    masks.forEach((mask, i) => {
      const start = process.hrtime.bigint();
      for (let n = 0; n < OPS; n += 1) sink += mask(text, values).length;
      // The first round warms the JIT.
      if (round > 0) results[i]?.[t]?.push(Number(process.hrtime.bigint() - start) / 1000 / OPS);
    });
  });
}
TURNS.forEach(([name, text, values]) => {
  const outputs = new Set(masks.map((mask) => mask(text, values)));
  if (outputs.size > 1) throw new Error(`the trees mask « ${name} » differently: ${[...outputs].join(' / ')}`);
});
console.log(`load ${loadavg()[0].toFixed(2)}, ${OPS} calls × ${ROUNDS} rounds per turn, median µs per call (${sink > 0 ? 'outputs equal' : ''})`);
console.log(['turn', ...trees].join(' | '));
TURNS.forEach(([name], t) => console.log([name, ...trees.map((_, i) => median(results[i]?.[t] ?? []).toFixed(2))].join(' | ')));
