/**
 * `npx tsx bench/cluster/cluster.bench.ts` (from the repository root): two real Griot processes
 * (`griot serve`, own DATA_DIRs, one SQLite database through GRIOT_SQLITE_PATH, the 1919 demo),
 * as issue 16 asks, driven over signed jambonz webhooks by this process:
 *
 * (a) Saturated, closed loop (BENCH_WORKERS callers without pauses), BENCH_SATURATE_SECONDS
 *     per side: voice turns/s with every hook sent to one instance, then with hooks alternating
 *     between the two (a balancer that is not sticky), after 3 s warming both. Target: two ≥ 1.5× one.
 * (b) Failover: 240 calls paced (a turn every 1–3 s) over both instances for BENCH_SECONDS, one
 *     instance killed with SIGKILL halfway; hooks that would reach it go to the other (a balancer
 *     whose health check took it out), and a hook cut by the kill is sent again to the other (a
 *     webhook retry). Calls lost (a hook failing, or a caller hearing the
 *     apology) and p99 of each call's first turn after the kill. Target: 0 lost, p99 < 1 s.
 *
 * Loopback only; bounded in time. The load generator shares the machine's cores with both
 * instances: on 2 cores, (a) measures what a second process adds on the same box.
 * BENCH_ONLY=ab picks phases. Phase (a) also prints each process's share of the cores and how
 * often each instance found the SQLite write lock held by the other (their /metrics).
 * BENCH_NODE_OPTIONS is given to both instances as NODE_OPTIONS. BENCH_PROFILE=<dir> writes a
 * CPU profile of each instance per measured phase there; BENCH_PERF=1 counts both instances'
 * system calls per turn in each phase (`perf stat`). Each phase's CPU per turn is printed too:
 * on a machine shared with other jobs, compare it within a run.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { httpLink, type JambonzLink } from '../../connectors/src/voice/testing/index.ts';
import { startTwoInstances, TWO_INSTANCES_ADMIN_TOKEN, TWO_INSTANCES_JAMBONZ_SECRET, type TwoInstances } from '../../runtime/test/helpers/twoInstances.ts';
import { Journey, timedLink } from '../voice/journey.ts';

const SATURATE_SECONDS = Number(process.env.BENCH_SATURATE_SECONDS ?? 15);
const WARM_UP_SECONDS = 3;
const PACED_SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 24);
const CALLS = 240;
const ONLY = process.env.BENCH_ONLY ?? 'ab';
const CALLERS = Array.from({ length: 60 }, (_, i) => `+22901970${String(i < 5 ? i + 1 : 100 + i).padStart(5, '0')}`);
const APOLOGY = /désolés/;

const quantile = (values: number[], q: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const ms = (v: number) => `${v.toFixed(1)} ms`;
let sids = 0;

/** CPU seconds a process has used (user + system, from /proc): where the two cores went. */
function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat (12 and 13 after the command), in clock ticks (100/s on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}
const cpuOfBench = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
interface CpuShares {
  bench: number;
  a: number;
  b: number;
}
/** Each process's share of a core over a phase (1 = one whole core). */
function cpuMeter(pair: TwoInstances): () => CpuShares {
  const began = performance.now();
  const start = { bench: cpuOfBench(), a: cpuSecondsOf(pair.a.process.pid), b: cpuSecondsOf(pair.b.process.pid) };
  return () => {
    const seconds = (performance.now() - began) / 1000;
    return {
      bench: (cpuOfBench() - start.bench) / seconds,
      a: (cpuSecondsOf(pair.a.process.pid) - start.a) / seconds,
      b: (cpuSecondsOf(pair.b.process.pid) - start.b) / seconds,
    };
  };
}
/** Both instances' waits for the SQLite write lock the other held (their /metrics), so far. */
async function lockWaits(pair: TwoInstances): Promise<{ waits: number; seconds: number }> {
  let waits = 0;
  let seconds = 0;
  for (const instance of [pair.a, pair.b]) {
    const text = await (await fetch(`${instance.url}/metrics`, { headers: { authorization: `Bearer ${TWO_INSTANCES_ADMIN_TOKEN}` } })).text();
    waits += Number(/^griot_sqlite_write_lock_waits_total (\S+)$/m.exec(text)?.[1] ?? Number.NaN);
    seconds += Number(/^griot_sqlite_write_lock_wait_seconds_total (\S+)$/m.exec(text)?.[1] ?? Number.NaN);
  }
  return { waits, seconds };
}
const shares = (c: CpuShares) => `CPU (cores): load generator ${c.bench.toFixed(2)}, a ${c.a.toFixed(2)}, b ${c.b.toFixed(2)}, total ${(c.bench + c.a + c.b).toFixed(2)} of 2`;

