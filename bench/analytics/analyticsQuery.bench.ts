/**
 * `npx tsx bench/analytics/analyticsQuery.bench.ts` (from the repository root): a month of 1919
 * traffic, BENCH_CONTACTS (1,000,000) contacts, generated straight into the SQLite store (not
 * through calls: one fact batch per contact, with the facts a real contact leaves along one of
 * the 1919 flow's paths, over 30 days with a daily curve, two versions, voice and WhatsApp, three
 * languages, a little tester traffic), folded into counters by the store's own roll-up; then
 * `GET /api/flows/{id}/analytics` over real HTTP against the real server, BENCH_QUERIES times per
 * filter set. Target: p95 < 300 ms.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../runtime/src/config.ts';
import { startServer } from '../../runtime/src/server.ts';
import type { AnalyticsEvent, ContactOutcome, FactBatch } from '../../runtime/src/store/types.ts';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 40);
const FLOW = 'selfcare-1919';
const DAYS = 30;
const END = Date.parse('2026-11-30T00:00:00.000Z');
const START = END - DAYS * 86_400_000;

/** Paths through the 1919 flow (node ids and the outputs taken), with how often callers take them. */
const PATHS: Array<{ weight: number; steps: Array<[string, string?]>; lookup?: 'response' | 'error' | 'timeout'; outcome: ContactOutcome; csat?: boolean }> = [
  {
    weight: 30,
    outcome: 'contained',
    csat: true,
    lookup: 'response',
    steps: [
      ['start', 'next'],
      ['language', 'next'],
      ['welcome', 'next'],
      ['mainMenu', 'balance'],
      ['setServiceBalance', 'next'],
      ['checkSubscriber', 'else'],
      ['lookupSubscriber', 'ok'],
      ['setFound', 'next'],
      ['routeService', 'balance'],
      ['balanceReadout', 'next'],
      ['afterServiceMenu', 'end'],
      ['satisfaction', 'answered'],
      ['goodbye'],
    ],
  },
  {
    weight: 20,
    outcome: 'contained',
    csat: true,
    lookup: 'response',
    steps: [
      ['start', 'next'],
      ['language', 'next'],
      ['welcome', 'next'],
      ['mainMenu', 'puk'],
      ['setServicePuk', 'next'],
      ['checkSubscriber', 'else'],
      ['lookupSubscriber', 'ok'],
      ['setFound', 'next'],
      ['routeService', 'puk'],
      ['pukAvailable', 'yes'],
      ['pukReadout', 'next'],
      ['pukMenu', 'end'],
      ['satisfaction', 'answered'],
      ['goodbye'],
    ],
  },
  {
    weight: 12,
    outcome: 'contained',
    lookup: 'response',
    steps: [
      ['start', 'next'],
      ['language', 'next'],
      ['welcome', 'next'],
      ['mainMenu', 'momo'],
      ['setServiceMomo', 'next'],
      ['checkSubscriber', 'else'],
      ['lookupSubscriber', 'ok'],
      ['setFound', 'next'],
      ['routeService', 'momo'],
      ['momoBalanceReadout', 'next'],
      ['momoMenu', 'end'],
      ['satisfaction', 'noInput'],
      ['goodbye'],
    ],
  },
  {
    weight: 15,
    outcome: 'transferred',
    csat: true,
    lookup: 'response',
    steps: [
      ['start', 'next'],
      ['language', 'next'],
      ['welcome', 'next'],
      ['mainMenu', 'agent'],
      ['setServiceAgent', 'next'],
      ['checkSubscriber', 'else'],
      ['lookupSubscriber', 'ok'],
      ['setFound', 'next'],
      ['routeService', 'agent'],
      ['agentSegment', 'else'],
      ['agentIntro', 'next'],
      ['agentChannel', 'else'],
      ['handoff', 'done'],
      ['satisfaction', 'answered'],
      ['goodbye'],
    ],
  },
  { weight: 8, outcome: 'abandoned', steps: [['start', 'next'], ['language', 'next'], ['welcome', 'next'], ['mainMenu']] },
  { weight: 4, outcome: 'abandoned', steps: [['start', 'next'], ['language', 'next'], ['welcome', 'next'], ['mainMenu', 'noInput'], ['endNoInput']] },
  {
    weight: 4,
    outcome: 'noAgent',
    lookup: 'response',
    steps: [
      ['start', 'next'],
      ['language', 'next'],
      ['welcome', 'next'],
      ['mainMenu', 'agent'],
      ['setServiceAgent', 'next'],
      ['checkSubscriber', 'else'],
      ['lookupSubscriber', 'ok'],
      ['setFound', 'next'],
      ['routeService', 'agent'],
      ['agentSegment', 'else'],
      ['agentIntro', 'next'],
      ['agentChannel', 'else'],
      ['handoff', 'unavailable'],
      ['agentsBusy', 'next'],
      ['endAgentsBusy'],
    ],
  },
  {
    weight: 3,
    outcome: 'callback',
    lookup: 'response',
    steps: [
      ['start', 'next'],
      ['language', 'next'],
      ['welcome', 'next'],
      ['mainMenu', 'agent'],
      ['setServiceAgent', 'next'],
      ['checkSubscriber', 'else'],
      ['lookupSubscriber', 'ok'],
      ['setFound', 'next'],
      ['routeService', 'agent'],
      ['agentSegment', 'else'],
      ['agentIntro', 'next'],
      ['agentChannel', 'else'],
      ['handoff', 'callback'],
      ['callbackConfirm', 'next'],
      ['endCallback'],
    ],
  },
  {
    weight: 4,
    outcome: 'error',
    lookup: 'error',
    steps: [
      ['start', 'next'],
      ['language', 'next'],
      ['welcome', 'next'],
      ['mainMenu', 'balance'],
      ['setServiceBalance', 'next'],
      ['checkSubscriber', 'else'],
      ['lookupSubscriber', 'error'],
      ['lookupFailed', 'next'],
      ['serviceDown', 'next'],
      ['serviceDownMenu', 'end'],
      ['endServiceDown'],
    ],
  },
];
const TOTAL_WEIGHT = PATHS.reduce((n, p) => n + p.weight, 0);

