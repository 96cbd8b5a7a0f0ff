/**
 * `node --expose-gc --import tsx bench/memory/flowLiveSet.ts [1,10,40]` (not in `npm run bench`):
 * how much heap a parsed and compiled version of the 1,000-node benchmark flow keeps alive, as
 * the flow resolver's cache holds it (up to 500 versions and 200 drafts): heap used after two
 * full collections with 1, 10, 40… distinct copies held, each parsed from the stored JSON and
 * stepped once (which builds its look-up tables).
 */
import { createSession, parseFlow, step } from '../../flows/src/index.ts';
import { generateLargeFlow } from '../../flows/bench/generateLargeFlow.ts';

const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error('run with node --expose-gc');
const heapUsedMiB = (): number => {
  collect();
  collect();
  return process.memoryUsage().heapUsed / 1048576;
};

const text = JSON.stringify(generateLargeFlow(1000));
console.log(`document: ${(text.length / 1024).toFixed(0)} KiB of JSON`);
const base = heapUsedMiB();
const held: unknown[] = [];
for (const count of (process.argv[2] ?? '1,10,40').split(',').map(Number)) {
  while (held.length < count) {
    const parsed = parseFlow(JSON.parse(text));
    if (!parsed.ok) throw new Error('the benchmark flow does not parse');
    const session = createSession(parsed.flow, { channel: 'voice', caller: { number: '+22997000001', known: false } as never, flowVersion: 1 });
    step(parsed.flow, session, { type: 'start' });
    held.push(parsed.flow);
  }
  const used = heapUsedMiB();
  console.log(`${count} versions held: heap used ${used.toFixed(1)} MiB, ${((used - base) / count).toFixed(2)} MiB each (${base.toFixed(1)} MiB before)`);
}
