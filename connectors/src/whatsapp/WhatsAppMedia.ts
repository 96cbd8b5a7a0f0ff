import type { AudioReader } from '../channel/AudioReader.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import type { ChannelStates } from '../channel/ChannelStates.ts';
import type { GraphClient, GraphUploadResult } from './GraphClient.ts';
import { Mp3EncoderThread, Mp3EncodingUnavailable } from './Mp3EncoderThread.ts';
import { RecordingNotSendable, recordingForWhatsApp, type WhatsAppAudio } from './recordingForWhatsApp.ts';

/**
 * Graph keeps an uploaded file for 30 days (Meta's media documentation: uploaded files "persist for
 * 30 days"); an id is used for at most this long after its upload, then the file is uploaded again
 * (a send refused for its id uploads again at once anyway).
 */
export const MEDIA_ID_MAX_AGE_MS = 25 * 24 * 3_600_000;

/** Where a media id is kept in the shared channel states: per WhatsApp number and recording content. */
export function mediaIdKey(phoneNumberId: string, sha256: string): string {
  return `whatsapp-media:${phoneNumberId}:${sha256}`;
}

export interface WhatsAppMediaOptions {
  graph: Pick<GraphClient, 'uploadMedia'>;
  audio: AudioReader;
  now?: () => number;
  logger?: ChannelLogger;
  /** Media ids remembered at most (oldest forgotten first). */
  maxEntries?: number;
  /** Where WAV prompts become MP3 (default: a thread of its own, started by the first one). */
  encoder?: Mp3EncoderThread;
  /**
   * The Store's channel states, shared by every instance and kept across restarts: media ids are
   * kept there too, under `mediaIdKey` (absent: in this process only).
   */
  ids?: ChannelStates;
}

/** A recording's media id: `fresh` when uploaded just now (a refusal then is not about an old id). */
export type MediaIdResult = { outcome: 'ready'; id: string; fresh: boolean } | { outcome: 'missing'; reason: string } | Exclude<GraphUploadResult, { outcome: 'uploaded' }>;

interface CachedMedia {
  id: string;
  sha256: string;
  uploadedAt: number;
}

/**
 * Recorded prompts as WhatsApp media: each file uploaded once per phone number id (Graph's ids
 * belong to the number that uploaded them) and its id remembered under the flow, the name and the
 * content hash, so a re-recorded draft take is uploaded anew; ids older than
 * `MEDIA_ID_MAX_AGE_MS`, or that Graph refused, are uploaded again. No public audio URL is
 * needed, and none is handed to Meta. With `ids` (the Store's channel states) an id is also kept
 * under the number and the content hash, so another instance, or this one after a restart, sends
 * the file by the id already uploaded instead of encoding and uploading it again.
 */
export class WhatsAppMedia {
  private readonly cache = new Map<string, CachedMedia>();
  private readonly uploading = new Map<string, Promise<MediaIdResult>>();
  /** Ids Graph refused in a message: one kept in the shared states is not used again by this process. */
  private readonly refused = new Set<string>();
  private readonly now: () => number;
  private readonly logger: ChannelLogger;
  private readonly encoder: Mp3EncoderThread;

