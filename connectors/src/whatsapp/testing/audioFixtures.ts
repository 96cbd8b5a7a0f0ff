/** A mono 16-bit PCM WAV of `seconds` of a tone, as the designer records for the phone. */
export function wav(rate: number, seconds: number, channels = 1): Uint8Array {
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
export function mp3Frames(bytes: Uint8Array): { mpeg2At16k: boolean; frames: number } {
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

/** A recording as the Store opens it: its size and its bytes in parts (256 KiB, as SQLite stores them). */
export function storedParts(bytes: Uint8Array, partBytes = 256 * 1024): { length: number; parts: AsyncIterable<Uint8Array> } {
  return {
    length: bytes.length,
    parts: (async function* () {
      for (let at = 0; at < bytes.length; at += partBytes) yield bytes.subarray(at, at + partBytes);
    })(),
  };
}
