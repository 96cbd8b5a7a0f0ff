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
import { alternating, loadavg, rssMiB, sleep, treesOf, withPeerServer } from './peerServer.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const SETTLE_MS = Number(process.env.SETTLE_MS ?? 2000);
const PORT = Number(process.env.PORT ?? 3470);
const trees = treesOf(process.argv.slice(2), 'usage: node bench/voice/idleRss.mjs <built tree> [<built tree> …]');
const median = (values) => {
  const sorted = Float64Array.from(values).sort();
  const half = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
};

const once = (tree) =>
  withPeerServer(tree, PORT, async (child) => {
    const atOnce = rssMiB(child.pid);
    await sleep(SETTLE_MS);
    return { atOnce, settled: rssMiB(child.pid) };
  });

const figures = trees.map(() => ({ atOnce: [], settled: [] }));
await alternating(trees, RUNS, async (run, i) => {
  const load = loadavg();
  const r = await once(trees[i]);
  figures[i].atOnce.push(r.atOnce);
  figures[i].settled.push(r.settled);
  console.log(`run ${run + 1} ${trees[i].label}: idle RSS ${r.atOnce.toFixed(1)} MiB, after ${SETTLE_MS} ms ${r.settled.toFixed(1)} MiB (load ${load})`);
});
for (const [i, { label }] of trees.entries()) {
  const f = figures[i];
  console.log(
    `${label}: median idle RSS ${median(f.atOnce).toFixed(1)} MiB (${Math.min(...f.atOnce).toFixed(1)}–${Math.max(...f.atOnce).toFixed(1)}), after ${SETTLE_MS} ms ${median(f.settled).toFixed(1)} MiB`,
  );
}
