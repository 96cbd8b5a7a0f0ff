import { AUDIO_FLOW_ID, AUDIO_NAME, isAudioPath, readWavFormat, telephonyWavProblem, type WavFormat, type WavProblem } from '@griot/flows';
import { conflict, invalid, notFound, type BadInputError } from '../errors.ts';
import type { AudioReading, AudioStore, AudioToPut, ByteRange, StoredAudio } from '../store/types.ts';
import type { AudioUsage, AudioUse } from './audioUsage.ts';

// One rule for the server and the editor (flows/src/versioning/audioPath.ts).
export { AUDIO_FLOW_ID, AUDIO_NAME, isAudioPath } from '@griot/flows';
export const MAX_AUDIO_BYTES = 10 * 1024 * 1024;
/** The codes of a quota's refusal (409): the flow's, all flows'. */
export const AUDIO_QUOTA_CODES: readonly string[] = ['audio_flow_quota_full', 'audio_quota_full'];
const TYPE_OF_EXTENSION = { wav: 'audio/wav', mp3: 'audio/mpeg', ogg: 'audio/ogg' } as const;

export interface AudioAsset {
  name: string;
  bytes: number;
}

/**
 * How much recorded audio may be kept: one flow's files together, and every file the store holds
 * (archived flows' included: they keep their files until purged).
 */
export interface AudioQuota {
  perFlowBytes: number;
  totalBytes: number;
  /**
   * Runs the quota's check and the write as one unit (`withQuotaLock`: one writer at a time in
   * this process and across instances on the store), so uploads at once never pass it together.
   */
  serialize: <T>(work: () => Promise<T>) => Promise<T>;
}

const mib = (bytes: number) => Math.floor(bytes / 1024 / 1024);

/** What an upload does with a name a published version holds: refuse it (409 `audio_in_use`), or keep the file under the next free name. */
export type IfAudioInUse = 'refuse' | 'rename';

/** How many numbered names (`welcome-2.wav` … ) an upload tries before giving up. */
const MAX_TAKES = 999;

/** `fon/welcome.wav`, 3 → `fon/welcome-3.wav`. */
export function numberedAudioName(name: string, take: number): string {
  const dot = name.lastIndexOf('.');
  return `${name.slice(0, dot)}-${take}${name.slice(dot)}`;
}

function inUse(flowId: string, name: string, use: AudioUse, doing: 'replaced' | 'deleted'): BadInputError {
  const where = use.environments.length > 0 ? ` (${use.environments.join(' and ')} runs version ${use.versions.join(', ')})` : '';
  return conflict(
    'audio_in_use',
    `${name} is played by published version ${use.versions.join(', ')}${where}: a published version's recording cannot be ${doing}. Save the new take under another name and publish the draft that uses it`,
    { field: 'name', context: { flowId }, params: { name, versions: use.versions, environments: use.environments } },
  );
}

/** Reads the file's own signature, so a renamed text file is not served to a caller as audio. */
export function detectAudioType(bytes: Uint8Array): 'audio/wav' | 'audio/mpeg' | 'audio/ogg' | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'audio/wav';
  if (bytes.length >= 4 && ascii(0, 4) === 'OggS') return 'audio/ogg';
  if (bytes.length >= 3 && ascii(0, 3) === 'ID3') return 'audio/mpeg';
  if (bytes.length >= 2 && bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0) return 'audio/mpeg';
  return null;
}

const WAV_ADVICE = 'record it in the designer, or convert it to mono 16-bit PCM at 8000 or 16000 Hz';

/**
 * Why a WAV is refused, for the editor who uploaded it: each code written out (the designer says
 * it in the editor's language), with what the file holds as params.
 */
