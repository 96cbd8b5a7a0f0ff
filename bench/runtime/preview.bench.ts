/**
 * `npx tsx bench/runtime/preview.bench.ts` (from the repository root): the conversation engine
 * behind real HTTP on loopback, with the embedded SQLite store in a temporary directory.
 *
 * (a) 240 preview sessions at once (the seeds' peak: 8 E1 lines), each taking a step every
 *     2–5 s like a caller, for BENCH_SECONDS (60): step latency p50/p99. Target p99 < 10 ms.
 * (b) Closed loop, saturated: preview steps/s against a bare express endpoint returning a fixed
 *     JSON body, alternating in the same run. Target ≥ 60 % of bare.
 *
 * Env: BENCH_SECONDS (a), BENCH_SATURATE_SECONDS (b, per side, default 10), BENCH_WORKERS (b, 32).
 */
import { createServer, Agent, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import express, { type Express, type RequestHandler } from 'express';
import { pino } from 'pino';
import { loadConfig } from '../../runtime/src/config.ts';
import { SqliteStore } from '../../runtime/src/store/sqlite/SqliteStore.ts';
import { ConversationService } from '../../runtime/src/conversations/ConversationService.ts';
import { CallerRecords } from '../../runtime/src/callers/CallerRecords.ts';
import { previewRoutes } from '../../runtime/src/api/previewRoutes.ts';
import { callerRoutes } from '../../runtime/src/api/callerRoutes.ts';
import { ApiRegistry } from '../../runtime/src/api/openapi/apiRegistry.ts';
import { createBindingService } from '../../runtime/src/bindings/bindingService.ts';
import { createAuditLog } from '../../runtime/src/audit/auditLog.ts';
import type { Store } from '../../runtime/src/store/types.ts';
import { publishFlow, selfCareFlow, startOperatorBackend, TEST_TOKEN } from '../../runtime/src/conversations/testSupport.ts';

const PACED_SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const SATURATE_SECONDS = Number(process.env.BENCH_SATURATE_SECONDS ?? 10);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 32);
const SESSIONS = 240;

// ---------------------------------------------------------------- setup
const dir = mkdtempSync(join(tmpdir(), 'griot-bench-'));
const adminToken = randomBytes(24).toString('hex');
const operator = await startOperatorBackend();
const config = loadConfig({
  DATA_DIR: dir,
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  GRIOT_DEMO: '0',
  GRIOT_ADMIN_TOKEN: adminToken,
  NODE_ENV: 'production',
  GRIOT_BACKENDS_STAGING: `operator=${operator.url}`,
  GRIOT_FLOW_SECRETS: 'OPERATOR_TOKEN@operator',
  OPERATOR_TOKEN: TEST_TOKEN,
});
const logger = pino({ level: 'warn' });

interface Target {
  kind: string;
  port: number;
  store: Store;
  service: { idle(): Promise<void> };
  close(): Promise<void>;
}

async function listen(app: Express): Promise<{ server: Server; port: number }> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** The real server (`startServer`: store, auth, request log, retention…); else the preview routers alone. */
async function startTarget(): Promise<Target> {
  try {
    if (process.env.BENCH_TARGET === 'minimal') throw new Error('BENCH_TARGET=minimal');
    const { startServer } = await import('../../runtime/src/server.ts');
    const running = await startServer(config, { logger, announce: () => {} });
    return { kind: 'startServer (the real app)', port: Number(new URL(running.url).port), store: running.store, service: running.services.conversations, close: running.close };
  } catch (error) {
    const store = new SqliteStore(join(dir, 'griot.db'));
    const service = new ConversationService({
      store,
      logger,
      clock: () => new Date(),
      sessionTtlMinutes: config.sessionTtlMinutes,
      defaultRegion: config.defaultRegion,
      webhookTargetFor: () => operator.target,
    });
    const app = express();
    app.use(express.json());
    // The routes check roles: every request here comes from an admin.
    app.use(((req, _res, next) => {
      req.principal = { userId: 'bench', username: 'bench', displayName: 'Bench', roles: ['admin'], via: 'token', credentialId: 'bench' };
      next();
    }) as RequestHandler);
    const registry = new ApiRegistry();
    const now = () => new Date().toISOString();
    const newId = () => randomBytes(8).toString('hex');
    const testNumbers = createBindingService({ store, now, newId, audit: createAuditLog(store, now, newId), logger }, { defaultRegion: config.defaultRegion });
    app.use(previewRoutes(service, { registry, testNumbers }));
    app.use(callerRoutes(new CallerRecords({ store, defaultRegion: config.defaultRegion }), { registry }));
    const { server, port } = await listen(app);
    return {
      kind: `minimal express with the preview routes (startServer unavailable: ${(error as Error).message.split('\n')[0]})`,
      port,
      store,
      service,
      close: async () => {
        await closeServer(server);
        await store.close();
      },
    };
  }
}

