/**
 * `npx tsx bench/analytics/factsOverhead.bench.ts` (from the repository root): what recording
 * analytics facts costs the engine's turn throughput. Two real servers, each in a process of its
 * own by default (BENCH_SPLIT below) (`startServer`: demo 1919 flow, demo operator backend, SQLite in temporary directories), one
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
 *   then wrote a page of its own per turn, until 2026-12-05: since, turns' facts are written in batches); what phase (d) of the voice bench plays.
 * - 32 (any N > 1): N callers without pauses, each starting its next journey as the last ends, as
 *   phase (b) of the voice bench saturates the engine (BENCH_WORKERS=32 there): concurrent turns
 *   share the store's group commits (`WriteBatcher`), as they do on a busy line. The journeys
 *   started are the same on both sides (call i: caller and service from i), whichever caller
 *   runs them; the commits per turn of each side are printed.
 *
 * Each side in its own process (BENCH_SPLIT, default 1, since 2026-12-05): this process forks one
 * child per side (the same file, BENCH_CHILD set), each with its server, its heap and its garbage
 * collector, as a deployed Griot has; the parent tells them in turn to play a round (only one
 * plays at a time) and collects what each measured in itself. BENCH_SPLIT=0: both servers in this
 * process (the bench before 2026-12-05), where one heap and one collector serve both sides and the
 * collector's work on one side's garbage may fall in the other side's rounds.
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
 * saturated, 7.5 % one call at a time, medians of eleven runs at load 0.6–7.5; 2026-12-05: each
 * side in its own process reads about the same as both in one, so the cost is the facts', not the
 * shared collector's).
 *
 * Each side also prints the bytes its JS heap allocated per turn (`allocatedSince`: V8's heap
 * statistics at every collection), round by round: unlike CPU time, the load does not change them.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PerformanceObserver } from 'node:perf_hooks';
import { GCProfiler, getHeapStatistics } from 'node:v8';
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
/** Each side in its own child process (1, the default) or both in this one (0, the bench before 2026-12-05). */
const SPLIT = process.env.BENCH_SPLIT !== '0';
/** Set in a child: "1" plays the side with facts, "0" the side without. */
const CHILD = process.env.BENCH_CHILD;
// BENCH_SPLIT=1 BENCH_CHILD_NODE_ARGS='--cpu-prof --cpu-prof-dir=DIR' profiles each side's process apart.
const CALLERS = Array.from({ length: 60 }, (_, i) => `+22901970${String(i < 5 ? i + 1 : 100 + i).padStart(5, '0')}`);

/** What a side measured so far: plain numbers, sent from a child process to the parent as they are. */
interface SideStats {
  name: 'with facts' | 'without';
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
  /** Bytes allocated on the JS heap during its rounds (`allocatedSince`), the roll-ups apart. */
  allocated: number;
  /** Bytes allocated per turn, per round. */
  allocRounds: number[];
  /** Bytes allocated by its roll-ups. */
  rollUpAllocated: number;
}

interface Side extends SideStats {
  server: RunningServer;
  dir: string;
  handler: VoiceCallHandler;
}

const freshStats = () => ({
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
  allocated: 0,
  allocRounds: [],
  rollUpAllocated: 0,
});

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

/**
 * Bytes allocated on the JS heap from now until the returned function is called: V8's own heap
 * statistics before and after every collection (`v8.GCProfiler`), the heap's growth between
 * collections summed (what a collection frees is not growth). Unlike CPU time, the machine's other
 * load does not change it: the same turns allocate the same bytes, to within a few hundred per turn.
 */
