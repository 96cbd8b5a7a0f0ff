import { jsonSizeWithin, MAX_VALUE_CHARS, type Session } from '@griot/flows';
import type { TurnSoFar } from './turnState.ts';
import { withThousands } from '../withThousands.ts';

/**
 * The most a session's variables may hold as JSON when stored: eight values at their largest
 * (`MAX_VALUE_CHARS`, 64 Ki characters each). Sessions of real flows hold a few hundred
 * characters; a flow filling many variables with large values must not make every turn write
 * megabytes.
 */
export const MAX_STORED_VARS_CHARS = 8 * MAX_VALUE_CHARS;

/**
 * A session whose variables are larger than the store keeps is not stored: the contact ends on
 * the flow's error path (the caller hears or reads the apology), with its variables dropped, and
 * the turn says why. Returns the session to keep (the same one when it fits).
 */
export function refuseOversizedSession(session: Session, turn: TurnSoFar): { session: Session; refused: boolean } {
  if (jsonSizeWithin(session.vars, MAX_STORED_VARS_CHARS) !== undefined) return { session, refused: false };
  const node = session.path.at(-1);
  turn.issues.push({
    severity: 'error',
    code: 'session.tooLarge',
    message: `the contact's variables are larger than the ${withThousands(MAX_STORED_VARS_CHARS)} characters a session may keep`,
    ...(node ? { node } : {}),
  });
  // What the turn was about to wait for (the caller, a look-up, an agent, a model) is replaced by the end.
  turn.effects = turn.effects.filter((e) => e.type !== 'ask' && e.type !== 'webhook' && e.type !== 'handoff' && e.type !== 'classify' && e.type !== 'end');
  turn.effects.push({ type: 'end', reason: 'error', ...(node ? { node } : {}) });
  return { session: { ...session, vars: {}, wait: null, status: 'ended', endReason: 'error' }, refused: true };
}
