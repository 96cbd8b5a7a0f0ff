/**
 * `node bench/voice/idleRss.mjs <built tree A> [<built tree B> …]` (not in `npm run bench`): the
 * peer bench's idle RSS, measured its way — `node runtime/dist/main.js` with signed jambonz
 * webhooks and a fresh DATA_DIR, started, `/healthz` answered, the peer bench's flow published
 * and put in production through the API and a voice number bound; then VmRSS of the server
 * process (/proc/<pid>/status), read at once as the peer bench does, and again after SETTLE_MS
 * (2000). RUNS (5) starts per tree, trees alternating (A, B, B, A, …); prints each start and the
 * median per tree. PEER_BENCH (../shared/peer-bench: its griot-flow.json); SERVER_NODE_ARGS: node
 * flags for every server; `<tree>#<flag>,<flag>`: flags for that server alone (the same tree twice with
 * different node flags, e.g. `#--max-semi-space-size=2`); `<tree>#unsigned`: that server without
 * JAMBONZ_WEBHOOK_SECRET (the peer bench's unsigned Griot); PORT (3470). Run `npm run build` in each tree first.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const peerBench = resolve(root, process.env.PEER_BENCH ?? '../shared/peer-bench');
const flowDocument = JSON.parse(readFileSync(join(peerBench, 'griot-flow.json'), 'utf8'));
const RUNS = Number(process.env.RUNS ?? 5);
const SETTLE_MS = Number(process.env.SETTLE_MS ?? 2000);
const PORT = Number(process.env.PORT ?? 3470);
const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
const SECRET = 'bench-jambonz-webhook-secret-0123456789';
const trees = process.argv.slice(2).map((arg) => {
  const [dir, flags] = arg.split('#');
  const list = flags ? flags.split(',') : [];
  return { dir: resolve(dir), flags: list.filter((flag) => flag !== 'unsigned'), unsigned: list.includes('unsigned'), label: arg };
});
if (trees.length === 0) throw new Error('usage: node bench/voice/idleRss.mjs <built tree> [<built tree> …]');

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const median = (values) => {
  const sorted = Float64Array.from(values).sort();
  const half = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
};

async function once({ dir, flags, unsigned }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'griot-idle-rss-'));
  const env = { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR: dataDir, GRIOT_ADMIN_TOKEN: ADMIN_TOKEN, GRIOT_DEMO: '0', JAMBONZ_WEBHOOK_SECRET: SECRET };
  delete env.LOG_LEVEL;
  delete env.NODE_OPTIONS;
  if (unsigned) delete env.JAMBONZ_WEBHOOK_SECRET;
  const args = [...(process.env.SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), ...flags, 'runtime/dist/main.js'];
  const child = spawn(process.execPath, args, { cwd: dir, env, stdio: 'ignore' });
  const origin = `http://127.0.0.1:${PORT}`;
  try {
    for (let i = 0; ; i += 1) {
      try {
        if ((await fetch(`${origin}/healthz`)).status < 500) break;
      } catch {}
      if (i > 400) throw new Error(`${dir} did not start`);
      await sleep(50);
    }
    const api = async (path, body) => {
      const answer = await fetch(origin + path, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!answer.ok) throw new Error(`${path}: ${answer.status} ${await answer.text()}`);
      return answer.json();
    };
    await api('/api/flows', { document: flowDocument });
    const version = await api(`/api/flows/${flowDocument.id}/publish`, { message: 'bench' });
    await api(`/api/flows/${flowDocument.id}/environments/production`, { version: version.number });
    await api('/api/bindings', { channel: 'voice', address: '7000', flowId: flowDocument.id, environment: 'production' });
    const atOnce = rssMiB(child.pid);
    await sleep(SETTLE_MS);
    return { atOnce, settled: rssMiB(child.pid) };
  } finally {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const figures = trees.map(() => ({ atOnce: [], settled: [] }));
for (let run = 0; run < RUNS; run += 1) {
  const order = run % 2 === 0 ? trees.map((_, i) => i) : trees.map((_, i) => trees.length - 1 - i);
  for (const i of order) {
    const load = loadavg();
    const r = await once(trees[i]);
    figures[i].atOnce.push(r.atOnce);
    figures[i].settled.push(r.settled);
    console.log(`run ${run + 1} ${trees[i].label}: idle RSS ${r.atOnce.toFixed(1)} MiB, after ${SETTLE_MS} ms ${r.settled.toFixed(1)} MiB (load ${load})`);
  }
}
for (const [i, { label }] of trees.entries()) {
  const f = figures[i];
  console.log(
    `${label}: median idle RSS ${median(f.atOnce).toFixed(1)} MiB (${Math.min(...f.atOnce).toFixed(1)}–${Math.max(...f.atOnce).toFixed(1)}), after ${SETTLE_MS} ms ${median(f.settled).toFixed(1)} MiB`,
  );
}
