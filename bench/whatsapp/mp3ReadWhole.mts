// An MP3 prompt (15 MiB, 60 stored parts of 256 KiB) read whole for WhatsApp's upload, five times: the time the event loop spends joining the parts.
// From the repository root: npx tsx bench/whatsapp/mp3ReadWhole.mts
import { recordingForWhatsApp } from '../../connectors/src/whatsapp/recordingForWhatsApp.ts';
const PART = 256 * 1024, N = 60;
const part = new Uint8Array(PART); part[0] = 0x49; part[1] = 0x44; part[2] = 0x33; // ID3
async function* parts() { for (let i = 0; i < N; i++) yield i === 0 ? part : new Uint8Array(PART); }
const t = performance.now();
for (let r = 0; r < 5; r++) await recordingForWhatsApp('p.mp3', { length: PART * N, parts: parts() }, {} as never, 'k');
console.log(`5 reads of a ${(PART * N / 1048576).toFixed(0)} MiB MP3: ${(performance.now() - t).toFixed(0)} ms, load ${(await import('node:os')).loadavg()[0].toFixed(2)}`);
