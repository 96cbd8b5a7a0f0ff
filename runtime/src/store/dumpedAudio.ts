import type { AudioDumpEntry, StoredAudio } from './audioTypes.ts';

/**
 * A dumped prompt's bytes, as the backup writer reads them (not enumerable: never in the JSON).
 * SQLite reads them from the dump's snapshot only when the writer comes to that prompt.
 */
export const PROMPT_BYTES: unique symbol = Symbol('griot.promptBytes');

/**
 * What ends a dump's snapshot once its prompts are written (on the dump's `audio` list, not
 * enumerable). SQLite keeps a read transaction open for the prompts until then; MongoDB its
 * session and the cursors of the lists a failed writer left half read.
 */
export const END_OF_DUMP: unique symbol = Symbol('griot.endOfDump');

/**
 * A dumped prompt's bytes as the backup writer reads them: whole (SQLite, one prompt at a time),
 * or in pieces as they come (MongoDB's GridFS chunks, read from the dump's session).
 */
export type PromptContent = () => Buffer | Promise<AsyncIterable<Buffer>>;

/**
 * A prompt as a dump carries it: its description, and `base64` encoded only when read. The backup
 * writer reads the bytes (`PROMPT_BYTES`) as it comes to that entry and writes their base64 in
 * slices, giving the server's other work a turn between them: a backup of the store never holds
 * all its prompts at once, nor the server busy encoding them all in one go.
 */
export function dumpedAudio(audio: StoredAudio, content: Buffer | (() => Buffer)): AudioDumpEntry {
  const bytes = typeof content === 'function' ? content : () => content;
  const entry = Object.defineProperty({ ...audio }, 'base64', { get: () => bytes().toString('base64'), enumerable: true, configurable: true });
  return Object.defineProperty(entry, PROMPT_BYTES, { value: bytes, enumerable: false }) as AudioDumpEntry;
}

/**
 * A prompt of a dump for the backup writer only, whose bytes are read in pieces when the writer
 * comes to it (`pieces`). Its `base64` is never read otherwise: a dump asked for whole holds
 * `dumpedAudio` entries instead.
 */
export function streamedAudio(audio: StoredAudio, pieces: () => Promise<AsyncIterable<Buffer>>): AudioDumpEntry {
  const entry = Object.defineProperty({ ...audio }, 'base64', {
    get: () => {
      throw new Error('a prompt of a dump read for the backup writer is read by the writer only');
    },
    enumerable: true,
    configurable: true,
  });
  return Object.defineProperty(entry, PROMPT_BYTES, { value: pieces, enumerable: false }) as AudioDumpEntry;
}

/** The bytes of a dumped prompt, when the entry is one a store dumped (else undefined). */
export function promptBytesOf(entry: unknown): PromptContent | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const bytes = (entry as { [PROMPT_BYTES]?: unknown })[PROMPT_BYTES];
  return typeof bytes === 'function' ? (bytes as PromptContent) : undefined;
}

/**
 * Lets go of what a dump holds open to read its lists and prompts once they are written, or their
 * writing failed (SQLite's snapshot; MongoDB's cursors, then its session); nothing for other dumps.
 * Done when the promise settles.
 */
export async function endOfDump(dump: { audio?: unknown }): Promise<void> {
  await (dump.audio as { [END_OF_DUMP]?: () => void | Promise<void> } | undefined)?.[END_OF_DUMP]?.();
}
