import type { SessionRecord } from './types.ts';

/**
 * The session as a store keeps it: an ended one without its sensitive part nor its first turn's
 * answer (the turn that ends a contact also drops them, this holds for any write of an ended session),
 * but the answer of a first turn that ended the call itself (`TurnAnswer.ends`, a closed line's
 * goodbye), kept for jambonz's retry of the call hook until the session's purge, and only in clear:
 * a sealed one says a sensitive value, which does not stay at rest once the contact ended (the engine
 * keeps none such, `answerOf`; this holds whoever writes).
 */
export function storedSession(record: SessionRecord): SessionRecord {
  if (record.session.status !== 'ended') return record;
  const { sensitive, answer, ...rest } = record;
  if (answer?.ends && 'clear' in answer.sealed) return sensitive ? { ...rest, answer } : record;
  return sensitive || answer ? rest : record;
}
