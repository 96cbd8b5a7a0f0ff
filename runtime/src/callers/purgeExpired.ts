import type { HandoffPurgeCounts, Store } from '../store/types.ts';

export interface PurgeCounts extends HandoffPurgeCounts {
  sessions: number;
  callers: number;
  transcripts: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Retention: removes expired sessions, caller profiles and transcripts older than
 * `retentionDays` (a profile's age counts from its last contact), and agent contacts closed
 * (with what was written in them) and callbacks done more than `handoffRetentionDays` ago.
 * Contacts still waiting or with an agent, and callbacks still to make (pending, taken, or failed:
 * an agent can retry those), are never purged; erasure removes them with the caller.
 */
export async function purgeExpired(store: Store, now: Date, retentionDays: number, handoffRetentionDays = retentionDays): Promise<PurgeCounts> {
  const before = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
  const sessions = await store.purgeExpiredSessions(now.toISOString());
  const callers = await store.purgeCallers(before);
  const transcripts = await store.purgeTranscripts(before);
  const handoff = await store.purgeHandoff(new Date(now.getTime() - handoffRetentionDays * DAY_MS).toISOString());
  return { sessions, callers, transcripts, ...handoff };
}
