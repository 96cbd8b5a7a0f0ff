/**
 * « Dupliquer » of a large flow (FILES × 10 MiB of recordings) on the real server with SQLite, and
 * what others suffer meanwhile: an upload to another flow started 200 ms into the copy (how long
 * until its answer, which status), a flow creation likewise, and the event loop's delay (a call's
 * turn waits that long). Run from runtime/: `FILES=50 npx tsx ../bench/runtime/duplicateLarge.ts`.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { startTestServer, ADMIN_TOKEN } from '../../runtime/test/helpers/testServer.ts';
import { toneWav } from '../../runtime/src/audio/toneWav.ts';
import { fonWelcomeFlow } from '../../runtime/test/fixtures/fonWelcomeFlow.ts';
import { catalogueFlow, seedRecordings } from './stallMeter.ts';

const FILES = Number(process.env.FILES ?? 50);
const FILE_BYTES = 10 * 1024 * 1024 - 64;

const server = await startTestServer({ env: { GRIOT_AUDIO_MAX_MB: '4000', GRIOT_AUDIO_MAX_MB_PER_FLOW: '1000' } });
try {
  const names = Array.from({ length: FILES }, (_, i) => `fon/prompt-${i}.wav`);
  const doc = catalogueFlow(fonWelcomeFlow('catalogue', names[0]!), names);
  if ((await server.admin.post('/api/flows', { document: doc })).status !== 201) throw new Error('create failed');
  if ((await server.admin.post('/api/flows', { document: { ...fonWelcomeFlow('other', 'fon/welcome.wav'), name: 'Other' } })).status !== 201) throw new Error('create other failed');
  await seedRecordings(server, 'catalogue', names, FILE_BYTES, Buffer.from(toneWav(0.2)));
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const started = Date.now();
  delay.enable();
  const copying = server.admin.post('/api/flows/catalogue/duplicate', { name: 'Catalogue (copie)' }).then((r) => ({ status: r.status, ms: Date.now() - started }));
  await new Promise((r) => setTimeout(r, 200));
  const uploadAt = Date.now();
  const upload = fetch(`${server.url}/api/flows/other/audio?name=fon%2Fwelcome.wav&locale=fon`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'audio/wav' },
    body: Buffer.from(toneWav(0.5)),
  }).then((r) => ({ status: r.status, ms: Date.now() - uploadAt }));
  const createAt = Date.now();
  const create = server.admin.post('/api/flows', { document: { ...fonWelcomeFlow('newone', 'fon/welcome.wav'), name: 'New one' } }).then((r) => ({ status: r.status, ms: Date.now() - createAt }));
  const [copy, up, made] = await Promise.all([copying, upload, create]);
  delay.disable();
  const ms = (ns: number) => Math.round(ns / 1e6);
  console.log(
    JSON.stringify({
      files: FILES,
      mib: Math.round((FILES * FILE_BYTES) / 1024 / 1024),
      copy,
      uploadDuringCopy: up,
      createDuringCopy: made,
      eventLoopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
      load: loadavg()
        .map((l) => l.toFixed(1))
        .join(' '),
    }),
  );
} finally {
  await server.stop();
}
