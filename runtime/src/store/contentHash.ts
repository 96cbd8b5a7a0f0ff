import { createHash, type Hash } from 'node:crypto';
import { sha256InSteps } from './sha256InSteps.ts';

/**
 * SHA-256s computed from exactly these bytes by code of this process as they arrived (an upload's
 * body, `hashedRawBody`): the store takes it from here instead of hashing 10 MiB a second time. Keyed
 * by the buffer itself, so no caller can state a hash for bytes it did not hash (a stated
 * `sha256` is still never read); the entry goes with the buffer. The buffer must not be written into
 * once sealed (the digest would no longer be its bytes'): nothing does between the parser and the store.
 */
const hashed = new WeakMap<Uint8Array, string>();

/** A hash fed the bytes in order as they come; `seal` ties the digest to the buffer that holds exactly them. */
export function contentHasher(): { update: (chunk: Uint8Array) => void; seal: (bytes: Uint8Array) => void } {
  const hash: Hash = createHash('sha256');
  return {
    update: (chunk) => void hash.update(chunk),
    seal: (bytes) => void hashed.set(bytes, hash.digest('hex')),
  };
}

/** The content's SHA-256 (hex): the one taken as it arrived, else computed a slice at a time. */
export function contentHashOf(content: Uint8Array): Promise<string> {
  const known = hashed.get(content);
  return known !== undefined ? Promise.resolve(known) : sha256InSteps(content);
}
