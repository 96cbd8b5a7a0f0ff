/**
 * `npx tsx bench/sms/sms.bench.ts` (from the repository root): subscribers' SMS through the whole
 * SMS path — the fake SMSC's `deliver_sm` over SMPP on loopback, the inbox in the store (each
 * SMS committed before its `deliver_sm_resp`), the per-subscriber queue, the conversation engine
 * on the embedded SQLite store with the 1919 flow and its operator look-ups, rendering (GSM 03.38
 * or UCS-2, concatenated parts) — to the `submit_sm`s the SMSC takes. Bounded in time.
 *
 * Griot runs on the main thread; the SMSC and its subscribers in a worker thread (`smsc.ts`),
 * the operator's backend in another (the WhatsApp benchmark's `operator.ts`), as they would run
 * elsewhere. Latency is read on the SMSC's clock: from a `deliver_sm` to the first part of its reply.
 *
 * (a) Paced: BENCH_RATE (100) SMS/s for BENCH_SECONDS (20) across BENCH_SUBSCRIBERS (400), each
 *     going "Bonjour" (language menu), "1" (welcome and main menu), "2" (the balance: the look-up,
 *     then "what now?"), then "1" (main menu) and "2" (the balance again) in turn; every reply is
 *     checked to be the flow's for that step: p50/p99. Target p99 < 50 ms.
 * (b) The same load for BENCH_DROP_SECONDS (10), the SMSC dropping every link half-way: every SMS
 *     acknowledged once recorded and processed exactly once, every reply part taken by the SMSC
 *     exactly once (replies on the wire at the drop are sent again after the next bind).
 */
import { askerOf, firstMessage, tsWorker } from '../workers.ts';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { pino } from 'pino';
import { parseFlow } from '../../flows/src/index.ts';
import { SqliteStore } from '../../runtime/src/store/sqlite/SqliteStore.ts';
import { ConversationService } from '../../runtime/src/conversations/ConversationService.ts';
import { publishFlow } from '../../runtime/src/conversations/testSupport.ts';
import { keepAliveTransport } from '../../runtime/src/webhooks/keepAliveTransport.ts';
import { createSms } from '../../connectors/src/sms/createSms.ts';
import type { SmsProcessedEvent } from '../../connectors/src/sms/SmsChannel.ts';
import { readSmsConfig } from '../../connectors/src/sms/smsConfig.ts';
import type { OperatorOptions } from '../whatsapp/operator.ts';
import type { PacedRequest, PacedResult, SmscOptions } from './smsc.ts';

const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const DROP_SECONDS = Number(process.env.BENCH_DROP_SECONDS ?? 10);
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 400);
const SHORT_CODE = '1919';
/** The subscribers' numbers, as the SMSC worker numbers them. */
const numberOf = (i: number) => `22901${String(97_000_000 + i).padStart(8, '0')}`;
const OPERATOR_TOKEN = 'bench-operator-token';
const smscOptions: SmscOptions = { systemId: 'griot-bench', password: 'bench-pw', shortCode: SHORT_CODE };

const smscWorker = tsWorker(new URL('./smsc.ts', import.meta.url), smscOptions);
const operatorOptions: OperatorOptions = { token: OPERATOR_TOKEN, waIds: Array.from({ length: 3 * SUBSCRIBERS + 100 }, (_, i) => numberOf(i)) };
const operatorWorker = tsWorker(new URL('../whatsapp/operator.ts', import.meta.url), operatorOptions);
const [{ url: smscUrl }, { url: operatorUrl }] = await Promise.all([firstMessage<{ url: string }>(smscWorker), firstMessage<{ url: string }>(operatorWorker)]);
const askWorker = askerOf(smscWorker);
const ask = <T>(command: Omit<PacedRequest, 'id'> | { kind: 'close' }) => askWorker<T>(command);

