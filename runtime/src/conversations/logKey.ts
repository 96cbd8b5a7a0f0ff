import { createHash } from 'node:crypto';

/**
 * A session key as logs may show it. WhatsApp keys carry the subscriber's number
 * (`whatsapp:2290197000001`): long digit runs become a short digest, stable enough to follow
 * one conversation through the logs.
 */
export function logKeyOf(key: string): string {
  return key.replace(/\+?\d{6,}/g, (digits) => `#${createHash('sha256').update(digits).digest('hex').slice(0, 10)}`);
}
