import { MASK, ownValue, type Flow, type JsonValue, type Session } from '@griot/flows';

import { sensitiveNamesOf } from '../sensitive/sensitiveNames.ts';
import { maskSecretKeyed, secretKeyRemembered, setOwn } from '../sensitive/maskSecretKeyed.ts';

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
