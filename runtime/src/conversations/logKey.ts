import { logDigest } from '@griot/connectors';

const WEBCHAT = 'webchat:';

/**
 * Keyed (connectors' `logDigest`): a plain hash of a number is the number to whoever tries them
 * all. The server keys it with a key derived from the analytics key, so a digest stays the same
 * across restarts and instances, and `griot log-key <number>` computes it (logKeyCommand.ts).
 */
const digest = (text: string) => `#${logDigest(text)}`;

/**
 * A session key as logs may show it. WhatsApp keys carry the subscriber's number
 * (`whatsapp:2290197000001`): long digit runs become a short digest, stable enough to follow
 * one conversation through the logs. A web chat key carries the visitor's conversation id, the
 * only credential of an anonymous visitor (whoever has it continues the conversation): all of it
 * becomes a digest.
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
