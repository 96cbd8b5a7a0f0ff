import { createHmac, randomBytes } from 'node:crypto';

/**
 * The key of log digests. The server sets it at start-up from the analytics key
 * (`useLogDigestKey`: GRIOT_ANALYTICS_KEY or the store's), so one subscriber has the same digest
 * across restarts and instances, and `griot log-key <number>` finds it. Until then (a process
 * that opened no store): a key of this process only, never written anywhere.
 */
let key: Buffer = randomBytes(32);

/** The key every later digest is made with (a key derived from the analytics key: never that key itself). */
export function useLogDigestKey(secret: Buffer): void {
  key = Buffer.from(secret);
}

/**
 * A short digest of something logs must not show (a subscriber's number, a visitor's
 * conversation id): the same text gives the same digest for as long as the key stays, so one
 * caller can be followed through its lines. Keyed (HMAC): an unkeyed hash of a phone number is
 * the number, to anyone who hashes every number of the plan (10^8 of them in a couple of
 * minutes); a leaked log without the key names nobody.
 */
export function logDigest(text: string, length = 10): string {
  return createHmac('sha256', key).update(text).digest('hex').slice(0, length);
}
