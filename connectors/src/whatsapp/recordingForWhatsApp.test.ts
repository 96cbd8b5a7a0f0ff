import { afterAll, describe, expect, it } from 'vitest';
import { Mp3EncoderThread } from './Mp3EncoderThread.ts';
import { RecordingNotSendable, recordingForWhatsApp } from './recordingForWhatsApp.ts';
import { mp3Frames, wav } from './testing/audioFixtures.ts';

describe('recordingForWhatsApp', () => {
  const encoder = new Mp3EncoderThread();
  afterAll(() => encoder.close());

  it('encodes a phone recording (WAV, 8 or 16 kHz) to MP3 at 16 kHz, as long as the recording', async () => {
    for (const rate of [8000, 16000]) {
      const file = await recordingForWhatsApp('fon/welcome.wav', wav(rate, 2), encoder, `welcome-${rate}`);
      expect([file.contentType, file.filename]).toEqual(['audio/mpeg', 'welcome.mp3']);
      const { mpeg2At16k, frames } = mp3Frames(file.bytes);
      expect(mpeg2At16k).toBe(true);
      // 2 s at 16 kHz is about 56 frames of 576 samples (the encoder adds a few of delay and padding).
      expect(frames * 576).toBeGreaterThanOrEqual(2 * 16000);
      expect(frames * 576).toBeLessThan(2.2 * 16000);
    }
  });

  it('sends MP3 and OGG as they are, and refuses what is no phone recording', async () => {
    const mp3 = new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0]);
    expect(await recordingForWhatsApp('fon/a.mp3', mp3, encoder, 'a')).toEqual({ bytes: mp3, contentType: 'audio/mpeg', filename: 'a.mp3' });
    const ogg = new TextEncoder().encode('OggS\0\x02rest');
    expect(await recordingForWhatsApp('b.ogg', ogg, encoder, 'b')).toMatchObject({ contentType: 'audio/ogg', filename: 'b.ogg' });
    await expect(recordingForWhatsApp('c.wav', wav(8000, 0.1, 2), encoder, 'c')).rejects.toThrow(RecordingNotSendable);
    await expect(recordingForWhatsApp('d.wav', new TextEncoder().encode('not audio at all'), encoder, 'd')).rejects.toThrow(RecordingNotSendable);
  });
});
