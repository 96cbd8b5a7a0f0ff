import { createHmac, randomBytes } from 'node:crypto';

/** This process's key for log digests: never written anywhere, new at each start. */
const KEY = randomBytes(32);

/**
 * A short digest of something logs must not show (a subscriber's number, a visitor's
 * conversation id): the same text gives the same digest for as long as the process runs, so one
 * caller can be followed through its lines. Keyed (HMAC with a key only this process holds): an
 * unkeyed hash of a phone number is the number, to anyone who hashes every number of the plan
 * (10^8 of them in a couple of minutes).
 */
export function logDigest(text: string, length = 10): string {
  return createHmac('sha256', KEY).update(text).digest('hex').slice(0, length);
}