/** A link over the instances `pick` chooses per request (a balancer), each over its own kept-alive webhooks. */
function balanced(pair: TwoInstances, pick: () => 'a' | 'b'): JambonzLink {
  const links = { a: httpLink(pair.a.url, { secret: TWO_INSTANCES_JAMBONZ_SECRET }), b: httpLink(pair.b.url, { secret: TWO_INSTANCES_JAMBONZ_SECRET }) };
  // A hook whose connection broke (the instance died with it) is sent again to the other, as
  // jambonz's webhook retry (or the balancer) does; Griot answers a hook delivered twice once.
  const send = async <T>(fn: (link: JambonzLink) => Promise<T>): Promise<T> => {
    const first = pick();
    try {
      return await fn(links[first]);
    } catch (error) {
      if (first === 'b') throw error;
      return fn(links.b);
    }
  };
  return {
    transport: 'http',
    newCall: (payload) => send((link) => link.newCall(payload)),
    hook: (kind, hook, payload) => send((link) => link.hook(kind, hook, payload)),
    nextCommand: () => Promise.reject(new Error('webhooks have no pushed commands')),
    status: (payload) => send((link) => link.status(payload)),
    close() {},
  };
}

/** BENCH_WORKERS callers, each calling again as soon as a journey ends, for `seconds`: turns per second. */
async function saturate(pair: TwoInstances, pick: () => 'a' | 'b', seconds: number): Promise<{ turnsPerSecond: number; p50: number; p99: number; failed: number; cpu: CpuShares }> {
  const latencies: number[] = [];
  const meter = cpuMeter(pair);
  let failed = 0;
  const link = timedLink(balanced(pair, pick), (t) => latencies.push(t));
  const until = performance.now() + seconds * 1000;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, w) => {
      let n = 0;
      while (performance.now() < until) {
        const journey = new Journey(link, `CA-sat-${++sids}`, CALLERS[(w * 7 + n++) % CALLERS.length]!, w + n);
        try {
          while (performance.now() < until && (await journey.next()));
          await journey.hangup();
        } catch {
          failed += 1;
        }
      }
    }),
  );
  const elapsed = (performance.now() - began) / 1000;
  return { turnsPerSecond: latencies.length / elapsed, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), failed, cpu: meter() };
}