  constructor(private readonly options: WhatsAppMediaOptions) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
    this.encoder = options.encoder ?? new Mp3EncoderThread();
  }

  /** Ends the encoder's thread (the server stops). */
  close(): Promise<void> {
    return this.encoder.close();
  }

  async idFor(phoneNumberId: string, flowId: string, name: string): Promise<MediaIdResult> {
    const info = await this.options.audio.info(flowId, name);
    if (!info) return { outcome: 'missing', reason: `no recording ${name} in flow ${flowId}` };
    const key = cacheKey(phoneNumberId, flowId, name);
    const cached = this.cache.get(key);
    if (cached && cached.sha256 === info.sha256 && !this.refused.has(cached.id) && this.now() - cached.uploadedAt < MEDIA_ID_MAX_AGE_MS) return { outcome: 'ready', id: cached.id, fresh: false };
    // Two conversations wanting the same file at once share one upload.
    const flight = `${key}\n${info.sha256}`;
    let upload = this.uploading.get(flight);
    if (!upload) {
      upload = this.sharedOrUploaded(phoneNumberId, flowId, name, key, info.sha256).finally(() => this.uploading.delete(flight));
      this.uploading.set(flight, upload);
    }
    return upload;
  }

  /** Graph refused a message naming this id: the next send uploads the file again. */
  forget(phoneNumberId: string, flowId: string, name: string): void {
    const key = cacheKey(phoneNumberId, flowId, name);
    const cached = this.cache.get(key);
    if (cached) {
      this.refused.add(cached.id);
      if (this.refused.size > (this.options.maxEntries ?? 5_000)) this.refused.delete(this.refused.values().next().value as string);
    }
    this.cache.delete(key);
  }

  /** The id another instance (or this one before a restart) uploaded for this number and content, else a new upload. */
  private async sharedOrUploaded(phoneNumberId: string, flowId: string, name: string, key: string, sha256: string): Promise<MediaIdResult> {
    const shared = await this.readShared(phoneNumberId, sha256);
    if (shared.media && !this.refused.has(shared.media.id) && this.now() - shared.media.uploadedAt < MEDIA_ID_MAX_AGE_MS) {
      this.remember(key, { ...shared.media, sha256 });
      return { outcome: 'ready', id: shared.media.id, fresh: false };
    }
    const result = await this.upload(phoneNumberId, flowId, name, key);
    if (result.outcome === 'ready' && this.options.ids) {
      const cached = this.cache.get(key)!;
      const expiresAt = new Date(cached.uploadedAt + MEDIA_ID_MAX_AGE_MS).toISOString();
      // Conditional on what was read: when another instance uploaded meanwhile, its id stays (both are good).
      await this.options.ids
        .put(mediaIdKey(phoneNumberId, cached.sha256), { id: cached.id, uploadedAt: cached.uploadedAt }, cached.sha256 === sha256 ? shared.revision : 0, expiresAt)
        .catch((error: unknown) => this.logger.warn({ flowId, name, error: String(error) }, 'a WhatsApp media id could not be kept in the store: other instances upload the file again'));
    }
    return result;
  }

  private async readShared(phoneNumberId: string, sha256: string): Promise<{ media?: { id: string; uploadedAt: number }; revision: number }> {
    if (!this.options.ids) return { revision: 0 };
    try {
      const state = await this.options.ids.get(mediaIdKey(phoneNumberId, sha256));
      if (!state) return { revision: 0 };
      const value = state.value as { id?: unknown; uploadedAt?: unknown } | null;
      const valid = value !== null && typeof value === 'object' && typeof value.id === 'string' && value.id !== '' && typeof value.uploadedAt === 'number';
      return valid ? { media: { id: value.id as string, uploadedAt: value.uploadedAt as number }, revision: state.revision } : { revision: state.revision };
    } catch (error) {
      // The store unreachable for this read: upload, as without it.
      this.logger.warn({ error: String(error) }, 'reading a kept WhatsApp media id failed: the recording is uploaded again');
      return { revision: 0 };
    }
  }

  private remember(key: string, media: CachedMedia): void {
    this.cache.delete(key);
    this.cache.set(key, media);
    if (this.cache.size > (this.options.maxEntries ?? 5_000)) this.cache.delete(this.cache.keys().next().value as string);
  }

  private async upload(phoneNumberId: string, flowId: string, name: string, key: string): Promise<MediaIdResult> {
    // Opened, not read whole: a WAV's samples stream to the encoder a stored part at a time.
    const stored = await this.options.audio.open(flowId, name);
    if (!stored) return { outcome: 'missing', reason: `no recording ${name} in flow ${flowId}` };
    let file: WhatsAppAudio;
    try {
      // Files with the same content share one encoding, whatever their flow, name or number.
      file = await recordingForWhatsApp(name, stored, this.encoder, stored.sha256);
    } catch (error) {
      if (error instanceof RecordingNotSendable) return { outcome: 'missing', reason: `${name} cannot be sent on WhatsApp: ${error.message}` };
      // The encoder's thread died or is swamped: the reply goes without this voice note, and the next one starts a new thread.
      if (error instanceof Mp3EncodingUnavailable) {
        this.logger.error({ flowId, name, error: error.message }, 'encoding a recording to MP3 failed');
        return { outcome: 'missing', reason: `${name} could not be encoded: ${error.message}` };
      }
      throw error;
    }
    const result = await this.options.graph.uploadMedia(phoneNumberId, file);
    if (result.outcome !== 'uploaded') {
      this.logger.warn({ flowId, name, outcome: result.outcome, error: result.message }, 'uploading a recording to WhatsApp failed');
      return result;
    }
    this.remember(key, { id: result.id, sha256: stored.sha256, uploadedAt: this.now() });
    return { outcome: 'ready', id: result.id, fresh: true };
  }
}

function cacheKey(phoneNumberId: string, flowId: string, name: string): string {
  return `${phoneNumberId}\n${flowId}\n${name}`;
}
