/**
 * `node bench/voice/serialPaired.mjs <built tree A> [<built tree B> …]` (not in `npm run bench`):
 * the peer bench's "one call at a time" mode, with two or more built servers side by side and
 * their calls alternating (A, B, B, A, …), so each sees the same machine state — on a shared
 * machine the only A/B that holds still. Each server is `node runtime/dist/main.js` with signed
 * jambonz webhooks and a fresh DATA_DIR, running the peer bench's 2-step IVR; each call is the
 * call hook, the gather with `1` (with `customerData` from the `tag` verb) and the final status.
 * Prints, per tree: p50 of each webhook kind and of a whole call, and the server's main-thread
 * CPU per call (/proc); then B ÷ A. CALLS (1000) measured after WARMUP (150) calls each;
 * PEER_BENCH (../shared/peer-bench: its payloads.js and griot-flow.json); SERVER_NODE_ARGS: node
 * flags for every server (e.g. `--require <abs path>/bench/voice/hookTimes.cjs`, time inside the
 * server per hook); `<tree>#<flag>,<flag>`: flags for that server alone (the same tree twice with
 * different node flags, e.g. `#--max-semi-space-size=32`); PORT_BASE (3420): the first server's port, the next ones after it (two runs at
 * once need different ones). Run `npm run build` in each tree first.
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
// Another run on the machine at the same time needs its own ports.
const PORT_BASE = Number(process.env.PORT_BASE ?? 3420);
const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
const SECRET = 'bench-jambonz-webhook-secret-0123456789';
// `<tree>#<flag>,<flag>`: node flags for that server only (after SERVER_NODE_ARGS), e.g. the same tree twice,
// once with `#--max-semi-space-size=32`.
const trees = process.argv.slice(2).map((arg) => {
  const [dir, flags] = arg.split('#');
  return { dir: resolve(dir), flags: flags ? flags.split(',') : [], label: arg };
});
if (trees.length === 0) throw new Error('usage: node bench/voice/serialPaired.mjs <built tree> [<built tree> …]');

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

const servers = trees.map(({ dir, flags, label }, i) => {
  const port = PORT_BASE + i;
  const dataDir = mkdtempSync(join(tmpdir(), 'griot-serial-bench-'));
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, GRIOT_ADMIN_TOKEN: ADMIN_TOKEN, GRIOT_DEMO: '0', JAMBONZ_WEBHOOK_SECRET: SECRET };
  delete env.LOG_LEVEL;
  delete env.NODE_OPTIONS;
  // Its log goes to a file, as in the peer bench (a line costs a write there too).
  const log = openSync(join(dataDir, 'server.log'), 'w');
  const child = spawn(process.execPath, [...(process.env.SERVER_NODE_ARGS?.split(' ') ?? []), ...flags, 'runtime/dist/main.js'], { cwd: dir, env, stdio: ['ignore', log, 'ignore'] });
  return { dir, label, dataDir, child, origin: `http://127.0.0.1:${port}`, latency: { call: [], action: [], status: [] }, errors: 0 };
});

try {
  for (const s of servers) {
    for (let i = 0; i < 200; i += 1) {
      try {
        if ((await fetch(`${s.origin}/healthz`)).ok) break;
      } catch {}
      await sleep(150);
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
    s.pool = new Pool(s.origin, { connections: 1, pipelining: 1 });
  }

  const post = async (s, kind, path, payload, measured) => {
    const body = JSON.stringify(payload);
    const started = performance.now();
    const answer = await s.pool.request({ path, method: 'POST', headers: { 'content-type': 'application/json', 'jambonz-signature': sign(body) }, body });
    const text = await answer.body.text();
    if (measured) s.latency[kind].push(performance.now() - started);
    if (answer.statusCode >= 300) s.errors += 1;
    return text;
  };
  const playCall = async (s, measured) => {
    const sid = randomUUID();
    const verbs = JSON.parse(await post(s, 'call', '/jambonz/call', payloads.callHook(sid, '7000'), measured));
    const gather = verbs.find((v) => v?.actionHook);
    const tag = verbs.find((v) => v?.verb === 'tag');
    const customerData = tag ? { customerData: tag.data } : {};
    const action = new URL(gather.actionHook, 'http://x');
    const answer = await post(s, 'action', action.pathname + action.search, { ...payloads.gatherHook(sid, '7000', '1'), ...customerData }, measured);
    if (!answer.includes('1500')) s.errors += 1;
    await post(s, 'status', '/jambonz/status', { ...payloads.statusHook(sid, '7000', 14), ...customerData }, measured);
  };

  for (let i = 0; i < WARMUP; i += 1) for (const s of servers) await playCall(s, false);
  const loadBefore = loadavg();
  for (const s of servers) s.ticks = mainThreadTicks(s.child.pid);
  for (let i = 0; i < CALLS; i += 1) for (const s of i % 2 === 0 ? servers : [...servers].reverse()) await playCall(s, true);
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
      errors: s.errors,
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
  for (const s of servers) {
    await s.pool?.close();
    s.child.kill('SIGTERM');
  }
  await Promise.all(servers.map((s) => (s.child.exitCode !== null ? undefined : new Promise((done) => s.child.once('exit', done)))));
  for (const s of servers) rmSync(s.dataDir, { recursive: true, force: true });
}