const target = await startTarget();
await publishFlow(target.store, selfCareFlow(), ['staging', 'production']);
// Previews call the staging backend only as test numbers: the testers of a binding.
const TEST_NUMBERS = Array.from({ length: 50 }, (_, i) => `+22901971000${String(i).padStart(2, '0')}`);
const listedAt = new Date().toISOString();
await target.store.putBinding({
  id: 'bench-voice',
  channel: 'voice',
  address: '1919',
  flowId: 'selfcare',
  environment: 'production',
  testers: TEST_NUMBERS.map((number) => ({ number })),
  settings: {},
  createdAt: listedAt,
  updatedAt: listedAt,
});
const griot = { port: target.port };
const bareApp = express();
const FIXED = {
  effects: [{ type: 'say', node: 'menu', locale: 'fr', text: 'Tapez 1 pour le PUK, 2 pour un code, 3 pour un conseiller.' }],
  state: { status: 'active' },
  trace: { nodes: ['menu'], edges: [] },
  issues: [],
};
bareApp.post('/bare', (_req, res) => {
  res.json(FIXED);
});
const bare = await listen(bareApp);

// ---------------------------------------------------------------- client
// Idle sockets are dropped before the server's 5 s keep-alive timeout, so a paced caller never
// writes on a socket the server is closing (ECONNRESET).
const agent = new Agent({ keepAlive: true, maxSockets: 512, timeout: 3000 });
const auth = { authorization: `Bearer ${adminToken}` };

function post(port: number, path: string, body: unknown): Promise<{ status: number; json: any }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { ...auth, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const FIXTURES = { lookup: { status: 200, body: { puk: '80417263', segment: 'vip' } } };
let callers = 0;

/**
 * A new preview contact, from one of 2,000 numbers (one of 50 test numbers when it calls the backend), so first and returning callers (who skip the
 * language menu) both appear. In (a) one preview in four calls the loopback staging backend
 * instead of a fixture; (b) measures the engine itself, with fixtures only.
 */
function startBody(worker: number, withBackend: boolean) {
  callers += 1;
  const live = withBackend && callers % 4 === 0;
  const number = live ? TEST_NUMBERS[callers % TEST_NUMBERS.length]! : `+22901970${String((worker * 7919 + callers) % 2000).padStart(5, '0')}`;
  return {
    flowId: 'selfcare',
    source: callers % 2 === 0 ? 'draft' : 'staging',
    channel: callers % 3 === 0 ? 'voice' : 'whatsapp',
    callerNumber: number,
    fixtures: live ? {} : FIXTURES,
    useBackend: live,
  };
}

/** What a caller does next, read from the state: answer the language, pick an option, type a code… */
function nextEvent(state: any): unknown {
  const at = state.wait?.node;
  if (at === 'language') return { type: 'digits', digits: Math.random() < 0.7 ? '1' : '2' };
  if (at === 'menu') return { type: 'digits', digits: String(1 + Math.floor(Math.random() * 4)) };
  if (at === 'askCode') return { type: 'digits', digits: '4321#' };
  if (at === 'understand') {
    const words = Math.random() < 0.5 ? 'ma sim est bloquée, code puk' : 'parler à un conseiller';
    return state.channel === 'voice' ? { type: 'speech', text: words, confidence: 0.9 } : { type: 'text', text: words };
  }
  if (state.wait?.for === 'handoff') return { type: 'handoff', outcome: 'done' };
  return { type: 'noInput' };
}

/** One step of one simulated caller; returns the new session id (or null once ended). */
async function takeStep(worker: number, session: { id: string | null; state: any }, record: (ms: number) => void, withBackend = true): Promise<void> {
  const began = performance.now();
  if (session.id === null || session.state?.status === 'ended') {
    const r = await post(griot.port, '/api/preview/sessions', startBody(worker, withBackend));
    if (r.status !== 201) throw new Error(`start failed: ${r.status} ${JSON.stringify(r.json)}`);
    session.id = r.json.id;
    session.state = r.json.state;
  } else {
    const r = await post(griot.port, `/api/preview/sessions/${session.id}/events`, { event: nextEvent(session.state) });
    if (r.status !== 200) throw new Error(`step failed: ${r.status} ${JSON.stringify(r.json)}`);
    session.state = r.json.state;
  }
  record(performance.now() - began);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- (a) paced
async function paced(): Promise<{ latencies: number[]; steps: number }> {
  const latencies: number[] = [];
  const deadline = performance.now() + PACED_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: SESSIONS }, async (_, worker) => {
      const session = { id: null as string | null, state: null as any };
      // Callers arrive spread over the first pacing interval, not all in the same millisecond.
      await sleep(Math.random() * 5000);
      while (performance.now() < deadline) {
        await takeStep(worker, session, (ms) => latencies.push(ms));
        await sleep(2000 + Math.random() * 3000);
      }
    }),
  );
  return { latencies, steps: latencies.length };
}

