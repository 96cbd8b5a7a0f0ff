import { MASK, ownValue, type Flow, type JsonValue, type Session } from '@griot/flows';

import { sensitiveNamesOf } from '../sensitive/sensitiveNames.ts';
import { isSecretKey } from '../sensitive/sensitiveKeys.ts';

/** Writes `key` as the object's own property (a backend's answer may hold `__proto__` as a key). */
function setOwn(target: Record<string, JsonValue>, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * `value` with what lies under a key that names a code or a secret (`pukCode`, `client_secret`:
 * sensitiveKeys.ts) masked, as the look-up panel masks the body; the same value when there is none
 * (copied only along the way to a masked key). `secret` remembers each key's answer: a list repeats them.
 */
function maskSecretKeyed(value: JsonValue, secret: (key: string) => boolean): JsonValue {
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
function secretKeyRemembered(): (key: string) => boolean {
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

/**
 * The session as a tester may see it: sensitive variables (and copies of them) present but masked,
 * and in a variable kept in clear, a value under a secret's key (`segment.pukCode`, an object the
 * backend answered where the flow expected a word) masked as the look-up panel beside it masks it.
 */
export function maskSessionState(flow: Flow, session: Session): Session {
  const sensitive = sensitiveNamesOf(flow);
  const secret = secretKeyRemembered();
  let vars: Record<string, JsonValue> | undefined;
  for (const [name, value] of Object.entries(session.vars)) {
    const masked = sensitive.has(name) && ownValue(session.vars, name) !== undefined ? MASK : maskSecretKeyed(value, secret);
    if (masked !== value) setOwn((vars ??= { ...session.vars }), name, masked);
  }
  return vars ? { ...session, vars } : session;
}
