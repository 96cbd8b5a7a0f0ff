/**
 * `npx tsx bench/analytics/factsOverhead.bench.ts` (from the repository root): what recording
 * analytics facts costs the engine's turn throughput. Two real servers in this process
 * (`startServer`: demo 1919 flow, demo operator backend, SQLite in temporary directories), one
 * with GRIOT_ANALYTICS on, one off; the 1919 voice journeys of the voice bench (its phase d: the
 * voice layer and the engine in process, no sockets) are played on each in alternating rounds of
 * BENCH_TURNS turns, BENCH_ROUNDS times, so the machine's load falls on both sides alike. The
 * side with facts folds them into counters as the roll-up job does, every BENCH_ROLLUP_SECONDS (the
 * job's default period, 10 s) of its rounds' time and after the last round; that work's main-thread
 * CPU is counted in its totals and spread over the turns it folded (BENCH_ROLLUP_SECONDS=0: after
 * every round, 2,000 turns, which charges the job's fixed cost per roll-up many times over what a
 * saturated engine pays). Target: throughput with facts ≥ 95 % of without.
 *
 * Two modes, each with its own pair of fresh servers, both run by default (BENCH_CONCURRENCY,
 * a comma-separated list, "1,32"):
 * - 1: one call at a time, a turn after the other: every turn is its own commit (the facts' row
 *   then writes a page of its own per turn); what phase (d) of the voice bench plays.
 * - 32 (any N > 1): N callers without pauses, each starting its next journey as the last ends, as
 *   phase (b) of the voice bench saturates the engine (BENCH_WORKERS=32 there): concurrent turns
 *   share the store's group commits (`WriteBatcher`), as they do on a busy line. The journeys
 *   started are the same on both sides (call i: caller and service from i), whichever caller
 *   runs them; the commits per turn of each side are printed.
 *
 * The verdict is on the main thread's CPU time per turn (Linux: /proc/self/task/<pid>/schedstat,
 * in nanoseconds), which is what bounds the engine's throughput when it is saturated, and which
 * other processes' load does not inflate the way it inflates wall time on a shared machine; it is
 * the median over the pairs of rounds (each side's round i ran next to the other's), since a burst
 * of other work still slows the CPU a round gets (shared caches, the other hyperthread) by far more
 * than 5 %. The totals, wall-time throughput, the whole process's CPU (with SQLite's WAL
 * checkpointer thread and GC threads) and the GC pauses during each side's rounds (the collector
 * may be paying for the other side's garbage: both share one heap) are printed beside it. The
 * simulated jambonz and the voice layer run on the same thread (no sockets), so a turn here costs
 * less than over HTTP and the facts' share reads somewhat higher than in the voice bench's phase
 * (b). Figures and what was tried: bench/README.md, "Recording facts" (eighth pass: 9.9 %
 * saturated, 7.5 % one call at a time, medians of eleven runs at load 0.6–7.5).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { randomBytes, randomUUID } from 'node:crypto';
import { loadConfig } from '../../runtime/src/config.ts';
import { startServer, type RunningServer } from '../../runtime/src/server.ts';
import { rollUpAll } from '../../runtime/src/analytics/analyticsJob.ts';
import { inProcessLink } from '../../connectors/src/voice/testing/index.ts';
import { VoiceCallHandler } from '../../connectors/src/voice/voiceCallHandler.ts';
import { Journey, timedLink } from '../voice/journey.ts';

const TURNS = Number(process.env.BENCH_TURNS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
/** Concurrent callers per side, one mode per entry: 1, one call at a time; 32, the voice bench's saturated phase (b). */
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '1,32').split(',').map((c) => Math.max(1, Math.floor(Number(c))));
/** How often the side with facts folds them, in its own wall time: the roll-up job's default period (GRIOT_ANALYTICS_ROLLUP_SECONDS); 0: after every round. */
const ROLLUP_MS = Number(process.env.BENCH_ROLLUP_SECONDS ?? 10) * 1000;
const CALLERS = Array.from({ length: 60 }, (_, i) => `+22901970${String(i < 5 ? i + 1 : 100 + i).padStart(5, '0')}`);

