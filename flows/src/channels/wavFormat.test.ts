import { describe, expect, it } from 'vitest';
import { readWavFormat, telephonyWavProblem } from './wavFormat.ts';

/** A WAV header (and silence) as audio tools write it, with an optional LIST chunk before `data`. */
function wav(options: { format?: number; channels?: number; rate?: number; bits?: number; seconds?: number; list?: boolean; extensible?: number } = {}): Uint8Array {
  const { format = 1, channels = 1, rate = 8000, bits = 16, seconds = 0.5, list = false } = options;
  const dataBytes = Math.round(seconds * rate) * channels * (bits / 8);
  const fmtSize = options.extensible !== undefined ? 40 : 16;
  const listBytes = list ? 8 + 5 + 1 : 0; // an odd-sized chunk, padded
  const bytes = new Uint8Array(12 + 8 + fmtSize + listBytes + 8 + dataBytes);
  const view = new DataView(bytes.buffer);
  const put = (at: number, text: string) => [...text].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  put(0, 'RIFF');
  view.setUint32(4, bytes.length - 8, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  view.setUint32(16, fmtSize, true);
  view.setUint16(20, options.extensible !== undefined ? 0xfffe : format, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * channels * (bits / 8), true);
  view.setUint16(32, channels * (bits / 8), true);
  view.setUint16(34, bits, true);
  if (options.extensible !== undefined) view.setUint16(20 + 24, options.extensible, true);
  let at = 20 + fmtSize;
  if (list) {
    put(at, 'LIST');
    view.setUint32(at + 4, 5, true);
    at += 14;
  }
  put(at, 'data');
  view.setUint32(at + 4, dataBytes, true);
  return bytes;
}

describe('readWavFormat and telephonyWavProblem', () => {
  it('accepts mono 16-bit PCM at 8 and 16 kHz, reading past other chunks', () => {
    expect(readWavFormat(wav())).toEqual({ audioFormat: 1, channels: 1, sampleRate: 8000, bitsPerSample: 16, dataBytes: 8000, seconds: 0.5 });
    expect(telephonyWavProblem(readWavFormat(wav({ rate: 16000, seconds: 2, list: true })))).toBeNull();
    expect(readWavFormat(wav({ rate: 16000, seconds: 2, list: true }))?.seconds).toBe(2);
    // WAVE_FORMAT_EXTENSIBLE with a PCM sub-format is PCM.
    expect(telephonyWavProblem(readWavFormat(wav({ extensible: 1 })))).toBeNull();
  });

  it('says what is wrong with a WAV the phone would not play as is', () => {
    expect(telephonyWavProblem(readWavFormat(wav({ channels: 2 })))).toBe('wav_not_mono');
    expect(telephonyWavProblem(readWavFormat(wav({ rate: 44100 })))).toBe('wav_sample_rate');
    expect(telephonyWavProblem(readWavFormat(wav({ rate: 48000 })))).toBe('wav_sample_rate');
    expect(telephonyWavProblem(readWavFormat(wav({ bits: 8 })))).toBe('wav_not_pcm16');
    expect(telephonyWavProblem(readWavFormat(wav({ format: 3, bits: 32 })))).toBe('wav_not_pcm16'); // float
    expect(telephonyWavProblem(readWavFormat(wav({ format: 7, bits: 8 })))).toBe('wav_not_pcm16'); // µ-law
    expect(telephonyWavProblem(readWavFormat(wav({ extensible: 3, bits: 32 })))).toBe('wav_not_pcm16');
    expect(telephonyWavProblem(readWavFormat(wav({ seconds: 0 })))).toBe('wav_empty');
  });

  it('reads no format from what is not a whole WAV header', () => {
    expect(readWavFormat(new TextEncoder().encode('RIFF'))).toBeNull();
    expect(readWavFormat(new TextEncoder().encode('RIFF....WAVEjunk'))).toBeNull();
    expect(readWavFormat(wav().subarray(0, 30))).toBeNull();
    expect(telephonyWavProblem(null)).toBe('wav_malformed');
    // A `data` chunk that claims more than the file holds counts what is there.
    expect(readWavFormat(wav().subarray(0, 44 + 100))?.dataBytes).toBe(100);
  });
});
