import type { Principal } from '../auth/principal.ts';
import { rolesAllow } from '../auth/roles.ts';

/**
 * The queues someone answers as an agent: a set of names, or `null` for every queue.
 *
 * Supervisors and admins answer every queue: they watch the whole centre (the wallboard, queue
 * settings, canned replies, moving a contact between teams) and take over any conversation. An
 * agent answers the queues an admin assigned them (User.queues); one none were assigned to yet
 * answers every queue, as every agent did before assignments existed, so an upgrade locks nobody
 * out (the users page lists them until an admin assigns some).
 */
export type QueueScope = ReadonlySet<string> | null;

export function queueScopeOf(principal: Pick<Principal, 'roles' | 'queues'>): QueueScope {
  if (rolesAllow(principal.roles, ['supervisor'])) return null;
  return principal.queues === undefined ? null : new Set(principal.queues);
}

/** Whether a contact, callback or change in `queue` is one the scope answers. */
export function answersQueue(scope: QueueScope, queue: string | undefined): boolean {
  return scope === null || (queue !== undefined && scope.has(queue));
}

/**
 * Whether an agent may know of a contact: one of a queue they answer, or one they hold (taken by
 * them, not closed) whatever its queue. An agent moved to other queues mid-shift keeps the
 * conversations they hold until they release, transfer or close them (or someone else moves them);
 * new contacts of a queue they left are not offered to them. Any other contact is, to them, no
 * contact at all (404, as an unknown id). The one rule of the agent API and its event stream.
 */
export function agentMayKnow(scope: QueueScope, username: string, contact: { queue: string; status: string; agent?: string | undefined }): boolean {
  return answersQueue(scope, contact.queue) || heldBy(contact, username);
}

/** Whether `username` holds the contact: taken by them, not closed (a transfer or a requeue ends it). */
export function heldBy(contact: { status: string; agent?: string | undefined }, username: string): boolean {
  return contact.status === 'assigned' && contact.agent === username;
}