function wavRefusal(problem: WavProblem, format: WavFormat | null): BadInputError {
  const field = 'body';
  switch (problem) {
    case 'wav_malformed':
      return invalid('wav_malformed', 'the WAV file has no readable fmt and data chunks', { field });
    case 'wav_not_pcm16':
      return invalid('wav_not_pcm16', `the WAV holds ${format?.bitsPerSample}-bit audio in format ${format?.audioFormat}, not 16-bit PCM: ${WAV_ADVICE}`, {
        field,
        params: { bits: format?.bitsPerSample ?? 0 },
      });
    case 'wav_not_mono':
      return invalid('wav_not_mono', `the WAV has ${format?.channels} channels, and the phone plays mono: ${WAV_ADVICE}`, { field, params: { channels: format?.channels ?? 0 } });
    case 'wav_sample_rate':
      return invalid('wav_sample_rate', `the WAV is sampled at ${format?.sampleRate} Hz, and the phone plays 8000 or 16000 Hz: ${WAV_ADVICE}`, { field, params: { rate: format?.sampleRate ?? 0 } });
    case 'wav_empty':
      return invalid('wav_empty', 'the WAV holds no audio', { field });
  }
}

/**
 * Recorded prompts of each flow, kept in the Store (`store.audio`: SQLite blobs, MongoDB GridFS)
 * so any instance serves what another received; in backups; served to voice platforms at
 * /audio/<flowId>/<name> (audioRoutes, with ranges).
 *
 * A name that a published version holds is frozen: uploading over it or deleting it is refused
 * (`audio_in_use`), so what callers hear changes only when a version is published and promoted,
 * like a text, and a rollback plays the old recording again. A new take goes under a new name
 * (`ifInUse: 'rename'`: the designer's way) that the draft points at.
 */
export class AudioLibrary {
  constructor(
    private readonly store: AudioStore,
    private readonly now: () => string = () => new Date().toISOString(),
    /** The names the flow's published versions hold (none: nothing is frozen, for tests of the library alone). */
    private readonly usage: AudioUsage = async () => new Map(),
    /** None: no limit but each file's (the start-up move of an older Griot's prompt folder, tests of the library alone). */
    private readonly quota?: AudioQuota,
  ) {}

  /**
   * Refuses a file that would take the flow's prompts past their quota (409 `audio_flow_quota_full`),
   * or all flows' (409 `audio_quota_full`); `params.limit` and `params.usedMiB` in MiB. A file
   * under `name` is counted as replaced (a take kept under a new name instead adds to the total:
   * counted as replacing, a little lenient).
   */
  private async checkQuota(flowId: string, name: string | null, bytes: number): Promise<void> {
    if (!this.quota) return;
    // Sums from the store (one statement each), the file under `name` taken out: never a listing of every flow's files.
    const replaced = name === null ? 0 : ((await this.store.getAudioInfo(flowId, name))?.bytes ?? 0);
    const flowBytes = (await this.store.audioBytes(flowId)) - replaced;
    if (flowBytes + bytes > this.quota.perFlowBytes) {
      const limit = mib(this.quota.perFlowBytes);
      throw conflict('audio_flow_quota_full', `the flow's recorded prompts would take more than ${limit} MiB (GRIOT_AUDIO_MAX_MB_PER_FLOW): remove some first`, {
        field: 'body',
        context: { flowId },
        params: { limit, usedMiB: mib(flowBytes) },
      });
    }
    const total = (await this.store.audioBytes()) - replaced;
    if (total + bytes > this.quota.totalBytes) {
      const limit = mib(this.quota.totalBytes);
      throw conflict('audio_quota_full', `the recorded prompts of all flows would take more than ${limit} MiB (GRIOT_AUDIO_MAX_MB): remove some first`, {
        field: 'body',
        context: { flowId },
        params: { limit, usedMiB: mib(total) },
      });
    }
  }

  private check(flowId: string, name: string): void {
    if (!AUDIO_FLOW_ID.test(flowId)) throw invalid('invalid_flow_id', `not a flow id: ${flowId}`, { field: 'id', params: { flowId } });
    if (!AUDIO_NAME.test(name) || name.includes('..')) {
      throw invalid('invalid_audio_name', 'name must look like fon/welcome.wav (letters, digits, - _ . and /; .wav, .mp3 or .ogg)', { field: 'name' });
    }
  }

