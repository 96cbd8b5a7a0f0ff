/**
 * `node bench/memory/saturatedMemory.mjs [node flags...]` (not in `npm run bench`): the peak RSS
 * of the built server (`node runtime/dist/main.js`, signed jambonz webhooks, fresh DATA_DIR)
 * under saturation, for a FIXED amount of work: CALLS calls of the peer bench's 2-step IVR
 * (call hook, gather, status), CONC callers at once. Fixed work rather than fixed time, so that
 * variants compare on the same allocations however much CPU a shared machine gives the server.
 * Prints idle and peak RSS, the largest heap, server CPU per call and GC counts.
 * Env: CALLS (8000), CONC (240), PORT (3219), PEER_BENCH (../shared/peer-bench: its payloads.js
 * and griot-flow.json), GRIOT_DIR (this tree; run `npm run build` first).
 */
import { spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const griotDir = process.env.GRIOT_DIR ?? root;
const peerBench = resolve(root, process.env.PEER_BENCH ?? '../shared/peer-bench');
const payloads = createRequire(import.meta.url)(join(peerBench, 'payloads.js'));
const CALLS = Number(process.env.CALLS ?? 8000);
const CONC = Number(process.env.CONC ?? 240);
const PORT = process.env.PORT ?? '3219';
const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
const SECRET = 'bench-jambonz-webhook-secret-0123456789';
const METRICS_TOKEN = 'bench-metrics-token-0123456789abcdef';
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

const dataDir = mkdtempSync(join(tmpdir(), 'griot-memory-bench-'));
const env = { ...process.env, PORT, HOST: '127.0.0.1', DATA_DIR: dataDir, GRIOT_ADMIN_TOKEN: ADMIN_TOKEN, GRIOT_DEMO: '0', JAMBONZ_WEBHOOK_SECRET: SECRET, GRIOT_METRICS_TOKEN: METRICS_TOKEN };
const server = spawn(process.execPath, [...process.argv.slice(2), 'runtime/dist/main.js'], { cwd: griotDir, env, stdio: 'ignore' });
let exited = false;
server.on('exit', () => {
  exited = true;
});
const cleanUp = () => {
  if (!exited) server.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
};
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(1));

const base = `http://127.0.0.1:${PORT}`;
const metrics = async () => (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
async function api(method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

for (let i = 0; i < 200; i += 1) {
  try {
    if ((await fetch(`${base}/healthz`)).ok) break;
  } catch {}
  await sleep(100);
}
await sleep(2000);
if (exited) throw new Error(`the server stopped at start (port ${PORT} taken?)`);
const idle = rssMiB(server.pid);
const flow = JSON.parse(readFileSync(join(peerBench, 'griot-flow.json'), 'utf8'));
await api('POST', '/api/flows', { document: flow });
const version = await api('POST', `/api/flows/${flow.id}/publish`, { message: 'memory bench' });
await api('POST', `/api/flows/${flow.id}/environments/production`, { version: version.number });
await api('POST', '/api/bindings', { channel: 'voice', address: '7000', flowId: flow.id, environment: 'production' });

const pool = new Pool(base, { connections: CONC, pipelining: 1 });
let errors = 0;
async function post(path, payload) {
  const body = JSON.stringify(payload);
  const t = Math.floor(Date.now() / 1000);
  const signature = `t=${t},v1=${createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex')}`;
  const response = await pool.request({ path, method: 'POST', headers: { 'content-type': 'application/json', 'jambonz-signature': signature }, body });
  const text = await response.body.text();
  if (response.statusCode >= 300) {
    errors += 1;
    return null;
  }
  return text;
}
let started = 0;
let done = 0;
async function oneCall() {
  const sid = randomUUID();
  const first = await post('/jambonz/call', payloads.callHook(sid, '7000'));
  if (!first) return;
  const verbs = JSON.parse(first);
  const tag = verbs.find((v) => v.verb === 'tag');
  const customerData = tag ? { customerData: tag.data } : {};
  const gather = verbs.find((v) => v.actionHook);
  const answer = await post(new URL(gather.actionHook, base).pathname, { ...payloads.gatherHook(sid, '7000', started % 2 === 0 ? '1' : '2'), ...customerData });
  if (!answer?.includes('hangup')) {
    errors += 1;
    return;
  }
  await post('/jambonz/status', { ...payloads.statusHook(sid, '7000', 14), ...customerData });
  done += 1;
}
async function caller() {
  while (started < CALLS && !exited) {
    started += 1;
    await oneCall().catch(() => {
      errors += 1;
    });
  }
}

let peak = 0;
let heapPeak = 0;
const rssTimer = setInterval(() => {
  if (!exited) peak = Math.max(peak, rssMiB(server.pid));
}, 100);
const heapTimer = setInterval(async () => {
  const total = /^nodejs_heap_size_total_bytes (\S+)/m.exec(await metrics().catch(() => ''));
  if (total) heapPeak = Math.max(heapPeak, Number(total[1]) / 1048576);
}, 1000);
const cpu0 = cpuMs(server.pid);
const t0 = performance.now();
await Promise.all(Array.from({ length: CONC }, caller));
const seconds = (performance.now() - t0) / 1000;
const cpu = cpuMs(server.pid) - cpu0;
clearInterval(rssTimer);
clearInterval(heapTimer);
const gc = {};
for (const m of (await metrics()).matchAll(/^nodejs_gc_duration_seconds_count\{kind="(\w+)"\} (\S+)/gm)) gc[m[1]] = Number(m[2]);
const [load] = readFileSync('/proc/loadavg', 'utf8').split(' ');
console.log(
  `${done} calls (${errors} errors) in ${seconds.toFixed(1)} s, ${(done / seconds).toFixed(0)} calls/s; idle RSS ${idle.toFixed(0)} MiB, peak RSS ${peak.toFixed(1)} MiB, largest heap ${heapPeak.toFixed(0)} MiB; server CPU ${(cpu / done).toFixed(2)} ms/call; GC major ${gc.major ?? 0}, incremental ${gc.incremental ?? 0}, minor ${gc.minor ?? 0}; load ${load}`,
);
const stopped = new Promise((done) => (exited ? done() : server.once('exit', done)));
server.kill('SIGTERM');
await Promise.race([stopped, sleep(5000)]);
await pool.close();
process.exit(0);
