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

const WEBCHAT = 'webchat:';
const digest = (text: string) => `#${logDigest(text)}`;

/**
 * A session key as logs may show it. WhatsApp keys carry the subscriber's number
 * (`whatsapp:100000000000001:2290197000001`): each run of 6 digits or more becomes a short
 * digest, the same across restarts and instances once the server set the key, so one
 * conversation can be followed through the logs (`griot log-key <number>`). A web chat key
 * carries the visitor's conversation id, the only credential of an anonymous visitor (whoever
 * has it continues the conversation): all of it becomes a digest.
 */
export function logKeyOf(key: string): string {
  if (key.startsWith(WEBCHAT)) return `${WEBCHAT}${digest(key.slice(WEBCHAT.length))}`;
  return key.replace(/\+?\d{6,}/g, digest);
}

/**
 * The digests logs show for a subscriber's number, in each spelling a channel may give it (with
 * and without `+`; spaces, dots and dashes dropped): what `griot log-key` prints.
 */
export function logDigestsOf(number: string): Array<{ spelling: string; digest: string }> {
  const digits = number.replace(/[\s.()-]/g, '');
  if (!/^\+?\d{6,}$/.test(digits)) return [];
  const bare = digits.replace(/^\+/, '');
  return [bare, `+${bare}`].map((spelling) => ({ spelling, digest: digest(spelling) }));
}
