/**
 * `node bench/voice/idleWakeups.mjs <built tree A> [<built tree B> …]` (not in `npm run bench`):
 * what an idle server costs the machine. Every tree's `node runtime/dist/main.js` (signed jambonz
 * webhooks, a fresh DATA_DIR, the peer bench's flow published and bound, as `idleRss.mjs`) runs at
 * the same time, so they see the same machine; after QUIET_MS (25000) with no request, each is
 * watched for MEASURE_MS (30000): times its threads were woken (voluntary context switches, summed
 * over /proc/<pid>/task/*) and CPU (user + system ticks), per second. PROBE_MS (0: none): meanwhile
 * `/healthz` and `/metrics` asked every PROBE_MS, as a balancer and Prometheus do. PEER_BENCH
 * (../shared/peer-bench: its griot-flow.json); PORT_BASE (3470). Run `npm run build` in each tree.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const peerBench = resolve(root, process.env.PEER_BENCH ?? '../shared/peer-bench');
const flowDocument = JSON.parse(readFileSync(join(peerBench, 'griot-flow.json'), 'utf8'));
const QUIET_MS = Number(process.env.QUIET_MS ?? 25_000);
const MEASURE_MS = Number(process.env.MEASURE_MS ?? 30_000);
const PORT_BASE = Number(process.env.PORT_BASE ?? 3470);
const PROBE_MS = Number(process.env.PROBE_MS ?? 0);
const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
const SECRET = 'bench-jambonz-webhook-secret-0123456789';
const trees = process.argv.slice(2).map((dir) => resolve(dir));
if (trees.length === 0) throw new Error('usage: node bench/voice/idleWakeups.mjs <built tree> [<built tree> …]');

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
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

const servers = trees.map((dir, i) => {
  const port = PORT_BASE + i;
  const dataDir = mkdtempSync(join(tmpdir(), 'griot-idle-wakeups-'));
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, GRIOT_ADMIN_TOKEN: ADMIN_TOKEN, GRIOT_DEMO: '0', JAMBONZ_WEBHOOK_SECRET: SECRET };
  delete env.LOG_LEVEL;
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, ['runtime/dist/main.js'], { cwd: dir, env, stdio: 'ignore' });
  return { dir, dataDir, child, origin: `http://127.0.0.1:${port}` };
});
try {
  for (const s of servers) {
    for (let i = 0; ; i += 1) {
      try {
        if ((await fetch(`${s.origin}/healthz`)).status < 500) break;
      } catch {}
      if (i > 600) throw new Error(`${s.dir} did not start`);
      await sleep(50);
    }
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
  for (const s of servers) s.child.kill('SIGTERM');
  await Promise.all(servers.map((s) => (s.child.exitCode !== null ? undefined : new Promise((done) => s.child.once('exit', done)))));
  for (const s of servers) rmSync(s.dataDir, { recursive: true, force: true });
}
