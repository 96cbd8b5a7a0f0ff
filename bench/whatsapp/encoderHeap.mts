// The MP3 encoder thread's memory while it encodes a WhatsApp voice note (rec32, item 3): a 600 s prompt at 8 kHz
// (9.6 MB of samples, 256 KiB blocks as the Store's parts) encoded to MP3 at 16 kHz, 32 kbit/s, on a fresh thread
// per run with the young generation bounded or not (`maxYoungGenerationSizeMb`); the process's peak RSS (the
// thread's included, sampled every 5 ms) above its RSS before the thread started, and the time. The settings
// alternate within each round. From the repository root: node --expose-gc --import tsx bench/whatsapp/encoderHeap.mts
// (YOUNG=default,16,8,4 ROUNDS=2 SECONDS=600).
import { loadavg } from 'node:os';
import { Mp3EncoderThread } from '../../connectors/src/whatsapp/Mp3EncoderThread.ts';

const SECONDS = Number(process.env.SECONDS ?? 600);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const SETTINGS = (process.env.YOUNG ?? 'default,16,8,4').split(',').map((s) => (s === 'default' ? undefined : Number(s)));
const RATE = 8000;
const BLOCK = 256 * 1024;
const MIB = 1024 * 1024;

const pcm = Buffer.alloc(SECONDS * RATE * 2);
for (let i = 0; i < SECONDS * RATE; i += 1) pcm.writeInt16LE(Math.round(6000 * Math.sin(i / 7) + 3000 * Math.sin(i / 31)), i * 2);
async function* blocks() {
  for (let at = 0; at < pcm.length; at += BLOCK) yield pcm.subarray(at, at + BLOCK);
}

const rows: string[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  const order = round % 2 === 0 ? SETTINGS : [...SETTINGS].reverse();
  for (const young of order) {
    globalThis.gc?.();
    await new Promise((r) => setTimeout(r, 300));
    const before = process.memoryUsage().rss;
    let top = before;
    const sampler = setInterval(() => {
      top = Math.max(top, process.memoryUsage().rss);
    }, 5);
    const thread = new Mp3EncoderThread(young === undefined ? { youngGenerationMb: undefined } : { youngGenerationMb: young });
    const started = performance.now();
    const mp3 = await thread.encode(`run-${round}-${young}`, { pcm: blocks(), sampleCount: SECONDS * RATE, sampleRate: RATE, mp3SampleRate: 16000, kbps: 32 });
    const ms = performance.now() - started;
    clearInterval(sampler);
    await thread.close();
    const row = `round ${round + 1}, young ${young ?? 'default'} MiB: peak +${((top - before) / MIB).toFixed(1)} MiB, ${(ms / 1000).toFixed(1)} s, MP3 ${(mp3.length / MIB).toFixed(2)} MiB, load ${loadavg()[0]!.toFixed(1)}`;
    rows.push(row);
    console.log(row);
  }
}