const allocatedSince = (): (() => number) => {
  const profiler = new GCProfiler();
  const start = getHeapStatistics().used_heap_size;
  profiler.start();
  return () => {
    const end = getHeapStatistics().used_heap_size;
    const gcs = profiler.stop()?.statistics ?? [];
    let allocated = 0;
    let from = start;
    for (const gc of gcs) {
      allocated += Math.max(0, gc.beforeGC.heapStatistics.usedHeapSize - from);
      from = gc.afterGC.heapStatistics.usedHeapSize;
    }
    return allocated + Math.max(0, end - from);
  };
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
  const bindings = {
    findBinding: (channel: Parameters<RunningServer['store']['findBinding']>[0], address: string) => server.store.findBinding(channel, address),
    getBinding: (id: string) => server.store.getBinding(id),
  };
  return {
    name,
    server,
    dir,
    handler: new VoiceCallHandler({ conversations: engine, bindings }),
    ...freshStats(),
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
  const allocated = allocatedSince();
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
  const bytes = allocated();
  s.allocated += bytes;
  s.allocRounds.push(bytes / turns);
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
  const rollAllocated = allocatedSince();
  await rollUpAll(s.server.store);
  s.rollUpAllocated += rollAllocated();
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

/** A side as the measure drives it: in this process, or in a child process of its own. */
interface Runner {
  /** What it measured so far (a child's: as of its last answer). */
  stats: SideStats;
  round(index: number, last: boolean, concurrency: number): Promise<void>;
  /** Forget what the warm-up measured. */
  reset(): Promise<void>;
  commits(): Promise<{ commits: number; writes: number } | undefined>;
  /** Fact batches its store holds. */
  facts(): Promise<number>;
  close(): Promise<void>;
}

const ALL_TIME = { from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z', limit: 1_000_000 };

async function localRunner(name: Side['name'], analytics: boolean): Promise<Runner> {
  const s = await side(name, analytics);
  return {
    stats: s,
    round: (index, last, concurrency) => round(s, index, last, concurrency),
    reset: async () => void Object.assign(s, freshStats()),
    commits: async () => {
      const stats = commitStats(s);
      return stats && { ...stats };
    },
    facts: async () => (await s.server.store.listFacts(ALL_TIME)).length,
    close: async () => {
      await s.server.close();
      rmSync(s.dir, { recursive: true, force: true });
    },
  };
}

type Command = { op: 'round'; index: number; last: boolean; concurrency: number } | { op: 'reset' } | { op: 'commits' } | { op: 'facts' } | { op: 'close' };
interface Answer {
  id: number;
  stats?: SideStats;
  value?: unknown;
  error?: string;
}

/** A side in a child process of its own (this file with BENCH_CHILD), driven by messages. */
async function childRunner(name: Side['name'], analytics: boolean): Promise<Runner> {
  // BENCH_CHILD_NODE_ARGS: more node options for the children, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` (a profile per side).
  const execArgv = [...process.execArgv, ...(process.env.BENCH_CHILD_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], { execArgv, env: { ...process.env, BENCH_CHILD: analytics ? '1' : '0' } });
  if (process.env.BENCH_CHILD_NODE_ARGS) console.log(`    the ${name} side: process ${child.pid}`);
  const waiting = new Map<number, { resolve: (a: Answer) => void; reject: (e: Error) => void }>();
  let next = 0;
  const runner: Runner = {
    stats: { name, ...freshStats() },
    round: async (index, last, concurrency) => void (await ask({ op: 'round', index, last, concurrency })),
    reset: async () => void (await ask({ op: 'reset' })),
    commits: async () => (await ask({ op: 'commits' })).value as { commits: number; writes: number } | undefined,
    facts: async () => (await ask({ op: 'facts' })).value as number,
    close: async () => {
      await ask({ op: 'close' });
      if (child.connected) child.disconnect();
    },
  };
  child.on('message', (a: Answer) => {
    const w = waiting.get(a.id);
    waiting.delete(a.id);
    if (a.stats) runner.stats = a.stats;
    if (a.error) w?.reject(new Error(a.error));
    else w?.resolve(a);
  });
  child.on('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`the ${name} side's process exited (${code})`));
    waiting.clear();
  });
  const ask = (command: Command) =>
    new Promise<Answer>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      child.send({ id, ...command });
    });
  await ask({ op: 'reset' });
  return runner;
}

/** In a child: one side, played as the parent's messages say. */
async function serveChild(analytics: boolean): Promise<void> {
  const runner = await localRunner(analytics ? 'with facts' : 'without', analytics);
  const { stats: _s, ...ops } = runner;
  const plain = (): SideStats => {
    const { server: _server, dir: _dir, handler: _handler, ...stats } = runner.stats as Side;
    return stats;
  };
  // The parent gone (it failed, or was stopped): this side goes too, rather than keep its server running.
  process.on('disconnect', () => process.exit(0));
  process.on('message', async (m: Command & { id: number }) => {
    try {
      let value: unknown;
      if (m.op === 'round') await ops.round(m.index, m.last, m.concurrency);
      else if (m.op === 'reset') await ops.reset();
      else if (m.op === 'commits') value = await ops.commits();
      else if (m.op === 'facts') value = await ops.facts();
      else if (m.op === 'close') await ops.close();
      process.send!({ id: m.id, stats: plain(), value } satisfies Answer, () => {
        if (m.op === 'close') process.exit(0);
      });
    } catch (error) {
      process.send!({ id: m.id, error: String((error as Error)?.stack ?? error) } satisfies Answer);
    }
  });
}

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
  const runner = SPLIT ? childRunner : localRunner;
  const [withRunner, withoutRunner] = [await runner('with facts', true), await runner('without', false)];
  const runners = [withRunner, withoutRunner];
  try {
    const mode = concurrency === 1 ? 'one call at a time' : `${concurrency} concurrent callers without pauses (saturated)`;
    const where = SPLIT ? 'each side in its own process' : 'both sides in this process';
    console.log(`\n${mode}: ${ROUNDS} rounds of ${TURNS} voice turns per side, alternating, ${where}; load average before: ${loads()}`);
    // Warm-up on both sides (JIT, flow caches, SQLite pages).
    for (const r of runners) {
      await r.round(99, true, concurrency);
      await r.reset();
    }
    const commitsBefore = await Promise.all(runners.map(async (r) => (await r.commits()) ?? { commits: NaN, writes: NaN }));
    for (let i = 0; i < ROUNDS; i += 1) {
      // Alternate which side goes first, so neither always follows the other's garbage.
      const order = i % 2 === 0 ? runners : [withoutRunner, withRunner];
      for (const r of order) await r.round(i, i === ROUNDS - 1, concurrency);
    }
    const [withFacts, without] = [withRunner.stats, withoutRunner.stats];
    /** A side's rounds with its roll-ups spread over every turn (µs per turn). */
    const withRollUps = (s: SideStats) => s.mainRounds.map((r) => r + (s.rollUpMainMs / s.turns) * 1000);
    for (const [k, s] of [withFacts, without].entries()) {
      const stats = await runners[k]!.commits();
      const commits = stats ? ` ${((stats.commits - commitsBefore[k]!.commits) / s.turns).toFixed(2)} commits per turn;` : '';
      console.log(
        `    ${s.name.padEnd(10)}: main thread ${((s.mainMs / s.turns) * 1000).toFixed(0)} µs CPU per turn (rounds ${s.mainRounds.map((r) => r.toFixed(0)).join(', ')}); whole process ${((s.cpuMs / s.turns) * 1000).toFixed(0)} µs; GC pauses ${((s.gcMs / s.turns) * 1000).toFixed(0)} µs;${commits} wall ${((s.turns / s.wallMs) * 1000).toFixed(0)} turns/s (rounds ${s.rounds.map((r) => r.toFixed(0)).join(', ')})`,
      );
    }
    const totals = without.mainMs / without.turns / (withFacts.mainMs / withFacts.turns);
    const wall = withFacts.turns / withFacts.wallMs / (without.turns / without.wallMs);
    const cpuRatio = withFacts.cpuMs / withFacts.turns / (without.cpuMs / without.turns);
    const facts = await withRunner.facts();
    const factsWithout = await withoutRunner.facts();
    console.log(`    ${facts} fact batches recorded and counted on the side with facts, ${factsWithout} on the side without`);
    if (facts === 0 || factsWithout !== 0) throw new Error('the two sides did not differ by the facts: check GRIOT_ANALYTICS');
    console.log(
      `    roll-ups on the side with facts: ${withFacts.rollUps} (every ${ROLLUP_MS / 1000} s of its rounds and after the last), ${(withFacts.rollUpMainMs / Math.max(1, withFacts.rollUps)).toFixed(1)} ms of main-thread CPU each, ${((withFacts.rollUpMainMs / withFacts.turns) * 1000).toFixed(1)} µs per turn`,
    );
    console.log(`    saturated throughput (1 / main-thread CPU per turn) with facts: ${(totals * 100).toFixed(1)} % of without (cost ${((1 - totals) * 100).toFixed(1)} %)`);
    console.log(`    wall-time throughput with facts: ${(wall * 100).toFixed(1)} % of without; whole-process CPU per turn ${(cpuRatio * 100).toFixed(1)} % of without`);
    console.log(`    median of the rounds' main-thread CPU per turn: with ${median(withFacts.mainRounds).toFixed(0)} µs, without ${median(without.mainRounds).toFixed(0)} µs`);
    for (const s of [withFacts, without]) {
      console.log(
        `    ${s.name.padEnd(10)}: ${(s.allocated / s.turns).toFixed(0)} bytes allocated per turn (rounds ${s.allocRounds.map((b) => b.toFixed(0)).join(', ')}; median ${median(s.allocRounds).toFixed(0)}), roll-ups ${(s.rollUpAllocated / s.turns).toFixed(0)} per turn`,
      );
    }
    console.log(
      `    bytes allocated per turn above the side without: ${((withFacts.allocated - without.allocated * (withFacts.turns / without.turns)) / withFacts.turns).toFixed(0)} in the turns (median of the rounds ${(median(withFacts.allocRounds) - median(without.allocRounds)).toFixed(0)}), ${((withFacts.rollUpAllocated - without.rollUpAllocated) / withFacts.turns).toFixed(0)} in the roll-ups`,
    );
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
    for (const r of runners) await r.close();
  }
}

async function main(): Promise<void> {
  console.log(
    `facts overhead: modes of ${CONCURRENCY.join(', ')} concurrent callers, ${SPLIT ? 'each side in its own process' : 'both sides in one process'}; node ${process.version}; load average ${loads()} (other work on the machine skews every figure)`,
  );
  const verdicts: Verdict[] = [];
  for (const concurrency of CONCURRENCY) verdicts.push(await measure(concurrency));
  console.log('\nverdicts (cost of the facts in main-thread CPU per turn: paired median, totals; wall-time throughput with facts / without):');
  for (const v of verdicts) {
    console.log(
      `    ${String(v.concurrency).padStart(3)} caller${v.concurrency === 1 ? ' ' : 's'}: ${((1 - v.paired) * 100).toFixed(1)} % (${((1 - v.totals) * 100).toFixed(1)} %), wall ${(v.wall * 100).toFixed(1)} % — target < 5 %: ${1 - v.paired < 0.05 ? 'met' : 'NOT met'}`,
    );
  }
  console.log(`    load average at the end: ${loads()}`);
}

if (CHILD !== undefined) await serveChild(CHILD === '1');
else await main();
