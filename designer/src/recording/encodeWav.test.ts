import { describe, expect, it } from 'vitest';
import { encodeWav } from './encodeWav.ts';

const text = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

describe('encodeWav', () => {
  it('writes a mono 16-bit PCM WAV that telephony reads: header fields and sizes', () => {
    const wav = encodeWav(new Float32Array(8000), 8000);
    const view = new DataView(wav.buffer);
    expect(wav.length).toBe(44 + 16000);
    expect(text(wav, 0, 4)).toBe('RIFF');
    expect(view.getUint32(4, true)).toBe(wav.length - 8);
    expect(text(wav, 8, 16)).toBe('WAVEfmt ');
    expect(view.getUint16(20, true)).toBe(1); // PCM
    expect(view.getUint16(22, true)).toBe(1); // mono
    expect(view.getUint32(24, true)).toBe(8000);
    expect(view.getUint32(28, true)).toBe(16000); // bytes per second: 1 s of audio is 16 kB
    expect(view.getUint16(32, true)).toBe(2);
    expect(view.getUint16(34, true)).toBe(16);
    expect(text(wav, 36, 40)).toBe('data');
    expect(view.getUint32(40, true)).toBe(16000);
    expect(new DataView(encodeWav(new Float32Array(16000), 16000).buffer).getUint32(28, true)).toBe(32000);
  });

  it('keeps the samples, full scale both ways, and clips what goes past it', () => {
    const wav = encodeWav(Float32Array.from([0, 0.5, -0.5, 1, -1, 1.7, -3]), 8000);
    const view = new DataView(wav.buffer);
    const samples = Array.from({ length: 7 }, (_, i) => view.getInt16(44 + i * 2, true));
    expect(samples).toEqual([0, 16384, -16384, 32767, -32768, 32767, -32768]);
  });

  it('refuses a sample rate that is not one', () => {
    expect(() => encodeWav(new Float32Array(1), 0)).toThrow(RangeError);
    expect(() => encodeWav(new Float32Array(1), 8000.5)).toThrow(RangeError);
  });
});
