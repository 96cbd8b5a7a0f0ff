/** The state an agent chose (or was given), as stored: « Hors ligne » is also what a stale page reads as. */
export type StoredPresenceStatus = 'available' | 'paused' | 'offline';

/**
 * One agent's presence, shared by every instance on the store: the state chosen, and when a page
 * of theirs (the agent app's live-update stream) was last open. Whether they are offline is read
 * from both (`presenceState`): a page not seen for the grace period is offline whatever was chosen.
 */
export interface AgentPresence {
  username: string;
  status: StoredPresenceStatus;
  /** When this state was chosen. */
  since: string;
  /** Who chose it: the agent, a supervisor, or the agent's sign-out. */
  changedBy: string;
  /** Why they paused (one of GRIOT_PAUSE_REASONS' labels when chosen), null otherwise or when none was given. */
  reason: string | null;
  /** The last time a page of theirs was open; null when their session ended (signed out). */
  lastSeenAt: string | null;
}

export interface AgentPresenceChange {
  username: string;
  status: StoredPresenceStatus;
  since: string;
  changedBy: string;
  /** Why they paused; absent or null for any other state (a new state forgets the last pause's reason). */
  reason?: string | null;
  /** Given: replaces `lastSeenAt` (null on sign-out); absent: kept (null for a new record). */
  lastSeenAt?: string | null;
}
