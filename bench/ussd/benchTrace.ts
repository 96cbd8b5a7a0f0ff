/**
 * `BENCH_TRACE=1`: where a USSD screen's time goes on Griot's side, for the USSD benchmark only.
 * Wraps the channel's Store states and the engine the channel is given (timing each call) and
 * times each request from express receiving it to its answer leaving; GC pauses are read from
 * the runtime's `gc` performance entries whether tracing or not.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChannelStates, ConversationPort } from '../../connectors/src/index.ts';

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
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gc.push(entry.duration);
    if ((entry.detail as { kind?: number } | undefined)?.kind === 2) majorGc.push(entry.duration);
  }
}).observe({ entryTypes: ['gc'] });

export function resetTrace(): void {
  spans.clear();
  gc.length = 0;
  majorGc.length = 0;
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
