/**
 * What concurrent reads of a 10 MiB recording cost the server in memory (rec30, item 2, before
 * any streaming): the real server on SQLite (in this process), one recording stored in parts,
 * then READERS concurrent GETs of it (`/audio/<flow>/<name>`, as jambonz fetches a prompt), each
 * body read and dropped as it arrives; the process's peak RSS (sampled every 2 ms) above its RSS
 * just before, and the same for READERS range requests of 1 MiB across part edges.
 * Run from runtime/: `READERS=20 npx tsx ../bench/runtime/readRss.ts`; `TREE=/path/to/other/runtime` for another tree.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const TREE = resolve(process.env.TREE ?? new URL('../../runtime', import.meta.url).pathname);
const from = (path: string) => import(pathToFileURL(resolve(TREE, path)).href);
const { startTestServer, ADMIN_TOKEN } = await from('test/helpers/testServer.ts');
const { fonWelcomeFlow } = await from('test/fixtures/fonWelcomeFlow.ts');
const READERS = Number(process.env.READERS ?? 20);
const FILE_BYTES = 10 * 1024 * 1024 - 1024;
const MIB = 1024 * 1024;

const server = await startTestServer({ env: { GRIOT_AUDIO_MAX_MB: '4000', GRIOT_AUDIO_MAX_MB_PER_FLOW: '1000' } });
try {
  if ((await server.admin.post('/api/flows', { document: { ...fonWelcomeFlow('one', 'fon/welcome.wav'), name: 'one' } })).status !== 201) throw new Error('create failed');
  const body = Buffer.alloc(FILE_BYTES);
  for (let i = 0; i < FILE_BYTES; i += 1) body[i] = (i * 31) & 0xff;
  await server.store.audio.putAudio({ flowId: 'one', name: 'fon/long.wav', contentType: 'audio/wav', bytes: FILE_BYTES, uploadedAt: new Date().toISOString() }, body);
  const url = `${server.url}/audio/one/fon/long.wav`;
  async function peak(headers: (i: number) => Record<string, string>) {
    globalThis.gc?.();
    await new Promise((r) => setTimeout(r, 200));
    const before = process.memoryUsage().rss;
    let top = before;
    const sampler = setInterval(() => {
      top = Math.max(top, process.memoryUsage().rss);
    }, 2);
    const started = performance.now();
    const sizes = await Promise.all(
      Array.from({ length: READERS }, async (_, i) => {
        const answer = await fetch(url, { headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...headers(i) } });
        let bytes = 0;
        for await (const chunk of answer.body!) bytes += (chunk as Uint8Array).byteLength;
        return bytes;
      }),
    );
    clearInterval(sampler);
    return { peakAboveMiB: Math.round(((top - before) / MIB) * 10) / 10, ms: Math.round(performance.now() - started), bytes: sizes.reduce((a, b) => a + b, 0) };
  }
  const whole = await peak(() => ({}));
  const ranges = await peak((i) => ({ range: `bytes=${(i % 9) * MIB + 100}-${(i % 9) * MIB + 100 + MIB - 1}` }));
  console.log(JSON.stringify({ tree: TREE, readers: READERS, whole, ranges, load: loadavg().map((l) => Math.round(l * 10) / 10) }));
} finally {
  await server.stop();
}
