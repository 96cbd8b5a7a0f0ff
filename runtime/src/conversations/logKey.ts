import { createHash } from 'node:crypto';

const WEBCHAT = 'webchat:';

const digest = (text: string) => `#${createHash('sha256').update(text).digest('hex').slice(0, 10)}`;

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
