import { logDigest } from '@griot/connectors';

const WEBCHAT = 'webchat:';

/** Keyed per process (connectors' `logDigest`): a plain hash of a number is the number to whoever tries them all. */
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
