/**
 * `npx tsx bench/whatsapp/whatsapp.bench.ts` (from the repository root): signed WhatsApp
 * webhooks through the whole messaging path — signature check, the inbox in the store (each
 * webhook's messages committed before its 200), per-subscriber queue, the conversation engine on the embedded SQLite store with the 1919
 * flow and its operator look-ups, rendering — to the send on a fake Graph API. Loopback only;
 * every phase is bounded in time.
 *
 * Griot runs on the main thread. Meta (webhook sender) and the fake Graph API run in a worker
 * thread (`meta.ts`), the operator's backend in another (`operator.ts`), as they would run
 * elsewhere: latency is read on Meta's clock, from sending a webhook to the first Graph request
 * it causes.
 *
 * (a) Paced: BENCH_RATE (200) messages/s offered for BENCH_SECONDS (10) across BENCH_SUBSCRIBERS
 *     (400) subscribers, each going through the 1919 flow (language buttons, main menu list,
 *     balance look-up, back to the menu): p50/p99. Target p99 < 30 ms.
 * (b) Saturated, closed loop: BENCH_WORKERS (128) subscribers each send their next message as
 *     soon as the previous one reached Graph, for BENCH_SATURATE_SECONDS (5); next to a bare
 *     express endpoint (JSON body parsed, 200) loaded by the same client in the same run.
 *     Target ≥ 1,000 messages/s.
 *
 * BENCH_ENGINE=memory swaps the engine for the interpreter in memory (the channel's own cost).
 */
import { askerOf, firstMessage, tsWorker } from '../workers.ts';
import type { Server } from 'node:http';
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
import { keepAliveTransport, type WebhookTransport } from '../../runtime/src/webhooks/keepAliveTransport.ts';
import { createWhatsAppChannel } from '../../connectors/src/whatsapp/createWhatsAppChannel.ts';
import { InterpreterPort } from '../../connectors/src/messaging/testing/InterpreterPort.ts';
import type { LoadResult, MetaOptions, MetaRequest } from './meta.ts';
import type { OperatorOptions } from './operator.ts';

const waIdOf = (i: number) => `22901${String(97_000_000 + i).padStart(8, '0')}`;

const RATE = Number(process.env.BENCH_RATE ?? 200);
const PACED_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 400);
const SATURATE_SECONDS = Number(process.env.BENCH_SATURATE_SECONDS ?? 5);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 128);
const ENGINE = (process.env.BENCH_ENGINE ?? 'runtime') as 'runtime' | 'memory';
const SECRET = 'bench-app-secret';
const ACCESS_TOKEN = 'bench-graph-token';
const PHONE_NUMBER_ID = '100000000000001';
const OPERATOR_TOKEN = 'bench-operator-token';

// ---------------------------------------------------------------- the world: Meta and Graph
const metaOptions: MetaOptions = { secret: SECRET, accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_NUMBER_ID, messageTimeoutMs: 10_000 };
const meta = tsWorker(new URL('./meta.ts', import.meta.url), metaOptions);
const operatorOptions: OperatorOptions = { token: OPERATOR_TOKEN, waIds: Array.from({ length: SUBSCRIBERS + WORKERS + 200 }, (_, i) => waIdOf(i)) };
const operatorWorker = tsWorker(new URL('./operator.ts', import.meta.url), operatorOptions);
const [{ graphUrl }, { url: operatorUrl }] = await Promise.all([firstMessage<{ graphUrl: string }>(meta), firstMessage<{ url: string }>(operatorWorker)]);
const askWorker = askerOf(meta);
const ask = (command: MetaRequest) => askWorker<LoadResult>(command);

// ---------------------------------------------------------------- Griot
const dir = mkdtempSync(join(tmpdir(), 'griot-bench-wa-'));
const logger = pino({ level: 'error' });
const store = new SqliteStore(join(dir, 'griot.db'));
const example = fileURLToPath(new URL('../../flows/examples/1919-selfcare.json', import.meta.url));
const parsed = parseFlow(JSON.parse(readFileSync(example, 'utf8')));
if (!parsed.ok) throw new Error('the 1919 flow does not parse');
const flow = parsed.flow;
await publishFlow(store, flow, ['production']);
const at = new Date().toISOString();
await store.putBinding({ id: 'wa-bench', channel: 'whatsapp', address: PHONE_NUMBER_ID, flowId: flow.id, environment: 'production', testers: [], settings: {}, createdAt: at, updatedAt: at });

