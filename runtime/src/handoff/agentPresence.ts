import type { AgentPresenceState, AgentPresenceView, QueueAgent } from '@griot/flows';
import type { AgentPresence, HandoffContact, User } from '../store/types.ts';
import { answersQueue, queueScopeOf } from './agentQueues.ts';
import type { PauseReason } from './pauseReasons.ts';

/**
 * How long an agent stays « Disponible » or « En pause » after their last page closed (or their
 * session ended): a reload, a network drop or a move between instances is no absence. Pages are
 * seen on opening and at every heartbeat of their live-update stream (every 20 seconds).
 */
export const PRESENCE_GRACE_SECONDS = 60;

/**
 * How long after their last inbox page said it was closing (`POST /api/agent/presence/left`) an
 * agent still reads present: long enough for a reload's new page to be seen, short enough that a
 * supervisor does not count on someone who has gone.
 */
export const LEFT_GRACE_SECONDS = 10;

/**
 * The `status` of the `presence` event `POST /api/agent/presence/left` publishes: not a state, a
 * question to every instance. Each stream of that agent still open (another computer, another
 * browser, or a reload's new page seen before the old page's word arrived) answers by a sighting,
 * LEFT_ECHO_MS later so the leaving page's own stream has closed by then; without it, that page's
 * next heartbeat (20 s) would come after the 10 seconds and bring them back « Disponible », their
 * pause and its reason gone.
 */
export const LEFT_STATUS = 'left';
export const LEFT_ECHO_MS = 2_000;

/** The instant before which a page last seen means its agent is offline. */
export const staleBefore = (nowMs: number, graceSeconds = PRESENCE_GRACE_SECONDS) => new Date(nowMs - graceSeconds * 1000).toISOString();

/** The state supervisors read: the one chosen while a page of theirs was seen within the grace period, else offline. */
export function presenceState(record: AgentPresence | null | undefined, nowMs: number, graceSeconds = PRESENCE_GRACE_SECONDS): AgentPresenceState {
  if (!record || record.lastSeenAt === null || record.lastSeenAt < staleBefore(nowMs, graceSeconds)) return 'offline';
  return record.status;
}

/** What the agent's own page shows. */
export function presenceView(username: string, record: AgentPresence | null, nowMs: number): AgentPresenceView {
  return {
    username,
    state: presenceState(record, nowMs),
    ...(record ? { since: record.since } : {}),
    ...(record && record.changedBy !== username ? { changedBy: record.changedBy } : {}),
    ...(record?.status === 'paused' && record.reason ? { reason: record.reason } : {}),
  };
}

/**
 * How long a pause may run before supervisors see it run long: its reason's limit, or (a pause
 * without a reason, or for a reason no longer listed) the longest of the reasons.
 */
export function pauseLimitMinutes(reason: string | null, reasons: readonly PauseReason[]): number {
  const listed = reason === null ? undefined : reasons.find((r) => r.label === reason);
  return listed?.maxMinutes ?? Math.max(...reasons.map((r) => r.maxMinutes));
}

/** A paused agent's reason, its limit, and whether the pause runs past it (nothing for any other state). */
function pauseOf(record: AgentPresence | undefined, state: AgentPresenceState, reasons: readonly PauseReason[], nowMs: number): Partial<QueueAgent> {
  if (state !== 'paused' || !record) return {};
  const limit = pauseLimitMinutes(record.reason, reasons);
  return { ...(record.reason ? { reason: record.reason } : {}), pauseLimitMinutes: limit, pauseTooLong: nowMs - Date.parse(record.since) > limit * 60_000 };
}

/**
 * Whether new contacts (and callbacks) are offered to the agent: not while they chose « En pause »
 * or were set « Hors ligne » (by a supervisor, or their sign-out) and have not chosen
 * « Disponible » since. Someone who never opened the agent app (an integration on the API) is.
 */
export function takesNewContacts(record: AgentPresence | null): boolean {
  return record === null || record.status === 'available';
}

const ORDER: Record<AgentPresenceState, number> = { available: 0, paused: 1, offline: 2 };

/**
 * The agents on one queue's line of the supervisor's view: those holding a contact of the queue
 * (whatever their state, with how many), and the agents (the `agent` role, not disabled) who
 * answer it and are not offline. Supervisors and admins are counted only while they hold one: a
 * supervisor watching the wallboard is nobody's available agent. Available first, then paused,
 * then offline (holding contacts nobody answers for), by name.
 */
export function queueAgents(
  queue: string,
  open: readonly HandoffContact[],
  users: readonly User[],
  presence: ReadonlyMap<string, AgentPresence>,
  nowMs: number,
  reasons: readonly PauseReason[],
): QueueAgent[] {
  const held = new Map<string, number>();
  for (const contact of open) {
    if (contact.queue === queue && contact.status === 'assigned' && contact.agent) held.set(contact.agent, (held.get(contact.agent) ?? 0) + 1);
  }
  const disabled = new Set(users.filter((u) => u.disabled).map((u) => u.username));
  const names = new Set(held.keys());
  for (const user of users) {
    if (user.disabled || !user.roles.includes('agent') || !answersQueue(queueScopeOf(user), queue)) continue;
    if (presenceState(presence.get(user.username), nowMs) !== 'offline') names.add(user.username);
  }
  return [...names]
    .filter((name) => !disabled.has(name))
    .map((username): QueueAgent => {
      const record = presence.get(username);
      const state = presenceState(record, nowMs);
      return { username, state, contacts: held.get(username) ?? 0, ...(record ? { since: record.since } : {}), ...pauseOf(record, state, reasons, nowMs) };
    })
    .sort((a, b) => ORDER[a.state] - ORDER[b.state] || (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
}
