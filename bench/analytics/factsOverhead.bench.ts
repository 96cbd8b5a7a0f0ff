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
 * The verdict is on the main thread's CPU time per turn (Linux: /proc/self/task/<pid>/schedstat,
 * in nanoseconds), which is what bounds the engine's throughput when it is saturated, and which
 * other processes' load does not inflate the way it inflates wall time on a shared machine; it is
 * the median over the pairs of rounds (each side's round i ran next to the other's), since a burst
 * of other work still slows the CPU a round gets (shared caches, the other hyperthread) by far more
 * than 5 %. The totals, wall-time throughput and the whole process's CPU (with SQLite's WAL
 * checkpointer thread and GC threads) are printed beside it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { loadConfig } from '../../runtime/src/config.ts';
import { startServer, type RunningServer } from '../../runtime/src/server.ts';
import { rollUpAll } from '../../runtime/src/analytics/analyticsJob.ts';
import { inProcessLink } from '../../connectors/src/voice/testing/index.ts';
import { VoiceCallHandler } from '../../connectors/src/voice/voiceCallHandler.ts';
import { Journey, timedLink } from '../voice/journey.ts';

const TURNS = Number(process.env.BENCH_TURNS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
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
}

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
  };
}

/** BENCH_TURNS turns of 1919 journeys, one call at a time, then the roll-up when its period has passed (always after the `last` round). */
async function round(s: Side, index: number, last: boolean): Promise<void> {
  const link = inProcessLink(s.handler);
  let turns = 0;
  const began = performance.now();
  const cpu = cpuMs();
  const main = mainThreadMs();
  for (let call = 0; turns < TURNS; call += 1) {
    const journey = new Journey(
      timedLink(link, () => (turns += 1)),
      randomUUID(),
      CALLERS[(index * 7919 + call) % CALLERS.length]!,
      call,
    );
    while (turns < TURNS && (await journey.next()));
    await journey.call.hangup();
  }
  await s.server.services.conversations.idle();
  const wall = performance.now() - began;
  s.turns += turns;
  s.wallMs += wall;
  s.cpuMs += cpuMs() - cpu;
  const mainMs = mainThreadMs() - main;
  s.mainMs += mainMs;
  s.rounds.push((turns / wall) * 1000);
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

const withFacts = await side('with facts', true);
const without = await side('without', false);
try {
  console.log(`facts overhead: ${ROUNDS} rounds of ${TURNS} voice turns per side, alternating; node ${process.version}`);
  console.log(
    `load average before the run: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (other work on the machine skews every figure)`,
  );
  // Warm-up on both sides (JIT, flow caches, SQLite pages).
  for (const s of [withFacts, without]) {
    await round(s, 99, true);
    Object.assign(s, { turns: 0, wallMs: 0, cpuMs: 0, mainMs: 0, rounds: [], mainRounds: [], sinceRollUpMs: 0, rollUps: 0, rollUpMainMs: 0 });
  }
  for (let i = 0; i < ROUNDS; i += 1) {
    // Alternate which side goes first, so neither always follows the other's garbage.
    const order = i % 2 === 0 ? [withFacts, without] : [without, withFacts];
    for (const s of order) await round(s, i, i === ROUNDS - 1);
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN;
  /** A side's rounds with its roll-ups spread over every turn (µs per turn). */
  const withRollUps = (s: Side) => s.mainRounds.map((r) => r + (s.rollUpMainMs / s.turns) * 1000);
  for (const s of [withFacts, without]) {
    console.log(
      `    ${s.name.padEnd(10)}: main thread ${((s.mainMs / s.turns) * 1000).toFixed(0)} µs CPU per turn (rounds ${s.mainRounds.map((r) => r.toFixed(0)).join(', ')}); whole process ${((s.cpuMs / s.turns) * 1000).toFixed(0)} µs; wall ${((s.turns / s.wallMs) * 1000).toFixed(0)} turns/s (rounds ${s.rounds.map((r) => r.toFixed(0)).join(', ')})`,
    );
  }
  const mainRatio = without.mainMs / without.turns / (withFacts.mainMs / withFacts.turns);
  const wallRatio = withFacts.turns / withFacts.wallMs / (without.turns / without.wallMs);
  const cpuRatio = withFacts.cpuMs / withFacts.turns / (without.cpuMs / without.turns);
  const facts = (await withFacts.server.store.listFacts({ from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z', limit: 1_000_000 })).length;
  console.log(`    ${facts} fact batches recorded and counted on the side with facts`);
  console.log(
    `    roll-ups on the side with facts: ${withFacts.rollUps} (every ${ROLLUP_MS / 1000} s of its rounds and after the last), ${(withFacts.rollUpMainMs / Math.max(1, withFacts.rollUps)).toFixed(1)} ms of main-thread CPU each, ${((withFacts.rollUpMainMs / withFacts.turns) * 1000).toFixed(1)} µs per turn`,
  );
  console.log(`    saturated throughput (1 / main-thread CPU per turn) with facts: ${(mainRatio * 100).toFixed(1)} % of without (cost ${((1 - mainRatio) * 100).toFixed(1)} %)`);
  console.log(`    wall-time throughput with facts: ${(wallRatio * 100).toFixed(1)} % of without; whole-process CPU per turn ${(cpuRatio * 100).toFixed(1)} % of without`);
  console.log(`    median of the rounds' main-thread CPU per turn: with ${median(withFacts.mainRounds).toFixed(0)} µs, without ${median(without.mainRounds).toFixed(0)} µs`);
  console.log(
    `    load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  // Each round of one side ran next to the same round of the other: the median of their ratios leaves out the rounds another process's burst fell on.
  const [withRounds, withoutRounds] = [withRollUps(withFacts), withRollUps(without)];
  const paired = median(withRounds.map((w, i) => withoutRounds[i]! / w));
  console.log(
    `    median over the ${ROUNDS} pairs of rounds of (without / with) main-thread CPU per turn (roll-ups spread): ${(paired * 100).toFixed(1)} % (cost ${((1 - paired) * 100).toFixed(1)} %)`,
  );
  console.log(`    target: cost < 5 % of the throughput (paired median): ${1 - paired < 0.05 ? 'met' : 'NOT met'}`);
} finally {
  for (const s of [withFacts, without]) {
    await s.server.close();
    rmSync(s.dir, { recursive: true, force: true });
  }
}
