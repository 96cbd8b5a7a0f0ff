/**
 * How long an upload of a recording holds the event loop (every call the server is serving waits
 * that long): the real server on SQLite, ROUNDS uploads over HTTP of a new WAV of 10 MiB (its bytes
 * stored for the first time), each followed by the same bytes uploaded to a second flow (stored
 * already: a row only, migration 35). Per upload, from the request to its answer only: a 5 ms
 * `setInterval` in the server's process noting its latest tick, `monitorEventLoopDelay`, and a
 * `/healthz` round trip every 20 ms. Run from runtime/: `ROUNDS=5 npx tsx ../bench/runtime/uploadStall.ts`.
 */
import { loadavg } from 'node:os';
import { startTestServer, ADMIN_TOKEN } from '../../runtime/test/helpers/testServer.ts';
import { fonWelcomeFlow } from '../../runtime/test/fixtures/fonWelcomeFlow.ts';
import { measureStall } from './stallMeter.ts';

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

const server = await startTestServer({ env: { GRIOT_AUDIO_MAX_MB: '4000', GRIOT_AUDIO_MAX_MB_PER_FLOW: '1000' } });
try {
  for (const id of ['one', 'two']) {
    if ((await server.admin.post('/api/flows', { document: { ...fonWelcomeFlow(id, 'fon/welcome.wav'), name: id } })).status !== 201) throw new Error('create failed');
  }
  async function measured(flow: string, name: string, body: Buffer) {
    const upload = await measureStall(server.url, async () => {
      const answer = await fetch(`${server.url}/api/flows/${flow}/audio?name=${encodeURIComponent(name)}&locale=fon`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'audio/wav' },
        body,
      });
      await answer.arrayBuffer();
      return answer.status;
    });
    return {
      status: upload.value,
      answeredMs: upload.ms,
      intervalLateMaxMs: upload.intervalLateMaxMs,
      loopDelayMaxMs: upload.eventLoopDelayMs.max,
      healthzMaxMs: upload.healthz.max,
    };
  }
  for (let round = 0; round < ROUNDS; round += 1) {
    const body = wav(round);
    const name = `fon/prompt-${round}.wav`;
    const fresh = await measured('one', name, body);
    await new Promise((r) => setTimeout(r, 300));
    const known = await measured('two', name, body);
    await new Promise((r) => setTimeout(r, 300));
    console.log(JSON.stringify({ round, mib: Math.round(FILE_BYTES / 1024 / 1024), newBytes: fresh, knownBytes: known, load: loadavg()[0]!.toFixed(1) }));
  }
} finally {
  await server.stop();
}