/** A small, seeded generator: the same month every run. */
let seed = 1919;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
const pick = <T>(items: Array<[T, number]>) => {
  let r = random() * items.reduce((n, [, w]) => n + w, 0);
  for (const [item, w] of items) if ((r -= w) < 0) return item;
  return items[items.length - 1]![0];
};

/** A time in the month, busier by day (8:00–20:00 UTC) than by night. */
function timeOf(): number {
  const day = Math.floor(random() * DAYS);
  const hour = random() < 0.85 ? 7 + Math.floor(random() * 13) : Math.floor(random() * 24);
  return START + day * 86_400_000 + hour * 3_600_000 + Math.floor(random() * 3_600_000);
}

function contact(i: number): FactBatch {
  let r = random() * TOTAL_WEIGHT;
  const path = PATHS.find((p) => (r -= p.weight) < 0) ?? PATHS[0]!;
  const at = timeOf();
  const channel = pick<'voice' | 'whatsapp'>([
    ['voice', 70],
    ['whatsapp', 30],
  ]);
  const locale = pick([
    ['fr', 60],
    ['en', 25],
    ['fon', 15],
  ]);
  const version = at > START + 20 * 86_400_000 && random() < 0.5 ? 2 : 1;
  const events: AnalyticsEvent[] = [{ type: 'contact' }];
  for (const [node, output] of path.steps) {
    events.push({ type: 'visit', node });
    if (node === 'satisfaction') events.push({ type: 'csatAsked', node });
    if (output) events.push({ type: 'exit', node, output });
    if (node === 'mainMenu' && random() < 0.1) events.push({ type: 'noMatch', node });
  }
  if (path.lookup) events.push({ type: 'lookup', node: 'lookupSubscriber', backend: 'operator', outcome: path.lookup, ms: 20 + Math.floor(random() * 200) });
  if (path.csat && path.steps.some(([n, o]) => n === 'satisfaction' && o === 'answered')) {
    events.push({ type: 'csat', node: 'satisfaction', score: 1 + Math.floor(random() * 5), scale: 5, ...(path.outcome === 'transferred' ? { agent: `agent${Math.floor(random() * 40)}` } : {}) });
  }
  const startedAt = new Date(at).toISOString();
  events.push({ type: 'end', outcome: path.outcome, node: path.steps[path.steps.length - 1]![0], startedAt, seconds: 30 + Math.floor(random() * 300) });
  if (path.outcome === 'contained' && random() < 0.08) events.push({ type: 'returned', of: { flowId: FLOW, version, environment: 'production', channel, locale, traffic: 'live', startedAt } });
  return {
    flowId: FLOW,
    version,
    environment: 'production',
    channel,
    locale,
    traffic: random() < 0.05 ? 'test' : 'live',
    at: startedAt,
    contact: `c${i}`,
    caller: `h${i % 400_000}`,
    events,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'griot-analytics-bench-'));
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
});
const griot = await startServer(config, { announce: () => {} });
try {
  console.log(`analytics query: ${CONTACTS.toLocaleString('en')} contacts over ${DAYS} days, SQLite; node ${process.version}`);
  console.log(
    `load average before the run: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (other work on the machine skews every figure)`,
  );
  const began = performance.now();
  for (let i = 0; i < CONTACTS; i += 10_000) {
    await griot.store.recordFacts(Array.from({ length: Math.min(10_000, CONTACTS - i) }, (_, k) => contact(i + k)));
    while ((await griot.store.rollUpFacts(20_000)) > 0);
  }
  const db = join(dir, 'griot.db');
  console.log(`    generated and counted in ${((performance.now() - began) / 1000).toFixed(0)} s; database ${(statSync(db).size / 1024 / 1024).toFixed(0)} MB`);

  const token = config.adminToken!;
  const month = `from=${new Date(START).toISOString()}&to=${new Date(END).toISOString()}`;
  const week = `from=${new Date(END - 7 * 86_400_000).toISOString()}&to=${new Date(END).toISOString()}`;
  const local = `from=${new Date(START - 3_600_000).toISOString()}&to=${new Date(END - 3_600_000).toISOString()}`;
  const variants: Array<[string, string]> = [
    ['the month', month],
    ['the month, local days (hour edges)', local],
    ['the month, version 2', `${month}&version=2`],
    ['the month, WhatsApp, English', `${month}&channel=whatsapp&locale=en`],
    ['the month, live and test', `${month}&traffic=live,test`],
    ['the last 7 days', week],
    ['the month as CSV (nodes)', `${month}&format=csv`],
  ];
  const all: number[] = [];
  let contacts = 0;
  for (const [label, query] of variants) {
    const times: number[] = [];
    for (let q = 0; q < QUERIES; q += 1) {
      const t0 = performance.now();
      const answer = await fetch(`${griot.url}/api/flows/${FLOW}/analytics?${query}`, { headers: { authorization: `Bearer ${token}` } });
      const body = await answer.text();
      times.push(performance.now() - t0);
      if (answer.status !== 200) throw new Error(`${label}: ${answer.status} ${body.slice(0, 200)}`);
      if (label === 'the month') contacts = (JSON.parse(body) as { contacts: number }).contacts;
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    const p = (x: number) => times[Math.min(times.length - 1, Math.floor(x * times.length))]!.toFixed(0);
    console.log(`    ${label.padEnd(36)} p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${times.at(-1)!.toFixed(0)} ms (${QUERIES} requests)`);
  }
  all.sort((a, b) => a - b);
  const p95 = all[Math.floor(0.95 * all.length)]!;
  console.log(`    the month's live contacts in the answer: ${contacts.toLocaleString('en')}`);
  console.log(
    `    all requests: p95 ${p95.toFixed(0)} ms; load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(`    target p95 < 300 ms: ${p95 < 300 ? 'met' : 'NOT met'}`);
} finally {
  await griot.close();
  rmSync(dir, { recursive: true, force: true });
}
