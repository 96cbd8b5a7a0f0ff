import { Mp3Encoder } from '@breezystack/lamejs';
import { afterAll, describe, expect, it } from 'vitest';
import { Mp3EncoderThread } from './Mp3EncoderThread.ts';
import { RecordingNotSendable, recordingForWhatsApp } from './recordingForWhatsApp.ts';
import { storedParts } from './testing/audioFixtures.ts';

/**
 * A recording as a phone or a recorder app makes it: a LIST chunk before the samples, an odd
 * number of them, a voice-like mix of tones under seeded noise (not one clean tone: LAME's
 * output depends on what it is fed, and a pure tone would hide a shifted block).
 */
function recordedWav(rate: number, seconds: number): Uint8Array {
  const list = new TextEncoder().encode('INFOISFT\x0e\0\0\0Lavf61.7.100\0\0');
  const samples = Math.round(rate * seconds) | 1;
  const bytes = new Uint8Array(12 + 24 + 8 + list.length + 8 + samples * 2);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string) => [...text].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, bytes.length - 8, true);
  ascii(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'LIST');
  view.setUint32(40, list.length, true);
  bytes.set(list, 44);
  const data = 44 + list.length;
  ascii(data, 'data');
  view.setUint32(data + 4, samples * 2, true);
  let seed = 7;
  for (let i = 0; i < samples; i += 1) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const t = i / rate;
    const voice = 6000 * Math.sin(2 * Math.PI * 180 * t) * (0.6 + 0.4 * Math.sin(2 * Math.PI * 3 * t)) + 2500 * Math.sin(2 * Math.PI * 720 * t);
    view.setInt16(data + 8 + i * 2, Math.max(-32768, Math.min(32767, Math.round(voice + ((seed % 2001) - 1000)))), true);
  }
  return bytes;
}

/** The encoder as it was before wa31 (the whole file's samples, resampled whole, LAME fed 1152 at a time), on this thread. */
function wholeFileMp3(wav: Uint8Array, dataStart: number, rate: number): Uint8Array {
  const view = new DataView(wav.buffer, wav.byteOffset + dataStart, wav.byteLength - dataStart);
  const samples = new Int16Array(Math.floor(view.byteLength / 2));
  for (let i = 0; i < samples.length; i += 1) samples[i] = view.getInt16(i * 2, true);
  let pcm = samples;
  if (rate !== 16000) {
    pcm = new Int16Array(Math.max(1, Math.round((samples.length * 16000) / rate)));
    const step = rate / 16000;
    for (let i = 0; i < pcm.length; i += 1) {
      const position = i * step;
      const left = Math.floor(position);
      const right = Math.min(samples.length - 1, left + 1);
      const weight = position - left;
      pcm[i] = Math.round((samples[left] ?? 0) * (1 - weight) + (samples[right] ?? 0) * weight);
    }
  }
  const encoder = new Mp3Encoder(1, 16000, 32);
  const parts: Uint8Array[] = [];
  for (let at = 0; at < pcm.length; at += 1152) parts.push(encoder.encodeBuffer(pcm.subarray(at, at + 1152)));
  parts.push(encoder.flush());
  return Buffer.concat(parts.map((p) => new Uint8Array(p.buffer, p.byteOffset, p.length)));
}

/** A WAV header saying what the test wants, followed by `dataBytes` of silence. */
function header({ channels = 1, rate = 8000, bits = 16, declaredData, dataBytes }: { channels?: number; rate?: number; bits?: number; declaredData: number; dataBytes: number }): Uint8Array {
  const bytes = new Uint8Array(44 + dataBytes);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string) => [...text].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, rate >>> 0, true);
  view.setUint16(34, bits, true);
  ascii(36, 'data');
  view.setUint32(40, declaredData >>> 0, true);
  return bytes;
}

/** Parts as the Store yields them, counting how many were pulled. */
function counted(bytes: Uint8Array, partBytes: number, length = bytes.length) {
  const stats = { pulled: 0 };
  const inner = storedParts(bytes, partBytes);
  return {
    stats,
    file: {
      length,
      parts: (async function* () {
        for await (const part of inner.parts) {
          stats.pulled += 1;
          yield part;
        }
      })(),
    },
  };
}

