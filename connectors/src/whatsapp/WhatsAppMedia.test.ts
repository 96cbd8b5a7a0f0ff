import { createHash } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import type { ChannelStates } from '../channel/ChannelStates.ts';
import { MemoryChannelStates } from '../channel/MemoryChannelStates.ts';
import { Mp3EncoderThread } from './Mp3EncoderThread.ts';
import { MEDIA_ID_MAX_AGE_MS, WhatsAppMedia, mediaIdKey } from './WhatsAppMedia.ts';
import type { WhatsAppAudio } from './recordingForWhatsApp.ts';
import { mp3Frames, storedParts, wav } from './testing/audioFixtures.ts';

/** One stored recording per name, and a Graph that records what it was given to upload. */
function setUp(files: Record<string, Uint8Array>, encoder?: Mp3EncoderThread, shared?: { ids: ChannelStates; instance: string; now?: () => number }) {
  const uploads: WhatsAppAudio[] = [];
  const errors: string[] = [];
  const stored = (name: string) => {
    const content = files[name];
    return content ? { content, sha256: createHash('sha256').update(content).digest('hex') } : null;
  };
  const logger: ChannelLogger = { info() {}, warn() {}, debug() {}, error: (_details, message) => errors.push(message ?? '') };
  const media = new WhatsAppMedia({
    graph: {
      uploadMedia: async (_phone: string, file: WhatsAppAudio) => {
        uploads.push(file);
        return { outcome: 'uploaded' as const, id: `${shared ? `${shared.instance}-` : ''}media-${uploads.length}`, attempts: 1 };
      },
    },
    audio: {
      info: async (_flow, name) => stored(name),
      open: async (_flow, name) => {
        const found = stored(name);
        return found ? { sha256: found.sha256, ...storedParts(found.content) } : null;
      },
    },
    logger,
    ...(encoder ? { encoder } : {}),
    ...(shared ? { ids: shared.ids } : {}),
    ...(shared?.now ? { now: shared.now } : {}),
  });
  return { media, uploads, errors };
}

let opened: WhatsAppMedia[] = [];
afterEach(async () => {
  await Promise.all(opened.map((media) => media.close()));
  opened = [];
});

