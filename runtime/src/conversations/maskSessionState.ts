import { MASK, ownValue, type Flow, type JsonValue, type Session } from '@griot/flows';

import { sensitiveNamesOf } from '../sensitive/sensitiveNames.ts';

/** The session as a tester may see it: sensitive variables (and copies of them) present but masked. */
export function maskSessionState(flow: Flow, session: Session): Session {
  const sensitive = [...sensitiveNamesOf(flow)].filter((name) => ownValue(session.vars, name) !== undefined);
  if (sensitive.length === 0) return session;
  const vars: Record<string, JsonValue> = { ...session.vars };
  for (const name of sensitive) vars[name] = MASK;
  return { ...session, vars };
}
