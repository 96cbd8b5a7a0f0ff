import { createHash, timingSafeEqual } from 'node:crypto';

const digestOf = (text: string) => createHash('sha256').update(text).digest();

/**
 * Whether a secret someone sent is the one configured, in time that tells nothing of either: both
 * are hashed to 32 bytes first, so `timingSafeEqual` always runs on equal lengths (a length check
 * that returned early would tell a guesser the secret's length). Nothing configured matches nothing.
 */
export function sameSecret(given: string, expected: string | undefined): boolean {
  if (!expected) return false;
  return timingSafeEqual(digestOf(given), digestOf(expected));
}
