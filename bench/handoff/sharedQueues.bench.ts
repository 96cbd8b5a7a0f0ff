/**
 * What the handoff inspector's notice of shared queues (`GET /api/flows/{id}/shared-queues`, asked
 * by the designer after each autosave) costs with 200 live flows of 50 queues each: `sharedQueues`
 * on a real SQLite file, each flow with the same document as its draft and as the version
 * production runs, 5 of its queues shared by every flow and 45 its own.
 * `npx tsx bench/handoff/sharedQueues.bench.ts` (from the repository root; FLOWS, QUEUES, CALLS).
 * No target: a figure to compare before and after a change on the same machine (say the load
 * average; the CPU time a call costs moves less with the machine's load than its duration).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentHash, type Flow } from '@griot/flows';
import { SqliteStore } from '../../runtime/src/store/sqlite/SqliteStore.ts';
import { DEMO_FLOW_PATH } from '../../runtime/src/demo/seedDemo.ts';
import { sharedQueues } from '../../runtime/src/flows/sharedQueues.ts';
import type { ServiceContext } from '../../runtime/src/context.ts';

const FLOWS = Number(process.env.FLOWS ?? 200);
const QUEUES = Number(process.env.QUEUES ?? 50);
const SHARED = 5;
const CALLS = Number(process.env.CALLS ?? 50);

const dir = mkdtempSync(join(tmpdir(), 'griot-shared-queues-'));
const store = new SqliteStore(join(dir, 'griot.db'));
try {
  const demo = JSON.parse(readFileSync(DEMO_FLOW_PATH, 'utf8')) as Flow;
  const at = new Date().toISOString();
  for (let i = 0; i < FLOWS; i += 1) {
    const id = `flow-${i}`;
    const handoffs = Array.from({ length: QUEUES }, (_, k) => ({ id: `agent-${k}`, type: 'handoff', queue: k < SHARED ? `shared-${k}` : `own-${i}-${k}` }));
    const document = { ...demo, id, name: `Flow ${i}`, nodes: [...demo.nodes.filter((n) => n.type !== 'handoff'), ...handoffs] } as Flow;
    const hash = contentHash(document);
    await store.createFlow({ id, name: document.name, createdAt: at, createdBy: 'bench', updatedAt: at }, { flowId: id, revision: 1, document, hash, updatedAt: at, updatedBy: 'bench' });
    const version = await store.addVersion({ flowId: id, hash, document, author: 'bench', message: 'v1', createdAt: at });
    await store.setEnvironment(id, 'production', null, { flowId: id, name: 'production', version: version.number, history: [], updatedAt: at, updatedBy: 'bench' });
  }
  const ctx = { store } as unknown as ServiceContext;
  const shared = await sharedQueues(ctx, 'flow-0');
  const times: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < CALLS; i += 1) {
    const started = performance.now();
    await sharedQueues(ctx, `flow-${i % FLOWS}`);
    times.push(performance.now() - started);
  }
  const { user, system } = process.cpuUsage(cpu);
  const cpuPerCall = (user + system) / 1000 / CALLS;
  times.sort((a, b) => a - b);
  const at50 = times[Math.floor(times.length / 2)]!;
  const at95 = times[Math.floor(times.length * 0.95)]!;
  console.log(
    `sharedQueues, ${FLOWS} live flows × ${QUEUES} queues (draft + production version each; ${shared.length} shared by flow-0), ${CALLS} calls: p50 ${at50.toFixed(2)} ms, p95 ${at95.toFixed(2)} ms, CPU ${cpuPerCall.toFixed(2)} ms a call; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