// ---------------------------------------------------------------- Griot
const dir = mkdtempSync(join(tmpdir(), 'griot-bench-sms-'));
const logger = pino({ level: 'error' });
const store = new SqliteStore(join(dir, 'griot.db'));
const example = fileURLToPath(new URL('../../flows/examples/1919-selfcare.json', import.meta.url));
const parsed = parseFlow(JSON.parse(readFileSync(example, 'utf8')));
if (!parsed.ok) throw new Error('the 1919 flow does not parse');
await publishFlow(store, parsed.flow, ['production']);
const at = new Date().toISOString();
await store.putBinding({ id: 'sms-bench', channel: 'sms', address: SHORT_CODE, flowId: parsed.flow.id, environment: 'production', testers: [], settings: {}, createdAt: at, updatedAt: at });
/** Where a slow turn's time went during (a): each look-up (the HTTP exchange), each GC pause of Griot's thread. */
let measuring = false;
const lookupMs: number[] = [];
const gcMs: number[] = [];
new PerformanceObserver((list) => {
  if (measuring) for (const entry of list.getEntries()) gcMs.push(entry.duration);
}).observe({ entryTypes: ['gc'] });
const engine = new ConversationService({
  store,
  logger,
  clock: () => new Date(),
  sessionTtlMinutes: 30,
  defaultRegion: 'BJ',
  webhookTargetFor: () => ({
    backends: { operator: operatorUrl },
    secret: (name) => (name === 'OPERATOR_API_TOKEN' ? OPERATOR_TOKEN : undefined),
    secretBackends: { OPERATOR_API_TOKEN: ['operator'] },
    transport: async (url, request) => {
      const began = performance.now();
      try {
        return await keepAliveTransport(url, request);
      } finally {
        if (measuring) lookupMs.push(performance.now() - began);
      }
    },
  }),
});
const config = readSmsConfig({ SMPP_URL: smscUrl, SMPP_SYSTEM_ID: smscOptions.systemId, SMPP_PASSWORD: smscOptions.password, SMPP_MAX_PENDING: '100000' });
const processed: SmsProcessedEvent[] = [];
const sms = createSms({
  port: engine,
  bindings: store,
  // The inbox in the store: each SMS is committed before its deliver_sm_resp.
  ledger: store.messaging,
  config: { ...config, smsc: config.smsc! },
  defaultInactivityMinutes: 30,
  logger,
  onProcessed: (event) => processed.push(event),
});
sms.start();
if (!(await sms.link.waitBound(10_000))) throw new Error('Griot did not bind to the fake SMSC');