// ---------------------------------------------------------------- (b) saturated
async function saturate(seconds: number, target: 'griot' | 'bare', withBackend = false): Promise<number> {
  let steps = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, worker) => {
      const session = { id: null as string | null, state: null as any };
      while (performance.now() < deadline) {
        if (target === 'bare') {
          await post(bare.port, '/bare', { event: { type: 'digits', digits: '1' } });
        } else {
          await takeStep(10_000 + worker, session, () => {}, withBackend);
        }
        steps += 1;
      }
    }),
  );
  return steps / seconds;
}

console.log(`Griot preview benchmark — ${target.kind}; ${target.store.kind} in ${dir}; Node ${process.version}`);
// Warm up both paths (JIT, statement caches, flow cache, the fetch client for live look-ups).
await saturate(1, 'griot', true);
await saturate(1, 'bare');

console.log(`(a) ${SESSIONS} preview sessions, one step every 2–5 s each, for ${PACED_SECONDS} s…`);
// How long this process's event loop was blocked (SQLite checkpoints, GC) versus waiting for a CPU.
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
const loadBefore = loadavg()[0]!;
const a = await paced();
loopDelay.disable();
const loadAfter = loadavg()[0]!;
const sorted = [...a.latencies].sort((x, y) => x - y);
const p50 = percentile(sorted, 50);
const p99 = percentile(sorted, 99);
const max = sorted[sorted.length - 1] ?? NaN;

console.log(`(b) closed loop, ${WORKERS} workers, ${SATURATE_SECONDS} s per side in two alternating rounds…`);
const half = SATURATE_SECONDS / 2;
const bareRates = [await saturate(half, 'bare')];
const griotRates = [await saturate(half, 'griot')];
bareRates.push(await saturate(half, 'bare'));
griotRates.push(await saturate(half, 'griot'));
const bareRate = (bareRates[0]! + bareRates[1]!) / 2;
const griotRate = (griotRates[0]! + griotRates[1]!) / 2;
const ratio = griotRate / bareRate;

const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
console.log('');
console.log('Runtime preview sessions');
console.log(`  (a) paced: ${a.steps} steps from ${SESSIONS} sessions — p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, max ${max.toFixed(2)} ms  [target p99 < 10 ms: ${verdict(p99 < 10)}]`);
console.log(
  `      event-loop delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms; load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${cpus().length} CPUs`,
);
console.log(`  (b) saturated: preview ${griotRate.toFixed(0)} steps/s, bare express ${bareRate.toFixed(0)} req/s — ${(ratio * 100).toFixed(0)} % of bare  [target ≥ 60 %: ${verdict(ratio >= 0.6)}]`);

await target.service.idle();
agent.destroy();
await Promise.all([target.close(), closeServer(bare.server), operator.close()]);
rmSync(dir, { recursive: true, force: true });
process.exit(p99 < 10 && ratio >= 0.6 ? 0 : 1);
