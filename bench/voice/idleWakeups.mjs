/**
 * `node bench/voice/idleWakeups.mjs <built tree A> [<built tree B> …]` (not in `npm run bench`):
 * what an idle server costs the machine. Every tree's `node runtime/dist/main.js` (signed jambonz
 * webhooks, a fresh DATA_DIR, the peer bench's flow published and bound: `peerServer.mjs`) runs at
 * the same time, so they see the same machine; after QUIET_MS (25000) with no request, each is
 * watched for MEASURE_MS (30000): times its threads were woken (voluntary context switches, summed
 * over /proc/<pid>/task/*) and CPU (user + system ticks), per second. PROBE_MS (0: none): meanwhile
 * `/healthz` and `/metrics` asked every PROBE_MS, as a balancer and Prometheus do. PEER_BENCH
 * (../shared/peer-bench: its griot-flow.json); PORT_BASE (3470). Run `npm run build` in each tree.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { ADMIN_TOKEN, loadavg, sleep, startPeerServer, treesOf } from './peerServer.mjs';

const QUIET_MS = Number(process.env.QUIET_MS ?? 25_000);
const MEASURE_MS = Number(process.env.MEASURE_MS ?? 30_000);
const PORT_BASE = Number(process.env.PORT_BASE ?? 3470);
const PROBE_MS = Number(process.env.PROBE_MS ?? 0);
const trees = treesOf(process.argv.slice(2), 'usage: node bench/voice/idleWakeups.mjs <built tree> [<built tree> …]');

const wakeUps = (pid) =>
  readdirSync(`/proc/${pid}/task`).reduce((sum, task) => {
    try {
      return sum + Number(/voluntary_ctxt_switches:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/task/${task}/status`, 'utf8'))[1]);
    } catch {
      return sum; // a thread that ended meanwhile
    }
  }, 0);
const cpuTicks = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
};

const servers = [];
try {
  for (const [i, tree] of trees.entries()) servers.push({ ...(await startPeerServer(tree, PORT_BASE + i)), dir: tree.label });
  const probe = () => {
    for (const s of servers) {
      fetch(`${s.origin}/healthz`).then(
        (r) => r.arrayBuffer(),
        () => null,
      );
      fetch(`${s.origin}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }).then(
        (r) => r.arrayBuffer(),
        () => null,
      );
    }
  };
  const prober = PROBE_MS > 0 ? setInterval(probe, PROBE_MS) : undefined;
  await sleep(QUIET_MS);
  const loadBefore = loadavg();
  for (const s of servers) s.before = { wakeUps: wakeUps(s.child.pid), ticks: cpuTicks(s.child.pid) };
  await sleep(MEASURE_MS);
  const loadAfter = loadavg();
  clearInterval(prober);
  console.log(`idle ${QUIET_MS} ms, then watched ${MEASURE_MS} ms${PROBE_MS > 0 ? `, /healthz and /metrics every ${PROBE_MS} ms` : ''}; load ${loadBefore} → ${loadAfter}`);
  for (const s of servers) {
    const woken = ((wakeUps(s.child.pid) - s.before.wakeUps) * 1000) / MEASURE_MS;
    const cpuMs = ((cpuTicks(s.child.pid) - s.before.ticks) * 10 * 1000) / MEASURE_MS;
    console.log(`${s.dir}: woken ${woken.toFixed(1)} times a second, CPU ${cpuMs.toFixed(2)} ms a second`);
  }
} finally {
  await Promise.all(servers.map((s) => s.stop()));
}
