/**
 * `npx tsx bench/ussd/ussd.bench.ts` (from the repository root): USSD callbacks in Africa's
 * Talking's format through the whole channel — the token check, the session's state in the
 * Store (read, leased, written back conditional on its revision, sealed under GRIOT_DATA_KEY),
 * the conversation engine on the embedded SQLite store with the 1919 flow and its operator
 * look-ups, rendering into 182-character screens — to the `CON`/`END` answer. Loopback only;
 * every phase is bounded in time.
 *
 * Griot runs on the main thread, its server as the runtime's: the callback answered ahead of
 * express (`HotRoutes`; BENCH_EXPRESS_ONLY=1 sends it through the express route instead). The
 * gateway (subscribers dialling *919#) runs in a process of its own (`gateway.ts`), the
 * operator's backend in another (`../whatsapp/operator.ts`), as they would run elsewhere
 * (BENCH_THREADS=1: worker threads of this process): latency is read on the gateway's clock,
 * per screen. Besides latency, (a) reports Griot's event-loop delay, its GC pauses and what its
 * heap allocated and promoted per screen, how often its commits found the write lock held (by
 * the WAL checkpointer's sync), the gateway's own loop delay and how late its dials left
 * (whether the load came evenly), and what the slow screens overlapped (`tailReport`);
 * BENCH_TRACE=1 adds where each screen's time went in Griot (`benchTrace.ts`).
 *
 * (a) Paced: BENCH_RATE (200) new sessions/s for BENCH_SECONDS (30) across BENCH_SUBSCRIBERS
 *     (2,000) numbers, each subscriber taking BENCH_THINK_MS (500) per screen. BENCH_JOURNEY
 *     `balance` (default): dial, the language the first time, 00, 2 → the balance (an operator
 *     look-up), then the subscriber hangs up: 3–4 screens; `goodbye`: on through the survey to the
 *     END (7–8 screens). p50/p99 of every screen. Target p99 < 20 ms.
 * (b) Saturated, closed loop: BENCH_WORKERS (64) subscribers each dialling again as soon as
 *     their session ends, answering at once, for BENCH_SATURATE_SECONDS (5), the same journey.
 *     Target ≥ 1,000 screens/s.
 */
import { askerOf, firstMessage, tsProcess, tsWorker } from '../workers.ts';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { pino } from 'pino';
import { parseFlow } from '../../flows/src/index.ts';
import { SqliteStore } from '../../runtime/src/store/sqlite/SqliteStore.ts';
import { ConversationService } from '../../runtime/src/conversations/ConversationService.ts';
import { publishFlow } from '../../runtime/src/conversations/testSupport.ts';
import { keepAliveTransport } from '../../runtime/src/webhooks/keepAliveTransport.ts';
import { parseDataKeys } from '../../runtime/src/sensitive/dataKeys.ts';
import { SessionVault } from '../../runtime/src/sensitive/SessionVault.ts';
import { sealedChannelStates } from '../../runtime/src/channels/sealedChannelStates.ts';
import { createUssdChannel } from '../../connectors/src/ussd/createUssdChannel.ts';
import { CallerHasher } from '../../runtime/src/analytics/CallerHasher.ts';
import { MemoryLedger } from '../../connectors/src/messaging/MemoryLedger.ts';
import { HotRoutes } from '../../connectors/src/http/HotRoutes.ts';
import type { GatewayOptions, GatewayRequest, SessionsResult } from './gateway.ts';
import type { OperatorOptions } from '../whatsapp/operator.ts';
import { startHeapSampling, stopHeapSampling } from './heapSampling.ts';
import { gcPauses, heapFlow, requestTimer, resetTrace, tailReport, traceReport, tracedPort, tracedStates } from './benchTrace.ts';

const RATE = Number(process.env.BENCH_RATE ?? 200);
const PACED_SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 2000);
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 500);
const JOURNEY = (process.env.BENCH_JOURNEY ?? 'balance') as GatewayOptions['journey'];
const SATURATE_SECONDS = Number(process.env.BENCH_SATURATE_SECONDS ?? 5);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 64);
/** `BENCH_TRACE=1`: where each screen's time goes in Griot (`benchTrace.ts`), printed after (a). */
const TRACE = process.env.BENCH_TRACE === '1';
/**
 * `BENCH_THREADS=1`: the gateway and the operator in worker threads of this process, as before,
 * instead of processes of their own. In one process they share V8's helper threads with Griot
 * (its scavenges wait for them) and their loaders run beside it: not how Griot runs.
 */
