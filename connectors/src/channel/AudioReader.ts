/**
 * Recorded prompts as the runtime keeps them (its audio library, in the Store), for a channel
 * that sends the file itself rather than a link (WhatsApp uploads it to Graph). Null: no such
 * recording.
 */
export interface AudioReader {
  /** Its content hash, without reading the bytes. */
  info(flowId: string, name: string): Promise<{ sha256: string } | null>;
  read(flowId: string, name: string): Promise<{ content: Uint8Array; sha256: string } | null>;
}
