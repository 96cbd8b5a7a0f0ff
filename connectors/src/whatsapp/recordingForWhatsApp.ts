import { Mp3Encoder } from '@breezystack/lamejs';

/** A recording as WhatsApp takes it: its bytes, MIME type and a file name for the upload. */
export interface WhatsAppAudio {
  bytes: Uint8Array;
  contentType: 'audio/mpeg' | 'audio/ogg';
  filename: string;
}

/** Why a stored recording cannot become a WhatsApp audio message. */
export class RecordingNotSendable extends Error {}

/** MP3 at 16 kHz (MPEG-2): phones play it everywhere; 8 kHz prompts are doubled to it rather than sent as the rarer MPEG-2.5. */
const MP3_SAMPLE_RATE = 16_000;
const MP3_KBPS = 32;
const FRAME = 1152;

/**
 * What WhatsApp's audio messages accept (AAC, AMR, MP3, MP4 audio, OGG Opus) made from a
 * recorded prompt: an MP3 or OGG goes as it is; a WAV (what the designer records for the phone:
 * mono 16-bit PCM at 8 or 16 kHz) is encoded to MP3 here, in JavaScript (LAME's port), so no
 * binary is needed on the server. Throws `RecordingNotSendable` for anything else.
 */
export function recordingForWhatsApp(name: string, bytes: Uint8Array): WhatsAppAudio {
  const base = (name.split('/').pop() ?? 'prompt').replace(/\.[^.]*$/, '');
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') {
    return { bytes: wavToMp3(bytes), contentType: 'audio/mpeg', filename: `${base}.mp3` };
  }
  if (bytes.length >= 4 && ascii(0, 4) === 'OggS') return { bytes, contentType: 'audio/ogg', filename: `${base}.ogg` };
  if ((bytes.length >= 3 && ascii(0, 3) === 'ID3') || (bytes.length >= 2 && bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0)) {
    return { bytes, contentType: 'audio/mpeg', filename: `${base}.mp3` };
  }
  throw new RecordingNotSendable(`${name} is not a WAV, MP3 or OGG file`);
}

/** Mono 16-bit PCM WAV (8 or 16 kHz) → MP3. */
export function wavToMp3(wav: Uint8Array): Uint8Array {
  const { samples, sampleRate } = readPcm16Mono(wav);
  const pcm = sampleRate === MP3_SAMPLE_RATE ? samples : resample(samples, sampleRate, MP3_SAMPLE_RATE);
  const encoder = new Mp3Encoder(1, MP3_SAMPLE_RATE, MP3_KBPS);
  const parts: Uint8Array[] = [];
  for (let at = 0; at < pcm.length; at += FRAME) parts.push(encoder.encodeBuffer(pcm.subarray(at, at + FRAME)));
  parts.push(encoder.flush());
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    // LAME's port hands back signed bytes: the same bits, read as they are.
    out.set(new Uint8Array(part.buffer, part.byteOffset, part.length), offset);
    offset += part.length;
  }
  return out;
}

/** The samples of a mono 16-bit PCM WAV (chunks walked to `fmt ` and `data`). */
function readPcm16Mono(wav: Uint8Array): { samples: Int16Array; sampleRate: number } {
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  const tag = (at: number) => String.fromCharCode(wav[at] ?? 0, wav[at + 1] ?? 0, wav[at + 2] ?? 0, wav[at + 3] ?? 0);
  let format: { audioFormat: number; channels: number; sampleRate: number; bits: number } | undefined;
  for (let at = 12; at + 8 <= wav.length; ) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ' && body + 16 <= wav.length) {
      format = { audioFormat: view.getUint16(body, true), channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true), bits: view.getUint16(body + 14, true) };
    } else if (id === 'data') {
      if (!format) break;
      // 1 = PCM; 0xfffe (extensible) carries PCM in the recordings the designer makes too.
      if ((format.audioFormat !== 1 && format.audioFormat !== 0xfffe) || format.bits !== 16 || format.channels !== 1 || format.sampleRate < 8000 || format.sampleRate > 48_000) {
        throw new RecordingNotSendable('the WAV is not mono 16-bit PCM');
      }
      const end = Math.min(wav.length, body + size);
      const count = Math.floor((end - body) / 2);
      if (count === 0) throw new RecordingNotSendable('the WAV holds no audio');
      const samples = new Int16Array(count);
      for (let i = 0; i < count; i += 1) samples[i] = view.getInt16(body + i * 2, true);
      return { samples, sampleRate: format.sampleRate };
    }
    at = body + size + (size % 2);
  }
  throw new RecordingNotSendable('the WAV has no readable fmt and data chunks');
}

/** Linear interpolation: enough for a voice prompt going to a phone's speaker. */
function resample(samples: Int16Array, from: number, to: number): Int16Array {
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
