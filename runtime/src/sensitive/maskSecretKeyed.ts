import { MASK, type JsonValue } from '@griot/flows';
import { isSecretKey, MAX_KEY_CHARS } from './sensitiveKeys.ts';

/** Writes `key` as the object's own property (a backend's answer may hold `__proto__` as a key). */
export function setOwn(target: Record<string, JsonValue>, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * `value` with what lies under a key that names a code or a secret (`pukCode`, `client_secret`:
 * sensitiveKeys.ts) masked, as the look-up panel masks the body; the same value when there is none
 * (copied only along the way to a masked key). `secret` remembers each key's answer: a list repeats them.
 */
export function maskSecretKeyed(value: JsonValue, secret: (key: string) => boolean): JsonValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: JsonValue[] | undefined;
    for (const [i, item] of value.entries()) {
      const masked = maskSecretKeyed(item, secret);
      if (masked !== item) (copy ??= [...value])[i] = masked;
    }
    return copy ?? value;
  }
  let copy: Record<string, JsonValue> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const masked = secret(key) && item !== null && typeof item !== 'boolean' ? MASK : maskSecretKeyed(item, secret);
    if (masked !== item) setOwn((copy ??= { ...value }), key, masked);
  }
  return copy ?? value;
}

/** Keys already read for their words, across calls: a session's variables and its answers' keys repeat at every turn. */
const KNOWN_KEYS = new Map<string, boolean>();
/** A backend's answers may hold any keys: past this many, the keys read are forgotten and read again. */
const MAX_KNOWN_KEYS = 4_096;

/** A secret-key test that reads each key once (a list, and every turn of a contact, repeat its keys). */
export function secretKeyRemembered(): (key: string) => boolean {
  return (key) => {
    // A longer key is never read for its words (isSecretKey says no at once): not kept either.
    if (key.length > MAX_KEY_CHARS) return false;
    let answer = KNOWN_KEYS.get(key);
    if (answer === undefined) {
      if (KNOWN_KEYS.size >= MAX_KNOWN_KEYS) KNOWN_KEYS.clear();
      KNOWN_KEYS.set(key, (answer = isSecretKey(key)));
    }
    return answer;
  };
}

/** Variables (a handoff's context) with what lies under a secret's key masked in each; the same object when there is none. */
export function maskSecretKeyedVars(vars: Record<string, JsonValue>): Record<string, JsonValue> {
  return maskSecretKeyed(vars, secretKeyRemembered()) as Record<string, JsonValue>;
}