async function failover(pair: TwoInstances): Promise<void> {
  let killed = false;
  let killAt = Infinity;
  let next = 0;
  // Round robin; once a is dead, the balancer's health check sends everything to b.
  const pick = (): 'a' | 'b' => (killed ? 'b' : next++ % 2 === 0 ? 'a' : 'b');
  const firstAfterKill = new Map<number, number>();
  const lost = new Set<number>();
  let turns = 0;
  const until = performance.now() + PACED_SECONDS * 1000;
  const killer = (async () => {
    await new Promise((resolve) => setTimeout(resolve, (PACED_SECONDS * 1000) / 2));
    killAt = performance.now();
    await pair.a.process.kill9();
    killed = true;
  })();
  await Promise.all(
    Array.from({ length: CALLS }, async (_, c) => {
      let n = 0;
      // Spread the calls' starts over the first 3 s.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3000));
      while (performance.now() < until) {
        const id = c * 1000 + n;
        const startedAt = performance.now();
        const link = timedLink(balanced(pair, pick), (t) => {
          turns += 1;
          // A call in progress at the kill: its first turn that began after it is what its caller waits for.
          if (startedAt < killAt && performance.now() - t >= killAt && !firstAfterKill.has(id)) firstAfterKill.set(id, t);
        });
        const journey = new Journey(link, `CA-fail-${++sids}`, CALLERS[(c + n++) % CALLERS.length]!, c + n);
        try {
          while (performance.now() < until) {
            const more = await journey.next();
            if (APOLOGY.test(journey.call.heard.at(-1) ?? '')) throw new Error('apology');
            if (!more) break;
            await new Promise((resolve) => setTimeout(resolve, 1000 + Math.random() * 2000));
          }
          await journey.hangup().catch(() => undefined);
        } catch {
          lost.add(id);
        }
      }
    }),
  );
  await killer;
  const after = [...firstAfterKill.values()];
  console.log(`(b) failover: ${CALLS} paced calls over two instances, ${PACED_SECONDS} s, kill -9 of one at ${(PACED_SECONDS / 2).toFixed(0)} s`);
  console.log(`    turns ${turns}; calls in progress at the kill that took a turn after it: ${after.length}`);
  console.log(`    lost calls: ${lost.size}   target 0 ${lost.size === 0 ? '✓' : '✗'}`);
  console.log(
    `    first turn after the kill: p50 ${ms(quantile(after, 0.5))}, p99 ${ms(quantile(after, 0.99))}, max ${ms(Math.max(...after))}   target p99 < 1000 ms ${quantile(after, 0.99) < 1000 ? '✓' : '✗'}`,
  );
}

console.log(
  `cluster bench: load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}, ${WORKERS} workers`,
);
// BENCH_NODE_OPTIONS: NODE_OPTIONS for both instances (a --require'd profiler, say).
// BENCH_PROFILE=<dir>: a CPU profile of each instance per measured phase (profiler.cjs, toggled by SIGUSR2).
const PROFILE_DIR = process.env.BENCH_PROFILE;
const profiler = PROFILE_DIR ? `--require ${fileURLToPath(new URL('./profiler.cjs', import.meta.url))}` : '';
const nodeOptionsValue = [process.env.BENCH_NODE_OPTIONS ?? '', profiler].join(' ').trim();
const nodeOptions = nodeOptionsValue ? { NODE_OPTIONS: nodeOptionsValue, ...(PROFILE_DIR ? { PROF_DIR: PROFILE_DIR } : {}) } : {};
/**
 * BENCH_PERF=1: system calls (all; pread64, pwrite64: SQLite's page reads and writes) and context
 * switches of both instances over a phase (`perf stat`, all their threads), for counts per turn
 * that the machine's other load does not blur the way it blurs CPU time.
 */
