/**
 * `BENCH_TRACE=1`: where a USSD screen's time goes on Griot's side, for the USSD benchmark only.
 * Wraps the channel's Store states and the engine the channel is given (timing each call) and
 * times each request from express receiving it to its answer leaving; GC pauses are read from
 * the runtime's `gc` performance entries whether tracing or not.
 */
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { GCProfiler } from 'node:v8';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChannelStates, ConversationPort } from '../../connectors/src/index.ts';
import { SLOW_MS, type TimedSpan } from './timedSpan.ts';

const spans = new Map<string, number[]>();
const record = (name: string, ms: number) => {
  let list = spans.get(name);
  if (!list) spans.set(name, (list = []));
  list.push(ms);
};

async function timed<T>(name: string, run: () => Promise<T>): Promise<T> {
  const began = performance.now();
  try {
    return await run();
  } finally {
    record(name, performance.now() - began);
  }
}

export function tracedStates(states: ChannelStates): ChannelStates {
  return {
    get: (key) => timed('state get', () => states.get(key)),
    put: (key, value, revision, expiresAt) => timed((value as { busy?: unknown }).busy ? 'state put (lease)' : 'state put (answer)', () => states.put(key, value, revision, expiresAt)),
    claim: (key, value, revision, expiresAt) => timed('state claim (lease)', () => states.claim(key, value, revision, expiresAt)),
    delete: (key) => timed('state delete', () => states.delete(key)),
  };
}

export function tracedPort(port: ConversationPort): ConversationPort {
  return {
    start: (input) => timed('engine start', () => port.start(input)),
    handle: (key, event, options) => timed('engine handle', () => port.handle(key, event, options)),
    awaitPending: (key, ms) => port.awaitPending(key, ms),
    end: (key, reason) => timed('engine end', () => port.end(key, reason)),
  } as ConversationPort;
}

/** A `request` listener: from the request's headers read to the end of its answer. */
export function requestTimer(_req: IncomingMessage, res: ServerResponse): void {
  const began = performance.now();
  res.on('finish', () => record('request in Griot', performance.now() - began));
}

const gc: number[] = [];
/** Mark-sweep-compact pauses (`NODE_PERFORMANCE_GC_MAJOR`), the ones that grow with the heap. */
const majorGc: number[] = [];
/** Every pause on the wall clock the threads share, with its kind, to set beside the slow screens. */
const gcSpans: Array<TimedSpan & { major: boolean }> = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const major = (entry.detail as { kind?: number } | undefined)?.kind === constants.NODE_PERFORMANCE_GC_MAJOR;
    gc.push(entry.duration);
    if (major) majorGc.push(entry.duration);
    gcSpans.push({ at: performance.timeOrigin + entry.startTime, ms: entry.duration, major });
  }
}).observe({ entryTypes: ['gc'] });

/**
 * Stalls of Griot's event loop: a 5 ms timer that fires `STALL_MS` or more late was held up (by
 * a GC pause, synchronous work, or its thread not running). For each, what the thread did over
 * that time (Linux `/proc/…/schedstat`, zeros elsewhere): ran, waited for a core (the machine's
 * other threads and processes had them), or neither (asleep: a blocking call, a lock).
 */
const STALL_MS = 10;
const TICK_MS = 5;
const stalls: Array<TimedSpan & { ranMs: number; queuedMs: number }> = [];
const schedstatPath = `/proc/self/task/${process.pid}/schedstat`;
/** [ns on a core, ns waiting for one] of Griot's thread. */
function schedstat(): [number, number] {
  try {
    const [ran = '0', queued = '0'] = readFileSync(schedstatPath, 'utf8').split(' ');
    return [Number(ran), Number(queued)];
  } catch {
    return [0, 0];
  }
}
let tick = performance.now();
let tickSched = schedstat();
setInterval(() => {
  const now = performance.now();
  const sched = schedstat();
  if (now - tick - TICK_MS >= STALL_MS) {
    stalls.push({ at: performance.timeOrigin + tick, ms: now - tick, ranMs: (sched[0] - tickSched[0]) / 1e6, queuedMs: (sched[1] - tickSched[1]) / 1e6 });
  }
  tick = now;
  tickSched = sched;
}, TICK_MS).unref();

/**
 * What Griot's heap went through (V8's `GCProfiler`): bytes allocated (used heap at each GC
 * against after the one before) and promoted into the old generation by young-generation
 * collections. Allocation per screen does not move with the machine's load as pause lengths do:
 * the figure to compare two versions by on a busy machine (promotion grows with the load, as
 * requests wait longer).
 */
let heapProfiler: GCProfiler | undefined;
let usedAtReset = 0;

export function resetTrace(): void {
  heapProfiler?.stop();
  heapProfiler = new GCProfiler();
  usedAtReset = process.memoryUsage().heapUsed;
  heapProfiler.start();
  spans.clear();
  gc.length = 0;
  majorGc.length = 0;
  gcSpans.length = 0;
  stalls.length = 0;
}