/** Look-up durations around the runtime's own HTTP client (the operator backend answers from the worker thread). */
const lookups: number[] = [];
const timedTransport: WebhookTransport = async (url, request) => {
  const began = performance.now();
  try {
    return await keepAliveTransport(url, request);
  } finally {
    if (recording) lookups.push(performance.now() - began);
  }
};
const runtimeEngine = new ConversationService({
  store,
  logger,
  clock: () => new Date(),
  sessionTtlMinutes: 30,
  defaultRegion: 'BJ',
  webhookTargetFor: () => ({
    backends: { operator: operatorUrl },
    secret: (name) => (name === 'OPERATOR_API_TOKEN' ? OPERATOR_TOKEN : undefined),
    secretBackends: { OPERATOR_API_TOKEN: ['operator'] },
    transport: timedTransport,
  }),
});
const memoryEngine = new InterpreterPort({ [flow.id]: flow }).bind({ id: 'wa-bench', channel: 'whatsapp', address: PHONE_NUMBER_ID, flowId: flow.id });
const messaging = createWhatsAppChannel({
  env: { WHATSAPP_APP_SECRET: SECRET, WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN, WHATSAPP_GRAPH_BASE_URL: graphUrl, WHATSAPP_MAX_PENDING: '100000' },
  production: true,
});
let recording = false;
const timings: { queuedMs: number; turnMs: number; sendMs: number }[] = [];
const channelRouter = express.Router();
const griot = await listen(express().use(channelRouter));
messaging.mount({
  router: channelRouter,
  server: griot.server,
  conversations: ENGINE === 'memory' ? memoryEngine : runtimeEngine,
  bindings: ENGINE === 'memory' ? memoryEngine : store,
  // The inbox in the store: each webhook's messages are committed before its 200.
  ledger: store.messaging,
  defaultInactivityMinutes: 30,
  logger,
  metrics: {
    messageProcessed: (e) => {
      if (recording) timings.push(e.timings as (typeof timings)[number]);
    },
  },
});
// The bare endpoint parses the same JSON body and answers 200, nothing else.
const bare = await listen(express().post('/bare', express.json(), (_req, res) => void res.json({ received: true })));