describe('a WAV streamed to the MP3 encoder', () => {
  const encoder = new Mp3EncoderThread();
  afterAll(() => encoder.close());

  // Every rate the product accepts (8 to 48 kHz) that recorders make; the parts' sizes split samples and the header.
  it.each([8000, 11025, 16000, 22050, 44100, 48000])(
    'gives the very bytes the whole-file encoder gave (%i Hz)',
    async (rate) => {
      const wav = recordedWav(rate, 0.7);
      const dataStart = wav.length - (Math.round(rate * 0.7) | 1) * 2;
      const expected = wholeFileMp3(wav, dataStart, rate);
      for (const partBytes of [33, 4099, 256 * 1024]) {
        const file = await recordingForWhatsApp('fon/menu.wav', storedParts(wav, partBytes), encoder, `menu-${rate}-${partBytes}`);
        expect(Buffer.from(file.bytes).equals(Buffer.from(expected)), `${partBytes}-byte parts`).toBe(true);
      }
    },
    60_000,
  );

  it('refuses what no recorder makes, with a reason, and encodes the next file as before', async () => {
    const refused = async (bytes: Uint8Array, length = bytes.length) => {
      const error = await recordingForWhatsApp('fon/bad.wav', { length, parts: storedParts(bytes, 4096).parts }, encoder, `bad-${Math.random()}`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RecordingNotSendable);
      return (error as Error).message;
    };
    expect(await refused(header({ channels: 0, declaredData: 1000, dataBytes: 1000 }))).toMatch(/0 channels/);
    expect(await refused(header({ rate: 4_000_000_000, declaredData: 1000, dataBytes: 1000 }))).toMatch(/4000000000 Hz/);
    expect(await refused(header({ bits: 8, declaredData: 1000, dataBytes: 1000 }))).toMatch(/8 bits/);
    expect(await refused(header({ declaredData: 0, dataBytes: 0 }))).toMatch(/no audio/);
    // A header cut before its data chunk, and chunk sizes that point past the file.
    expect(await refused(header({ declaredData: 1000, dataBytes: 1000 }).subarray(0, 30))).toMatch(/no readable fmt and data/);
    const wild = header({ declaredData: 1000, dataBytes: 1000 });
    new DataView(wild.buffer).setUint32(16, 0xffff_fff0, true);
    expect(await refused(wild)).toMatch(/no readable fmt and data/);
    // The Store's size says more than its parts hold (the file went mid-way): refused, not sent cut.
    const long = recordedWav(8000, 2);
    expect(await refused(long.subarray(0, 20_000), long.length)).toMatch(/ended \d+ bytes short/);
    // A data size larger than the file (a recorder killed before it wrote the size back): what is there is sent.
    const lying = recordedWav(8000, 1);
    new DataView(lying.buffer).setUint32(lying.length - 8001 * 2 - 4, 0xffff_fff0, true);
    const sent = await recordingForWhatsApp('fon/lying.wav', storedParts(lying), encoder, 'lying');
    expect(sent.contentType).toBe('audio/mpeg');
    expect(sent.bytes.length).toBeGreaterThan(3000);
  }, 60_000);

  it('reads no more than the 64 KiB header of a WAV whose chunks never reach its samples', async () => {
    const junk = new Uint8Array(4 * 1024 * 1024);
    junk.set(header({ declaredData: 0, dataBytes: 0 }).subarray(0, 12));
    const view = new DataView(junk.buffer);
    // Chunk after chunk of 1000 bytes named "junk".
    for (let at = 12; at + 8 < junk.length; at += 1008) {
      junk.set([0x6a, 0x75, 0x6e, 0x6b], at);
      view.setUint32(at + 4, 1000, true);
    }
    const { stats, file } = counted(junk, 16 * 1024);
    await expect(recordingForWhatsApp('fon/junk.wav', file, encoder, 'junk')).rejects.toThrow(/no readable fmt and data/);
    expect(stats.pulled).toBeLessThanOrEqual(5);
  });
});
