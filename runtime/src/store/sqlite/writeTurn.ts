import type { SaveTurnResult, TurnWrite } from '../types.ts';
import type { SqliteTables } from './sqliteTables.ts';

/**
 * A conversation turn's writes, inside the transaction the caller opened: the session (only
 * while it is still at the revision the turn read: otherwise nothing at all is written), the
 * transcript (started with this turn for a new contact, closed after it when the contact ended),
 * the caller's profile changes and the turn's analytics facts. The transcript part is one row:
 * a new contact's transcript with its first turn (and its end), or the turn (and the end) alone.
 */
export function writeTurn(t: SqliteTables, write: TurnWrite): SaveTurnResult {
  const { session, turn, newTranscript, end, caller, facts } = write;
  const saved = t.sessions.save(session);
  if (!saved.ok) return saved;
  if (newTranscript) {
    t.transcripts.insert({ ...newTranscript, turns: [turn], ...(end ? { endedAt: end.at, endReason: end.reason } : {}) });
  } else {
    t.transcripts.append(session.key, turn, end);
  }
  if (caller) t.callers.change(caller.key, caller.changes, caller.at);
  if (facts) t.analytics.insert(facts);
  return saved;
}
