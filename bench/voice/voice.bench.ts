/**
 * `npx tsx bench/voice/voice.bench.ts` (from the repository root): the 1919 line as jambonz
 * drives it, against the real server (`startServer`: demo flow, demo operator backend, SQLite in
 * a temporary directory, signed webhooks), over webhooks and over the WebSocket API. The
 * simulated jambonz runs in a worker thread, so the server's event loop is its own.
 *
 * (a) 240 calls at once (the seeds' peak: 8 E1 lines), half over each transport, a turn every
 *     2–5 s like a caller, full journeys then a new call, for BENCH_SECONDS (60): turn latency
 *     p50/p99 and memory. Target p99 < 10 ms.
 * (b) Saturated, closed loop (BENCH_WORKERS callers without pauses), BENCH_SATURATE_SECONDS per
 *     side: Griot turns/s next to a bare express endpoint (and a bare WebSocket) returning a
 *     fixed verb array, in the same run. Target ≥ 0.8 of bare.
 * (c) One call at a time (BENCH_SEQUENTIAL turns): a turn's round trip next to the bare
 *     endpoint's. Target ≤ 1.5× bare.
 * (d) Where a turn's time goes, in process (no sockets): the voice layer (payload parsing, call
 *     state, rendering) next to the engine (session, interpreter, store, demo look-up).
 *
 * Loopback only; every loop is bounded in time and count. BENCH_ONLY=abcd picks phases.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { loadConfig } from '../../runtime/src/config.ts';
import { startServer } from '../../runtime/src/server.ts';
import { inProcessLink } from '../../connectors/src/voice/testing/index.ts';
import { VoiceCallHandler } from '../../connectors/src/voice/voiceCallHandler.ts';
import type { BindingDirectory, ConversationPort } from '../../connectors/src/channel/ConversationPort.ts';
import { Journey, timedLink } from './journey.ts';
import { startBareEndpoints } from './bare.ts';
import type { Phase, PhaseResult, Targets, Transport } from './loadgen.ts';

const PACED_SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const SATURATE_SECONDS = Number(process.env.BENCH_SATURATE_SECONDS ?? 10);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 32);
const SEQUENTIAL_TURNS = Number(process.env.BENCH_SEQUENTIAL ?? 1000);
const CALLS = 240;
const ONLY = process.env.BENCH_ONLY ?? 'abcd';
const SECRET = randomBytes(16).toString('hex');
/** The jambonz application's WebSocket credentials, as in production. */
const WS_AUTH = { username: 'jambonz-bench', password: randomBytes(16).toString('hex') };
/** The demo operator backend's five subscribers, and numbers it does not know (the 404 path). */
const CALLERS = Array.from({ length: 60 }, (_, i) => `+22901970${String(i < 5 ? i + 1 : 100 + i).padStart(5, '0')}`);

