import type { SessionRecord } from './types.ts';

/**
 * The session as a store keeps it: an ended one without its sensitive part nor its first turn's
 * answer (the turn that ends a contact also drops them, this holds for any write of an ended session),
 * but the answer of a first turn that ended the call itself (`TurnAnswer.ends`, a closed line's
 * goodbye), kept for jambonz's retry of the call hook until the call's final status drops it
 * (`ConversationService`), or the session's purge when none comes: in clear when it rendered no value,
 * sealed when it did (a balance); one that said a masked value (a PUK) is never kept (`answerOf`).
 */
export function storedSession(record: SessionRecord): SessionRecord {
  if (record.session.status !== 'ended') return record;
  const { sensitive, answer, ...rest } = record;
  if (answer?.ends) return sensitive ? { ...rest, answer } : record;
  return sensitive || answer ? rest : record;
}
