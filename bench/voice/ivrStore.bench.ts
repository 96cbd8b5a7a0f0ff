/**
 * `npx tsx bench/voice/ivrStore.bench.ts` (from the repository root): what one call of the peer
 * bench's 2-step IVR (`../shared/peer-bench/griot-flow.json`: welcome and a menu, then balance or
 * goodbye and the end) costs the engine and its SQLite store, in process and one call at a time:
 * call hook, the menu's action hook, the final status, through the voice handler and the engine
 * as the server wires them (`createServices`: analytics facts, agent queues), on a store file in a
 * temporary directory. Prints CPU and wall time per call. The store's SQL statements per call are
 * counted (and bounded) by `runtime/test/voice.storeStatements.test.ts`.
 *
 * BENCH_CALLS (2000) calls after 200 to warm up; the same caller every time (a returning caller,
 * the common case). CPU time shrugs off other jobs' load better than wall time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { twoStepIvr } from '../../runtime/test/helpers/twoStepIvr.ts';
import { inProcessLink, SimulatedCall } from '../../connectors/src/voice/testing/index.ts';
import { VoiceCallHandler } from '../../connectors/src/voice/voiceCallHandler.ts';
import { loadConfig } from '../../runtime/src/config.ts';
import { createLogger } from '../../runtime/src/logger.ts';
import { createServices } from '../../runtime/src/services.ts';
import { SqliteStore } from '../../runtime/src/store/sqlite/SqliteStore.ts';
import { publishFlow } from '../../runtime/src/conversations/testSupport.ts';

const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const WARM_UP = 200;

const ivr = twoStepIvr;

const dir = mkdtempSync(join(tmpdir(), 'griot-ivr-store-bench-'));
const store = new SqliteStore(join(dir, 'griot.db'));
const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', NODE_ENV: 'test' });
const services = createServices({ config, store, logger: createLogger(config) });
await publishFlow(store, ivr);
const at = new Date().toISOString();
await store.putBinding({ id: 'line-1919', channel: 'voice', address: '1919', flowId: ivr.id, environment: 'production', testers: [], settings: {}, createdAt: at, updatedAt: at });
const link = inProcessLink(new VoiceCallHandler({ conversations: services.conversations, bindings: store }));

async function call(n: number): Promise<void> {
  const simulated = new SimulatedCall(link, { callSid: `CA-bench-${n}`, from: '+2290197000001', to: '1919' });
  await simulated.start();
  await simulated.press(n % 2 === 0 ? '1' : '2');
  await simulated.hangup();
}

try {
  console.log(
    `load average before the run: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (other work on the machine skews every figure)`,
  );
  for (let n = 0; n < WARM_UP; n += 1) await call(n);
  const cpu = process.cpuUsage();
  const began = performance.now();
  for (let n = WARM_UP; n < WARM_UP + CALLS; n += 1) await call(n);
  const wallMs = performance.now() - began;
  const used = process.cpuUsage(cpu);
  const us = (ms: number) => `${((ms / CALLS) * 1000).toFixed(0)} µs`;
  console.log(`2-step IVR, ${CALLS} calls one at a time (3 hooks each): per call CPU ${us((used.user + used.system) / 1000)}, wall ${us(wallMs)}`);
  console.log(
    `load average after the run: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
} finally {
  await services.conversations.idle();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
