import { describe, expect, it } from 'vitest';
import { tidyRecording } from './tidyRecording.ts';

const RATE = 8000;
const tone = (seconds: number, amplitude: number) => Float32Array.from({ length: seconds * RATE }, (_, i) => amplitude * Math.sin((2 * Math.PI * 440 * i) / RATE));
const silence = (seconds: number) => new Float32Array(seconds * RATE);
const join = (...parts: Float32Array[]) => {
  const all = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
};
const peakOf = (s: Float32Array) => s.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('tidyRecording', () => {
  it('cuts the silence before and after the voice, keeping a short margin', () => {
    const tidy = tidyRecording(join(silence(1), tone(2, 0.5), silence(1.5)), RATE);
    expect(tidy.length / RATE).toBeGreaterThan(2);
    expect(tidy.length / RATE).toBeLessThan(2.4);
  });

  it('raises a quiet take to just under full scale, never by more than eight times', () => {
    expect(peakOf(tidyRecording(tone(1, 0.2), RATE))).toBeCloseTo(0.89, 2);
    expect(peakOf(tidyRecording(tone(1, 0.05), RATE))).toBeCloseTo(0.4, 2);
    // A loud take is left as loud as it was.
    expect(peakOf(tidyRecording(tone(1, 0.95), RATE))).toBeCloseTo(0.95, 2);
  });

  it('leaves a silent take as it is', () => {
    const quiet = silence(1);
    expect(tidyRecording(quiet, RATE)).toEqual(quiet);
  });
});