interface Side {
  name: 'with facts' | 'without';
  server: RunningServer;
  dir: string;
  handler: VoiceCallHandler;
  turns: number;
  wallMs: number;
  cpuMs: number;
  mainMs: number;
  rounds: number[];
  /** Main-thread CPU µs per turn, per round (its turns; the roll-ups apart). */
  mainRounds: number[];
  /** Wall time of the rounds since the last roll-up. */
  sinceRollUpMs: number;
  rollUps: number;
  /** Main-thread CPU of the roll-ups. */
  rollUpMainMs: number;
  /** Garbage-collection pauses during its rounds (ms): the collector may be paying for the other side's garbage. */
  gcMs: number;
}

/** Garbage-collection pauses of the process so far (ms), as `gc` performance entries tell them. */
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });
/** The GC pauses so far, once the entries queued have been delivered. */
const gcSoFar = async () => {
  await new Promise((resolve) => setImmediate(resolve));
  return gcMs;
};

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/**
 * The main thread's CPU time in ms: Linux's per-thread scheduler statistics (nanoseconds on a
 * CPU), else its stat (clock ticks of 10 ms, too coarse for short rounds), else the process's.
 */
const mainThreadMs = () => {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    try {
      const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return cpuMs();
    }
  }
};

async function side(name: Side['name'], analytics: boolean): Promise<Side> {
  const dir = mkdtempSync(join(tmpdir(), 'griot-facts-bench-'));
  const config = loadConfig({
    DATA_DIR: dir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    GRIOT_DEMO: '1',
    NODE_ENV: 'production',
    GRIOT_ADMIN_TOKEN: randomBytes(24).toString('hex'),
    JAMBONZ_WEBHOOK_SECRET: randomBytes(16).toString('hex'),
    JAMBONZ_WS_USERNAME: 'bench',
    JAMBONZ_WS_PASSWORD: randomBytes(16).toString('hex'),
    GRIOT_ANALYTICS: analytics ? '1' : '0',
    // The bench folds facts itself, inside the timing of the side that has them.
    GRIOT_ANALYTICS_ROLLUP_SECONDS: '3600',
  });
  const server = await startServer(config, { announce: () => {} });
  const engine = server.services.conversations;
  const bindings = { findBinding: (channel: string, address: string) => server.store.findBinding(channel, address), getBinding: (id: string) => server.store.getBinding(id) };
  return {
    name,
    server,
    dir,
    handler: new VoiceCallHandler({ conversations: engine, bindings }),
    turns: 0,
    wallMs: 0,
    cpuMs: 0,
    mainMs: 0,
    rounds: [],
    mainRounds: [],
    sinceRollUpMs: 0,
    rollUps: 0,
    rollUpMainMs: 0,
    gcMs: 0,
  };
}

/**
 * BENCH_TURNS turns of 1919 journeys, `concurrency` calls at a time (each caller starts the next
 * journey when its own ends), then the roll-up when its period has passed (always after the `last` round).
 */
