import { timingSafeEqual } from 'node:crypto';
import { hmacKeyOf } from '../channel/HmacKey.ts';

/**
 * Checks Meta's `X-Hub-Signature-256: sha256=<hex>` against the raw bytes of the body, in
 * constant time. The raw bytes, never re-serialised JSON: a re-serialised body differs
 * (escapes, key order, spacing) and an attacker's body could be made to match.
 */
export function verifySignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (!header || !appSecret) return false;
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match) return false;
  // The app secret's key made once (`hmacKeyOf`, as jambonz's check): `createHmac` given the string copied
  // its bytes into Node's shared buffer pool at every webhook.
  const expected = hmacKeyOf(appSecret).digest('', rawBody);
  const given = Buffer.from((match[1] as string).toLowerCase(), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
