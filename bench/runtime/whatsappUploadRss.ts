/**
 * What sending a recorded prompt over WhatsApp holds (rec31 measured the "before", wa31 the
 * "after"): the SQLite store on a file with UPLOADS distinct WAV recordings of 9.6 MB (600 s,
 * 8 kHz mono 16-bit, in 256 KiB parts), read as the runtime reads them for WhatsApp
 * (`mountChannels`: since wa31 `open`, a stored part at a time; before, `read`, whole: the reader
 * offers both and the code under test takes the one it knows), encoded to MP3 on the encoder's
 * thread and handed to a Graph stub holding the multipart body as `GraphClient.uploadMedia` makes it
 * (pieces since wa31, a `Buffer.concat` before: `JOIN=1`); all UPLOADS at once (distinct files: no
 * shared encoding). The process's peak RSS (sampled every 2 ms; the encoder's thread is in it)
 * above its RSS just before. Run from runtime/: `UPLOADS=4 node --expose-gc --import tsx ../bench/runtime/whatsappUploadRss.ts`.
 * `MEDIA_DIR=/path/to/an/older/connectors/src/whatsapp` measures another version of the channel's
 * code (e.g. `git archive <commit> connectors/src | tar -x -C /tmp/old`) with the same store and stub.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WhatsAppMedia as WhatsAppMediaType } from '../../connectors/src/whatsapp/WhatsAppMedia.ts';
import { toneWav } from '../../runtime/src/audio/toneWav.ts';
import { SqliteStore } from '../../runtime/src/store/sqlite/SqliteStore.ts';

const UPLOADS = Number(process.env.UPLOADS ?? 4);
const JOIN = process.env.JOIN === '1';
const mediaDir = process.env.MEDIA_DIR ?? new URL('../../connectors/src/whatsapp', import.meta.url).pathname;
const { WhatsAppMedia } = (await import(`${mediaDir}/WhatsAppMedia.ts`)) as { WhatsAppMedia: typeof WhatsAppMediaType };
const MIB = 1024 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'griot-waRss-'));
const store = new SqliteStore(join(dir, 'griot.db'));
let media: WhatsAppMediaType | undefined;
try {
  const wav = toneWav(600);
  for (let u = 0; u < UPLOADS; u += 1) {
    const body = Buffer.from(wav);
    // A different last sample each: distinct files, distinct encodings.
    body[body.length - 1] = u;
    await store.audio.putAudio({ flowId: 'one', name: `fon/long-${u}.wav`, contentType: 'audio/wav', bytes: body.length, uploadedAt: new Date().toISOString() }, body);
  }
  let uploadedBytes = 0;
  media = new WhatsAppMedia({
    audio: {
      info: async (flowId, name) => {
        const found = await store.audio.getAudioInfo(flowId, name);
        return found ? { sha256: found.sha256 } : null;
      },
      // As mountChannels reads a recording for WhatsApp: opened, in parts (wa31 on).
      open: async (flowId: string, name: string) => {
        const found = await store.audio.openAudio(flowId, name);
        return found ? { sha256: found.audio.sha256, length: found.length, parts: found.parts } : null;
      },
      // Before wa31: read whole.
      read: async (flowId: string, name: string) => {
        const found = await store.audio.readAudio(flowId, name);
        return found ? { content: found.content, sha256: found.audio.sha256 } : null;
      },
    } as never,
    graph: {
      uploadMedia: async (_phone, file) => {
        // The multipart body GraphClient builds (pieces; JOIN=1: its Buffer.concat before wa31), then a network's time.
        const pieces = [Buffer.from('--b\r\ncontent-disposition: form-data; name="file"\r\n\r\n'), file.bytes, Buffer.from('\r\n--b--\r\n')];
        const body = JOIN ? [Buffer.concat(pieces)] : pieces;
        uploadedBytes += body.reduce((n, piece) => n + piece.length, 0);
        await new Promise((r) => setTimeout(r, 50));
        return { outcome: 'uploaded', id: `media-${Math.random()}`, attempts: 1 };
      },
    },
  });
  // The encoder's thread started and warm (its own baseline is not the uploads' cost).
  const warm = toneWav(1);
  await store.audio.putAudio({ flowId: 'one', name: 'fon/warm.wav', contentType: 'audio/wav', bytes: warm.length, uploadedAt: new Date().toISOString() }, warm);
  await media.idFor('phone', 'one', 'fon/warm.wav');
  uploadedBytes = 0;
  globalThis.gc?.();
  await new Promise((r) => setTimeout(r, 300));
  const before = process.memoryUsage().rss;
  let top = before;
  const sampler = setInterval(() => {
    top = Math.max(top, process.memoryUsage().rss);
  }, 2);
  const started = performance.now();
  const outcomes = await Promise.all(Array.from({ length: UPLOADS }, (_, u) => media!.idFor('phone', 'one', `fon/long-${u}.wav`)));
  clearInterval(sampler);
  console.log(
    JSON.stringify({
      uploads: UPLOADS,
      code: process.env.MEDIA_DIR ? mediaDir : 'this tree',
      outcomes: outcomes.map((o) => o.outcome),
      peakAboveMiB: Math.round(((top - before) / MIB) * 10) / 10,
      ms: Math.round(performance.now() - started),
      uploadedMiB: Math.round((uploadedBytes / MIB) * 10) / 10,
      load: loadavg().map((l) => Math.round(l * 10) / 10),
    }),
  );
} finally {
  await media?.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