async function round(s: Side, index: number, last: boolean, concurrency: number): Promise<void> {
  const link = inProcessLink(s.handler);
  let turns = 0;
  let calls = 0;
  const gc = await gcSoFar();
  const began = performance.now();
  const cpu = cpuMs();
  const main = mainThreadMs();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (turns < TURNS) {
        const call = calls++;
        const journey = new Journey(
          timedLink(link, () => (turns += 1)),
          randomUUID(),
          CALLERS[(index * 7919 + call) % CALLERS.length]!,
          call,
        );
        while (turns < TURNS && (await journey.next()));
        await journey.call.hangup();
      }
    }),
  );
  await s.server.services.conversations.idle();
  const wall = performance.now() - began;
  s.turns += turns;
  s.wallMs += wall;
  s.cpuMs += cpuMs() - cpu;
  const mainMs = mainThreadMs() - main;
  s.mainMs += mainMs;
  s.rounds.push((turns / wall) * 1000);
  s.gcMs += (await gcSoFar()) - gc;
  s.mainRounds.push((mainMs / turns) * 1000);
  s.sinceRollUpMs += wall;
  if (s.sinceRollUpMs < ROLLUP_MS && !last) return;
  // The roll-up job's work, counted in the side's totals and spread over every turn it folded.
  const rollBegan = performance.now();
  const rollCpu = cpuMs();
  const rollMain = mainThreadMs();
  await rollUpAll(s.server.store);
  const rollMainMs = mainThreadMs() - rollMain;
  s.rollUps += 1;
  s.rollUpMainMs += rollMainMs;
  s.mainMs += rollMainMs;
  s.cpuMs += cpuMs() - rollCpu;
  s.wallMs += performance.now() - rollBegan;
  s.sinceRollUpMs = 0;
}

/** The store's group-commit counters (SQLite), read for the commits per turn; the bench's peek at a private field. */
const commitStats = (s: Side): { commits: number; writes: number } | undefined => (s.server.store as unknown as { batch?: { stats?: { commits: number; writes: number } } }).batch?.stats;

interface Verdict {
  concurrency: number;
  /** Median over the pairs of rounds of (without / with) main-thread CPU per turn, roll-ups spread. */
  paired: number;
  /** The same from the totals. */
  totals: number;
  /** Wall-time throughput with facts / without. */
  wall: number;
}

const loads = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN;

