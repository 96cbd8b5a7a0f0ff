/**
 * What a supervisor's wallboard poll and the agent app's queue list cost with 50 live flows:
 * `knownQueues` (the queues live flows can hand over to) on a real SQLite file, each flow with
 * the 1919 demo's document as its draft and as the version production runs.
 * `npx tsx bench/handoff/knownQueues.bench.ts` (from the repository root). No target: a figure
 * to compare before and after a change on the same machine (say the load average).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentHash, type Flow } from '@griot/flows';
import { SqliteStore } from '../../runtime/src/store/sqlite/SqliteStore.ts';
import { DEMO_FLOW_PATH } from '../../runtime/src/demo/seedDemo.ts';
import { knownQueues } from '../../runtime/src/handoff/knownQueues.ts';
import type { HandoffService } from '../../runtime/src/handoff/HandoffService.ts';

const FLOWS = Number(process.env.FLOWS ?? 50);
const CALLS = Number(process.env.CALLS ?? 200);

const dir = mkdtempSync(join(tmpdir(), 'griot-known-queues-'));
const store = new SqliteStore(join(dir, 'griot.db'));
try {
  const demo = JSON.parse(readFileSync(DEMO_FLOW_PATH, 'utf8')) as Flow;
  const at = new Date().toISOString();
  for (let i = 0; i < FLOWS; i += 1) {
    const id = `flow-${i}`;
    const document = { ...demo, id, name: `Flow ${i}` } as Flow;
    const hash = contentHash(document);
    await store.createFlow({ id, name: document.name, createdAt: at, createdBy: 'bench', updatedAt: at }, { flowId: id, revision: 1, document, hash, updatedAt: at, updatedBy: 'bench' });
    const version = await store.addVersion({ flowId: id, hash, document, author: 'bench', message: 'v1', createdAt: at });
    await store.setEnvironment(id, 'production', null, { flowId: id, name: 'production', version: version.number, history: [], updatedAt: at, updatedBy: 'bench' });
  }
  const handoff = { store } as unknown as HandoffService;
  const names = (await knownQueues(handoff)).names;
  const times: number[] = [];
  for (let i = 0; i < CALLS; i += 1) {
    const started = performance.now();
    await knownQueues(handoff);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at50 = times[Math.floor(times.length / 2)]!;
  const at95 = times[Math.floor(times.length * 0.95)]!;
  console.log(
    `knownQueues, ${FLOWS} live flows (draft + production version each, ${names.length} queues), ${CALLS} calls: p50 ${at50.toFixed(2)} ms, p95 ${at95.toFixed(2)} ms; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
