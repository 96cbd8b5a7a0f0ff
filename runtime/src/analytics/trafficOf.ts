import type { Session } from '@griot/flows';
import type { SessionRecord, Traffic } from '../store/types.ts';

/**
 * Whose contact this is: a designer preview, a tester (a tester's number, staging, a pinned
 * version), or a live caller on production. Only live traffic is shown unless asked.
 */
export function trafficOf(record: Pick<SessionRecord, 'preview' | 'environment'>, session: Pick<Session, 'caller'>): Traffic {
  if (record.preview) return 'preview';
  if (session.caller.isTester || record.environment !== 'production') return 'test';
  return 'live';
}