/** One mode: a fresh pair of servers, a warm-up round each, BENCH_ROUNDS alternated rounds of `concurrency` callers. */
async function measure(concurrency: number): Promise<Verdict> {
  const withFacts = await side('with facts', true);
  const without = await side('without', false);
  try {
    const mode = concurrency === 1 ? 'one call at a time' : `${concurrency} concurrent callers without pauses (saturated)`;
    console.log(`\n${mode}: ${ROUNDS} rounds of ${TURNS} voice turns per side, alternating; load average before: ${loads()}`);
    // Warm-up on both sides (JIT, flow caches, SQLite pages).
    for (const s of [withFacts, without]) {
      await round(s, 99, true, concurrency);
      Object.assign(s, { turns: 0, wallMs: 0, cpuMs: 0, mainMs: 0, rounds: [], mainRounds: [], sinceRollUpMs: 0, rollUps: 0, rollUpMainMs: 0, gcMs: 0 });
    }
    const commitsBefore = [withFacts, without].map((s) => ({ ...(commitStats(s) ?? { commits: NaN, writes: NaN }) }));
    for (let i = 0; i < ROUNDS; i += 1) {
      // Alternate which side goes first, so neither always follows the other's garbage.
      const order = i % 2 === 0 ? [withFacts, without] : [without, withFacts];
      for (const s of order) await round(s, i, i === ROUNDS - 1, concurrency);
    }
    /** A side's rounds with its roll-ups spread over every turn (µs per turn). */
    const withRollUps = (s: Side) => s.mainRounds.map((r) => r + (s.rollUpMainMs / s.turns) * 1000);
    for (const [k, s] of [withFacts, without].entries()) {
      const stats = commitStats(s);
      const commits = stats ? ` ${((stats.commits - commitsBefore[k]!.commits) / s.turns).toFixed(2)} commits per turn;` : '';
      console.log(
        `    ${s.name.padEnd(10)}: main thread ${((s.mainMs / s.turns) * 1000).toFixed(0)} µs CPU per turn (rounds ${s.mainRounds.map((r) => r.toFixed(0)).join(', ')}); whole process ${((s.cpuMs / s.turns) * 1000).toFixed(0)} µs; GC pauses ${((s.gcMs / s.turns) * 1000).toFixed(0)} µs;${commits} wall ${((s.turns / s.wallMs) * 1000).toFixed(0)} turns/s (rounds ${s.rounds.map((r) => r.toFixed(0)).join(', ')})`,
      );
    }
    const totals = without.mainMs / without.turns / (withFacts.mainMs / withFacts.turns);
    const wall = withFacts.turns / withFacts.wallMs / (without.turns / without.wallMs);
    const cpuRatio = withFacts.cpuMs / withFacts.turns / (without.cpuMs / without.turns);
    const facts = (await withFacts.server.store.listFacts({ from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z', limit: 1_000_000 })).length;
    const factsWithout = (await without.server.store.listFacts({ from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z', limit: 1_000_000 })).length;
    console.log(`    ${facts} fact batches recorded and counted on the side with facts, ${factsWithout} on the side without`);
    if (facts === 0 || factsWithout !== 0) throw new Error('the two sides did not differ by the facts: check GRIOT_ANALYTICS');
    console.log(
      `    roll-ups on the side with facts: ${withFacts.rollUps} (every ${ROLLUP_MS / 1000} s of its rounds and after the last), ${(withFacts.rollUpMainMs / Math.max(1, withFacts.rollUps)).toFixed(1)} ms of main-thread CPU each, ${((withFacts.rollUpMainMs / withFacts.turns) * 1000).toFixed(1)} µs per turn`,
    );
    console.log(`    saturated throughput (1 / main-thread CPU per turn) with facts: ${(totals * 100).toFixed(1)} % of without (cost ${((1 - totals) * 100).toFixed(1)} %)`);
    console.log(`    wall-time throughput with facts: ${(wall * 100).toFixed(1)} % of without; whole-process CPU per turn ${(cpuRatio * 100).toFixed(1)} % of without`);
    console.log(`    median of the rounds' main-thread CPU per turn: with ${median(withFacts.mainRounds).toFixed(0)} µs, without ${median(without.mainRounds).toFixed(0)} µs`);
    console.log(`    load average after: ${loads()}`);
    // Each round of one side ran next to the same round of the other: the median of their ratios leaves out the rounds another process's burst fell on.
    const [withRounds, withoutRounds] = [withRollUps(withFacts), withRollUps(without)];
    const paired = median(withRounds.map((w, i) => withoutRounds[i]! / w));
    console.log(
      `    median over the ${ROUNDS} pairs of rounds of (without / with) main-thread CPU per turn (roll-ups spread): ${(paired * 100).toFixed(1)} % (cost ${((1 - paired) * 100).toFixed(1)} %)`,
    );
    console.log(`    target: cost < 5 % of the throughput (paired median): ${1 - paired < 0.05 ? 'met' : 'NOT met'}`);
    return { concurrency, paired, totals, wall };
  } finally {
    for (const s of [withFacts, without]) {
      await s.server.close();
      rmSync(s.dir, { recursive: true, force: true });
    }
  }
}

console.log(`facts overhead: modes of ${CONCURRENCY.join(', ')} concurrent callers; node ${process.version}; load average ${loads()} (other work on the machine skews every figure)`);
const verdicts: Verdict[] = [];
for (const concurrency of CONCURRENCY) verdicts.push(await measure(concurrency));
console.log('\nverdicts (cost of the facts in main-thread CPU per turn: paired median, totals; wall-time throughput with facts / without):');
for (const v of verdicts) {
  console.log(
    `    ${String(v.concurrency).padStart(3)} caller${v.concurrency === 1 ? ' ' : 's'}: ${((1 - v.paired) * 100).toFixed(1)} % (${((1 - v.totals) * 100).toFixed(1)} %), wall ${(v.wall * 100).toFixed(1)} % — target < 5 %: ${1 - v.paired < 0.05 ? 'met' : 'NOT met'}`,
  );
}
console.log(`    load average at the end: ${loads()}`);
