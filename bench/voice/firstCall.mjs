/**
 * `node bench/voice/firstCall.mjs <built tree A> [<built tree B> …]` (not in `npm run bench`): what a
 * caller hears of a fresh start — each server started as idleRss.mjs starts it (`node
 * runtime/dist/main.js`, signed jambonz webhooks, fresh DATA_DIR, the peer bench's flow published
 * and bound through the API), then the first call's call hook and a second call's, signed, one
 * after the other: the time of each (client side, loopback), and the server's RSS before the first
 * and 1 s after the second. RUNS (3) starts per tree, trees alternating (A, B, B, A, …); PEER_BENCH
 * (../shared/peer-bench: its payloads.js and griot-flow.json); PORT (3470). `<tree>#<flag>,<flag>`:
 * node flags for that server. Run `npm run build` in each tree first.
 */
import { spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const peerBench = resolve(root, process.env.PEER_BENCH ?? '../shared/peer-bench');
const payloads = createRequire(import.meta.url)(join(peerBench, 'payloads.js'));
const flowDocument = JSON.parse(readFileSync(join(peerBench, 'griot-flow.json'), 'utf8'));
const RUNS = Number(process.env.RUNS ?? 3);
const PORT = Number(process.env.PORT ?? 3470);
const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
const SECRET = 'bench-jambonz-webhook-secret-0123456789';
const trees = process.argv.slice(2).map((arg) => {
  const [dir, flags] = arg.split('#');
  return { dir: resolve(dir), flags: flags ? flags.split(',') : [], label: arg };
});
if (trees.length === 0) throw new Error('usage: node bench/voice/firstCall.mjs <built tree> [<built tree> …]');

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const sign = (body) => {
  const t = Math.floor(Date.now() / 1000);
  return `t=${t},v1=${createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex')}`;
};

async function once({ dir, flags }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'griot-first-call-'));
  const env = { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR: dataDir, GRIOT_ADMIN_TOKEN: ADMIN_TOKEN, GRIOT_DEMO: '0', JAMBONZ_WEBHOOK_SECRET: SECRET };
  delete env.LOG_LEVEL;
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, [...flags, 'runtime/dist/main.js'], { cwd: dir, env, stdio: 'ignore' });
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
    const idle = rssMiB(child.pid);
    const hook = async () => {
      const body = JSON.stringify(payloads.callHook(randomUUID(), '7000'));
      const started = performance.now();
      const answer = await fetch(`${origin}/jambonz/call`, { method: 'POST', headers: { 'content-type': 'application/json', 'jambonz-signature': sign(body) }, body });
      await answer.text();
      if (answer.status !== 200) throw new Error(`call hook: ${answer.status}`);
      return performance.now() - started;
    };
    const first = await hook();
    const second = await hook();
    await sleep(1000);
    return { idle, first, second, after: rssMiB(child.pid) };
  } finally {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

for (let run = 0; run < RUNS; run += 1) {
  const order = run % 2 === 0 ? trees.map((_, i) => i) : trees.map((_, i) => trees.length - 1 - i);
  for (const i of order) {
    const load = loadavg();
    const r = await once(trees[i]);
    console.log(
      `run ${run + 1} ${trees[i].label}: first call hook ${r.first.toFixed(1)} ms, second ${r.second.toFixed(1)} ms; RSS idle ${r.idle.toFixed(1)} MiB, 1 s after the calls ${r.after.toFixed(1)} MiB (load ${load})`,
    );
  }
}
