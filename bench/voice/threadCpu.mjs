/**
 * `node bench/voice/threadCpu.mjs <built Griot tree> [<node flag>…]` or `… express` (not in `npm run bench`): the
 * server's CPU per call by thread (user / system µs, from /proc/<pid>/task), one call at a time: a built Griot
 * (signed, the peer bench's flow and its three webhooks, `peerServer.mjs`) or the peer bench's bare express (its
 * two). Shows what the main thread spends in the kernel, and what other threads (V8's platform workers, libuv's
 * pool, the WAL checkpoint's worker) spend beside it. CALLS (1500) after WARMUP (150) calls; PORT (3846);
 * PEER_BENCH (../shared/peer-bench).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { callPlayer, loadavg, sleep, startPeerServer } from './peerServer.mjs';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const peerBench = resolve(root, process.env.PEER_BENCH ?? '../shared/peer-bench');
const CALLS = Number(process.env.CALLS ?? 1500);
const WARMUP = Number(process.env.WARMUP ?? 150);
const PORT = Number(process.env.PORT ?? 3846);
const [target, ...flags] = process.argv.slice(2);
if (!target) throw new Error('usage: node bench/voice/threadCpu.mjs <built tree> [<node flag>…] | express');

const thread = (pid, tid) => {
  const fields = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { user: Number(fields[11]), system: Number(fields[12]) };
};
const threads = (pid) => Object.fromEntries(readdirSync(`/proc/${pid}/task`).map((tid) => [tid, thread(pid, tid)]));

let server;
let player;
if (target === 'express') {
  const env = { ...process.env, NODE_PATH: join(root, 'node_modules') };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, [join(peerBench, 'express-server.js'), String(PORT)], { env, stdio: 'ignore' });
  const origin = `http://127.0.0.1:${PORT}`;
  for (let i = 0; i < 100; i += 1) {
    try {
      await (await fetch(origin, { method: 'OPTIONS' })).arrayBuffer();
      break;
    } catch {}
    await sleep(100);
  }
  server = { child, origin, stop: async () => child.kill('SIGTERM') };
  player = { callPath: '/call', signed: false };
} else {
  server = await startPeerServer({ dir: resolve(target), flags, unsigned: false }, PORT, { log: true });
  player = { callPath: '/jambonz/call', statusPath: '/jambonz/status', signed: true };
}
const pool = new Pool(server.origin, { connections: 1, pipelining: 1 });
try {
  const { playCall } = callPlayer({ pool, ...player });
  for (let i = 0; i < WARMUP; i += 1) await playCall(false);
  const load = loadavg();
  const before = threads(server.child.pid);
  const started = performance.now();
  for (let i = 0; i < CALLS; i += 1) await playCall(true);
  const elapsed = performance.now() - started;
  const after = threads(server.child.pid);
  console.log(`${[target, ...flags].join(' ')}: load ${load} → ${loadavg()}; ${CALLS} calls, ${(elapsed / CALLS).toFixed(3)} ms a call; CPU µs a call by thread (user / system):`);
  for (const [tid, now] of Object.entries(after)) {
    const then = before[tid] ?? { user: 0, system: 0 };
    const user = ((now.user - then.user) * 10_000) / CALLS;
    const system = ((now.system - then.system) * 10_000) / CALLS;
    if (user + system > 0) console.log(`  ${tid === String(server.child.pid) ? 'main' : tid}: ${user.toFixed(0)} / ${system.toFixed(0)}`);
  }
} finally {
  await pool.close();
  await server.stop();
}
