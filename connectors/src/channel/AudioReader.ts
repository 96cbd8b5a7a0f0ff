/**
 * Recorded prompts as the runtime keeps them (its audio library, in the Store), for a channel
 * that sends the file itself rather than a link (WhatsApp uploads it to Graph). Null: no such
 * recording.
 */
export interface AudioReader {
  /** Its content hash, without reading the bytes. */
  info(flowId: string, name: string): Promise<{ sha256: string } | null>;
  /**
   * The file to read a stored part at a time (the Store's `openAudio`: 256 KiB parts on SQLite,
   * GridFS chunks on MongoDB), never joined in memory: a 10-minute WAV is 9.6 MB, and its MP3 a
   * tenth of that. `length` is the file's size; `parts` add up to it (fewer bytes: the file went mid-way).
   */
  open(flowId: string, name: string): Promise<{ sha256: string; length: number; parts: AsyncIterable<Uint8Array> } | null>;
}
