import { createHmac, timingSafeEqual } from 'node:crypto';
import { hmacKeyOf } from '../channel/HmacKey.ts';

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
  if (!header) return MISSING;
  let timestamp: number | undefined;
  let signatures: string[] | undefined;
  // The header read in place, part by part (no array of parts): this runs for every webhook.
  for (let start = 0; start <= header.length; ) {
    let end = header.indexOf(',', start);
    if (end === -1) end = header.length;
    const eq = header.indexOf('=', start);
    // A part without '=' reads as a key only (as slicing it at -1 did): never `t` nor `v1`.
    const split = eq === -1 || eq > end ? end - 1 : eq;
    const key = header.slice(start, split).trim();
    if (key === 't' || key === 'v1') {
      const value = header.slice(split + 1, end).trim();
      if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
      else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) (signatures ??= []).push(value);
    }
    start = end + 1;
  }
  if (timestamp === undefined || signatures === undefined) return MALFORMED;
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return STALE;
  // The secret's key made once (`hmacKeyOf`): no native HMAC object per webhook (issue 17).
  const expected = hmacKeyOf(secret).digest(`${timestamp}.`, rawBody);
  // Each signature's 32 bytes decoded into one buffer kept for it (64 hex digits, checked above).
  for (const signature of signatures) {
    SIGNATURE_BYTES.write(signature, 0, SIGNATURE_BYTES.length, 'hex');
    if (timingSafeEqual(SIGNATURE_BYTES, expected)) return VALID;
  }
  return MISMATCH;
}

const SIGNATURE_BYTES = Buffer.alloc(32);

const VALID: SignatureCheck = { ok: true };
const MISSING: SignatureCheck = { ok: false, reason: 'missing' };
const MALFORMED: SignatureCheck = { ok: false, reason: 'malformed' };
const STALE: SignatureCheck = { ok: false, reason: 'stale' };
const MISMATCH: SignatureCheck = { ok: false, reason: 'mismatch' };
