import { Router } from 'express';
import { z } from 'zod';
import type { Store } from '../store/types.ts';
import type { AuditLog } from '../audit/auditLog.ts';
import type { HandoffService } from '../handoff/HandoffService.ts';
import { AgentDesk } from '../handoff/AgentDesk.ts';
import { notFound } from '../errors.ts';
import { routeDefiner } from './defineRoute.ts';
import type { ApiRegistry } from './openapi/apiRegistry.ts';

const TAG = 'users';
const OpenContact = z.object({ id: z.string(), queue: z.string(), channel: z.string(), assignedAt: z.string().optional() });
const OpenContacts = z.object({ username: z.string(), contacts: z.array(OpenContact).describe('contacts this user holds (taken, not closed)') });
const RequeueBody = z
  .object({
    queues: z
      .array(z.string().trim().min(1).max(200))
      .max(50)
      .optional()
      .describe('only the contacts of these queues (e.g. the ones an admin is taking from the agent); absent: every contact they hold'),
    outsideAssignment: z
      .literal(true)
      .optional()
      .describe(
        'only the contacts held outside the queues the user is assigned now (read at this request: after a PATCH of their queues, those taken meanwhile in a removed queue too); none when they answer every queue',
      ),
  })
  .strict()
  .optional();
const Requeued = z.object({
  username: z.string(),
  requeued: z.array(OpenContact).describe('put back to wait in their queue'),
  failed: z.array(z.string()).describe('ids that changed hands or closed meanwhile'),
});

/**
 * A departing agent's contacts (admin): how many they still hold, and putting them back in their
 * queue for another agent, e.g. when their account is disabled. Each contact moved is audited
 * (`contact.transfer`, `agentBefore`), and the whole on `user:<id>` (`user.requeueContacts`).
 */
export function userContactsRoutes(handoff: HandoffService, store: Store, audit: AuditLog, registry: ApiRegistry): Router {
  const router = Router();
  const route = routeDefiner(router, registry);
  const desk = new AgentDesk(handoff, audit);
  const held = async (userId: string) => {
    const user = await store.getUser(userId);
    if (!user) throw notFound('user_not_found', `no user ${userId}`);
    const open = await store.listHandoffContacts({ statuses: ['assigned'] });
    return { user, contacts: open.filter((c) => c.agent === user.username) };
  };
  const view = (c: { id: string; queue: string; channel: string; assignedAt?: string }) => ({ id: c.id, queue: c.queue, channel: c.channel, ...(c.assignedAt ? { assignedAt: c.assignedAt } : {}) });

  route(
    {
      method: 'get',
      path: '/api/users/{id}/open-contacts',
      operationId: 'listUserOpenContacts',
      summary: 'The contacts a user holds (taken from a queue, not closed): what disabling them would leave hanging',
      tag: TAG,
      access: ['admin'],
      response: OpenContacts,
      errors: [404],
    },
    async ({ params }) => {
      const { user, contacts } = await held(params.id!);
      return { username: user.username, contacts: contacts.map(view) };
    },
  );

  route(
    {
      method: 'post',
      path: '/api/users/{id}/requeue-contacts',
      operationId: 'requeueUserContacts',
      summary: 'Put the contacts a user holds (all, or those of `queues`) back to wait in their queue, for another agent',
      tag: TAG,
      access: ['admin'],
      body: RequeueBody,
      response: Requeued,
      errors: [400, 404],
    },
    async ({ principal, params, body }) => {
      const { user, contacts: all } = await held(params.id!);
      const only = body?.queues;
      const assigned = user.queues;
      const contacts = all.filter((c) => (!only || only.includes(c.queue)) && (!body?.outsideAssignment || (assigned !== undefined && !assigned.includes(c.queue))));
      const requeued: Array<z.infer<typeof OpenContact>> = [];
      const failed: string[] = [];
      for (const contact of contacts) {
        try {
          // Only as listed, still theirs: one a supervisor moved and another agent took meanwhile stays with that agent (in `failed`).
          const seen = { status: 'assigned' as const, agent: user.username, queue: contact.queue, priority: contact.priority };
          const moved = await desk.transfer(contact.id, { username: principal.username, supervisor: true, queues: null }, contact.queue, undefined, seen);
          requeued.push(view({ ...moved, assignedAt: contact.assignedAt }));
        } catch {
          failed.push(contact.id);
        }
      }
      await audit.record({
        actor: principal.username,
        action: 'user.requeueContacts',
        target: `user:${user.id}`,
        details: { username: user.username, requeued: requeued.length, failed: failed.length, ...(only ? { queues: only } : {}), ...(body?.outsideAssignment ? { outsideAssignment: true } : {}) },
      });
      return { username: user.username, requeued, failed };
    },
  );
  return router;
}
