/**
 * A short soft two-note chime as a WAV file (8 kHz, 16-bit mono PCM). The demo stands it in for
 * the recorded prompts of languages without text-to-speech until an editor uploads real ones,
 * so every `play` of the demo resolves to real audio.
 */
export function toneWav(seconds = 0.6, sampleRate = 8000): Buffer {
  const samples = Math.round(seconds * sampleRate);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i += 1) {
    const t = i / sampleRate;
    const frequency = t < seconds / 2 ? 660 : 880;
    const envelope = Math.sin((Math.PI * (t % (seconds / 2))) / (seconds / 2));
    data.writeInt16LE(Math.round(Math.sin(2 * Math.PI * frequency * t) * envelope * 8000), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
