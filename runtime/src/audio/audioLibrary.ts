import { mkdir, readdir, rm, stat, writeFile, rename } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { readWavFormat, telephonyWavProblem, type WavFormat, type WavProblem } from '@griot/flows';
import { invalid, notFound, type BadInputError } from '../errors.ts';

/** `fon/welcome.wav`: folders and a file name, no `..`, a known audio extension. */
export const AUDIO_NAME = /^(?:[A-Za-z0-9_-]+\/){0,4}[A-Za-z0-9_-][A-Za-z0-9_.-]{0,100}\.(wav|mp3|ogg)$/;
const FLOW_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
export const MAX_AUDIO_BYTES = 10 * 1024 * 1024;

export interface AudioAsset {
  name: string;
  bytes: number;
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
      return invalid('wav_not_pcm16', `the WAV holds ${format?.bitsPerSample}-bit audio in format ${format?.audioFormat}, not 16-bit PCM: ${WAV_ADVICE}`, { field, params: { bits: format?.bitsPerSample ?? 0 } });
    case 'wav_not_mono':
      return invalid('wav_not_mono', `the WAV has ${format?.channels} channels, and the phone plays mono: ${WAV_ADVICE}`, { field, params: { channels: format?.channels ?? 0 } });
    case 'wav_sample_rate':
      return invalid('wav_sample_rate', `the WAV is sampled at ${format?.sampleRate} Hz, and the phone plays 8000 or 16000 Hz: ${WAV_ADVICE}`, { field, params: { rate: format?.sampleRate ?? 0 } });
    case 'wav_empty':
      return invalid('wav_empty', 'the WAV holds no audio', { field });
  }
}

/**
 * Recorded prompts, stored as files under DATA_DIR/audio/<flowId>/<name> (included in
 * backups) and served to voice platforms at /audio/<flowId>/<name>.
 */
export class AudioLibrary {
  constructor(readonly root: string) {}

  private pathOf(flowId: string, name: string): string {
    if (!FLOW_ID.test(flowId)) throw invalid('invalid_flow_id', `not a flow id: ${flowId}`, { field: 'id', params: { flowId } });
    if (!AUDIO_NAME.test(name) || name.includes('..')) {
      throw invalid('invalid_audio_name', 'name must look like fon/welcome.wav (letters, digits, - _ . and /; .wav, .mp3 or .ogg)', { field: 'name' });
    }
    return join(this.root, flowId, name);
  }

  async save(flowId: string, name: string, bytes: Uint8Array): Promise<AudioAsset & { contentType: string }> {
    const path = this.pathOf(flowId, name);
    if (bytes.length === 0) throw invalid('empty_audio', 'the request body is empty: send the audio file as the body', { field: 'body' });
    if (bytes.length > MAX_AUDIO_BYTES) throw invalid('audio_too_large', `audio files are limited to ${MAX_AUDIO_BYTES / 1024 / 1024} MiB`, { field: 'body', params: { maxMiB: MAX_AUDIO_BYTES / 1024 / 1024 } });
    const contentType = detectAudioType(bytes);
    const expected = { wav: 'audio/wav', mp3: 'audio/mpeg', ogg: 'audio/ogg' }[name.split('.').pop() as 'wav' | 'mp3' | 'ogg'];
    if (!contentType) throw invalid('not_audio', 'the file is not WAV, MP3 or Ogg audio', { field: 'body' });
    if (contentType !== expected) throw invalid('audio_type_mismatch', `the file is ${contentType} but its name ends in .${name.split('.').pop()}`, { field: 'name', params: { type: contentType, extension: name.split('.').pop() ?? '' } });
    if (contentType === 'audio/wav') {
      // Played as it is on the phone: a WAV the voice platform would have to convert (or could not) is refused here.
      const format = readWavFormat(bytes);
      const problem = telephonyWavProblem(format);
      if (problem) throw wavRefusal(problem, format);
    }
    await mkdir(dirname(path), { recursive: true });
    // Write then rename: a call fetching the prompt meanwhile hears the old or the new file, never half of one.
    const temporary = `${path}.${process.pid}.uploading`;
    await writeFile(temporary, bytes);
    await rename(temporary, path);
    return { name, bytes: bytes.length, contentType };
  }

  async list(flowId: string): Promise<AudioAsset[]> {
    const dir = join(this.root, flowId);
    if (!FLOW_ID.test(flowId)) return [];
    const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    const files = entries.filter((e) => e.isFile() && AUDIO_NAME.test(e.name.split('/').pop() ?? ''));
    const assets = await Promise.all(
      files.map(async (e) => {
        const full = join(e.parentPath, e.name);
        return { name: relative(dir, full).split('\\').join('/'), bytes: (await stat(full)).size };
      }),
    );
    return assets.filter((a) => AUDIO_NAME.test(a.name)).sort((a, b) => a.name.localeCompare(b.name));
  }

  async exists(flowId: string, name: string): Promise<boolean> {
    return stat(this.pathOf(flowId, name)).then(() => true, () => false);
  }

  async remove(flowId: string, name: string): Promise<void> {
    const path = this.pathOf(flowId, name);
    if (!(await this.exists(flowId, name))) throw notFound('audio_not_found', `no audio ${name} for flow ${flowId}`, { params: { name } });
    await rm(path);
  }

  /** Every recorded prompt of a flow that was purged (a new flow may take its id). */
  async removeFlow(flowId: string): Promise<void> {
    if (!FLOW_ID.test(flowId)) throw invalid('invalid_flow_id', `not a flow id: ${flowId}`, { field: 'id', params: { flowId } });
    await rm(join(this.root, flowId), { recursive: true, force: true });
  }
}
