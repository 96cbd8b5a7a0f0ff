import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SealedValues } from '../store/types.ts';
import type { DataKeyring } from './dataKeys.ts';

const IV_BYTES = 12;
/** IVs drawn from the CSPRNG at a time: a `randomBytes` call costs about 6 µs whatever its size (two seals per USSD screen). */
const IVS_AT_ONCE = 256;
let ivs: Buffer = Buffer.alloc(0);
let nextIvAt = 0;

/** A fresh 96-bit IV: CSPRNG bytes, each used once (as node's `randomUUID` draws its entropy ahead). */
function freshIv(): Buffer {
  if (nextIvAt === ivs.length) {
    ivs = randomBytes(IV_BYTES * IVS_AT_ONCE);
    nextIvAt = 0;
  }
  const iv = ivs.subarray(nextIvAt, nextIvAt + IV_BYTES);
  nextIvAt += IV_BYTES;
  return iv;
}

/**
 * AES-256-GCM under the current data key. `context` is the cipher's additional data (a session
 * key, a message id): a sealed blob copied onto another record does not open.
 */
export function sealJson(keys: DataKeyring, context: string, value: unknown): SealedValues {
  const { id, key } = keys.current;
  const iv = freshIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = joined(cipher.update(JSON.stringify(value), 'utf8'), cipher.final());
  return { alg: 'A256GCM', kid: id, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

export type OpenResult = { ok: true; value: unknown } | { ok: false; reason: 'noKey' | 'unknownKey' | 'notAuthentic' };

/** The value `sealJson` sealed, or why it does not open (a key no longer configured, an altered blob). */
export function openJson(keys: DataKeyring | undefined, context: string, sealed: SealedValues): OpenResult {
  const key = keys?.readable.get(sealed.kid);
  if (!key) return { ok: false, reason: keys ? 'unknownKey' : 'noKey' };
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const text = joined(decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()).toString('utf8');
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, reason: 'notAuthentic' };
  }
}

/** `head` then `tail`: GCM's `final()` gives nothing more (a stream mode), so no copy of `head` is made for it. */
function joined(head: Buffer, tail: Buffer): Buffer {
  return tail.length === 0 ? head : Buffer.concat([head, tail]);
}

/** Whether a stored JSON value is a blob `sealJson` made. */
export function isSealed(value: unknown): value is SealedValues {
  return typeof value === 'object' && value !== null && (value as { alg?: unknown }).alg === 'A256GCM' && typeof (value as { data?: unknown }).data === 'string';
}
