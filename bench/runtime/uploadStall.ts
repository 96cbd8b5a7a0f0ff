/**
 * How long an upload of a recording holds the event loop (every call the server is serving waits
 * that long): the real server on SQLite, ROUNDS uploads over HTTP of a new WAV of 10 MiB (its bytes
 * stored for the first time), each followed by the same bytes uploaded to a second flow (stored
 * already: a row only, migration 35). Per upload, from the request to its answer only: a 5 ms
 * `setInterval` in the server's process noting its latest tick, `monitorEventLoopDelay`, and a
 * `/healthz` round trip every 20 ms; the upload sent by another process, started before (an editor's
 * browser is not in the server's process: fetch's own copies of the body, or spawning a client,
 * would otherwise be counted); and a store write (a heartbeat, in the group commit as a call's
 * turn is) every 10 ms, the slowest to resolve: from its call (`writeMaxMs`, the write lock waited
 * for), from when it was due (`writeLateMaxMs`: a write made in one piece stops the loop, and no
 * write is even made meanwhile, so only this counts it), and of those due while the store put the
 * recording, the body read already (`writeLateWhileStoringMaxMs`).
 * Run from runtime/: `ROUNDS=5 npx tsx ../bench/runtime/uploadStall.ts`; `TREE=/path/to/other/runtime`
 * measures another tree's server (an A/B against the code before a change, same node_modules).
 */
import { spawn } from 'node:child_process';
import { writeFile, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { measureStall } from './stallMeter.ts';

const TREE = resolve(process.env.TREE ?? new URL('../../runtime', import.meta.url).pathname);
const from = (path: string) => import(pathToFileURL(resolve(TREE, path)).href);
const { startTestServer, ADMIN_TOKEN } = await from('test/helpers/testServer.ts');
const { fonWelcomeFlow } = await from('test/fixtures/fonWelcomeFlow.ts');

const ROUNDS = Number(process.env.ROUNDS ?? 5);
/** The upload route's limit is 10 MiB: a WAV of 10 MiB less a little (8 kHz 16-bit mono, about 11 minutes). */
const FILE_BYTES = 10 * 1024 * 1024 - 1024;

function wav(seed: number): Buffer {
  const body = Buffer.alloc(FILE_BYTES);
  for (let i = 44; i < FILE_BYTES; i += 1) body[i] = (i * 31 + seed * 7) & 0xff;
  const data = FILE_BYTES - 44;
  body.write('RIFF', 0, 'ascii');
  body.writeUInt32LE(36 + data, 4);
  body.write('WAVE', 8, 'ascii');
  body.write('fmt ', 12, 'ascii');
  body.writeUInt32LE(16, 16);
  body.writeUInt16LE(1, 20);
  body.writeUInt16LE(1, 22);
  body.writeUInt32LE(8000, 24);
  body.writeUInt32LE(16000, 28);
  body.writeUInt16LE(2, 32);
  body.writeUInt16LE(16, 34);
  body.write('data', 36, 'ascii');
  body.writeUInt32LE(data, 40);
  return body;
}

/** The uploading client: a line `url file` in, the answer's status out. */
const client = spawn(
  process.execPath,
  [
    '--input-type=module',
    '-e',
    `import { readFile } from 'node:fs/promises';
     import { createInterface } from 'node:readline';
     for await (const line of createInterface({ input: process.stdin })) {
       const [url, file] = line.split(' ');
       const answer = await fetch(url, { method: 'POST', headers: { authorization: 'Bearer ${ADMIN_TOKEN}', 'content-type': 'audio/wav' }, body: await readFile(file) });
       await answer.arrayBuffer();
       process.stdout.write(answer.status + '\\n');
     }`,
  ],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
const answers = createInterface({ input: client.stdout! })[Symbol.asyncIterator]();

const server = await startTestServer({ env: { GRIOT_AUDIO_MAX_MB: '4000', GRIOT_AUDIO_MAX_MB_PER_FLOW: '1000' } });
try {
  for (const id of ['one', 'two']) {
    if ((await server.admin.post('/api/flows', { document: { ...fonWelcomeFlow(id, 'fon/welcome.wav'), name: id } })).status !== 201) throw new Error('create failed');
  }
  async function measured(flow: string, name: string, body: Buffer) {
    // A turn's write every 10 ms meanwhile: from its call to its commit.
    let writing = true;
    const waits: number[] = [];
    // From when the write was due (10 ms after the last one committed: a call's webhook arriving then)
    // to its commit: counts the loop stopped before it was even made (a write in one piece stops it)
    // as well as the write lock waited for.
    const late: number[] = [];
    // Writes due while the store was putting the recording (its own stretch, the body already read).
    const lateWhileStoring: number[] = [];
    // When the store put it (a write made in one piece ends before the loop can note a late write: compared by time).
    const storing = { from: Number.POSITIVE_INFINITY, to: Number.POSITIVE_INFINITY };
    const audio = server.store.audio as { putAudio: (...args: unknown[]) => Promise<boolean> };
    const put = audio.putAudio;
    audio.putAudio = async (...args) => {
      storing.from = performance.now();
      try {
        return await put(...args);
      } finally {
        storing.to = performance.now();
      }
    };
    const turns = (async () => {
      let due = performance.now();
      while (writing) {
        const at = performance.now();
        await server.store.writeHeartbeat('bench', new Date().toISOString());
        const done = performance.now();
        waits.push(done - at);
        late.push(done - due);
        if (due <= storing.to && done >= storing.from) lateWhileStoring.push(done - due);
        due = done + 10;
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const file = join(tmpdir(), `uploadStall-${process.pid}.wav`);
    await writeFile(file, body);
    const upload = await measureStall(server.url, async () => {
      client.stdin!.write(`${server.url}/api/flows/${flow}/audio?name=${encodeURIComponent(name)}&locale=fon ${file}\n`);
      return Number((await answers.next()).value);
    });
    await rm(file, { force: true });
    writing = false;
    await turns;
    audio.putAudio = put;
    return {
      status: upload.value,
      answeredMs: upload.ms,
      intervalLateMaxMs: upload.intervalLateMaxMs,
      loopDelayMaxMs: upload.eventLoopDelayMs.max,
      healthzMaxMs: upload.healthz.max,
      writeMaxMs: Math.round(Math.max(0, ...waits)),
      writeLateMaxMs: Math.round(Math.max(0, ...late)),
      writeLateWhileStoringMaxMs: Math.round(Math.max(0, ...lateWhileStoring)),
    };
  }
  for (let round = 0; round < ROUNDS; round += 1) {
    const body = wav(round);
    const name = `fon/prompt-${round}.wav`;
    const fresh = await measured('one', name, body);
    await new Promise((r) => setTimeout(r, 300));
    const known = await measured('two', name, body);
    await new Promise((r) => setTimeout(r, 300));
    console.log(JSON.stringify({ tree: TREE, round, mib: Math.round(FILE_BYTES / 1024 / 1024), newBytes: fresh, knownBytes: known, load: loadavg()[0]!.toFixed(1) }));
  }
} finally {
  client.stdin!.end();
  await server.stop();
}
