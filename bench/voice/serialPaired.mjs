/**
 * `node bench/voice/serialPaired.mjs <built tree A> [<built tree B> …]` (not in `npm run bench`):
 * the peer bench's "one call at a time" mode, with two or more built servers side by side and
 * their calls alternating (A, B, B, A, …), so each sees the same machine state — on a shared
 * machine the only A/B that holds still. Each server is `node runtime/dist/main.js` with signed
 * jambonz webhooks (unless `<tree>#unsigned`) and a fresh DATA_DIR (`peerServer.mjs`), running the peer bench's 2-step IVR; each call is the
 * call hook, the gather with `1` (with `customerData` from the `tag` verb) and the final status.
 * Prints, per tree: p50 of each webhook kind and of a whole call, and the server's main-thread
 * CPU per call (/proc); then B ÷ A. CALLS (1000) measured after WARMUP (150) calls each;
 * PEER_BENCH (../shared/peer-bench: its payloads.js and griot-flow.json); SERVER_NODE_ARGS: node
 * flags for every server (e.g. `--require <abs path>/bench/voice/hookTimes.cjs`, time inside the
 * server per hook); `<tree>#<flag>,<flag>`: flags for that server alone (the same tree twice with
 * different node flags, e.g. `#--max-semi-space-size=32`); PORT_BASE (3420): the first server's port, the next ones after it (two runs at
 * once need different ones). Run `npm run build` in each tree first.
 */
import { Pool } from 'undici';
import { callPlayer, loadavg, mainThreadTicks, p50, startPeerServer, treesOf } from './peerServer.mjs';

const CALLS = Number(process.env.CALLS ?? 1000);
const WARMUP = Number(process.env.WARMUP ?? 150);
// Another run on the machine at the same time needs its own ports.
const PORT_BASE = Number(process.env.PORT_BASE ?? 3420);
const trees = treesOf(process.argv.slice(2), 'usage: node bench/voice/serialPaired.mjs <built tree> [<built tree> …]');

const servers = [];
try {
  for (const [i, tree] of trees.entries()) {
    const server = await startPeerServer(tree, PORT_BASE + i, { log: true });
    const pool = new Pool(server.origin, { connections: 1, pipelining: 1 });
    servers.push({ ...server, label: tree.label, pool, ...callPlayer({ pool, callPath: '/jambonz/call', statusPath: '/jambonz/status', signed: !tree.unsigned }) });
  }

  for (let i = 0; i < WARMUP; i += 1) for (const s of servers) await s.playCall(false);
  const loadBefore = loadavg();
  for (const s of servers) s.ticks = mainThreadTicks(s.child.pid);
  for (let i = 0; i < CALLS; i += 1) for (const s of i % 2 === 0 ? servers : [...servers].reverse()) await s.playCall(true);
  const loadAfter = loadavg();

  const rows = servers.map((s) => {
    const { call, action, status } = s.latency;
    return {
      tree: s.label,
      call: p50(call),
      action: p50(action),
      status: p50(status),
      perCall: p50(call.map((ms, i) => ms + action[i] + status[i])),
      // What the peer bench's "time per call" reads (calls/s over the run): tails count.
      meanPerCall: call.reduce((sum, ms, i) => sum + ms + action[i] + status[i], 0) / call.length,
      mainCpuMsPerCall: ((mainThreadTicks(s.child.pid) - s.ticks) * 10) / CALLS,
      errors: s.errors.count,
    };
  });
  console.log(`load ${loadBefore} → ${loadAfter}; ${CALLS} calls per server, alternating; p50 in ms`);
  for (const r of rows)
    console.log(
      `${r.tree}: call ${r.call.toFixed(3)}, action ${r.action.toFixed(3)}, status ${r.status.toFixed(3)}, whole call ${r.perCall.toFixed(3)} (mean ${r.meanPerCall.toFixed(3)}); main thread ${r.mainCpuMsPerCall.toFixed(2)} ms CPU per call; errors ${r.errors}`,
    );
  for (const r of rows.slice(1)) {
    const ratio = (key) => (r[key] / rows[0][key]).toFixed(3);
    console.log(
      `÷ first: call ${ratio('call')}, action ${ratio('action')}, status ${ratio('status')}, whole call ${ratio('perCall')} (mean ${ratio('meanPerCall')}), main-thread CPU ${ratio('mainCpuMsPerCall')}`,
    );
  }
} finally {
  for (const s of servers) await s.pool.close();
  await Promise.all(servers.map((s) => s.stop()));
}
