import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * The key of log digests. The server sets it at start-up from the analytics key
 * (`useLogDigestKey`: GRIOT_ANALYTICS_KEY or the store's), so one subscriber has the same digest
 * across restarts and instances, and `griot log-key <number>` finds it. Until then (a process
 * that opened no store): a key of this process only, never written anywhere.
 */
let key: Buffer = randomBytes(32);

/** The key every later digest is made with (a key derived from the analytics key: never that key itself). */
export function useLogDigestKey(secret: Buffer): void {
  // A copy of its own, not a slice of Node's shared buffer pool (as `Buffer.from` would make).
  key = Buffer.alloc(secret.length);
  secret.copy(key);
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

/** The longest caller "number" a conversation keeps: a web chat visitor's is `webchat:` and their conversation id's beginning. */
const CALLER_NUMBER_LENGTH = 32;

/**
 * The digest transcripts, the agents' inbox and the logs show for a web chat visitor's
 * credential (their caller "number", `webchat:` and their conversation id's beginning): long
 * enough to tell conversations apart, never the credential. Unkeyed, so that anyone reading a
 * transcript can find the same visitor in the logs: the credential is a random id (about 80
 * bits in its beginning), which no one can find again by hashing candidates, unlike a number.
 */
export function visitorDigest(credential: string): string {
  return `#${createHash('sha256').update(credential).digest('hex').slice(0, 12)}`;
}

/** A web chat visitor's digest from their conversation id: `visitorDigest` of the caller "number" the conversation keeps. */
export function webchatVisitorDigest(conversationId: string): string {
  return visitorDigest(`${WEBCHAT}${conversationId}`.slice(0, CALLER_NUMBER_LENGTH));
}

/**
 * A session key as logs may show it. WhatsApp keys carry the subscriber's number
 * (`whatsapp:100000000000001:2290197000001`): each run of 6 digits or more becomes a short
 * keyed digest, the same across restarts and instances once the server set the key, so one
 * conversation can be followed through the logs (`griot log-key <number>`). A web chat key
 * (`webchat:<binding>:<conversation id>`) carries the visitor's conversation id, the only
 * credential of an anonymous visitor (whoever has it continues the conversation): it becomes
 * the visitor's digest, the one transcripts and the agents' inbox show.
 */
export function logKeyOf(key: string): string {
  if (key.startsWith(WEBCHAT)) {
    const rest = key.slice(WEBCHAT.length);
    const separator = rest.indexOf(':');
    return separator < 0 ? `${WEBCHAT}${webchatVisitorDigest(rest)}` : `${WEBCHAT}${rest.slice(0, separator)}:${webchatVisitorDigest(rest.slice(separator + 1))}`;
  }
  return key.replace(NUMBER_OR_ID, (run) => (run.length === 36 && run.includes('-') ? run : digest(run)));
}

/**
 * A run of 6 digits or more (a number), or a whole UUID, which is kept: a call's sid
 * (`voice:<uuid>`) names no one and is what ops search the logs by, and a digit run inside it
 * (`…-89aebd123456`) is no number. The UUID comes first, so its digits are never taken alone.
 */
const NUMBER_OR_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\+?\d{6,}/gi;

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
