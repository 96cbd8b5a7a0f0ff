import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Role } from '../store/types.ts';
import type { Principal } from '../auth/principal.ts';
import { rolesAllow } from '../auth/roles.ts';
import type { HandoffService } from '../handoff/HandoffService.ts';
import { AgentDesk, type AgentActor } from '../handoff/AgentDesk.ts';
import { CallbackDesk } from '../handoff/CallbackDesk.ts';
import { queueBoard } from '../handoff/queueBoard.ts';
import { isKnownTimeZone } from '../handoff/businessHours.ts';
import { defineRoute, type RouteSpec } from './defineRoute.ts';
import { agentInboxRoutes } from '../agent-inbox/agentInboxRoutes.ts';
import type { ApiRegistry } from './openapi/apiRegistry.ts';

export interface AgentRouteDeps {
  requireRole: (...roles: Role[]) => RequestHandler;
  registry: ApiRegistry;
}

const AGENTS: Role[] = ['agent'];
const SUPERVISORS: Role[] = ['supervisor'];
const HEARTBEAT_MS = 20_000;

const Id = z.string().min(1).max(100);
const ReplyBody = z.object({ text: z.string().trim().min(1).max(4096) });
const TransferBody = z.object({ queue: z.string().trim().min(1).max(200), priority: z.number().int().min(0).max(999).optional() });
const CloseBody = z.object({ outcome: z.string().trim().min(1).max(100) });
const CallbackQuery = z.object({ status: z.enum(['pending', 'taken', 'done', 'failed']).optional() });
const Hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/);
const SettingsBody = z.object({
  callbackAfterSeconds: z.number().int().min(0).max(86_400),
  timezone: z.string().refine(isKnownTimeZone, 'an IANA time zone such as Africa/Porto-Novo'),
  weeklyHours: z.partialRecord(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']), z.array(z.object({ open: Hhmm, close: Hhmm })).max(6)),
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).max(366),
});

const actorOf = (principal: Principal): AgentActor => ({ username: principal.username, supervisor: rolesAllow(principal.roles, SUPERVISORS) });

/**
 * The agent inbox API (docs: "Agents"): queues and contacts by priority then arrival, take
 * (once), context and history, messages, reply, transfer, release to the bot, close; callback
 * requests; the supervisor's counts and queue settings; live changes as Server-Sent Events.
 */
