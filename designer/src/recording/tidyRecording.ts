/** Below this level (about -34 dBFS) a sample counts as silence when trimming. */
const SILENCE = 0.02;
/** Silence kept before and after the voice, so the first syllable is not clipped. */
const MARGIN_SECONDS = 0.15;
/** The loudest sample is raised to this (about -1 dBFS)… */
const TARGET_PEAK = 0.89;
/** …but never by more than this, so a near-silent take does not become loud noise. */
const MAX_GAIN = 8;

/**
 * A take as a prompt should sound on the phone: the silence before the editor starts speaking
 * and after they stop cut (a margin kept), and the level raised so the loudest sample sits just
 * under full scale. A take that is silence throughout is returned as it is.
 */
export function tidyRecording(samples: Float32Array, sampleRate: number): Float32Array {
  let first = -1;
  let last = -1;
  let peak = 0;
  for (let i = 0; i < samples.length; i += 1) {
    const level = Math.abs(samples[i] ?? 0);
    if (level > peak) peak = level;
    if (level >= SILENCE) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) return samples.slice();
  const margin = Math.round(MARGIN_SECONDS * sampleRate);
  const kept = samples.slice(Math.max(0, first - margin), Math.min(samples.length, last + margin + 1));
  const gain = Math.min(MAX_GAIN, TARGET_PEAK / peak);
  if (gain > 1) for (let i = 0; i < kept.length; i += 1) kept[i] = (kept[i] ?? 0) * gain;
  return kept;
}
