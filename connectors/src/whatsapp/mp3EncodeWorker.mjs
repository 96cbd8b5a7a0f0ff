// Resamples and encodes PCM to MP3 (LAME's JavaScript port) on its own thread: a 30-second prompt
// takes seconds of CPU, which on the main thread would stall every caller. Plain JavaScript: a
// worker needs no TS loader. Jobs come one at a time: { id, samples (16-bit LE bytes), sampleRate,
// mp3SampleRate, kbps }; the answer is { id, mp3 } or { id, error }.
import { parentPort } from 'node:worker_threads';
import { Mp3Encoder } from '@breezystack/lamejs';

const FRAME = 1152;

parentPort?.on('message', (job) => {
  try {
    const pcm = resample(readInt16(job.samples), job.sampleRate, job.mp3SampleRate);
    const encoder = new Mp3Encoder(1, job.mp3SampleRate, job.kbps);
    const parts = [];
    for (let at = 0; at < pcm.length; at += FRAME) parts.push(encoder.encodeBuffer(pcm.subarray(at, at + FRAME)));
    parts.push(encoder.flush());
    const mp3 = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      // LAME's port hands back signed bytes: the same bits, read as they are.
      mp3.set(new Uint8Array(part.buffer, part.byteOffset, part.length), offset);
      offset += part.length;
    }
    parentPort?.postMessage({ id: job.id, mp3 }, [mp3.buffer]);
  } catch (error) {
    parentPort?.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
  }
});

/** Little-endian 16-bit samples, whatever the machine's own byte order. */
function readInt16(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const samples = new Int16Array(Math.floor(bytes.byteLength / 2));
  for (let i = 0; i < samples.length; i += 1) samples[i] = view.getInt16(i * 2, true);
  return samples;
}

/** Linear interpolation: enough for a voice prompt going to a phone's speaker. */
function resample(samples, from, to) {
  if (from === to) return samples;
  const out = new Int16Array(Math.max(1, Math.round((samples.length * to) / from)));
  const step = from / to;
  for (let i = 0; i < out.length; i += 1) {
    const position = i * step;
    const left = Math.floor(position);
    const right = Math.min(samples.length - 1, left + 1);
    const weight = position - left;
    out[i] = Math.round((samples[left] ?? 0) * (1 - weight) + (samples[right] ?? 0) * weight);
  }
  return out;
}
