import { createHmac, timingSafeEqual } from 'node:crypto';

/** jambonz signs `${t}.${body}`; older timestamps are refused to stop replays. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/** The header jambonz would send for this body at this time (for tests and the load generator). */
export function signJambonz(secret: string, rawBody: string | Buffer, nowSeconds = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac('sha256', secret).update(`${nowSeconds}.`).update(rawBody).digest('hex');
  return `t=${nowSeconds},v1=${mac}`;
}

/**
 * Checks `Jambonz-Signature: t=<unix>,v1=<hex>` over the raw request body, in constant time.
 * Several `v1` values may be present (secret rotation): any one matching is enough.
 */
export function verifyJambonzSignature(secret: string, header: string | undefined, rawBody: string | Buffer, nowSeconds = Math.floor(Date.now() / 1000)): SignatureCheck {
  if (!header) return { ok: false, reason: 'missing' };
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === undefined || signatures.length === 0) return { ok: false, reason: 'malformed' };
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return { ok: false, reason: 'stale' };
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
  const match = signatures.some((s) => s.length === expected.length && timingSafeEqual(s, expected));
  return match ? { ok: true } : { ok: false, reason: 'mismatch' };
}
