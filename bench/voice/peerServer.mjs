/**
 * A built Griot started the way the peer bench starts it, for the one-off tools of bench/voice
 * (idleRss.mjs, firstCall.mjs, serialPaired.mjs, floor.mjs): `node runtime/dist/main.js` in the
 * tree, signed jambonz webhooks (unless `unsigned`), a fresh DATA_DIR, `/healthz` awaited, then the
 * peer bench's flow published, put in production and bound to voice number 7000 through the API;
 * and the peer bench's call, one at a time (`callPlayer`). PEER_BENCH (../shared/peer-bench) gives
 * its griot-flow.json and payloads.js; SERVER_NODE_ARGS node flags for every server.
 */
import { spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const peerBench = resolve(root, process.env.PEER_BENCH ?? '../shared/peer-bench');
const flowDocument = JSON.parse(readFileSync(join(peerBench, 'griot-flow.json'), 'utf8'));
export const payloads = createRequire(import.meta.url)(join(peerBench, 'payloads.js'));
export const BOUND_NUMBER = '7000';
export const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
export const WEBHOOK_SECRET = 'bench-jambonz-webhook-secret-0123456789';

export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
export const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
export const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
/** CPU ticks (10 ms) of the process's main thread so far, user and system. */
export const mainThreadTicks = (pid) => {
  const fields = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
};
export const p50 = (values) => Float64Array.from(values).sort()[values.length >> 1];

/** The jambonz-signature header for a body, under the bench's secret. */
export function sign(body) {
  const t = Math.floor(Date.now() / 1000);
  return `t=${t},v1=${createHmac('sha256', WEBHOOK_SECRET).update(`${t}.${body}`).digest('hex')}`;
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

/**
 * Starts the tree's server and sets the flow up: `{ child, origin, dataDir, stop() }`. `log`: the
 * server's stdout to `<dataDir>/server.log` (a line costs a write there, as in the peer bench), else
 * dropped.
 */
export async function startPeerServer({ dir, flags, unsigned }, port, { log = false } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'griot-peer-server-'));
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, GRIOT_ADMIN_TOKEN: ADMIN_TOKEN, GRIOT_DEMO: '0', JAMBONZ_WEBHOOK_SECRET: WEBHOOK_SECRET };
  delete env.LOG_LEVEL;
  delete env.NODE_OPTIONS;
  if (unsigned) delete env.JAMBONZ_WEBHOOK_SECRET;
  const args = [...(process.env.SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), ...flags, 'runtime/dist/main.js'];
  const stdout = log ? openSync(join(dataDir, 'server.log'), 'w') : 'ignore';
  const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ['ignore', stdout, 'ignore'] });
  const origin = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
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
  } catch (error) {
    await stop();
    throw error;
  }
  return { child, origin, dataDir, stop };
}

/** Starts the tree's server, sets the flow up, and runs `measure(child, origin)`; stops it whatever happens. */
export async function withPeerServer(tree, port, measure) {
  const { child, origin, stop } = await startPeerServer(tree, port);
  try {
    return await measure(child, origin);
  } finally {
    await stop();
  }
}

/**
 * The peer bench's call, one webhook after the other on `pool` (an undici Pool): the call hook, the
 * gather with `1` (with `customerData` from the `tag` verb; its answer must say the balance, 1500),
 * then the final status when `statusPath` is given. Webhooks are signed when `signed`. Each
 * measured webhook's round trip (ms) goes to `latency.call`, `.action` or `.status`; an answer
 * that is not 2xx, or a gather's without the balance, counts in `errors.count`.
 */
export function callPlayer({ pool, callPath, statusPath, signed }) {
  const latency = { call: [], action: [], status: [] };
  const errors = { count: 0 };
  const post = async (kind, path, payload, measured) => {
    const body = JSON.stringify(payload);
    const headers = { 'content-type': 'application/json', 'user-agent': 'jambonz-perf/1.0' };
    if (signed) headers['jambonz-signature'] = sign(body);
    const started = performance.now();
    const answer = await pool.request({ path, method: 'POST', headers, body });
    const text = await answer.body.text();
    if (measured) latency[kind].push(performance.now() - started);
    if (answer.statusCode >= 300) errors.count += 1;
    return text;
  };
  const playCall = async (measured) => {
    const sid = randomUUID();
    const verbs = JSON.parse(await post('call', callPath, payloads.callHook(sid, BOUND_NUMBER), measured));
    const gather = verbs.find((v) => v?.actionHook);
    const tag = verbs.find((v) => v?.verb === 'tag');
    const customerData = tag ? { customerData: tag.data } : {};
    const action = new URL(gather.actionHook, 'http://x');
    const answer = await post('action', action.pathname + action.search, { ...payloads.gatherHook(sid, BOUND_NUMBER, '1'), ...customerData }, measured);
    if (!answer.includes('1500')) errors.count += 1;
    if (statusPath) await post('status', statusPath, { ...payloads.statusHook(sid, BOUND_NUMBER, 14), ...customerData }, measured);
  };
  return { latency, errors, playCall };
}

/** Each tree RUNS times, alternating (A, B, B, A, …). */
export async function alternating(trees, runs, each) {
  for (let run = 0; run < runs; run += 1) {
    const order = run % 2 === 0 ? trees.map((_, i) => i) : trees.map((_, i) => trees.length - 1 - i);
    for (const i of order) await each(run, i);
  }
}
