import type { CallerProfile, HandoffHistoryItem } from '../store/types.ts';
import { localTime } from '@griot/flows';

/** How many earlier contacts the agent sees. */
export const HISTORY_SHOWN = 10;

/** The caller's earlier contacts for the agent, newest first: day, time (in the queue's zone), reason, agent. */
export function contactHistory(profile: CallerProfile | null, timezone: string): HandoffHistoryItem[] {
  if (!profile) return [];
  return profile.contacts
    .slice(-HISTORY_SHOWN)
    .reverse()
    .map((c) => {
      const { day, time } = localTime(new Date(c.at), timezone);
      return { at: c.at, day, time, channel: c.channel, reason: c.reason, outcome: c.outcome, ...(c.agent ? { agent: c.agent } : {}) };
    });
}
