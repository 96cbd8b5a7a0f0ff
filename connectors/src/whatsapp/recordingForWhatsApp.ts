import { Mp3EncodingUnavailable, type Mp3EncoderThread } from './Mp3EncoderThread.ts';

/** A recording as WhatsApp takes it: its bytes, MIME type and a file name for the upload. */
export interface WhatsAppAudio {
  bytes: Uint8Array;
  contentType: 'audio/mpeg' | 'audio/ogg';
  filename: string;
}

/** A stored recording opened for reading: its size and its bytes, a stored part at a time. */
export interface RecordingParts {
  length: number;
  parts: AsyncIterable<Uint8Array>;
}

/** Why a stored recording cannot become a WhatsApp audio message. */
export class RecordingNotSendable extends Error {}

/** MP3 at 16 kHz (MPEG-2): phones play it everywhere; 8 kHz prompts are doubled to it rather than sent as the rarer MPEG-2.5. */
const MP3_SAMPLE_RATE = 16_000;
const MP3_KBPS = 32;
/** WhatsApp's limit for an audio file: an MP3 or OGG above it is refused here, before it is read. */
const MAX_AUDIO_BYTES = 16 * 1024 * 1024;
/** A WAV's chunks before its samples (fmt, LIST, fact…) fit in far less; more is no phone recording. */
const MAX_WAV_HEADER_BYTES = 64 * 1024;

/**
 * What WhatsApp's audio messages accept (AAC, AMR, MP3, MP4 audio, OGG Opus) made from a
 * recorded prompt: an MP3 or OGG goes as it is; a WAV (what the designer records for the phone:
 * mono 16-bit PCM at 8 to 48 kHz) is encoded to MP3 in JavaScript (LAME's port), so no binary is
 * needed on the server, on the encoder's thread, so the event loop goes on answering callers
 * meanwhile. The WAV is read a stored part at a time: its header here, its samples streamed to
 * the thread, so only the MP3 (a tenth of the WAV) is ever held whole. `key` (the file's hash) lets
 * requests for the same file share one encoding. Rejects with `RecordingNotSendable` for anything
 * else (a header that lies or is cut, a file shorter than it said), `Mp3EncodingUnavailable` if the
 * encoder cannot.
 */
export async function recordingForWhatsApp(name: string, file: RecordingParts, encoder: Mp3EncoderThread, key: string): Promise<WhatsAppAudio> {
  const base = (name.split('/').pop() ?? 'prompt').replace(/\.[^.]*$/, '');
  const reader = new PartReader(file.parts);
  try {
    const head = await reader.fill(12);
    const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, Math.min(to, head.length)));
    if (head.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') {
      return { bytes: await wavToMp3(reader, file.length, encoder, key), contentType: 'audio/mpeg', filename: `${base}.mp3` };
    }
    const mp3 = (head.length >= 3 && ascii(0, 3) === 'ID3') || (head.length >= 2 && head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0);
    const ogg = head.length >= 4 && ascii(0, 4) === 'OggS';
    if (!mp3 && !ogg) throw new RecordingNotSendable(`${name} is not a WAV, MP3 or OGG file`);
    if (file.length > MAX_AUDIO_BYTES) throw new RecordingNotSendable(`${name} is over WhatsApp's 16 MB for audio`);
    const bytes = await reader.fill(file.length);
    if (bytes.length !== file.length) throw new RecordingNotSendable(`${name} ended after ${bytes.length} of its ${file.length} bytes`);
    return { bytes, contentType: ogg ? 'audio/ogg' : 'audio/mpeg', filename: `${base}.${ogg ? 'ogg' : 'mp3'}` };
  } finally {
    await reader.close();
  }
}

/** Mono 16-bit PCM WAV (8 to 48 kHz) → MP3: its header read here (microseconds), its samples streamed, resampled and encoded on the thread (seconds). */
async function wavToMp3(reader: PartReader, length: number, encoder: Mp3EncoderThread, key: string): Promise<Uint8Array> {
  const { dataStart, dataSize, sampleRate } = await wavLayout(reader);
  // A size that lies (more than the file holds) is cut to the file; an odd byte is no sample.
  const sampleCount = Math.floor(Math.max(0, Math.min(dataSize, length - dataStart)) / 2);
  if (sampleCount === 0) throw new RecordingNotSendable('the WAV holds no audio');
  const samples = reader.range(dataStart, sampleCount * 2);
  try {
    return await encoder.encode(key, { pcm: samples, sampleCount, sampleRate, mp3SampleRate: MP3_SAMPLE_RATE, kbps: MP3_KBPS });
  } catch (error) {
    // The file gave out before its samples did: the recording's fault, not the encoder's.
    if (error instanceof Mp3EncodingUnavailable && reader.shortBy !== undefined) throw new RecordingNotSendable(`the WAV ended ${reader.shortBy} bytes short`);
    throw error;
  }
}

