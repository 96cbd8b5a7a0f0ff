/**
 * `npx tsx bench/voice/turnFrames.bench.ts` (from the repository root): the pages one call of the
 * peer bench's 2-step IVR writes to the store's WAL, hook by hook, and which table or index each
 * page belongs to. Every page a commit touches is a 4 KiB WAL frame and two `pwrite64`s, and
 * later a checkpoint's copy: fewer pages per hook is a cheaper commit (issue 17, part 3).
 *
 * The calls run in process, one at a time, as `ivrStore.bench.ts` runs them (the same caller
 * every time: a returning caller). After each hook the WAL's last frame is read from the
 * wal-index (`-shm`: `mxFrame`, and the salts that change when the WAL starts over), the frame
 * headers from the WAL, and their pages' owners from SQLite's `dbstat`.
 *
 * BENCH_CALLS (300) calls after 50 to warm up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { twoStepIvr } from '../../runtime/test/helpers/twoStepIvr.ts';
import { inProcessLink, SimulatedCall } from '../../connectors/src/voice/testing/index.ts';
import { VoiceCallHandler } from '../../connectors/src/voice/voiceCallHandler.ts';
import { loadConfig } from '../../runtime/src/config.ts';
import { createLogger } from '../../runtime/src/logger.ts';
import { createServices } from '../../runtime/src/services.ts';
import { SqliteStore } from '../../runtime/src/store/sqlite/SqliteStore.ts';
import { publishFlow } from '../../runtime/src/conversations/testSupport.ts';
import { pagesWrittenSince, walPosition } from '../../runtime/src/store/sqlite/testing/walPages.ts';

const CALLS = Number(process.env.BENCH_CALLS ?? 300);
const WARM_UP = 50;
const HOOKS = ['call hook', 'action hook', 'status hook'] as const;

const dir = mkdtempSync(join(tmpdir(), 'griot-turn-frames-'));
const path = join(dir, 'griot.db');
const store = new SqliteStore(path);
const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', NODE_ENV: 'test' });
const services = createServices({ config, store, logger: createLogger(config) });
await publishFlow(store, twoStepIvr);
const at = new Date().toISOString();
await store.putBinding({ id: 'line-1919', channel: 'voice', address: '1919', flowId: twoStepIvr.id, environment: 'production', testers: [], settings: {}, createdAt: at, updatedAt: at });
const link = inProcessLink(new VoiceCallHandler({ conversations: services.conversations, bindings: store }));
const reader = new Database(path, { readonly: true });

const owners = () =>
  new Map(
    reader
      .prepare<[], { name: string; pageno: number }>('SELECT name, pageno FROM dbstat')
      .all()
      .map((r) => [r.pageno, r.name]),
  );

/** Runs `hook` and returns the pages its commits wrote (a page written by two commits counts twice). */
async function pagesWritten(hook: () => Promise<unknown>): Promise<number[]> {
  const before = walPosition(path);
  await hook();
  await services.conversations.idle();
  return pagesWrittenSince(path, before);
}

const frames = HOOKS.map(() => 0);
/** Per call, how many calls wrote that many pages. */
const perCall = new Map<number, number>();
const byOwner = HOOKS.map(() => new Map<string, number>());
async function call(n: number, counted: boolean): Promise<void> {
  const simulated = new SimulatedCall(link, { callSid: `CA-frames-${n}`, from: '+2290197000001', to: '1919' });
  const steps = [() => simulated.start(), () => simulated.press(n % 2 === 0 ? '1' : '2'), () => simulated.hangup()];
  let written = 0;
  for (let h = 0; h < steps.length; h += 1) {
    const pages = await pagesWritten(steps[h]!);
    written += pages.length;
    if (!counted) continue;
    frames[h] += pages.length;
    const names = owners();
    for (const page of pages) {
      const name = names.get(page) ?? (page === 1 ? 'sqlite_schema' : 'free or new page');
      byOwner[h]!.set(name, (byOwner[h]!.get(name) ?? 0) + 1);
    }
  }
  if (counted) perCall.set(written, (perCall.get(written) ?? 0) + 1);
}

try {
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(`load average before: ${load()}`);
  for (let n = 0; n < WARM_UP; n += 1) await call(n, false);
  for (let n = WARM_UP; n < WARM_UP + CALLS; n += 1) await call(n, true);
  const per = (count: number) => (count / CALLS).toFixed(2);
  console.log(`2-step IVR, ${CALLS} calls one at a time: WAL frames per call ${per(frames.reduce((a, b) => a + b, 0))}`);
  console.log(
    `  calls by frames written: ${[...perCall]
      .sort((a, b) => a[0] - b[0])
      .map(([n, calls]) => `${n}: ${calls}`)
      .join(', ')}`,
  );
  HOOKS.forEach((hook, h) => {
    const parts = [...byOwner[h]!].sort((a, b) => b[1] - a[1]).map(([name, count]) => `${name} ${per(count)}`);
    console.log(`  ${hook}: ${per(frames[h]!)} frames${parts.length ? ` (${parts.join(', ')})` : ''}`);
  });
  console.log(`load average after: ${load()}`);
} finally {
  reader.close();
  await services.conversations.idle();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