// ---------------------------------------------------------------- run
const round = (n: number) => Math.round(n * 10) / 10;
const quantile = (values: number[], p: number) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
};
const webhookUrl = `${griot.url}/whatsapp/webhook`;
try {
  console.log(`WhatsApp bench: 1919 flow, engine ${ENGINE === 'runtime' ? 'ConversationService on SQLite' : 'interpreter in memory'}, Node ${process.version}`);
  const warm = await ask({ kind: 'paced', url: webhookUrl, rate: 100, seconds: 2, from: SUBSCRIBERS + WORKERS, subscribers: 100 });
  console.log(`warm-up: ${warm.done} messages, ${warm.failures} failures`);

  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  recording = true;
  const a = await ask({ kind: 'paced', url: webhookUrl, rate: RATE, seconds: PACED_SECONDS, from: 0, subscribers: SUBSCRIBERS });
  recording = false;
  loop.disable();
  const part = (name: 'queuedMs' | 'turnMs' | 'sendMs') =>
    `${name.replace('Ms', '')} p50 ${quantile(
      timings.map((t) => t[name]),
      0.5,
    ).toFixed(1)}/p99 ${quantile(
      timings.map((t) => t[name]),
      0.99,
    ).toFixed(1)} ms`;
  console.log(
    `    inside Griot during (a): ${part('queuedMs')}, ${part('turnMs')}, ${part('sendMs')} (sending is every message of the turn); ` +
      `${lookups.length} operator look-ups p50 ${quantile(lookups, 0.5).toFixed(1)}/p99 ${quantile(lookups, 0.99).toFixed(1)} ms`,
  );
  const all = [...a.latencies, ...a.lookupLatencies];
  const p99 = quantile(all, 0.99);
  console.log(
    `(a) ${RATE} msg/s offered for ${PACED_SECONDS} s (${a.done + a.failures} messages, ${SUBSCRIBERS} subscribers): ` +
      `p50 ${quantile(all, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${quantile(all, 1).toFixed(1)} ms, failures ${a.failures}; ` +
      `without a look-up in the turn (${a.latencies.length}) p99 ${quantile(a.latencies, 0.99).toFixed(1)} ms, with one (${a.lookupLatencies.length}) p99 ${quantile(a.lookupLatencies, 0.99).toFixed(1)} ms; ` +
      `Griot's event loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms — target p99 < 30 ms: ${p99 < 30 && a.failures === 0 ? 'PASS' : 'FAIL'}`,
  );

  const bareRun = await ask({ kind: 'bare', url: `${bare.url}/bare`, seconds: SATURATE_SECONDS, workers: WORKERS });
  const cpuBefore = process.cpuUsage();
  const eluBefore = performance.eventLoopUtilization();
  const b = await ask({ kind: 'saturate', url: webhookUrl, seconds: SATURATE_SECONDS, from: SUBSCRIBERS, workers: WORKERS });
  const elu = performance.eventLoopUtilization(eluBefore);
  const cpu = process.cpuUsage(cpuBefore);
  const perSecond = b.done / b.seconds;
  const bareRate = bareRun.done / bareRun.seconds;
  // Main-thread CPU only would need a per-thread clock; process CPU includes the worker (Meta, Graph).
  const cpuPerMessage = (cpu.user + cpu.system) / 1000 / Math.max(1, b.done);
  console.log(
    `(b) saturated, ${WORKERS} subscribers in a closed loop for ${SATURATE_SECONDS} s: ${perSecond.toFixed(0)} messages/s through to Graph ` +
      `(p50 ${quantile(b.latencies, 0.5).toFixed(1)} ms, failures ${b.failures}); bare express endpoint, same client: ${bareRate.toFixed(0)} requests/s ` +
      `(${((perSecond / bareRate) * 100).toFixed(0)} %); Griot's thread busy ${(elu.utilization * 100).toFixed(0)} % of the time, ${(elu.active / Math.max(1, b.done)).toFixed(2)} ms per message; ` +
      `${cpuPerMessage.toFixed(2)} ms CPU per message, both threads — target ≥ 1,000 messages/s: ${perSecond >= 1000 && b.failures === 0 ? 'PASS' : 'FAIL'}`,
  );
  const results = fileURLToPath(new URL('../results/', import.meta.url));
  mkdirSync(results, { recursive: true });
  writeFileSync(
    join(results, `whatsapp${ENGINE === 'memory' ? '-memory' : ''}.json`),
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        node: process.version,
        engine: ENGINE,
        loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
        paced: {
          rate: RATE,
          seconds: PACED_SECONDS,
          subscribers: SUBSCRIBERS,
          messages: a.done + a.failures,
          failures: a.failures,
          p50Ms: round(quantile(all, 0.5)),
          p99Ms: round(p99),
          maxMs: round(quantile(all, 1)),
          p99WithoutLookupMs: round(quantile(a.latencies, 0.99)),
          p99WithLookupMs: round(quantile(a.lookupLatencies, 0.99)),
          targetP99Ms: 30,
        },
        saturated: {
          workers: WORKERS,
          seconds: SATURATE_SECONDS,
          messagesPerSecond: Math.round(perSecond),
          failures: b.failures,
          griotThreadBusy: round(elu.utilization * 100),
          griotMsPerMessage: round(elu.active / Math.max(1, b.done)),
          bareRequestsPerSecond: Math.round(bareRate),
          cpuMsPerMessage: round(cpuPerMessage),
          target: 1000,
        },
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await ask({ kind: 'close' });
  await meta.terminate();
  await operatorWorker.terminate();
  await messaging.close();
  await runtimeEngine.idle();
  await Promise.all([griot.close(), bare.close()]);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

async function listen(app: express.Express): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
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
