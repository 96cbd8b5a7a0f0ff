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
 *   the peer bench's flow, and, as in the peer bench, the call status hook after the gather
 *   (`peerServer.mjs`: SERVER_NODE_ARGS, node flags, apply to it).
 * Prints per server the p50 per webhook (every webhook of the run, as the peer bench's "round trip
 * per webhook"), per call, the main thread's CPU per call, each ÷ express. CALLS (1000) after
 * WARMUP (150); SYSTEMS (bare,express,signed,commit,griot); PORT_BASE (3760); PEER_BENCH
 * (../shared/peer-bench).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { callPlayer, loadavg, mainThreadTicks, p50, sleep, startPeerServer, WEBHOOK_SECRET } from './peerServer.mjs';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const peerBench = resolve(root, process.env.PEER_BENCH ?? '../shared/peer-bench');
const CALLS = Number(process.env.CALLS ?? 1000);
const WARMUP = Number(process.env.WARMUP ?? 150);
const BLOCK = Number(process.env.BLOCK ?? 1);
const PORT_BASE = Number(process.env.PORT_BASE ?? 3760);
const SYSTEMS = (process.env.SYSTEMS ?? 'bare,express,signed,commit,griot').split(',');
const griotTree = resolve(process.argv[2] ?? root);

/** A floor server (not Griot): `{ child, origin, stop() }`, once it answers. */
async function startFloorServer(name, port) {
  const dataDir = mkdtempSync(join(tmpdir(), `griot-floor-${name}-`));
  const env = { ...process.env, JAMBONZ_WEBHOOK_SECRET: WEBHOOK_SECRET };
  delete env.NODE_OPTIONS;
  delete env.LOG_LEVEL;
  const log = openSync(join(dataDir, 'server.log'), 'w');
  const stdio = ['ignore', log, log];
  let child;
  if (name === 'express') {
    // The peer bench's server, with this repository's express (5.3.0, as the peer bench's).
    env.NODE_PATH = join(root, 'node_modules');
    child = spawn(process.execPath, [join(peerBench, 'express-server.js'), String(port)], { env, stdio });
  } else child = spawn(process.execPath, [join(root, 'bench/voice/floorServer.cjs'), name, String(port), dataDir], { cwd: root, env, stdio });
  const origin = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  for (let i = 0; i < 200; i += 1) {
    try {
      await (await fetch(origin, { method: 'OPTIONS' })).arrayBuffer();
      break;
    } catch {}
    await sleep(150);
  }
  return { child, origin, stop };
}

const servers = [];
try {
  for (const [i, name] of SYSTEMS.entries()) {
    const griot = name === 'griot';
    const server = griot ? await startPeerServer({ dir: griotTree, flags: [], unsigned: false }, PORT_BASE + i, { log: true }) : await startFloorServer(name, PORT_BASE + i);
    const pool = new Pool(server.origin, { connections: 1, pipelining: 1, keepAliveTimeout: 60_000, keepAliveMaxTimeout: 600_000 });
    const player = callPlayer({ pool, callPath: griot ? '/jambonz/call' : '/call', statusPath: griot ? '/jambonz/status' : undefined, signed: name !== 'bare' && name !== 'express' });
    servers.push({ ...server, name, pool, ...player });
  }

  for (let i = 0; i < WARMUP; i += 1) for (const s of servers) await s.playCall(false);
  const loadBefore = loadavg();
  for (const s of servers) s.ticks = mainThreadTicks(s.child.pid);
  for (let i = 0; i < CALLS; i += BLOCK) {
    for (const s of (i / BLOCK) % 2 === 0 ? servers : [...servers].reverse()) for (let j = 0; j < BLOCK && i + j < CALLS; j += 1) await s.playCall(true);
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
      errors: s.errors.count,
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
  for (const s of servers) await s.pool.close();
  await Promise.all(servers.map((s) => s.stop()));
}
