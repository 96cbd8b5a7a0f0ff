import { MASK, type Flow, type JsonValue, type Session } from '@griot/flows';

/** The session as a tester may see it: sensitive variables present but masked. */
export function maskSessionState(flow: Flow, session: Session): Session {
  const sensitive = flow.variables.filter((v) => v.sensitive && session.vars[v.name] !== undefined);
  if (sensitive.length === 0) return session;
  const vars: Record<string, JsonValue> = { ...session.vars };
  for (const v of sensitive) vars[v.name] = MASK;
  return { ...session, vars };
}
