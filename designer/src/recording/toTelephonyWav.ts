import { encodeWav, type TelephonyRate } from './encodeWav.ts';
import { tidyRecording } from './tidyRecording.ts';

export interface TelephonyWav {
  wav: Blob;
  seconds: number;
  sampleRate: TelephonyRate;
}

/**
 * A recording (the browser's WebM/Opus, or an uploaded WAV, MP3, Ogg…) as a telephony-friendly
 * WAV: decoded by the browser, mixed to mono and resampled to `rate` by an OfflineAudioContext
 * (the browser's own band-limited resampler), then 16-bit PCM. A microphone take is tidied too
 * (silence trimmed, level raised); a file from a studio is left as its author made it.
 */
export async function toTelephonyWav(recording: Blob, rate: TelephonyRate, options: { tidy?: boolean } = {}): Promise<TelephonyWav> {
  const encoded = await recording.arrayBuffer();
  // Decoding needs a context; this one only decodes (at 48 kHz, whatever the source rate).
  const decoded = await new OfflineAudioContext(1, 1, 48000).decodeAudioData(encoded);
  const frames = Math.max(1, Math.ceil(decoded.duration * rate));
  // One output channel: the context mixes the source's channels down ("speakers" mixing).
  const context = new OfflineAudioContext(1, frames, rate);
  const source = context.createBufferSource();
  source.buffer = decoded;
  source.connect(context.destination);
  source.start();
  const rendered = await context.startRendering();
  const samples = options.tidy === false ? rendered.getChannelData(0) : tidyRecording(rendered.getChannelData(0), rate);
  return { wav: new Blob([encodeWav(samples, rate) as Uint8Array<ArrayBuffer>], { type: 'audio/wav' }), seconds: samples.length / rate, sampleRate: rate };
}
