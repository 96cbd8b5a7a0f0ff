import { MASK, type JsonValue } from '@griot/flows';
import { isSecretKey } from './sensitiveKeys.ts';

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

/** A secret-key test that reads each key once (a list repeats its keys). */
export function secretKeyRemembered(): (key: string) => boolean {
  const known = new Map<string, boolean>();
  return (key) => {
    let answer = known.get(key);
    if (answer === undefined) known.set(key, (answer = isSecretKey(key)));
    return answer;
  };
}

/** Variables (a handoff's context) with what lies under a secret's key masked in each; the same object when there is none. */
export function maskSecretKeyedVars(vars: Record<string, JsonValue>): Record<string, JsonValue> {
  return maskSecretKeyed(vars, secretKeyRemembered()) as Record<string, JsonValue>;
}