  /**
   * Checks a file as an upload must be (not empty, not too large, audio of the type its name says)
   * and describes it. Not hashed here: the store computes the SHA-256 of what it stores, once.
   */
  describe(flowId: string, name: string, bytes: Uint8Array, uploadedAt = this.now()): AudioToPut {
    this.check(flowId, name);
    if (bytes.length === 0) throw invalid('empty_audio', 'the request body is empty: send the audio file as the body', { field: 'body' });
    if (bytes.length > MAX_AUDIO_BYTES)
      throw invalid('audio_too_large', `audio files are limited to ${MAX_AUDIO_BYTES / 1024 / 1024} MiB`, { field: 'body', params: { maxMiB: MAX_AUDIO_BYTES / 1024 / 1024 } });
    const contentType = detectAudioType(bytes);
    const extension = name.split('.').pop() as keyof typeof TYPE_OF_EXTENSION;
    if (!contentType) throw invalid('not_audio', 'the file is not WAV, MP3 or Ogg audio', { field: 'body' });
    if (contentType !== TYPE_OF_EXTENSION[extension]) {
      throw invalid('audio_type_mismatch', `the file is ${contentType} but its name ends in .${extension}`, { field: 'name', params: { type: contentType, extension } });
    }
    return { flowId, name, contentType, bytes: bytes.length, uploadedAt };
  }

  /**
   * Stores a recording under `name`, or, when a published version holds that name and `ifInUse`
   * is `rename`, under the first numbered name no published version holds (`welcome-2.wav`; a
   * draft's earlier take under it is replaced). Returns the name it was stored under.
   *
   * `mayFillMissing` (a publisher: one who could promote a version anyway): a name a published
   * version holds but no file is stored under (a flow imported from another Griot with its
   * versions, its recordings still to bring) may be filled, once; never replaced.
   */
  async save(flowId: string, name: string, bytes: Uint8Array, options: { ifInUse?: IfAudioInUse; mayFillMissing?: boolean } = {}): Promise<AudioAsset & { contentType: string; insteadOf?: string }> {
    const audio = this.describe(flowId, name, bytes);
    if (audio.contentType === 'audio/wav') {
      // Played as it is on the phone: a WAV the voice platform would have to convert (or could not) is refused here.
      const format = readWavFormat(bytes);
      const problem = telephonyWavProblem(format);
      if (problem) throw wavRefusal(problem, format);
    }
    // The check and the write are one unit: of N uploads at once, those past the quota get its 409.
    if (this.quota) return this.quota.serialize(() => this.saveChecked(flowId, name, audio, bytes, options));
    return this.saveChecked(flowId, name, audio, bytes, options);
  }

  private async saveChecked(
    flowId: string,
    name: string,
    audio: AudioToPut,
    bytes: Uint8Array,
    options: { ifInUse?: IfAudioInUse; mayFillMissing?: boolean },
  ): Promise<AudioAsset & { contentType: string; insteadOf?: string }> {
    await this.checkQuota(flowId, name, audio.bytes);
    const uses = await this.usage(flowId);
    // Names held by versions the store does not know as frozen yet (versions imported or restored): frozen first.
    await this.store.freezeAudio(flowId, [...uses.keys()]);
    const use = uses.get(name);
    const result = (stored: string) => ({ name: stored, bytes: audio.bytes, contentType: audio.contentType, ...(stored !== name ? { insteadOf: name } : {}) });
    // The store checks and writes at once: a name a publish freezes meanwhile is never replaced.
    if (!use && (await this.store.putAudio(audio, bytes, 'unlessFrozen'))) return result(name);
    if (use && options.mayFillMissing === true && (await this.store.putAudio(audio, bytes, 'ifAbsent'))) return result(name);
    const holding = use ?? (await this.usage(flowId)).get(name) ?? { versions: [], environments: [] };
    if (options.ifInUse !== 'rename') throw inUse(flowId, name, holding, 'replaced');
    for (let take = 2; take <= MAX_TAKES; take += 1) {
      const candidate = numberedAudioName(name, take);
      if (uses.has(candidate) || !AUDIO_NAME.test(candidate)) continue;
      // Marked as a take of `name`: the only kind of file the clean-up of superseded takes may remove.
      if (await this.store.putAudio({ ...audio, name: candidate, takeOf: name }, bytes, 'unlessFrozen')) return result(candidate);
    }
    throw inUse(flowId, name, holding, 'replaced');
  }

  /**
   * Runs `write`, which adds `bytes` of recordings under the new flow `flowId` (a copy of a flow),
   * once the quotas allow them (409 `audio_flow_quota_full` / `audio_quota_full` otherwise, nothing
   * written), checked and written as one unit as an upload is.
   */
  async withinQuota<T>(flowId: string, bytes: number, write: () => Promise<T>): Promise<T> {
    const run = async () => {
      await this.checkQuota(flowId, null, bytes);
      return write();
    };
    return this.quota ? this.quota.serialize(run) : run();
  }

