/**
 * A built Griot started the way the peer bench starts it, for the one-off tools that time a fresh
 * start (idleRss.mjs, firstCall.mjs): `node runtime/dist/main.js` in the tree, signed jambonz webhooks
 * (unless `unsigned`), a fresh DATA_DIR, `/healthz` awaited, then the peer bench's flow published, put
 * in production and bound to voice number 7000 through the API. PEER_BENCH (../shared/peer-bench)
 * gives its griot-flow.json and payloads.js; SERVER_NODE_ARGS node flags for every server.
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const peerBench = resolve(root, process.env.PEER_BENCH ?? '../shared/peer-bench');
const flowDocument = JSON.parse(readFileSync(join(peerBench, 'griot-flow.json'), 'utf8'));
export const payloads = createRequire(import.meta.url)(join(peerBench, 'payloads.js'));
export const BOUND_NUMBER = '7000';
const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
const SECRET = 'bench-jambonz-webhook-secret-0123456789';

export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
export const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
export const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

/** The jambonz-signature header for a body, under the bench's secret. */
export function sign(body) {
  const t = Math.floor(Date.now() / 1000);
  return `t=${t},v1=${createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex')}`;
}

/** `<tree>#<flag>,<flag>` arguments: node flags for that server alone; `#unsigned`: no webhook secret. */
export function treesOf(args, usage) {
  const trees = args.map((arg) => {
    const [dir, flags] = arg.split('#');
    const list = flags ? flags.split(',') : [];
    return { dir: resolve(dir), flags: list.filter((flag) => flag !== 'unsigned'), unsigned: list.includes('unsigned'), label: arg };
  });
  if (trees.length === 0) throw new Error(usage);
  return trees;
}

/** Starts the tree's server, sets the flow up, and runs `measure(child, origin)`; stops it whatever happens. */
export async function withPeerServer({ dir, flags, unsigned }, port, measure) {
  const dataDir = mkdtempSync(join(tmpdir(), 'griot-peer-server-'));
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, GRIOT_ADMIN_TOKEN: ADMIN_TOKEN, GRIOT_DEMO: '0', JAMBONZ_WEBHOOK_SECRET: SECRET };
  delete env.LOG_LEVEL;
  delete env.NODE_OPTIONS;
  if (unsigned) delete env.JAMBONZ_WEBHOOK_SECRET;
  const args = [...(process.env.SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), ...flags, 'runtime/dist/main.js'];
  const child = spawn(process.execPath, args, { cwd: dir, env, stdio: 'ignore' });
  const origin = `http://127.0.0.1:${port}`;
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
    await api('/api/bindings', { channel: 'voice', address: BOUND_NUMBER, flowId: flowDocument.id, environment: 'production' });
    return await measure(child, origin);
  } finally {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Each tree RUNS times, alternating (A, B, B, A, …). */
export async function alternating(trees, runs, each) {
  for (let run = 0; run < runs; run += 1) {
    const order = run % 2 === 0 ? trees.map((_, i) => i) : trees.map((_, i) => trees.length - 1 - i);
    for (const i of order) await each(run, i);
  }
}