// ---------------------------------------------------------------- run
const round = (n: number) => Math.round(n * 10) / 10;
const quantile = (values: number[], p: number) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
};
try {
  console.log(
    `SMS bench: 1919 flow, ConversationService on SQLite, fake SMSC over SMPP on loopback, Node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  // 25 subscribers, four SMS each: the journey up to its loop, the look-up included. The first
  // look-up of a process loads the HTTP client (undici, imported lazily: ~0.2 s here) and warms
  // its code; with a warm-up of greetings only, that fell on (a)'s burst of first balances.
  const warm = await ask<PacedResult>({ kind: 'paced', rate: 50, seconds: 2, from: 2 * SUBSCRIBERS, subscribers: 25 });
  console.log(`warm-up: ${warm.sent} SMS, ${warm.unanswered} unanswered, ${warm.unexpected} unexpected`);

  processed.length = 0;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  measuring = true;
  const a = await ask<PacedResult>({ kind: 'paced', rate: RATE, seconds: SECONDS, from: 0, subscribers: SUBSCRIBERS });
  loop.disable();
  measuring = false;
  const part = (name: 'queuedMs' | 'turnMs' | 'sendMs') =>
    `${name.replace('Ms', '')} p50 ${quantile(
      processed.map((t) => t.timings[name]),
      0.5,
    ).toFixed(1)}/p99 ${quantile(
      processed.map((t) => t.timings[name]),
      0.99,
    ).toFixed(1)} ms`;
  const p99 = quantile(a.latencies, 0.99);
  const passA = p99 < 50 && a.unanswered === 0 && a.unexpected === 0 && a.unacknowledged === 0 && a.skipped === 0;
  console.log(
    `    inside Griot during (a): ${part('queuedMs')}, ${part('turnMs')}, ${part('sendMs')} (sending: until the SMSC took every part); ` +
      `look-ups ${lookupMs.length}, p50 ${quantile(lookupMs, 0.5).toFixed(1)}/p99 ${quantile(lookupMs, 0.99).toFixed(1)} ms; GC pauses ${gcMs.length}, ${gcMs.reduce((sum, ms) => sum + ms, 0).toFixed(0)} ms in all, the longest ${quantile(gcMs, 1).toFixed(1)} ms`,
  );
  console.log(
    `(a) ${RATE} SMS/s offered for ${SECONDS} s (${a.sent} SMS, ${SUBSCRIBERS} subscribers, ${a.partsTaken} parts taken): reply p50 ${quantile(a.latencies, 0.5).toFixed(1)} ms, ` +
      `p99 ${p99.toFixed(1)} ms, max ${quantile(a.latencies, 1).toFixed(1)} ms; unanswered ${a.unanswered}, unexpected ${a.unexpected}, unacknowledged ${a.unacknowledged}, skipped ${a.skipped}; ` +
      `Griot's event loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms — target p99 < 50 ms: ${passA ? 'PASS' : 'FAIL'}`,
  );

  processed.length = 0;
  const resentBefore = sms.link.stats.resent;
  const b = await ask<PacedResult>({ kind: 'paced', rate: RATE, seconds: DROP_SECONDS, from: SUBSCRIBERS, subscribers: SUBSCRIBERS, dropAtMs: (DROP_SECONDS * 1000) / 2 });
  await sms.channel.queue.idle();
  const inboxIds = processed.map((e) => e.message.messageId);
  const processedTwice = inboxIds.length - new Set(inboxIds).size;
  const partsSent = processed.reduce((sum, e) => sum + (e.report?.parts ?? 0), 0);
  const resent = sms.link.stats.resent - resentBefore;
  const passB = b.unacknowledged === 0 && b.unanswered === 0 && processedTwice === 0 && inboxIds.length === b.sent && partsSent === b.partsTaken;
  console.log(
    `(b) ${RATE} SMS/s for ${DROP_SECONDS} s, the SMSC dropping every link at ${DROP_SECONDS / 2} s: ${b.sent} SMS sent, ${b.sent - b.unacknowledged} acknowledged, ` +
      `${new Set(inboxIds).size} processed (${processedTwice} twice), ${b.unanswered} unanswered (${b.unexpected} unexpected); ${b.partsTaken} reply parts taken by the SMSC for ${partsSent} sent by Griot ` +
      `(${resent} sent again after the new bind); bound again after ${b.outageMs?.toFixed(0) ?? '?'} ms; the SMSC re-delivered ${b.redeliveries}; ` +
      `reply p99 ${quantile(b.latencies, 0.99).toFixed(0)} ms (the outage included) — no SMS or part lost or doubled: ${passB ? 'PASS' : 'FAIL'}`,
  );

  const results = fileURLToPath(new URL('../results/', import.meta.url));
  mkdirSync(results, { recursive: true });
  writeFileSync(
    join(results, 'sms.json'),
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        node: process.version,
        loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
        paced: {
          rate: RATE,
          seconds: SECONDS,
          subscribers: SUBSCRIBERS,
          sms: a.sent,
          parts: a.partsTaken,
          unanswered: a.unanswered,
          unexpected: a.unexpected,
          p50Ms: round(quantile(a.latencies, 0.5)),
          p99Ms: round(p99),
          maxMs: round(quantile(a.latencies, 1)),
          targetP99Ms: 50,
        },
        drop: {
          seconds: DROP_SECONDS,
          sms: b.sent,
          unacknowledged: b.unacknowledged,
          processed: new Set(inboxIds).size,
          processedTwice,
          unanswered: b.unanswered,
          partsTaken: b.partsTaken,
          partsSent,
          resent,
          outageMs: b.outageMs === undefined ? null : round(b.outageMs),
          redeliveries: b.redeliveries,
        },
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await sms.close(2_000);
  await ask({ kind: 'close' });
  await smscWorker.terminate();
  await operatorWorker.terminate();
  await engine.idle();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