describe('WhatsAppMedia', () => {
  it('keeps the server answering while a 30-second prompt is encoded, and the voice note is a whole MP3', async () => {
    const { media, uploads } = setUp({ 'fon/long.wav': wav(8000, 30) });
    opened.push(media);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    // What a caller on another channel sees: a timer every 10 ms, and how late it fires.
    let worstLagMs = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      worstLagMs = Math.max(worstLagMs, now - last - 10);
      last = now;
    }, 10);
    const began = performance.now();
    const result = await media.idFor('phone-1', 'flow-1', 'fon/long.wav');
    const encodingMs = performance.now() - began;
    // A few more ticks, so a stall that ended with the encoding is seen too.
    await new Promise((resolve) => setTimeout(resolve, 50));
    clearInterval(ticker);
    delay.disable();
    expect(result).toEqual({ outcome: 'ready', id: 'media-1', fresh: true });
    // Encoded on the main thread, the loop would stall about as long as the encoding lasts; on a busy
    // machine the encoding lasts longer and a timer may fire late for other reasons, so the bound is
    // half the encoding, and never under 200 ms.
    const bound = Math.max(200, encodingMs / 2);
    expect(worstLagMs).toBeLessThan(bound);
    expect(delay.max / 1e6).toBeLessThan(bound);
    const { mpeg2At16k, frames } = mp3Frames(uploads[0]!.bytes);
    expect(mpeg2At16k).toBe(true);
    expect(frames * 576).toBeGreaterThanOrEqual(30 * 16000);
    expect(frames * 576).toBeLessThan(30.5 * 16000);
  }, 60_000);

  it('reads a recording a stored part at a time, as the encoder takes it, and not at all while it waits its turn', async () => {
    // Two 20-second prompts (320 KB each at 8 kHz) in 16 KiB parts: the second waits while the first encodes.
    const files: Record<string, Uint8Array> = { 'a.wav': wav(8000, 20), 'b.wav': wav(8000, 20.5) };
    const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    const pulled: Record<string, number> = { 'a.wav': 0, 'b.wav': 0 };
    let mostAheadOfA = 0;
    const uploads: WhatsAppAudio[] = [];
    const encoder = new Mp3EncoderThread();
    const audio = {
      info: async (_flow: string, name: string) => ({ sha256: sha(files[name]!) }),
      // What the channel had before wa31: the file read whole.
      read: async (_flow: string, name: string) => {
        pulled[name] = files[name]!.length;
        return { content: files[name]!, sha256: sha(files[name]!) };
      },
      open: async (_flow: string, name: string) => {
        const bytes = files[name]!;
        return {
          sha256: sha(bytes),
          length: bytes.length,
          parts: (async function* () {
            for (let at = 0; at < bytes.length; at += 16 * 1024) {
              pulled[name] = at + Math.min(16 * 1024, bytes.length - at);
              yield bytes.subarray(at, at + 16 * 1024);
            }
          })(),
        };
      },
    };
    const media = new WhatsAppMedia({
      graph: {
        uploadMedia: async (_phone: string, file: WhatsAppAudio) => {
          uploads.push(file);
          return { outcome: 'uploaded' as const, id: `media-${uploads.length}`, attempts: 1 };
        },
      },
      audio: audio as never,
      encoder,
    });
    opened.push(media);
    const a = media.idFor('phone-1', 'flow-1', 'a.wav');
    const b = media.idFor('phone-1', 'flow-1', 'b.wav');
    const watch = setInterval(() => {
      if (encoder.encodedCount === 0) mostAheadOfA = Math.max(mostAheadOfA, pulled['b.wav']!);
    }, 1);
    const [one, two] = await Promise.all([a, b]);
    clearInterval(watch);
    expect([one.outcome, two.outcome]).toEqual(['ready', 'ready']);
    // While the first encodes, the second has read its header's part, not its 328 KB.
    expect(mostAheadOfA).toBeLessThanOrEqual(16 * 1024);
    expect(pulled).toEqual({ 'a.wav': files['a.wav']!.length, 'b.wav': files['b.wav']!.length });
    expect(mp3Frames(uploads[1]!.bytes).frames * 576).toBeGreaterThanOrEqual(20.5 * 16000);
  }, 60_000);

  it('leaves a hostile WAV out with its reason, uploads nothing for it, and sends the next recording', async () => {
    const hostile = wav(8000, 0.1);
    new DataView(hostile.buffer).setUint32(24, 4_000_000_000, true);
    const { media, uploads } = setUp({ 'huge-rate.wav': hostile, 'no-channels.wav': wav(8000, 0.1, 0), 'ok.wav': wav(8000, 0.2) });
    opened.push(media);
    expect(await media.idFor('phone-1', 'flow-1', 'huge-rate.wav')).toMatchObject({ outcome: 'missing', reason: expect.stringContaining('4000000000 Hz') });
    expect(await media.idFor('phone-1', 'flow-1', 'no-channels.wav')).toMatchObject({ outcome: 'missing', reason: expect.stringContaining('0 channels') });
    expect(uploads).toHaveLength(0);
    expect(await media.idFor('phone-1', 'flow-1', 'ok.wav')).toEqual({ outcome: 'ready', id: 'media-1', fresh: true });
  }, 60_000);

  it('encodes a file once for two numbers asking at the same time', async () => {
    const encoder = new Mp3EncoderThread();
    const { media, uploads } = setUp({ 'a.wav': wav(16000, 1) }, encoder);
    opened.push(media);
    const [one, two] = await Promise.all([media.idFor('phone-1', 'flow-1', 'a.wav'), media.idFor('phone-2', 'flow-1', 'a.wav')]);
    expect([one.outcome, two.outcome]).toEqual(['ready', 'ready']);
    expect(uploads).toHaveLength(2);
    expect(uploads[0]!.bytes).toEqual(uploads[1]!.bytes);
    expect(encoder.encodedCount).toBe(1);
  }, 60_000);

  it('sends the reply without the voice note when the encoder dies, and encodes again on the next request', async () => {
    const encoder = new Mp3EncoderThread();
    const { media, uploads, errors } = setUp({ 'a.wav': wav(8000, 20), 'b.wav': wav(8000, 1) }, encoder);
    opened.push(media);
    const pending = media.idFor('phone-1', 'flow-1', 'a.wav');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await encoder.thread!.terminate();
    expect(await pending).toMatchObject({ outcome: 'missing', reason: expect.stringContaining('could not be encoded') });
    expect(errors).toContain('encoding a recording to MP3 failed');
    expect(uploads).toHaveLength(0);
    expect(await media.idFor('phone-1', 'flow-1', 'b.wav')).toEqual({ outcome: 'ready', id: 'media-1', fresh: true });
    expect(mp3Frames(uploads[0]!.bytes).frames).toBeGreaterThan(20);
  }, 60_000);

  it('refuses an encoding at once when too many wait, rather than piling them up', async () => {
    const encoder = new Mp3EncoderThread({ maxQueued: 1 });
    const { media, errors } = setUp({ 'a.wav': wav(8000, 5), 'b.wav': wav(8000, 1) }, encoder);
    opened.push(media);
    const [a, b] = await Promise.all([media.idFor('phone-1', 'flow-1', 'a.wav'), media.idFor('phone-1', 'flow-1', 'b.wav')]);
    expect(a.outcome).toBe('ready');
    expect(b).toMatchObject({ outcome: 'missing', reason: expect.stringContaining('already waiting') });
    expect(errors).toContain('encoding a recording to MP3 failed');
  }, 60_000);

  it('sends a file another instance uploaded by the id it kept in the shared states, per number and content; an id Graph refused is uploaded again and replaced', async () => {
    const ids = new MemoryChannelStates();
    const file = wav(8000, 1);
    const sha256 = createHash('sha256').update(file).digest('hex');
    const a = setUp({ 'fon/welcome.wav': file }, undefined, { ids, instance: 'a' });
    const b = setUp({ 'other/same-take.wav': file, 'fon/welcome.wav': file }, undefined, { ids, instance: 'b' });
    opened.push(a.media, b.media);
    expect(await a.media.idFor('phone-1', 'flow-1', 'fon/welcome.wav')).toEqual({ outcome: 'ready', id: 'a-media-1', fresh: true });
    const kept = await ids.get(mediaIdKey('phone-1', sha256));
    expect(kept?.value).toEqual({ id: 'a-media-1', uploadedAt: expect.any(Number) });
    // Another instance (or this one after a restart): the same content for the same number is not uploaded again.
    expect(await b.media.idFor('phone-1', 'flow-1', 'fon/welcome.wav')).toEqual({ outcome: 'ready', id: 'a-media-1', fresh: false });
    expect(await b.media.idFor('phone-1', 'flow-2', 'other/same-take.wav')).toEqual({ outcome: 'ready', id: 'a-media-1', fresh: false });
    expect(b.uploads).toHaveLength(0);
    // Graph's ids belong to the number that uploaded them.
    expect(await b.media.idFor('phone-2', 'flow-1', 'fon/welcome.wav')).toEqual({ outcome: 'ready', id: 'b-media-1', fresh: true });
    // Graph refused a message naming a-media-1 (expired, or unknown): uploaded again, and the new id replaces it for everyone.
    b.media.forget('phone-1', 'flow-1', 'fon/welcome.wav');
    expect(await b.media.idFor('phone-1', 'flow-1', 'fon/welcome.wav')).toEqual({ outcome: 'ready', id: 'b-media-2', fresh: true });
    expect((await ids.get(mediaIdKey('phone-1', sha256)))?.value).toMatchObject({ id: 'b-media-2' });
    const c = setUp({ 'fon/welcome.wav': file }, undefined, { ids, instance: 'c' });
    opened.push(c.media);
    expect(await c.media.idFor('phone-1', 'flow-1', 'fon/welcome.wav')).toEqual({ outcome: 'ready', id: 'b-media-2', fresh: false });
  }, 60_000);

  it('uploads again a file whose kept id is past its age (Graph keeps a file 30 days)', async () => {
    let now = Date.parse('2026-12-01T00:00:00Z');
    const ids = new MemoryChannelStates(() => now);
    const file = wav(8000, 1);
    const a = setUp({ 'x.wav': file }, undefined, { ids, instance: 'a', now: () => now });
    opened.push(a.media);
    expect(await a.media.idFor('phone-1', 'flow-1', 'x.wav')).toMatchObject({ id: 'a-media-1', fresh: true });
    const key = mediaIdKey('phone-1', createHash('sha256').update(file).digest('hex'));
    now += MEDIA_ID_MAX_AGE_MS - 1;
    expect(await ids.get(key)).not.toBeNull();
    // Kept as long as it is used: past its age the store lets it go, and the next send uploads anew.
    now += 2;
    expect(await ids.get(key)).toBeNull();
    const b = setUp({ 'x.wav': file }, undefined, { ids, instance: 'b', now: () => now });
    opened.push(b.media);
    expect(await b.media.idFor('phone-1', 'flow-1', 'x.wav')).toMatchObject({ id: 'b-media-1', fresh: true });
  }, 60_000);

  it("encodes on a thread whose young generation is bounded, so LAME's small arrays do not pile up to V8's default between collections", async () => {
    const encoder = new Mp3EncoderThread();
    const { media } = setUp({ 'a.wav': wav(8000, 1) }, encoder);
    opened.push(media);
    expect(await media.idFor('phone-1', 'flow-1', 'a.wav')).toMatchObject({ outcome: 'ready' });
    expect(encoder.thread!.resourceLimits?.maxYoungGenerationSizeMb).toBe(8);
  }, 60_000);
});
