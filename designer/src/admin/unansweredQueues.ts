import type { AdminUser } from './adminApi.ts';

/** An agent the queue assignments limit: supervisors and admins answer every queue whatever they hold. */
export const limitedAgent = (user: AdminUser) => user.roles.includes('agent') && !user.roles.includes('supervisor') && !user.roles.includes('admin');

/**
 * The queues (of `queues`: configured, named by a published flow, or with contacts) no active agent
 * answers, once agents are limited to some queues: nobody would take their contacts. None while an
 * active agent still answers every queue (none assigned), or while no agent is limited at all.
 */
export function unansweredQueues(users: readonly AdminUser[], queues: readonly string[]): string[] {
  const agents = users.filter((u) => limitedAgent(u) && !u.disabled);
  if (agents.length === 0 || agents.some((u) => u.queues === null)) return [];
  const answered = new Set(agents.flatMap((u) => u.queues ?? []));
  return [...new Set(queues)].filter((queue) => !answered.has(queue)).sort((a, b) => a.localeCompare(b));
}
