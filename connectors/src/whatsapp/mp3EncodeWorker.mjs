// Resamples and encodes PCM to MP3 (LAME's JavaScript port) on its own thread: a 30-second prompt
// takes seconds of CPU, which on the main thread would stall every caller. Plain JavaScript: a
// worker needs no TS loader. An encoding comes as a stream, one block at a time, so the thread
// never holds a recording's samples whole, only its MP3 (a tenth of a phone WAV's size):
//   { type: 'start', id, sampleCount, sampleRate, mp3SampleRate, kbps }
//   { type: 'block', id, bytes, length }  `length` bytes of 16-bit little-endian samples at the start of the
//                                  transferred buffer `bytes` (an even length) → { id, ack: true, bytes } (the buffer handed back for the next block)
//   { type: 'end', id }            → { id, mp3 } (transferred)
//   { type: 'abort', id }          the caller gave up: forget it
// A failure answers { id, error }. The output is the bytes the whole-file encoder made: the same
// interpolation at the same positions, LAME fed the same 1152-sample frames.
import { parentPort } from 'node:worker_threads';
import { Mp3Encoder } from '@breezystack/lamejs';

const FRAME = 1152;
const encodings = new Map();

parentPort?.on('message', (message) => {
  try {
    if (message.type === 'start') encodings.set(message.id, new StreamingEncoding(message));
    else if (message.type === 'abort') encodings.delete(message.id);
    else {
      const encoding = encodings.get(message.id);
      if (!encoding) throw new Error(`no encoding ${message.id} under way`);
      if (message.type === 'block') {
        encoding.push(new Uint8Array(message.bytes, 0, message.length));
        // The buffer goes back to be filled again: no garbage of a block's size per block.
        parentPort?.postMessage({ id: message.id, ack: true, bytes: message.bytes }, [message.bytes]);
      } else {
        encodings.delete(message.id);
        const mp3 = encoding.finish();
        parentPort?.postMessage({ id: message.id, mp3 }, [mp3.buffer]);
      }
    }
  } catch (error) {
    encodings.delete(message.id);
    parentPort?.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});

/** One recording being encoded: the samples it still needs (one block and the last sample before it), the MP3 so far. */
class StreamingEncoding {
  constructor({ sampleCount, sampleRate, mp3SampleRate, kbps }) {
    if (!Number.isInteger(sampleCount) || sampleCount < 1) throw new Error(`bad sample count ${sampleCount}`);
    this.total = sampleCount;
    this.received = 0;
    this.same = sampleRate === mp3SampleRate;
    this.step = sampleRate / mp3SampleRate;
    // As many output samples as the whole-file resampler made.
    this.outputs = this.same ? sampleCount : Math.max(1, Math.round((sampleCount * mp3SampleRate) / sampleRate));
    this.nextOutput = 0;
    // Input samples held (the first `heldCount` of `held`, reused block after block), the first of them at index `base` of the recording.
    this.held = new Int16Array(0);
    this.heldCount = 0;
    this.base = 0;
    this.frame = new Int16Array(FRAME);
    this.framed = 0;
    this.encoder = new Mp3Encoder(1, mp3SampleRate, kbps);
    this.parts = [];
  }

  push(bytes) {
    if (bytes.length % 2 !== 0) throw new Error('a block of samples has an odd length');
    const count = bytes.length / 2;
    if (this.received + count > this.total) throw new Error('more samples than announced');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const kept = this.heldCount;
    if (this.held.length < kept + count) {
      const grown = new Int16Array(kept + count);
      grown.set(this.held.subarray(0, kept));
      this.held = grown;
    }
    // Little-endian 16-bit samples, whatever the machine's own byte order.
    for (let i = 0; i < count; i += 1) this.held[kept + i] = view.getInt16(i * 2, true);
    this.heldCount = kept + count;
    this.received += count;
    this.resample();
  }

  finish() {
    if (this.received !== this.total) throw new Error(`${this.received} samples of ${this.total} came`);
    this.resample();
    if (this.framed > 0) this.parts.push(this.encoder.encodeBuffer(this.frame.subarray(0, this.framed)));
    this.parts.push(this.encoder.flush());
    const mp3 = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of this.parts) {
      // LAME's port hands back signed bytes: the same bits, read as they are.
      mp3.set(new Uint8Array(part.buffer, part.byteOffset, part.length), offset);
      offset += part.length;
    }
    return mp3;
  }

  /** Linear interpolation (enough for a voice prompt going to a phone's speaker), as far as the samples held allow. */
  resample() {
    // Locals in the loop: it runs once per output sample (9.6 million for a 10-minute prompt).
    const { held, base, step, total, outputs, same } = this;
    const end = base + this.heldCount;
    let next = this.nextOutput;
    let frame = this.frame;
    let framed = this.framed;
    while (next < outputs) {
      let value;
      if (same) {
        if (next >= end) break;
        value = held[next - base];
      } else {
        const position = next * step;
        const left = Math.floor(position);
        const right = Math.min(total - 1, left + 1);
        if (right >= end) break;
        const weight = position - left;
        value = Math.round(held[left - base] * (1 - weight) + held[right - base] * weight);
      }
      frame[framed] = value;
      framed += 1;
      if (framed === FRAME) {
        this.parts.push(this.encoder.encodeBuffer(frame));
        // A new frame: LAME's port may keep a view of the one it was given.
        frame = new Int16Array(FRAME);
        framed = 0;
      }
      next += 1;
    }
    this.nextOutput = next;
    this.frame = frame;
    this.framed = framed;
    // Keep only what the next output needs: from its left sample on.
    const needed = this.same ? this.nextOutput : Math.floor(this.nextOutput * this.step);
    const drop = Math.min(this.heldCount, Math.max(0, needed - this.base));
    if (drop > 0) {
      this.held.copyWithin(0, drop, this.heldCount);
      this.heldCount -= drop;
      this.base += drop;
    }
  }
}
