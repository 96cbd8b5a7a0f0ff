import type { Mp3EncoderThread } from './Mp3EncoderThread.ts';

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

/**
 * What WhatsApp's audio messages accept (AAC, AMR, MP3, MP4 audio, OGG Opus) made from a
 * recorded prompt: an MP3 or OGG goes as it is; a WAV (what the designer records for the phone:
 * mono 16-bit PCM at 8 or 16 kHz) is encoded to MP3 in JavaScript (LAME's port), so no binary is
 * needed on the server, on the encoder's thread, so the event loop goes on answering callers
 * meanwhile; `key` (the file's hash) lets requests for the same file share one encoding. Rejects
 * with `RecordingNotSendable` for anything else, `Mp3EncodingUnavailable` if the encoder cannot.
 */
export async function recordingForWhatsApp(name: string, bytes: Uint8Array, encoder: Mp3EncoderThread, key: string): Promise<WhatsAppAudio> {
  const base = (name.split('/').pop() ?? 'prompt').replace(/\.[^.]*$/, '');
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') {
    return { bytes: await wavToMp3(bytes, encoder, key), contentType: 'audio/mpeg', filename: `${base}.mp3` };
  }
  if (bytes.length >= 4 && ascii(0, 4) === 'OggS') return { bytes, contentType: 'audio/ogg', filename: `${base}.ogg` };
  if ((bytes.length >= 3 && ascii(0, 3) === 'ID3') || (bytes.length >= 2 && bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0)) {
    return { bytes, contentType: 'audio/mpeg', filename: `${base}.mp3` };
  }
  throw new RecordingNotSendable(`${name} is not a WAV, MP3 or OGG file`);
}

/** Mono 16-bit PCM WAV (8 to 48 kHz) → MP3: its header read here (microseconds), its samples resampled and encoded on the thread (seconds). */
function wavToMp3(wav: Uint8Array, encoder: Mp3EncoderThread, key: string): Promise<Uint8Array> {
  const { samples, sampleRate } = pcm16Mono(wav);
  return encoder.encode(key, { samples, sampleRate, mp3SampleRate: MP3_SAMPLE_RATE, kbps: MP3_KBPS });
}

/** Where the samples of a mono 16-bit PCM WAV lie (chunks walked to `fmt ` and `data`): little-endian bytes, not yet read. */
function pcm16Mono(wav: Uint8Array): { samples: Uint8Array; sampleRate: number } {
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
      const count = Math.floor((Math.min(wav.length, body + size) - body) / 2);
      if (count === 0) throw new RecordingNotSendable('the WAV holds no audio');
      // A copy of the samples alone: the thread is sent these bytes, not the buffer they sit in.
      return { samples: wav.slice(body, body + count * 2), sampleRate: format.sampleRate };
    }
    at = body + size + (size % 2);
  }
  throw new RecordingNotSendable('the WAV has no readable fmt and data chunks');
}
