import type { TurnWrite } from '../types.ts';
import type { SqliteTables } from './sqliteTables.ts';

/**
 * A conversation turn's writes, inside the transaction the caller opened: the session, the
 * transcript (started with this turn for a new contact, closed after it when the contact
 * ended), the caller's profile changes and the turn's analytics facts.
 */
export function writeTurn(t: SqliteTables, write: TurnWrite): void {
  const { session, turn, newTranscript, end, caller, facts } = write;
  t.sessions.put(session);
  if (newTranscript) {
    t.transcripts.insert({ ...newTranscript, turns: [turn], ...(end ? { endedAt: end.at, endReason: end.reason } : {}) });
  } else {
    t.transcripts.append(session.key, turn);
    if (end) t.transcripts.end(session.key, end.at, end.reason);
  }
  if (caller) t.callers.change(caller.key, caller.changes, caller.at);
  if (facts) t.analytics.insert(facts);
}
