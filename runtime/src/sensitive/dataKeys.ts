import { createSecretKey, type KeyObject } from 'node:crypto';

/** One AES-256 key and the id stored beside what it sealed, so a rotated key can still be found. */
export interface DataKey {
  id: string;
  key: KeyObject;
}

/** The key that seals, and every key that may still open (the current one included). */
export interface DataKeyring {
  current: DataKey;
  readable: ReadonlyMap<string, DataKey>;
}

const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const FORMAT = 'must be <key id>:<32 random bytes in base64>, e.g. 2026-11:$(openssl rand -base64 32)';

/** `id:base64` → a key; the message never repeats the value (it is a secret). */
function parseOne(text: string): DataKey | string {
  const colon = text.indexOf(':');
  const id = text.slice(0, colon).trim();
  const encoded = text.slice(colon + 1).trim();
  if (colon <= 0 || !KEY_ID.test(id)) return `${FORMAT} (the key id is missing or not letters, digits, . _ -, up to 32)`;
  if (!BASE64.test(encoded)) return `${FORMAT} (key ${id} is not base64)`;
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length !== 32) return `${FORMAT} (key ${id} is ${bytes.length} bytes, not 32)`;
  return { id, key: createSecretKey(bytes) };
}

export type DataKeysResult = { ok: true; keyring?: DataKeyring } | { ok: false; variable: string; message: string };

/**
 * Reads GRIOT_DATA_KEY (the key that seals sensitive values from now on) and
 * GRIOT_DATA_KEY_PREVIOUS (comma-separated keys that may still open what they sealed, during a
 * rotation). Neither set: no keyring, sensitive values of live contacts stay in clear.
 */
export function parseDataKeys(current: string | undefined, previous: string | undefined): DataKeysResult {
  if (!current) {
    return previous ? { ok: false, variable: 'GRIOT_DATA_KEY', message: 'must be set when GRIOT_DATA_KEY_PREVIOUS is (it seals; the previous keys only open)' } : { ok: true };
  }
  const sealing = parseOne(current);
  if (typeof sealing === 'string') return { ok: false, variable: 'GRIOT_DATA_KEY', message: sealing };
  const readable = new Map<string, DataKey>([[sealing.id, sealing]]);
  for (const part of (previous ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const key = parseOne(part);
    if (typeof key === 'string') return { ok: false, variable: 'GRIOT_DATA_KEY_PREVIOUS', message: key };
    if (readable.has(key.id)) return { ok: false, variable: 'GRIOT_DATA_KEY_PREVIOUS', message: `key id ${key.id} is used twice: give each key its own id` };
    readable.set(key.id, key);
  }
  return { ok: true, keyring: { current: sealing, readable } };
}
