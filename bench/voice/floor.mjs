/**
 * `node bench/voice/floor.mjs [<built Griot tree>]` (not in `npm run bench`): what a webhook costs at
 * the least, one call at a time, against what Griot costs. Servers side by side, their calls
 * alternating (BLOCK calls each in turn, 1 by default), the peer bench's client (undici Pool,
 * one connection, its jambonz payloads, signed when the server checks signatures):
 * - `bare`: node's `http`, the body read and parsed, the 2-step IVR's answer (`floorServer.cjs`);
 * - `express`: the peer bench's `express-server.js` (express 5.3.0, `express.json()`);
 * - `signed`: `bare` + jambonz's signature checked (HMAC-SHA256, constant time);
 * - `commit`: `signed` + one ~400-byte row committed in SQLite (WAL, `synchronous = NORMAL`) before the answer;
 * - `wide` (only when named in SYSTEMS): `commit` over about the b-trees a Griot turn writes (a session
 *   upserted with its key and expiry indexes, the turn's row with four indexes, one transaction);
 * - `griot`: `node runtime/dist/main.js` of the tree given (default: this one, built), signed webhooks,
 *   the peer bench's flow, and, as in the peer bench, the call status hook after the gather.
 * Prints per server the p50 per webhook (every webhook of the run, as the peer bench's "round trip
 * per webhook"), per call, the main thread's CPU per call, each ÷ express. CALLS (1000) after
 * WARMUP (150); SYSTEMS (bare,express,signed,commit,griot); PORT_BASE (3760); PEER_BENCH
 * (../shared/peer-bench).
 */
import { spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const peerBench = resolve(root, process.env.PEER_BENCH ?? '../shared/peer-bench');
const payloads = createRequire(import.meta.url)(join(peerBench, 'payloads.js'));
const flowDocument = JSON.parse(readFileSync(join(peerBench, 'griot-flow.json'), 'utf8'));
const CALLS = Number(process.env.CALLS ?? 1000);
const WARMUP = Number(process.env.WARMUP ?? 150);
const BLOCK = Number(process.env.BLOCK ?? 1);
const PORT_BASE = Number(process.env.PORT_BASE ?? 3760);
const SYSTEMS = (process.env.SYSTEMS ?? 'bare,express,signed,commit,griot').split(',');
const griotTree = resolve(process.argv[2] ?? root);
const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
const SECRET = 'bench-jambonz-webhook-secret-0123456789';

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
const mainThreadTicks = (pid) => {
  const fields = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
};
const p50 = (values) => Float64Array.from(values).sort()[values.length >> 1];
const sign = (body) => {
  const t = Math.floor(Date.now() / 1000);
  return `t=${t},v1=${createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex')}`;
};

const servers = SYSTEMS.map((name, i) => {
  const port = PORT_BASE + i;
  const dataDir = mkdtempSync(join(tmpdir(), `griot-floor-${name}-`));
  const env = { ...process.env, JAMBONZ_WEBHOOK_SECRET: SECRET };
  delete env.NODE_OPTIONS;
  delete env.LOG_LEVEL;
  const log = openSync(join(dataDir, 'server.log'), 'w');
  const stdio = ['ignore', log, log];
  let child;
  if (name === 'griot') {
    Object.assign(env, { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, GRIOT_ADMIN_TOKEN: ADMIN_TOKEN, GRIOT_DEMO: '0' });
    child = spawn(process.execPath, ['runtime/dist/main.js'], { cwd: griotTree, env, stdio });
  } else if (name === 'express') {
    // The peer bench's server, with this repository's express (5.3.0, as the peer bench's).
    env.NODE_PATH = join(root, 'node_modules');
    child = spawn(process.execPath, [join(peerBench, 'express-server.js'), String(port)], { env, stdio });
  } else child = spawn(process.execPath, [join(root, 'bench/voice/floorServer.cjs'), name, String(port), dataDir], { cwd: root, env, stdio });
  const griot = name === 'griot';
  return {
    name,
    dataDir,
    child,
    origin: `http://127.0.0.1:${port}`,
    callPath: griot ? '/jambonz/call' : '/call',
    statusPath: griot ? '/jambonz/status' : undefined,
    signed: name !== 'bare' && name !== 'express',
    latency: { call: [], action: [], status: [] },
    errors: 0,
  };
});

try {
  for (const s of servers) {
    for (let i = 0; i < 200; i += 1) {
      try {
        const answer = await fetch(s.name === 'griot' ? `${s.origin}/healthz` : s.origin, { method: s.name === 'griot' ? 'GET' : 'OPTIONS' });
        await answer.arrayBuffer();
        break;
      } catch {}
      await sleep(150);
    }
    if (s.name === 'griot') {
      const api = async (path, body) => {
        const answer = await fetch(s.origin + path, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        if (!answer.ok) throw new Error(`${path}: ${answer.status} ${await answer.text()}`);
        return answer.json();
      };
      await api('/api/flows', { document: flowDocument });
      const version = await api(`/api/flows/${flowDocument.id}/publish`, { message: 'bench' });
      await api(`/api/flows/${flowDocument.id}/environments/production`, { version: version.number });
      await api('/api/bindings', { channel: 'voice', address: '7000', flowId: flowDocument.id, environment: 'production' });
    }
    s.pool = new Pool(s.origin, { connections: 1, pipelining: 1, keepAliveTimeout: 60_000, keepAliveMaxTimeout: 600_000 });
  }

  const post = async (s, kind, path, payload, measured) => {
    const body = JSON.stringify(payload);
    const headers = { 'content-type': 'application/json', 'user-agent': 'jambonz-perf/1.0' };
    if (s.signed) headers['jambonz-signature'] = sign(body);
    const started = performance.now();
    const answer = await s.pool.request({ path, method: 'POST', headers, body });
    const text = await answer.body.text();
    if (measured) s.latency[kind].push(performance.now() - started);
    if (answer.statusCode >= 300) s.errors += 1;
    return text;
  };
  const playCall = async (s, measured) => {
    const sid = randomUUID();
    const verbs = JSON.parse(await post(s, 'call', s.callPath, payloads.callHook(sid, '7000'), measured));
    const gather = verbs.find((v) => v?.actionHook);
    const tag = verbs.find((v) => v?.verb === 'tag');
    const customerData = tag ? { customerData: tag.data } : {};
    const action = new URL(gather.actionHook, 'http://x');
    const answer = await post(s, 'action', action.pathname + action.search, { ...payloads.gatherHook(sid, '7000', '1'), ...customerData }, measured);
    if (!answer.includes('1500')) s.errors += 1;
    if (s.statusPath) await post(s, 'status', s.statusPath, { ...payloads.statusHook(sid, '7000', 14), ...customerData }, measured);
  };

  for (let i = 0; i < WARMUP; i += 1) for (const s of servers) await playCall(s, false);
  const loadBefore = loadavg();
  for (const s of servers) s.ticks = mainThreadTicks(s.child.pid);
  for (let i = 0; i < CALLS; i += BLOCK) {
    for (const s of (i / BLOCK) % 2 === 0 ? servers : [...servers].reverse()) for (let j = 0; j < BLOCK && i + j < CALLS; j += 1) await playCall(s, true);
  }
  const loadAfter = loadavg();

  const rows = servers.map((s) => {
    const { call, action, status } = s.latency;
    return {
      name: s.name,
      webhook: p50([...call, ...action, ...status]),
      callAction: p50([...call, ...action]),
      call: p50(call),
      action: p50(action),
      status: status.length ? p50(status) : Number.NaN,
      perCall: p50(call.map((ms, i) => ms + action[i] + (status[i] ?? 0))),
      cpu: ((mainThreadTicks(s.child.pid) - s.ticks) * 10) / CALLS,
      errors: s.errors,
    };
  });
  const express = rows.find((r) => r.name === 'express') ?? rows[0];
  console.log(`load ${loadBefore} → ${loadAfter}; ${CALLS} calls per server, ${BLOCK} at a time, alternating; p50 in ms (÷ ${express.name})`);
  const f = (value, key) => `${value[key].toFixed(3)} (${(value[key] / express[key]).toFixed(2)})`;
  for (const r of rows)
    console.log(
      `${r.name.padEnd(8)} per webhook ${f(r, 'webhook')}; call+action hooks ${f(r, 'callAction')}; call ${f(r, 'call')}, action ${f(r, 'action')}, status ${Number.isNaN(r.status) ? '—' : r.status.toFixed(3)}; per call ${f(r, 'perCall')}; main-thread CPU per call ${f(r, 'cpu')} ms; errors ${r.errors}`,
    );
} finally {
  for (const s of servers) {
    await s.pool?.close();
    s.child.kill('SIGTERM');
  }
  await Promise.all(servers.map((s) => (s.child.exitCode !== null ? undefined : new Promise((done) => s.child.once('exit', done)))));
  for (const s of servers) rmSync(s.dataDir, { recursive: true, force: true });
}