const overlaps = (a: TimedSpan, b: TimedSpan) => a.at < b.at + b.ms && b.at < a.at + a.ms;
const longest = (list: TimedSpan[]) => list.reduce((a, b) => Math.max(a, b.ms), 0).toFixed(1);
const sum = (list: number[]) => list.reduce((a, b) => a + b, 0);

/**
 * What the slow screens (the tail) coincided with, on the wall clock both threads read: a GC
 * pause of Griot's thread (major first), else a stall of Griot's loop, else a GC pause of the
 * gateway's thread (the answer read late), else none of these (waits inside Griot across loop
 * turns: commits, the look-up). And Griot's stalls: its thread running, waiting for a core, asleep.
 */
export function tailReport(slow: TimedSpan[], gatewayGc: TimedSpan[]): string {
  let major = 0;
  let minor = 0;
  let stall = 0;
  let gateway = 0;
  for (const screen of slow) {
    const pauses = gcSpans.filter((p) => overlaps(p, screen));
    if (pauses.some((p) => p.major)) major += 1;
    else if (pauses.length > 0) minor += 1;
    else if (stalls.some((s) => overlaps(s, screen))) stall += 1;
    else if (gatewayGc.some((p) => overlaps(p, screen))) gateway += 1;
  }
  const stalled = sum(stalls.map((s) => s.ms));
  const ran = sum(stalls.map((s) => Math.min(s.ms, s.ranMs)));
  const queued = sum(stalls.map((s) => Math.min(s.ms - Math.min(s.ms, s.ranMs), s.queuedMs)));
  return (
    `${slow.length} screens took ${SLOW_MS} ms or more; they overlapped a major GC pause of Griot's thread: ${major}, a minor one: ${minor}, ` +
    `else a stall of its loop: ${stall}, else a GC pause of the gateway's thread: ${gateway}, none of these: ${slow.length - major - minor - stall - gateway}. ` +
    `Griot's loop: ${stalls.length} stalls of ≥ ${STALL_MS} ms (longest ${longest(stalls)} ms, ${stalled.toFixed(0)} ms in all: its thread running ${ran.toFixed(0)} ms, ` +
    `waiting for a core ${queued.toFixed(0)} ms, asleep ${(stalled - ran - queued).toFixed(0)} ms); the gateway's GC pauses ${gatewayGc.length}, longest ${longest(gatewayGc)} ms`
  );
}

type GcStatistics = ReturnType<GCProfiler['stop']> extends infer R ? (R extends { statistics: Array<infer S> } ? S : never) : never;
const oldGeneration = (stats: GcStatistics['beforeGC']) =>
  stats.heapSpaceStatistics.filter((space) => space.spaceName === 'old_space' || space.spaceName === 'large_object_space').reduce((a, space) => a + space.spaceUsedSize, 0);

/** Since the last reset: MB allocated on Griot's heap, MB promoted by scavenges, and how many scavenges and mark-compacts. */
export function heapFlow(): { allocatedMb: number; promotedMb: number; scavenges: number; markCompacts: number } {
  const statistics = heapProfiler?.stop()?.statistics ?? [];
  heapProfiler = undefined;
  let allocated = 0;
  let promoted = 0;
  let usedAfterPrevious = usedAtReset;
  let scavenges = 0;
  let markCompacts = 0;
  for (const gc of statistics) {
    allocated += Math.max(0, gc.beforeGC.heapStatistics.usedHeapSize - usedAfterPrevious);
    usedAfterPrevious = gc.afterGC.heapStatistics.usedHeapSize;
    if (gc.gcType === 'Scavenge' || gc.gcType === 'MinorMarkCompact') {
      scavenges += 1;
      promoted += Math.max(0, oldGeneration(gc.afterGC) - oldGeneration(gc.beforeGC));
    } else if (gc.gcType === 'MarkSweepCompact') markCompacts += 1;
  }
  allocated += Math.max(0, process.memoryUsage().heapUsed - usedAfterPrevious);
  return { allocatedMb: allocated / 2 ** 20, promotedMb: promoted / 2 ** 20, scavenges, markCompacts };
}

const q = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
};

/** GC pauses since the last reset: count, total, longest (ms), and how many were major; the heap in use now (MB). */
export function gcPauses(): { count: number; totalMs: number; maxMs: number; major: number; heapMb: number } {
  return {
    count: gc.length,
    totalMs: gc.reduce((a, b) => a + b, 0),
    maxMs: gc.reduce((a, b) => Math.max(a, b), 0),
    major: majorGc.length,
    heapMb: process.memoryUsage().heapUsed / 2 ** 20,
  };
}

export function traceReport(): string {
  return [...spans]
    .map(
      ([name, values]) =>
        `  ${name.padEnd(20)} n=${String(values.length).padStart(6)} p50 ${q(values, 0.5).toFixed(2)} p90 ${q(values, 0.9).toFixed(2)} p99 ${q(values, 0.99).toFixed(2)} max ${q(values, 1).toFixed(1)} ms`,
    )
    .join('\n');
}
