import { describe, expect, it } from 'vitest';
import { RecordingNotSendable, recordingForWhatsApp } from './recordingForWhatsApp.ts';

/** A mono 16-bit PCM WAV of `seconds` of a tone, as the designer records for the phone. */
function wav(rate: number, seconds: number, channels = 1): Uint8Array {
  const samples = Math.round(rate * seconds) * channels;
  const bytes = new Uint8Array(44 + samples * 2);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string) => [...text].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  ascii(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2 * channels, true);
  view.setUint16(32, 2 * channels, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, samples * 2, true);
  for (let i = 0; i < samples; i += 1) view.setInt16(44 + i * 2, Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), true);
  return bytes;
}

/** MPEG audio frames: [version bits, sample-rate index, count]. */
function mp3Frames(bytes: Uint8Array): { mpeg2At16k: boolean; frames: number } {
  let frames = 0;
  let mpeg2At16k = true;
  for (let at = 0; at + 4 <= bytes.length; ) {
    if (bytes[at] !== 0xff || ((bytes[at + 1] ?? 0) & 0xe0) !== 0xe0) break;
    const version = ((bytes[at + 1] ?? 0) >> 3) & 3;
    const rateIndex = ((bytes[at + 2] ?? 0) >> 2) & 3;
    const bitrates = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
    const kbps = bitrates[((bytes[at + 2] ?? 0) >> 4) & 15] ?? 0;
    const padding = ((bytes[at + 2] ?? 0) >> 1) & 1;
    mpeg2At16k &&= version === 2 && rateIndex === 2;
    // MPEG-2 layer III: 576 samples a frame.
    at += Math.floor((72 * kbps * 1000) / 16000) + padding;
    frames += 1;
  }
  return { mpeg2At16k, frames };
}

describe('recordingForWhatsApp', () => {
  it('encodes a phone recording (WAV, 8 or 16 kHz) to MP3 at 16 kHz, as long as the recording', () => {
    for (const rate of [8000, 16000]) {
      const file = recordingForWhatsApp('fon/welcome.wav', wav(rate, 2));
      expect([file.contentType, file.filename]).toEqual(['audio/mpeg', 'welcome.mp3']);
      const { mpeg2At16k, frames } = mp3Frames(file.bytes);
      expect(mpeg2At16k).toBe(true);
      // 2 s at 16 kHz is about 56 frames of 576 samples (the encoder adds a few of delay and padding).
      expect(frames * 576).toBeGreaterThanOrEqual(2 * 16000);
      expect(frames * 576).toBeLessThan(2.2 * 16000);
    }
  });

  it('sends MP3 and OGG as they are, and refuses what is no phone recording', () => {
    const mp3 = new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0]);
    expect(recordingForWhatsApp('fon/a.mp3', mp3)).toEqual({ bytes: mp3, contentType: 'audio/mpeg', filename: 'a.mp3' });
    const ogg = new TextEncoder().encode('OggS\0\x02rest');
    expect(recordingForWhatsApp('b.ogg', ogg)).toMatchObject({ contentType: 'audio/ogg', filename: 'b.ogg' });
    expect(() => recordingForWhatsApp('c.wav', wav(8000, 0.1, 2))).toThrow(RecordingNotSendable);
    expect(() => recordingForWhatsApp('d.wav', new TextEncoder().encode('not audio at all'))).toThrow(RecordingNotSendable);
  });
});