const THREADS = process.env.BENCH_THREADS === '1';
/** `BENCH_EXPRESS_ONLY=1`: callbacks through the express route only, without the hot path (to compare). */
const EXPRESS_ONLY = process.env.BENCH_EXPRESS_ONLY === '1';
/** `BENCH_HEAP_PROFILE=<file>`: V8's sampling heap profile of (a), written there, its top allocation sites printed (`heapSampling.ts`). */
const HEAP_PROFILE = process.env.BENCH_HEAP_PROFILE;
const TOKEN = 'bench-ussd-callback-token-0123456789';
const OPERATOR_TOKEN = 'bench-operator-token';
const SERVICE_CODE = '*919#';
/**
 * CPU time (ms) Griot's thread has used (Linux: /proc, this thread's user + system ticks; NaN
 * elsewhere). Unlike the event loop's busy share, it does not grow when other jobs on the
 * machine take the cores: the figure to compare runs made under different loads by.
 */
function griotThreadCpuMs(): number {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // After "pid (comm) ": state is field 3, utime 14 and stime 15 (clock ticks, 100 a second).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}
const waIdOf = (i: number) => `22901${String(97_000_000 + i).padStart(8, '0')}`;

// ---------------------------------------------------------------- the world: the gateway and the operator
const gatewayOptions: GatewayOptions = { token: TOKEN, serviceCode: SERVICE_CODE, thinkMs: THINK_MS, journey: JOURNEY };
const world = THREADS ? tsWorker : tsProcess;
const gateway = world(new URL('./gateway.ts', import.meta.url), gatewayOptions);
const operatorOptions: OperatorOptions = { token: OPERATOR_TOKEN, waIds: Array.from({ length: SUBSCRIBERS + WORKERS + 200 }, (_, i) => waIdOf(i)) };
const operatorWorker = world(new URL('../whatsapp/operator.ts', import.meta.url), operatorOptions);
const [, { url: operatorUrl }] = await Promise.all([firstMessage(gateway), firstMessage<{ url: string }>(operatorWorker)]);
const askWorker = askerOf(gateway);
const ask = (command: GatewayRequest) => askWorker<SessionsResult>(command);

// ---------------------------------------------------------------- Griot, as in production: sealed state, a callback token
const dir = mkdtempSync(join(tmpdir(), 'griot-bench-ussd-'));
const logger = pino({ level: 'error' });
const store = new SqliteStore(join(dir, 'griot.db'));
const keys = parseDataKeys(`2026-12:${Buffer.alloc(32, 7).toString('base64')}`, undefined);
if (!keys.ok || !keys.keyring) throw new Error('the bench data key does not parse');
const example = fileURLToPath(new URL('../../flows/examples/1919-selfcare.json', import.meta.url));
const parsed = parseFlow(JSON.parse(readFileSync(example, 'utf8')));
if (!parsed.ok) throw new Error('the 1919 flow does not parse');
const flow = parsed.flow;
await publishFlow(store, flow, ['production']);
const at = new Date().toISOString();
await store.putBinding({ id: 'ussd-bench', channel: 'ussd', address: SERVICE_CODE, flowId: flow.id, environment: 'production', testers: [], settings: {}, createdAt: at, updatedAt: at });
const engine = new ConversationService({
  store,
  logger,
  clock: () => new Date(),
  sessionTtlMinutes: 30,
  defaultRegion: 'BJ',
  vault: new SessionVault(keys.keyring, logger),
  webhookTargetFor: () => ({
    backends: { operator: operatorUrl },
    secret: (name) => (name === 'OPERATOR_API_TOKEN' ? OPERATOR_TOKEN : undefined),
    secretBackends: { OPERATOR_API_TOKEN: ['operator'] },
    transport: keepAliveTransport,
  }),
});
const ussd = createUssdChannel({ env: { USSD_CALLBACK_TOKEN: TOKEN, USSD_FOLLOW_UP_CHANNEL: 'none' }, production: true });
const channelRouter = express.Router();
// As the runtime's server: channel webhooks answered ahead of express (`HotRoutes`), the rest by the app.
const hotRoutes = EXPRESS_ONLY ? undefined : new HotRoutes();
const app = express().use(channelRouter);
const griot = await listen(hotRoutes ? hotRoutes.listener(app) : app);
if (TRACE) griot.server.prependListener('request', requestTimer);
const hasher = await CallerHasher.open(store, undefined);
const states = sealedChannelStates(store.channelStates, keys.keyring, () => new Date().toISOString(), logger);
ussd.mount({
  router: channelRouter,
  server: griot.server,
  ...(hotRoutes ? { hotRoutes } : {}),
  conversations: TRACE ? tracedPort(engine) : engine,
  bindings: store,
  ledger: new MemoryLedger(),
  defaultInactivityMinutes: 30,
  logger,
  channelStates: TRACE ? tracedStates(states) : states,
  // As the runtime: whose session it is, keyed with the store's analytics key.
  subscriberDigest: async (text) => hasher.channelSubscriber(text),
});

// ---------------------------------------------------------------- run
const round = (n: number) => Math.round(n * 10) / 10;
const quantile = (values: number[], p: number) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
};
const ms = (values: number[], p: number) => quantile(values, p).toFixed(1);
const callbackUrl = `${griot.url}/ussd`;
try {
  console.log(
    `USSD bench: 1919 flow on ${SERVICE_CODE}, ConversationService on SQLite, state sealed, ${EXPRESS_ONLY ? 'express route only' : 'hot path ahead of express'}, Node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const warm = await ask({ kind: 'paced', url: callbackUrl, rate: 50, seconds: 2, from: SUBSCRIBERS + WORKERS, subscribers: 100 });
  console.log(`warm-up: ${warm.sessions} sessions, ${warm.screens} screens, ${warm.failures} failures${warm.firstFailure ? ` (${warm.firstFailure})` : ''}`);

  const loop = monitorEventLoopDelay({ resolution: 5 });
  resetTrace();
  const cpuBeforeA = griotThreadCpuMs();
  const locksBeforeA = store.writeLockWaits();
  if (HEAP_PROFILE) await startHeapSampling();
  loop.enable();
  const a = await ask({ kind: 'paced', url: callbackUrl, rate: RATE, seconds: PACED_SECONDS, from: 0, subscribers: SUBSCRIBERS });
  loop.disable();
  if (HEAP_PROFILE) {
    const sites = await stopHeapSampling(HEAP_PROFILE);
    const kb = (bytes: number) => `${(bytes / 1024 / Math.max(1, a.screens)).toFixed(2)} kB/screen`;
    console.log(`heap profile of (a) in ${HEAP_PROFILE}: ${kb(sites.totalBytes)} sampled; allocation sites (self):`);
    for (const [site, bytes] of sites.self.slice(0, 40)) console.log(`  ${kb(bytes)}  ${site}`);
    console.log('functions with what they and their callees allocate (inclusive):');
    for (const [site, bytes] of sites.inclusive.slice(0, 120)) console.log(`  ${kb(bytes)}  ${site}`);
  }
  const cpuA = (griotThreadCpuMs() - cpuBeforeA) / Math.max(1, a.screens);
  const gc = gcPauses();
  const heap = heapFlow();
  const perScreenKb = (mb: number) => (mb * 1024) / Math.max(1, a.screens);
  const locksA = store.writeLockWaits();
  const lockWaitsA = { waits: locksA.waits - locksBeforeA.waits, ms: (locksA.waitedSeconds - locksBeforeA.waitedSeconds) * 1000 };
  const p99 = quantile(a.latencies, 0.99);
  console.log(
    `(a) ${RATE} new sessions/s for ${PACED_SECONDS} s, journey ${JOURNEY}, ${THINK_MS} ms per screen to answer (${a.sessions + a.failures} sessions, ${a.screens} screens, ` +
      `${(a.screens / PACED_SECONDS).toFixed(0)} screens/s): p50 ${ms(a.latencies, 0.5)} ms, p99 ${p99.toFixed(1)} ms, max ${ms(a.latencies, 1)} ms, failures ${a.failures} (shed "busy": ${a.shed})` +
      `${a.firstFailure ? ` (${a.firstFailure})` : ''}; dial (new contact) p99 ${ms(a.dialLatencies, 0.99)} ms, balance (operator look-up) p99 ${ms(a.lookupLatencies, 0.99)} ms; ` +
      `Griot's thread CPU ${cpuA.toFixed(2)} ms per screen, its event loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms; GC pauses ${gc.count} (${gc.major} major; ${gc.totalMs.toFixed(0)} ms, longest ${gc.maxMs.toFixed(1)} ms; heap ${gc.heapMb.toFixed(0)} MB after); ` +
      `its heap: ${perScreenKb(heap.allocatedMb).toFixed(1)} kB allocated and ${perScreenKb(heap.promotedMb).toFixed(2)} kB promoted per screen (${heap.scavenges} scavenges, ${heap.markCompacts} mark-compacts); ` +
      `write lock found held (the WAL checkpointer syncing) ${lockWaitsA.waits} times, commits waiting ${lockWaitsA.ms.toFixed(0)} ms in all; ` +
      `the gateway's own loop delay p99 ${a.loopDelayP99Ms.toFixed(1)} ms, its dials late by p99 ${a.dialLatenessP99Ms.toFixed(1)} ms — target p99 < 20 ms: ${p99 < 20 && a.failures === 0 ? 'PASS' : 'FAIL'}`,
  );
  console.log(`(a)'s tail: ${tailReport(a.slow, a.gcPauses)}`);
  if (TRACE) console.log(`where (a)'s screens went in Griot:\n${traceReport()}`);

  const eluBefore = performance.eventLoopUtilization();
  const cpuBeforeB = griotThreadCpuMs();
  const b = await ask({ kind: 'saturate', url: callbackUrl, seconds: SATURATE_SECONDS, from: SUBSCRIBERS, workers: WORKERS });
  const elu = performance.eventLoopUtilization(eluBefore);
  const cpuB = (griotThreadCpuMs() - cpuBeforeB) / Math.max(1, b.screens);
  const perSecond = b.screens / b.seconds;
  console.log(
    `(b) saturated, ${WORKERS} subscribers in a closed loop for ${SATURATE_SECONDS} s: ${perSecond.toFixed(0)} screens/s (${(b.sessions / b.seconds).toFixed(0)} sessions/s, ` +
      `p50 ${ms(b.latencies, 0.5)} ms, p99 ${ms(b.latencies, 0.99)} ms, failures ${b.failures} (shed "busy": ${b.shed})${b.firstFailure ? ` (${b.firstFailure})` : ''}); Griot's thread busy ${(elu.utilization * 100).toFixed(0)} % of the time, ` +
      `${(elu.active / Math.max(1, b.screens)).toFixed(2)} ms per screen (CPU ${cpuB.toFixed(2)} ms) — target ≥ 1,000 screens/s: ${perSecond >= 1000 && b.failures === 0 ? 'PASS' : 'FAIL'}`,
  );
  const results = fileURLToPath(new URL('../results/', import.meta.url));
  mkdirSync(results, { recursive: true });
  writeFileSync(
    join(results, 'ussd.json'),
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        node: process.version,
        loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
        paced: {
          rate: RATE,
          seconds: PACED_SECONDS,
          journey: JOURNEY,
          thinkMs: THINK_MS,
          subscribers: SUBSCRIBERS,
          sessions: a.sessions + a.failures,
          screens: a.screens,
          failures: a.failures,
          shed: a.shed,
          p50Ms: round(quantile(a.latencies, 0.5)),
          p99Ms: round(p99),
          maxMs: round(quantile(a.latencies, 1)),
          p99DialMs: round(quantile(a.dialLatencies, 0.99)),
          p99LookupMs: round(quantile(a.lookupLatencies, 0.99)),
          griotLoopDelayP99Ms: round(loop.percentile(99) / 1e6),
          gcPauses: gc.count,
          gcLongestMs: round(gc.maxMs),
          gcMajor: gc.major,
          allocatedKbPerScreen: round(perScreenKb(heap.allocatedMb)),
          promotedKbPerScreen: Math.round(perScreenKb(heap.promotedMb) * 100) / 100,
          writeLockWaits: lockWaitsA.waits,
          writeLockWaitedMs: round(lockWaitsA.ms),
          gatewayLoopDelayP99Ms: round(a.loopDelayP99Ms),
          gatewayDialLatenessP99Ms: round(a.dialLatenessP99Ms),
          griotCpuMsPerScreen: Math.round(cpuA * 100) / 100,
          targetP99Ms: 20,
        },
        saturated: {
          workers: WORKERS,
          seconds: SATURATE_SECONDS,
          screensPerSecond: Math.round(perSecond),
          sessionsPerSecond: Math.round(b.sessions / b.seconds),
          failures: b.failures,
          shed: b.shed,
          p99Ms: round(quantile(b.latencies, 0.99)),
          griotThreadBusy: round(elu.utilization * 100),
          griotMsPerScreen: round(elu.active / Math.max(1, b.screens)),
          griotCpuMsPerScreen: Math.round(cpuB * 100) / 100,
          target: 1000,
        },
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await ask({ kind: 'close' });
  await gateway.terminate();
  operatorWorker.postMessage('close');
  await operatorWorker.terminate();
  await ussd.close();
  await engine.idle();
  await griot.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

async function listen(listener: RequestListener): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.keepAliveTimeout = 30_000;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