  /**
   * Puts a file as it is, with no condition (a prompt moved into the store from elsewhere: an
   * older Griot's DATA_DIR/audio), held to the same quotas as an upload, checked and written as one unit.
   */
  async putWithinQuota(audio: AudioToPut, bytes: Uint8Array): Promise<void> {
    const put = async () => {
      await this.checkQuota(audio.flowId, audio.name, audio.bytes);
      await this.store.putAudio(audio, bytes);
    };
    await (this.quota ? this.quota.serialize(put) : put());
  }

  /** Whether a published version holds the name (frozen in the store): what is served under it never changes. */
  async isFrozen(flowId: string, name: string): Promise<boolean> {
    return isAudioPath(flowId, name) && (await this.store.listFrozenAudio(flowId)).includes(name);
  }

  /**
   * Whether a published version names it (one in staging or production, or any other): what a
   * caller may hear, served to anyone. Read from the versions, not only the store's frozen names:
   * a version restored or imported is frozen in the store only at the flow's next upload.
   */
  async isPublished(flowId: string, name: string): Promise<boolean> {
    if (!isAudioPath(flowId, name)) return false;
    if ((await this.store.listFrozenAudio(flowId)).includes(name)) return true;
    return this.isNamedByAVersion(flowId, name);
  }

  /**
   * Whether a published version names it, from its versions alone (the caller read the frozen
   * names already): from memory while the flow's versions are unchanged (`AudioUsage.published`).
   */
  async isNamedByAVersion(flowId: string, name: string): Promise<boolean> {
    if (!isAudioPath(flowId, name)) return false;
    return this.usage.published ? (await this.usage.published(flowId)).has(name) : (await this.usage(flowId)).has(name);
  }

  async list(flowId: string): Promise<AudioAsset[]> {
    if (!AUDIO_FLOW_ID.test(flowId)) return [];
    return (await this.store.listAudio(flowId)).map((a) => ({ name: a.name, bytes: a.bytes }));
  }

  async exists(flowId: string, name: string): Promise<boolean> {
    this.check(flowId, name);
    return (await this.store.getAudioInfo(flowId, name)) !== null;
  }

  /** The description of a prompt, or null (also for a path that cannot name one). */
  info(flowId: string, name: string): Promise<StoredAudio | null> {
    return isAudioPath(flowId, name) ? this.store.getAudioInfo(flowId, name) : Promise.resolve(null);
  }

  read(flowId: string, name: string, range?: ByteRange): Promise<{ audio: StoredAudio; content: Buffer } | null> {
    return isAudioPath(flowId, name) ? this.store.readAudio(flowId, name, range) : Promise.resolve(null);
  }

  /** The prompt (or `range` of it) to read a stored part at a time, never joined in memory (`AudioStore.openAudio`); null when absent. */
  open(flowId: string, name: string, range?: ByteRange): Promise<AudioReading | null> {
    return isAudioPath(flowId, name) ? this.store.openAudio(flowId, name, range) : Promise.resolve(null);
  }

  async remove(flowId: string, name: string): Promise<void> {
    this.check(flowId, name);
    const use = (await this.usage(flowId)).get(name);
    if (use) throw inUse(flowId, name, use, 'deleted');
    // The store checks and removes at once: a name a publish freezes meanwhile is never removed.
    if (await this.store.deleteAudio(flowId, name, { unlessFrozen: true })) return;
    if (await this.isFrozen(flowId, name)) throw inUse(flowId, name, (await this.usage(flowId)).get(name) ?? { versions: [], environments: [] }, 'deleted');
    throw notFound('audio_not_found', `no audio ${name} for flow ${flowId}`, { params: { name } });
  }

  /** Every recorded prompt of a flow that was purged (a new flow may take its id). */
  async removeFlow(flowId: string): Promise<void> {
    if (!AUDIO_FLOW_ID.test(flowId)) throw invalid('invalid_flow_id', `not a flow id: ${flowId}`, { field: 'id', params: { flowId } });
    await this.store.deleteFlowAudio(flowId);
  }
}