export function agentRoutes(handoff: HandoffService, deps: AgentRouteDeps): Router {
  const router = Router();
  router.use(agentInboxRoutes());
  const desk = new AgentDesk(handoff);
  const callbacks = new CallbackDesk(handoff);
  function route<B extends z.ZodType | undefined = undefined, Q extends z.ZodObject | undefined = undefined>(
    spec: RouteSpec<B, Q>,
    handler: Parameters<typeof defineRoute<B, Q>>[3],
  ): void {
    defineRoute(router, deps.registry, spec, handler);
  }
  const tag = 'agents';

  route({ method: 'get', path: '/api/agent/queues', operationId: 'listAgentQueues', summary: 'Queues with their contacts (priority, then arrival), wait times and counts', tag, access: AGENTS }, async () => queueBoard(handoff));
  route({ method: 'get', path: '/api/agent/supervisor', operationId: 'supervisorView', summary: 'Per queue: waiting, longest wait, agents busy, callbacks pending', tag, access: SUPERVISORS }, async () =>
    (await queueBoard(handoff)).map(({ queue, waiting, longestWaitSeconds, agentsBusy, callbacksPending }) => ({ queue, waiting, longestWaitSeconds, agentsBusy, callbacksPending })),
  );
  route({ method: 'get', path: '/api/agent/contacts/{id}', operationId: 'getAgentContact', summary: 'A contact: context, history and messages', tag, access: AGENTS, errors: [404] }, ({ params }) => desk.contact(Id.parse(params.id)));
  route({ method: 'post', path: '/api/agent/contacts/{id}/take', operationId: 'takeContact', summary: 'Take a waiting contact (409 when someone else has it)', tag, access: AGENTS, errors: [404, 409] }, ({ params, principal }) =>
    desk.take(Id.parse(params.id), actorOf(principal)),
  );
  route({ method: 'post', path: '/api/agent/contacts/{id}/messages', operationId: 'replyToContact', summary: 'Reply on the contact’s messaging channel', tag, access: AGENTS, body: ReplyBody, status: 201, errors: [404, 409] }, ({ params, principal, body }) =>
    desk.reply(Id.parse(params.id), actorOf(principal), body.text),
  );
  route({ method: 'post', path: '/api/agent/contacts/{id}/transfer', operationId: 'transferContact', summary: 'Put the contact in another queue', tag, access: AGENTS, body: TransferBody, errors: [404, 409] }, ({ params, body }) =>
    desk.transfer(Id.parse(params.id), body.queue, body.priority),
  );
  route({ method: 'post', path: '/api/agent/contacts/{id}/release', operationId: 'releaseContact', summary: 'Hand the conversation back to the bot (the flow goes on from `done`)', tag, access: AGENTS, errors: [404, 409] }, ({ params, principal }) =>
    desk.release(Id.parse(params.id), actorOf(principal)),
  );
  route({ method: 'post', path: '/api/agent/contacts/{id}/close', operationId: 'closeContact', summary: 'Close the contact with an outcome (kept in the caller’s history)', tag, access: AGENTS, body: CloseBody, errors: [404, 409] }, ({ params, principal, body }) =>
    desk.close(Id.parse(params.id), actorOf(principal), body.outcome),
  );
  route({ method: 'post', path: '/api/agent/contacts/{id}/callback', operationId: 'contactToCallback', summary: 'The waiting caller accepted a callback: store the request with the context', tag, access: AGENTS, status: 201, errors: [404, 409] }, ({ params }) =>
    callbacks.fromContact(Id.parse(params.id)),
  );

  route({ method: 'get', path: '/api/agent/callbacks', operationId: 'listCallbacks', summary: 'Callback requests, oldest first', tag, access: AGENTS, query: CallbackQuery }, ({ query }) =>
    callbacks.list(query.status ? [query.status] : undefined),
  );
  route({ method: 'post', path: '/api/agent/callbacks/{id}/take', operationId: 'takeCallback', summary: 'Take a pending callback request', tag, access: AGENTS, errors: [404, 409] }, ({ params, principal }) =>
    callbacks.take(Id.parse(params.id), principal.username),
  );
  for (const outcome of ['done', 'failed'] as const) {
    route({ method: 'post', path: `/api/agent/callbacks/{id}/${outcome}`, operationId: `callback${outcome === 'done' ? 'Done' : 'Failed'}`, summary: `Mark a taken callback ${outcome}`, tag, access: AGENTS, errors: [404, 409] }, ({ params }) =>
      callbacks.finish(Id.parse(params.id), outcome),
    );
  }
  route({ method: 'post', path: '/api/agent/callbacks/{id}/retry', operationId: 'retryCallback', summary: 'Put a failed callback back in the list', tag, access: AGENTS, errors: [404, 409] }, ({ params }) => callbacks.retry(Id.parse(params.id)));

  route({ method: 'put', path: '/api/agent/queues/{queue}/settings', operationId: 'putQueueSettings', summary: 'Business hours, holidays and callback threshold of a queue', tag, access: SUPERVISORS, body: SettingsBody }, async ({ params, principal, body }) => {
    const settings = { queue: String(params.queue), ...body, updatedAt: handoff.options.now(), updatedBy: principal.username };
    await handoff.store.putQueueSettings(settings);
    handoff.events.publish({ type: 'settings', id: settings.queue, queue: settings.queue, at: settings.updatedAt });
    return settings;
  });

  deps.registry.add({ method: 'get', path: '/api/agent/events', operationId: 'agentEvents', summary: 'Server-Sent Events: `contact`, `message`, `callback`, `settings` changes', tag, access: AGENTS, status: 200, errors: [] });
  router.get('/api/agent/events', deps.requireRole(...AGENTS), (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.flushHeaders();
    res.write('retry: 2000\n\n');
    const unsubscribe = handoff.events.subscribe((change) => res.write(`event: ${change.type}\ndata: ${JSON.stringify(change)}\n\n`));
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });
  return router;
}
