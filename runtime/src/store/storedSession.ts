import type { SessionRecord } from './types.ts';

/**
 * The session as a store keeps it: an ended one without its sensitive part nor its last turn's
 * answer (the turn that ends a contact also drops them, this holds for any write of an ended session).
 */
export function storedSession(record: SessionRecord): SessionRecord {
  if (record.session.status !== 'ended' || (!record.sensitive && !record.answer)) return record;
  const { sensitive: _dropped, answer: _answer, ...rest } = record;
  return rest;
}
