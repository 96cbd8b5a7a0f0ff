import { afterAll, describe, expect, it } from 'vitest';
import { Mp3EncoderThread } from './Mp3EncoderThread.ts';
import { RecordingNotSendable, recordingForWhatsApp } from './recordingForWhatsApp.ts';
import { mp3Frames, storedParts, wav } from './testing/audioFixtures.ts';

describe('recordingForWhatsApp', () => {
  const encoder = new Mp3EncoderThread();
  afterAll(() => encoder.close());

  // Half a second each: LAME's JavaScript port encodes at about a second of CPU per second of audio
  // until its thread's code is optimised, and a two-core machine under CI's load gives it a fraction
  // of a core. The length is checked against the recording's, whatever it is.
  it.each([8000, 16000])('encodes a phone recording (WAV at %i Hz) to MP3 at 16 kHz, as long as the recording', async (rate) => {
    const seconds = 0.5;
    const file = await recordingForWhatsApp('fon/welcome.wav', storedParts(wav(rate, seconds)), encoder, `welcome-${rate}`);
    expect([file.contentType, file.filename]).toEqual(['audio/mpeg', 'welcome.mp3']);
    const { mpeg2At16k, frames } = mp3Frames(file.bytes);
    expect(mpeg2At16k).toBe(true);
    // Frames of 576 samples: the recording's length, plus a few of the encoder's delay and padding (under 0.2 s).
    expect(frames * 576).toBeGreaterThanOrEqual(seconds * 16000);
    expect(frames * 576).toBeLessThan((seconds + 0.2) * 16000);
  });

  it('sends MP3 and OGG as they are, and refuses what is no phone recording', async () => {
    const mp3 = new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0]);
    expect(await recordingForWhatsApp('fon/a.mp3', storedParts(mp3), encoder, 'a')).toEqual({ bytes: mp3, contentType: 'audio/mpeg', filename: 'a.mp3' });
    const ogg = new TextEncoder().encode('OggS\0\x02rest');
    expect(await recordingForWhatsApp('b.ogg', storedParts(ogg), encoder, 'b')).toMatchObject({ contentType: 'audio/ogg', filename: 'b.ogg' });
    await expect(recordingForWhatsApp('c.wav', storedParts(wav(8000, 0.1, 2)), encoder, 'c')).rejects.toThrow(RecordingNotSendable);
    await expect(recordingForWhatsApp('d.wav', storedParts(new TextEncoder().encode('not audio at all')), encoder, 'd')).rejects.toThrow(RecordingNotSendable);
  });
});
