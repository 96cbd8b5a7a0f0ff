/**
 * How long « Dupliquer » holds the event loop (every call the server is serving waits that long):
 * the real server on SQLite, a flow with FILES recordings of 10 MiB, duplicated over HTTP, with a
 * 5 ms `setInterval` in the server's process noting its longest late tick, `monitorEventLoopDelay`
 * beside it, and a `/healthz` round trip every 20 ms (what a jambonz hook's answer would wait).
 * Only the copy's time is measured (from the request to its answer). Run from runtime/:
 * `FILES=10 npx tsx ../bench/runtime/duplicateStall.ts`; `TREE=/path/to/other/runtime` measures
 * another tree's server (an A/B against the code before a change, built from the same node_modules).
 */
import { createHash } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const TREE = resolve(process.env.TREE ?? new URL('../../runtime', import.meta.url).pathname);
const FILES = Number(process.env.FILES ?? 10);
const FILE_BYTES = 10 * 1024 * 1024 - 64;
const from = (path: string) => import(pathToFileURL(resolve(TREE, path)).href);

const { startTestServer } = await from('test/helpers/testServer.ts');
const { toneWav } = await from('src/audio/toneWav.ts');
const { fonWelcomeFlow } = await from('test/fixtures/fonWelcomeFlow.ts');

const server = await startTestServer({ env: { GRIOT_AUDIO_MAX_MB: '4000', GRIOT_AUDIO_MAX_MB_PER_FLOW: '1000' } });
try {
  const names = Array.from({ length: FILES }, (_, i) => `fon/prompt-${i}.wav`);
  const doc = {
    ...fonWelcomeFlow('catalogue', names[0]!),
    name: 'Catalogue',
    nodes: [
      { id: 'start', type: 'start' },
      ...names.map((audio, i) => ({ id: `m${i}`, type: 'message', prompt: { fon: { audio }, fr: { text: `Message ${i}.` } } })),
      { id: 'bye', type: 'end', reason: 'done' },
    ],
    edges: [
      { id: 'e0', source: 'start', output: 'next', target: 'm0' },
      ...names.map((_, i) => ({ id: `e${i + 1}`, source: `m${i}`, output: 'next', target: i + 1 < names.length ? `m${i + 1}` : 'bye' })),
    ],
  };
  if ((await server.admin.post('/api/flows', { document: doc })).status !== 201) throw new Error('create failed');
  const header = Buffer.from(toneWav(0.01)).subarray(0, 44);
  for (const [i, name] of names.entries()) {
    const body = Buffer.alloc(FILE_BYTES, i);
    header.copy(body);
    const take = server.services.audio.describe('catalogue', name, Buffer.from(toneWav(0.2)));
    await server.store.audio.putAudio({ ...take, bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') }, body);
  }
  await new Promise((r) => setTimeout(r, 500));

  const delay = monitorEventLoopDelay({ resolution: 5 });
  let last = performance.now();
  let lateMax = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    lateMax = Math.max(lateMax, now - last - 5);
    last = now;
  }, 5);
  let copying = true;
  const trips: number[] = [];
  const pinging = (async () => {
    while (copying) {
      const at = performance.now();
      await fetch(`${server.url}/healthz`).then((r) => r.arrayBuffer());
      trips.push(performance.now() - at);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  delay.enable();
  const started = performance.now();
  const answer = await server.admin.post('/api/flows/catalogue/duplicate', { name: 'Catalogue (copie)' });
  const copyMs = performance.now() - started;
  copying = false;
  delay.disable();
  clearInterval(tick);
  await pinging;
  const ms = (n: number) => Math.round(n);
  trips.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      tree: TREE,
      files: FILES,
      mib: Math.round((FILES * FILE_BYTES) / 1024 / 1024),
      status: answer.status,
      copyMs: ms(copyMs),
      intervalLateMaxMs: ms(lateMax),
      eventLoopDelayMs: { p50: ms(delay.percentile(50) / 1e6), p99: ms(delay.percentile(99) / 1e6), max: ms(delay.max / 1e6) },
      healthzDuringCopy: { n: trips.length, max: ms(trips.at(-1) ?? 0) },
      load: loadavg()
        .map((l) => l.toFixed(1))
        .join(' '),
    }),
  );
} finally {
  await server.stop();
}
