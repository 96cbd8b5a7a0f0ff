/**
 * How long « Dupliquer » holds the event loop (every call the server is serving waits that long):
 * the real server on SQLite, a flow with FILES recordings of 10 MiB, duplicated over HTTP, with a
 * 5 ms `setInterval` in the server's process noting its longest late tick, `monitorEventLoopDelay`
 * beside it, and a `/healthz` round trip every 20 ms (what a jambonz hook's answer would wait).
 * Only the copy's time is measured (from the request to its answer). Run from runtime/:
 * `FILES=10 npx tsx ../bench/runtime/duplicateStall.ts`; `TREE=/path/to/other/runtime` measures
 * another tree's server (an A/B against the code before a change, built from the same node_modules).
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { catalogueFlow, measureStall, seedRecordings } from './stallMeter.ts';

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
  if ((await server.admin.post('/api/flows', { document: catalogueFlow(fonWelcomeFlow('catalogue', names[0]!), names) })).status !== 201) throw new Error('create failed');
  await seedRecordings(server, 'catalogue', names, FILE_BYTES, Buffer.from(toneWav(0.2)));
  await new Promise((r) => setTimeout(r, 500));

  const copy = await measureStall(server.url, () => server.admin.post('/api/flows/catalogue/duplicate', { name: 'Catalogue (copie)' }));
  console.log(
    JSON.stringify({
      tree: TREE,
      files: FILES,
      mib: Math.round((FILES * FILE_BYTES) / 1024 / 1024),
      status: (copy.value as { status: number }).status,
      copyMs: copy.ms,
      intervalLateMaxMs: copy.intervalLateMaxMs,
      eventLoopDelayMs: copy.eventLoopDelayMs,
      healthzDuringCopy: copy.healthz,
      load: loadavg()
        .map((l) => l.toFixed(1))
        .join(' '),
    }),
  );
} finally {
  await server.stop();
}
