import type { Store } from '../store/types.ts';

export interface PurgeCounts {
  sessions: number;
  callers: number;
  transcripts: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Retention: removes expired sessions, and caller profiles and transcripts older than
 * `retentionDays` (a profile's age counts from its last contact).
 */
export async function purgeExpired(store: Store, now: Date, retentionDays: number): Promise<PurgeCounts> {
  const before = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
  const sessions = await store.purgeExpiredSessions(now.toISOString());
  const callers = await store.purgeCallers(before);
  const transcripts = await store.purgeTranscripts(before);
  return { sessions, callers, transcripts };
}
