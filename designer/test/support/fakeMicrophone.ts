import { expect } from 'vitest';
import type { Locator } from 'playwright-core';
/**
 * What Chromium's fake microphone plays (`--use-file-for-fake-audio-capture=<file>`), looped: a
 * tone at 48 kHz, mono 16-bit, in bursts like syllables (0.4 s loud, 0.1 s soft).
 */
export function microphoneWav(toneHz: number, seconds = 4, rate = 48000): Buffer {
  const samples = seconds * rate;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i += 1) {
    const t = i / rate;
    const voiced = t % 0.5 < 0.4 ? 1 : 0.1;
    data.writeInt16LE(Math.round(Math.sin(2 * Math.PI * toneHz * t) * 12000 * voiced), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** Chromium's switches for a microphone that needs no permission prompt and plays `file`. */
export const fakeMicrophoneArgs = (file: string) => ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${file}`];

/**
 * Lets the recorder run until its counter (« Enregistrement 0:02 (max. …) ») reads `seconds` or
 * more, as an editor watching it does before pressing stop.
 */
export async function recordUntil(dialog: Locator, seconds: number): Promise<void> {
  const counter = dialog.locator('[data-elapsed]');
  const shown = async () => {
    const [, minutes, secs] = /(\d+):(\d\d)/.exec((await counter.textContent()) ?? '') ?? [];
    return Number(minutes ?? 0) * 60 + Number(secs ?? 0);
  };
  await expect.poll(shown, { timeout: seconds * 1000 + 15_000, interval: 50 }).toBeGreaterThanOrEqual(seconds);
}
