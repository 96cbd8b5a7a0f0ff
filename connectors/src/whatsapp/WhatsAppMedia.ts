import type { AudioReader } from '../channel/AudioReader.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import type { GraphClient, GraphUploadResult } from './GraphClient.ts';
import { Mp3EncoderThread, Mp3EncodingUnavailable } from './Mp3EncoderThread.ts';
import { RecordingNotSendable, recordingForWhatsApp, type WhatsAppAudio } from './recordingForWhatsApp.ts';

/**
 * Graph keeps an uploaded file for 30 days; an id is used for at most this long after its upload,
 * then the file is uploaded again (a send refused for its id uploads again at once anyway).
 */
export const MEDIA_ID_MAX_AGE_MS = 25 * 24 * 3_600_000;

export interface WhatsAppMediaOptions {
  graph: Pick<GraphClient, 'uploadMedia'>;
  audio: AudioReader;
  now?: () => number;
  logger?: ChannelLogger;
  /** Media ids remembered at most (oldest forgotten first). */
  maxEntries?: number;
  /** Where WAV prompts become MP3 (default: a thread of its own, started by the first one). */
  encoder?: Mp3EncoderThread;
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
 * needed, and none is handed to Meta. The ids are kept in this process only: another instance,
 * or this one after a restart, uploads once more (a few kilobytes; Graph does not charge for it).
 */
export class WhatsAppMedia {
  private readonly cache = new Map<string, CachedMedia>();
  private readonly uploading = new Map<string, Promise<MediaIdResult>>();
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
    if (cached && cached.sha256 === info.sha256 && this.now() - cached.uploadedAt < MEDIA_ID_MAX_AGE_MS) return { outcome: 'ready', id: cached.id, fresh: false };
    // Two conversations wanting the same file at once share one upload.
    const flight = `${key}\n${info.sha256}`;
    let upload = this.uploading.get(flight);
    if (!upload) {
      upload = this.upload(phoneNumberId, flowId, name, key).finally(() => this.uploading.delete(flight));
      this.uploading.set(flight, upload);
    }
    return upload;
  }

  /** Graph refused a message naming this id: the next send uploads the file again. */
  forget(phoneNumberId: string, flowId: string, name: string): void {
    this.cache.delete(cacheKey(phoneNumberId, flowId, name));
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
    this.cache.delete(key);
    this.cache.set(key, { id: result.id, sha256: stored.sha256, uploadedAt: this.now() });
    if (this.cache.size > (this.options.maxEntries ?? 5_000)) this.cache.delete(this.cache.keys().next().value as string);
    return { outcome: 'ready', id: result.id, fresh: true };
  }
}

function cacheKey(phoneNumberId: string, flowId: string, name: string): string {
  return `${phoneNumberId}\n${flowId}\n${name}`;
}