// ---------------------------------------------------------------- setup
const dir = mkdtempSync(join(tmpdir(), 'griot-voice-bench-'));
const config = loadConfig({
  DATA_DIR: dir,
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  GRIOT_DEMO: '1',
  NODE_ENV: 'production',
  GRIOT_ADMIN_TOKEN: randomBytes(24).toString('hex'),
  JAMBONZ_WEBHOOK_SECRET: SECRET,
  JAMBONZ_WS_USERNAME: WS_AUTH.username,
  JAMBONZ_WS_PASSWORD: WS_AUTH.password,
});
const griot = await startServer(config, { announce: () => {} });
const bare = await startBareEndpoints();
const targets: Targets = {
  griotUrl: griot.url,
  griotWsUrl: `${griot.url.replace(/^http/, 'ws')}/jambonz/ws`,
  bareUrl: bare.url,
  bareWsUrl: bare.wsUrl,
  secret: SECRET,
  wsAuth: WS_AUTH,
  callers: CALLERS,
};
const worker = new Worker(new URL('./loadgen.worker.mjs', import.meta.url), { workerData: targets });
let waiting: { resolve: (result: PhaseResult) => void; reject: (error: unknown) => void } | undefined;
worker.on('message', (result: PhaseResult) => waiting?.resolve(result));
worker.on('error', (error) => waiting?.reject(error));
/** One phase at a time in the load generator. */
const run = <R extends PhaseResult>(phase: Phase) =>
  new Promise<R>((resolve, reject) => {
    waiting = { resolve: resolve as (result: PhaseResult) => void, reject };
    worker.postMessage(phase);
  });

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (v: number) => `${v.toFixed(2)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const sorted = (v: number[]) => [...v].sort((a, b) => a - b);
const summary = (label: string, values: number[]) => {
  const s = sorted(values);
  return `${label}: ${values.length} turns, p50 ${ms(percentile(s, 50))}, p99 ${ms(percentile(s, 99))}, max ${ms(s.at(-1) ?? NaN)}`;
};
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

// ---------------------------------------------------------------- (a) paced
async function paced(): Promise<void> {
  const before = process.memoryUsage();
  let rssMax = before.rss;
  let heapMax = before.heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    rssMax = Math.max(rssMax, m.rss);
    heapMax = Math.max(heapMax, m.heapUsed);
  }, 500);
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const result = await run<Extract<PhaseResult, { phase: 'paced' }>>({ phase: 'paced', calls: CALLS, seconds: PACED_SECONDS });
  loopDelay.disable();
  clearInterval(sampler);
  await griot.services.conversations.idle();
  const http = result.latencies.http.map(([, t]) => t);
  const ws = result.latencies.ws.map(([, t]) => t);
  const all = [...http, ...ws];
  console.log(`\n(a) ${CALLS} concurrent calls, a turn every 2–5 s, ${PACED_SECONDS} s: ${result.journeys} journeys, ${result.failures.length} failed ${result.failures.join('; ')}`);
  console.log(`    ${summary('all ', all)}`);
  console.log(`    ${summary('http', http)}`);
  console.log(`    ${summary('ws  ', ws)}`);
  console.log(`    server event loop delay: p50 ${ms(loopDelay.percentile(50) / 1e6)}, p99 ${ms(loopDelay.percentile(99) / 1e6)}, max ${ms(loopDelay.max / 1e6)}`);
  console.log(`    memory: process RSS ${mb(before.rss)} before, ${mb(rssMax)} peak; server heap ${mb(before.heapUsed)} before, ${mb(heapMax)} peak`);
  if (process.env.BENCH_TIMELINE) {
    const timeline = [...result.latencies.http, ...result.latencies.ws];
    for (let second = 0; second < PACED_SECONDS; second += 10) {
      const window = timeline.filter(([at]) => at >= second * 1000 && at < (second + 10) * 1000).map(([, t]) => t);
      console.log(`    ${summary(`${second}-${second + 10} s`, window)}`);
    }
  }
  console.log(`    target p99 < 10 ms: ${verdict(percentile(sorted(all), 99) < 10)}`);
}

// ---------------------------------------------------------------- (b) saturated
async function saturated(): Promise<void> {
  console.log(`\n(b) saturated, ${WORKERS} callers without pauses, ${SATURATE_SECONDS} s per side`);
  for (const transport of ['http', 'ws'] as Transport[]) {
    const rate = async (target: 'griot' | 'bare', seconds: number) =>
      (await run<Extract<PhaseResult, { phase: 'saturate' }>>({ phase: 'saturate', target, transport, workers: WORKERS, seconds })).turnsPerSecond;
    await rate('bare', 1); // warm-up
    const bareRate = await rate('bare', SATURATE_SECONDS);
    const griotRate = await rate('griot', SATURATE_SECONDS);
    await griot.services.conversations.idle();
    const ratio = griotRate / bareRate;
    console.log(`    ${transport}: bare ${bareRate.toFixed(0)} turns/s, Griot ${griotRate.toFixed(0)} turns/s, ratio ${ratio.toFixed(2)} (target ≥ 0.8: ${verdict(ratio >= 0.8)})`);
  }
}

// ---------------------------------------------------------------- (c) one call at a time
async function sequential(): Promise<void> {
  console.log(`\n(c) one call at a time, ${SEQUENTIAL_TURNS} turns per side`);
  for (const transport of ['http', 'ws'] as Transport[]) {
    const times = async (target: 'griot' | 'bare') => sorted((await run<Extract<PhaseResult, { phase: 'sequential' }>>({ phase: 'sequential', target, transport, turns: SEQUENTIAL_TURNS })).times);
    const g = await times('griot');
    const b = await times('bare');
    const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
    const ratio = percentile(g, 50) / percentile(b, 50);
    console.log(
      `    ${transport}: Griot p50 ${ms(percentile(g, 50))} (mean ${ms(mean(g))}, p99 ${ms(percentile(g, 99))}), bare p50 ${ms(percentile(b, 50))} (mean ${ms(mean(b))}), ratio ${ratio.toFixed(2)} (target ≤ 1.5: ${verdict(ratio <= 1.5)})`,
    );
  }
}

// ---------------------------------------------------------------- (d) breakdown
async function breakdown(): Promise<void> {
  const engine = griot.services.conversations;
  // CPU time as well as wall time: turns run one at a time, so all the process's CPU during an
  // engine call is the engine's (and its look-up's), and CPU time shrugs off other jobs' load.
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let engineMs = 0;
  let engineCpuMs = 0;
  const timed =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const began = performance.now();
      const cpu = cpuMs();
      try {
        return await fn(...args);
      } finally {
        engineMs += performance.now() - began;
        engineCpuMs += cpuMs() - cpu;
      }
    };
  const port: ConversationPort = {
    start: timed((i) => engine.start(i)),
    handle: timed((k, e, o) => engine.handle(k, e, o)),
    awaitPending: timed((k, m) => engine.awaitPending(k, m)),
    end: timed((k, r) => engine.end(k, r)),
  };
  const bindings: BindingDirectory = { findBinding: timed((channel, address) => griot.store.findBinding(channel, address)), getBinding: (id) => griot.store.getBinding(id) };
  const handler = new VoiceCallHandler({ conversations: port, bindings });
  let totalMs = 0;
  let totalCpuMs = 0;
  let turns = 0;
  for (let round = 0; turns < SEQUENTIAL_TURNS && round < SEQUENTIAL_TURNS; round += 1) {
    let cpu = 0;
    const link = timedLink(inProcessLink(handler), (t) => ((totalMs += t), (turns += 1), (totalCpuMs += cpuMs() - cpu)));
    // Start the CPU clock when a hook is sent (the timed link stops it when the verbs are back).
    const clocked = {
      ...link,
      newCall: (p: Record<string, unknown>) => ((cpu = cpuMs()), link.newCall(p)),
      hook: (k: 'verb:hook' | 'session:redirect', h: string, p: Record<string, unknown>) => ((cpu = cpuMs()), link.hook(k, h, p)),
    };
    const journey = new Journey(clocked, randomUUID(), CALLERS[round % CALLERS.length] as string, round);
    while (turns < SEQUENTIAL_TURNS && (await journey.next()));
    await journey.hangup();
  }
  const us = (v: number) => `${((v / turns) * 1000).toFixed(0)} µs`;
  console.log(`\n(d) per turn, in process, ${turns} turns (wall | CPU):`);
  console.log(`    total ${us(totalMs)} | ${us(totalCpuMs)}`);
  console.log(`    engine (session, interpreter, store, look-up over loopback) ${us(engineMs)} | ${us(engineCpuMs)}`);
  console.log(`    voice layer (payload parsing, call state, rendering) ${us(totalMs - engineMs)} | ${us(totalCpuMs - engineCpuMs)}`);
}

try {
  console.log(`Griot ${griot.url} (store ${griot.store.kind}, signed webhooks), bare endpoints ${bare.url}; node ${process.version}`);
  console.log(
    `load average before the run: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (other work on the machine skews every figure)`,
  );
  if (ONLY.includes('d')) await breakdown();
  if (ONLY.includes('c')) await sequential();
  if (ONLY.includes('b')) await saturated();
  if (ONLY.includes('a')) await paced();
} finally {
  await worker.terminate();
  await bare.close();
  await griot.close();
  rmSync(dir, { recursive: true, force: true });
}