const PERF_EVENTS = [
  'raw_syscalls:sys_enter',
  'syscalls:sys_enter_pread64',
  'syscalls:sys_enter_pwrite64',
  'syscalls:sys_enter_fcntl',
  'syscalls:sys_enter_writev',
  'syscalls:sys_enter_epoll_pwait',
  'syscalls:sys_enter_futex',
  'context-switches',
];
function perfStat(pair: TwoInstances): () => Promise<Map<string, number>> {
  if (!process.env.BENCH_PERF) return async () => new Map();
  const perf = spawn('perf', ['stat', '-x,', '-e', PERF_EVENTS.join(','), '-p', `${pair.a.process.pid},${pair.b.process.pid}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  perf.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise((resolve) => perf.once('exit', resolve));
  return async () => {
    perf.kill('SIGINT');
    await exited;
    const counts = new Map<string, number>();
    for (const line of output.split('\n')) {
      const [value, , event] = line.split(',');
      if (event && PERF_EVENTS.includes(event)) counts.set(event, Number(value));
    }
    return counts;
  };
}
const perTurn = (counts: Map<string, number>, turns: number) =>
  counts.size === 0 ? '' : `    per turn (both instances): ${[...counts].map(([event, n]) => `${event.replace(/^.*:(sys_enter_)?/, '')} ${(n / turns).toFixed(1)}`).join(', ')}`;
/** Starts or stops both instances' CPU profiles (BENCH_PROFILE). */
const toggleProfiles = (pair: TwoInstances) => {
  if (!PROFILE_DIR) return;
  process.kill(pair.a.process.pid, 'SIGUSR2');
  process.kill(pair.b.process.pid, 'SIGUSR2');
};
const pair = await startTwoInstances({
  env: { GRIOT_DEMO: '1', NODE_ENV: 'production', ...nodeOptions },
});
try {
  if (ONLY.includes('a')) {
    let flip = 0;
    // Both instances warm first (JIT, modules loaded on first use), so neither side pays for it.
    await saturate(pair, () => (flip++ % 2 === 0 ? 'a' : 'b'), WARM_UP_SECONDS);
    toggleProfiles(pair);
    let perf = perfStat(pair);
    const one = await saturate(pair, () => 'a', SATURATE_SECONDS);
    const perfOne = await perf();
    toggleProfiles(pair);
    const waitsBefore = await lockWaits(pair);
    toggleProfiles(pair);
    perf = perfStat(pair);
    const two = await saturate(pair, () => (flip++ % 2 === 0 ? 'a' : 'b'), SATURATE_SECONDS);
    const perfTwo = await perf();
    toggleProfiles(pair);
    const waitsAfter = await lockWaits(pair);
    const ratio = two.turnsPerSecond / one.turnsPerSecond;
    console.log(`(a) saturated voice turns, ${SATURATE_SECONDS} s each, one shared SQLite database`);
    console.log(`    one instance:  ${one.turnsPerSecond.toFixed(0)} turns/s (p50 ${ms(one.p50)}, p99 ${ms(one.p99)}, failed journeys ${one.failed})`);
    console.log(`    two instances: ${two.turnsPerSecond.toFixed(0)} turns/s (p50 ${ms(two.p50)}, p99 ${ms(two.p99)}, failed journeys ${two.failed})`);
    console.log(`    one instance:  ${shares(one.cpu)}`);
    console.log(`    two instances: ${shares(two.cpu)}`);
    console.log(
      `    two instances: the SQLite write lock was found held by the other ${waitsAfter.waits - waitsBefore.waits} times, ${((waitsAfter.seconds - waitsBefore.seconds) * 1000).toFixed(0)} ms waited in all (serving meanwhile)`,
    );
    // CPU per turn: what the machine's other load blurs least in a ratio taken within one run.
    const perTurnMs = (run: typeof one) => ({ instances: ((run.cpu.a + run.cpu.b) / run.turnsPerSecond) * 1000, bench: (run.cpu.bench / run.turnsPerSecond) * 1000 });
    for (const [name, counts, run] of [
      ['one instance: ', perfOne, one],
      ['two instances:', perfTwo, two],
    ] as const) {
      const cpu = perTurnMs(run);
      console.log(`    ${name} CPU per turn: instances ${cpu.instances.toFixed(2)} ms, load generator ${cpu.bench.toFixed(2)} ms`);
      if (counts.size > 0) console.log(perTurn(counts, run.turnsPerSecond * SATURATE_SECONDS));
    }
    console.log(`    instances' CPU per turn, two ÷ one: ${(perTurnMs(two).instances / perTurnMs(one).instances).toFixed(2)}`);
    console.log(`    ratio ${ratio.toFixed(2)}×   target ≥ 1.5× ${ratio >= 1.5 ? '✓' : '✗ (not met)'}`);
  }
  if (ONLY.includes('b')) await failover(pair);
} finally {
  await pair.stop();
}
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
