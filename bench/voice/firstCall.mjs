/**
 * `node bench/voice/firstCall.mjs <built tree A> [<built tree B> …]` (not in `npm run bench`): what a
 * caller hears of a fresh start — each server started as idleRss.mjs starts it (`node
 * runtime/dist/main.js`, signed jambonz webhooks, fresh DATA_DIR, the peer bench's flow published
 * and bound through the API), then the first call's call hook and a second call's, signed, one
 * after the other: the time of each (client side, loopback), and the server's RSS before the first
 * and 1 s after the second. RUNS (3) starts per tree, trees alternating (A, B, B, A, …); PEER_BENCH
 * (../shared/peer-bench: its payloads.js and griot-flow.json); PORT (3470). `<tree>#<flag>,<flag>`:
 * node flags for that server, `#unsigned` no webhook secret (peerServer.mjs). Run `npm run build` in each tree first.
 */
import { randomUUID } from 'node:crypto';
import { alternating, BOUND_NUMBER, loadavg, payloads, rssMiB, sign, sleep, treesOf, withPeerServer } from './peerServer.mjs';

const RUNS = Number(process.env.RUNS ?? 3);
const PORT = Number(process.env.PORT ?? 3470);
const trees = treesOf(process.argv.slice(2), 'usage: node bench/voice/firstCall.mjs <built tree> [<built tree> …]');

const once = (tree) =>
  withPeerServer(tree, PORT, async (child, origin) => {
    const idle = rssMiB(child.pid);
    const hook = async () => {
      const body = JSON.stringify(payloads.callHook(randomUUID(), BOUND_NUMBER));
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
  });

await alternating(trees, RUNS, async (run, i) => {
  const load = loadavg();
  const r = await once(trees[i]);
  console.log(
    `run ${run + 1} ${trees[i].label}: first call hook ${r.first.toFixed(1)} ms, second ${r.second.toFixed(1)} ms; RSS idle ${r.idle.toFixed(1)} MiB, 1 s after the calls ${r.after.toFixed(1)} MiB (load ${load})`,
  );
});