/** Where the samples of a mono 16-bit PCM WAV lie (chunks walked to `fmt ` and `data`, within its first 64 KiB), and their rate. */
async function wavLayout(reader: PartReader): Promise<{ dataStart: number; dataSize: number; sampleRate: number }> {
  let format: { audioFormat: number; channels: number; sampleRate: number; bits: number } | undefined;
  for (let at = 12; at + 8 <= MAX_WAV_HEADER_BYTES; ) {
    const head = await reader.fill(at + 8);
    if (head.length < at + 8) break;
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    const id = String.fromCharCode(...head.subarray(at, at + 4));
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      const fmt = await reader.fill(body + 16);
      if (fmt.length < body + 16) break;
      const v = new DataView(fmt.buffer, fmt.byteOffset, fmt.byteLength);
      format = { audioFormat: v.getUint16(body, true), channels: v.getUint16(body + 2, true), sampleRate: v.getUint32(body + 4, true), bits: v.getUint16(body + 14, true) };
    } else if (id === 'data') {
      if (!format) break;
      // 1 = PCM; 0xfffe (extensible) carries PCM in the recordings the designer makes too.
      if ((format.audioFormat !== 1 && format.audioFormat !== 0xfffe) || format.bits !== 16 || format.channels !== 1 || format.sampleRate < 8000 || format.sampleRate > 48_000) {
        throw new RecordingNotSendable(`the WAV is not mono 16-bit PCM at 8 to 48 kHz (${format.channels} channels, ${format.bits} bits, ${format.sampleRate} Hz)`);
      }
      return { dataStart: body, dataSize: size, sampleRate: format.sampleRate };
    }
    at = body + size + (size % 2);
  }
  throw new RecordingNotSendable('the WAV has no readable fmt and data chunks');
}

/**
 * A recording's parts as they come: the first bytes kept for its header (64 KiB at most), then
 * the samples' range yielded part by part, never joined.
 */
class PartReader {
  private readonly iterator: AsyncIterator<Uint8Array>;
  private head: Uint8Array = new Uint8Array(0);
  private done = false;
  /** How many bytes the samples' range missed when the file gave out early. */
  shortBy: number | undefined;

  constructor(parts: AsyncIterable<Uint8Array>) {
    this.iterator = parts[Symbol.asyncIterator]();
  }

  /** The file's first `length` bytes (fewer if it is shorter), read part by part as needed. */
  async fill(length: number): Promise<Uint8Array> {
    // The parts read now joined once (an MP3 of 64 parts read whole is copied once, not 64 times).
    const pieces = [this.head];
    let have = this.head.length;
    while (have < length && !this.done) {
      const next = await this.iterator.next();
      if (next.done) {
        this.done = true;
        break;
      }
      pieces.push(next.value);
      have += next.value.length;
    }
    if (pieces.length > 1) {
      const joined = new Uint8Array(have);
      let at = 0;
      for (const piece of pieces) {
        joined.set(piece, at);
        at += piece.length;
      }
      this.head = joined;
    }
    return this.head.subarray(0, Math.min(length, this.head.length));
  }

  /** Bytes `start` to `start + length` of the file, yielded as they are read (the header's bytes first); fails if the file is shorter. */
  async *range(start: number, length: number): AsyncGenerator<Uint8Array> {
    let at = 0;
    if (start < this.head.length) {
      const first = this.head.subarray(start, Math.min(this.head.length, start + length));
      at = first.length;
      if (first.length > 0) yield first;
    }
    let read = this.head.length;
    this.head = new Uint8Array(0);
    while (at < length && !this.done) {
      const next = await this.iterator.next();
      if (next.done) {
        this.done = true;
        break;
      }
      const part = next.value;
      const from = Math.max(0, start + at - read);
      read += part.length;
      const slice = part.subarray(from, from + (length - at));
      at += slice.length;
      if (slice.length > 0) yield slice;
    }
    if (at < length) {
      this.shortBy = length - at;
      throw new RecordingNotSendable(`the WAV ended ${length - at} bytes short`);
    }
  }

  /** Reads no further part (the Store's reading is let go). */
  async close(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.iterator.return?.();
  }
}
