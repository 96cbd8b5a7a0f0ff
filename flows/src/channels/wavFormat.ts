/** What a WAV file's header says about its audio. */
export interface WavFormat {
  /** 1 = PCM (a WAVE_FORMAT_EXTENSIBLE file with a PCM sub-format counts as PCM). */
  audioFormat: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** Bytes of audio in the `data` chunk (as far as the file really holds them). */
  dataBytes: number;
  seconds: number;
}

/** Why a WAV cannot be played as a prompt on the phone as it is. */
export type WavProblem = 'wav_malformed' | 'wav_not_pcm16' | 'wav_not_mono' | 'wav_sample_rate' | 'wav_empty';

/** The sample rates the voice platform plays without resampling: narrowband and wideband telephony. */
export const TELEPHONY_SAMPLE_RATES: readonly number[] = [8000, 16000];

const PCM = 1;
const EXTENSIBLE = 0xfffe;

/**
 * Reads a RIFF/WAVE header: walks the chunks to `fmt ` and `data` (other chunks, such as
 * `LIST` metadata, are skipped). Null when the bytes are not a WAV file it can read.
 */
export function readWavFormat(bytes: Uint8Array): WavFormat | null {
  if (bytes.length < 12) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(bytes[at] ?? 0, bytes[at + 1] ?? 0, bytes[at + 2] ?? 0, bytes[at + 3] ?? 0);
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return null;
  let fmt: Omit<WavFormat, 'dataBytes' | 'seconds'> | null = null;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) return null;
      let audioFormat = view.getUint16(body, true);
      // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID.
      if (audioFormat === EXTENSIBLE && size >= 40 && body + 26 <= bytes.length) audioFormat = view.getUint16(body + 24, true);
      fmt = { audioFormat, channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true), bitsPerSample: view.getUint16(body + 14, true) };
    } else if (id === 'data') {
      if (!fmt) return null;
      const dataBytes = Math.min(size, bytes.length - body);
      const frameBytes = fmt.channels * Math.ceil(fmt.bitsPerSample / 8);
      return { ...fmt, dataBytes, seconds: frameBytes > 0 && fmt.sampleRate > 0 ? dataBytes / frameBytes / fmt.sampleRate : 0 };
    }
    // Chunks are padded to an even size.
    at = body + size + (size % 2);
  }
  return null;
}

/** What keeps a WAV from being a telephony-friendly prompt (mono, 8 or 16 kHz, 16-bit PCM), or null. */
export function telephonyWavProblem(format: WavFormat | null): WavProblem | null {
  if (!format) return 'wav_malformed';
  if (format.audioFormat !== PCM || format.bitsPerSample !== 16) return 'wav_not_pcm16';
  if (format.channels !== 1) return 'wav_not_mono';
  if (!TELEPHONY_SAMPLE_RATES.includes(format.sampleRate)) return 'wav_sample_rate';
  if (format.dataBytes < 2) return 'wav_empty';
  return null;
}
