import type { AudioDumpEntry, StoredAudio } from './audioTypes.ts';

/**
 * A prompt as a dump carries it: its description, and `base64` encoded only when read (the backup
 * writer reads it as it writes that entry, then lets the string go). A backup of the store holds
 * its prompts once, as bytes, rather than all of them at once as base64 too (a third more, and
 * the server busy encoding them all in one go).
 */
export function dumpedAudio(audio: StoredAudio, content: Buffer): AudioDumpEntry {
  return Object.defineProperty({ ...audio }, 'base64', { get: () => content.toString('base64'), enumerable: true, configurable: true }) as AudioDumpEntry;
}
