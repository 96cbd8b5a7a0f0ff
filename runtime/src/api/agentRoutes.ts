import { Router } from 'express';
import { z } from 'zod';
import { ClosingOutcome, isKnownTimeZone, QUEUE_NAME_MAX_LENGTH, QueueName } from '@griot/flows';
import type { CallbackRequest, Role } from '../store/types.ts';
import type { AuditLog } from '../audit/auditLog.ts';
import type { Principal } from '../auth/principal.ts';
import { rolesAllow } from '../auth/roles.ts';
import type { HandoffService } from '../handoff/HandoffService.ts';
import type { CallbacksOut } from '../handoff/CallbacksOut.ts';
import { AgentDesk, type AgentActor } from '../handoff/AgentDesk.ts';
import { CallbackDesk } from '../handoff/CallbackDesk.ts';
import { PresenceDesk } from '../handoff/PresenceDesk.ts';
import { LEFT_ECHO_MS, LEFT_STATUS } from '../handoff/agentPresence.ts';
import { DEFAULT_PAUSE_REASONS, type PauseReason } from '../handoff/pauseReasons.ts';
import { queueBoard } from '../handoff/queueBoard.ts';
import { botTurnsForAgents, callbackForAgents, contactForAgents } from '../handoff/contactForAgents.ts';
import { deleteQueueSettings, saveQueueSettings } from '../handoff/saveQueueSettings.ts';
import { knownQueues } from '../handoff/knownQueues.ts';
import { answersQueue, heldBy, queueScopeOf } from '../handoff/agentQueues.ts';
import { CannedReplies, cannedReplyChars, MAX_CANNED_REPLY_CHARS } from '../handoff/cannedReplies.ts';
import { revalidatePrivately } from './privateAnswers.ts';
import { withThousands } from '../withThousands.ts';
import { invalid, notFound } from '../errors.ts';
import { AgentStreams, DRAIN_MS, guardedWriter } from './agentStreams.ts';
import { defineRoute, type RouteSpec } from './defineRoute.ts';
import type { ApiRegistry } from './openapi/apiRegistry.ts';
import {
  CallbackRequestSchema,
  CannedReplySchema,
  ContactWithMessagesSchema,
  HandoffContactSchema,
  QueueSettingsSchema,
  QueueViewSchema,
  ReleaseResultSchema,
  ReplyResultSchema,
  SupervisorRowSchema,
  AgentPresenceSchema,
  PauseReasonSchema,
} from './schemas/agentSchemas.ts';

export interface AgentRouteDeps {
  registry: ApiRegistry;
  /** Agents' and supervisors' changes: `contact:<id>`, `callback:<id>`, `queue:<name>`. */
  audit: AuditLog;
  /** Places the call when an agent takes a callback (callbacks out); absent: the agent dials by hand. */
  callbacksOut?: Pick<CallbacksOut, 'place'>;
  /** The principal as the store has it now, or null once its credential opens nothing (AuthService.recheck). */
  recheck: (principal: Principal) => Promise<Principal | null>;
  /** The most live-update streams this instance serves at once (GRIOT_AGENT_STREAMS_MAX): more get 429. */
  maxStreams?: number;
  /** Why agents may pause (GRIOT_PAUSE_REASONS); absent: DEFAULT_PAUSE_REASONS. */
  pauseReasons?: readonly PauseReason[];
}

const AGENTS: Role[] = ['agent'];
const SUPERVISORS: Role[] = ['supervisor'];
const HEARTBEAT_MS = 20_000;
/** How long an open stream trusts its last check of the credential and role before sending more. */
const RECHECK_MS = 1_000;

/** The holder the agent's screen showed (optional: clients that send none get the check on the contact as the server reads it). */
const Seen = z
  .object({
    status: z.enum(['waiting', 'assigned', 'closed']),
    agent: z.string().max(200).nullable(),
    queue: z.string().max(200).optional(),
    priority: z.number().int().min(0).max(999).optional(),
  })
  .describe('the status, agent, queue and priority the contact had on the agent’s screen; 409 `contact_changed_hands` when one of them has changed since');
const SeenBody = z.object({ expected: Seen.optional() }).optional();
const ReplyBody = z.object({
  text: z.string().trim().min(1).max(4096),
  clientId: z
    .string()
    .uuid()
    .optional()
    .describe('the agent app’s id for this reply (a UUID), sent again on a retry: the same id answers the message already stored instead of storing and sending it twice'),
});
const TransferBody = z.object({
  queue: QueueName,
  priority: z.number().int().min(0).max(999).optional(),
  expected: Seen.optional(),
  note: z
    .string()
    .trim()
    .max(1000)
    .optional()
    .describe('what the agent writes for the next one (kept in the contact’s `notes`, codes and sensitive values masked; never sent to the subscriber); empty: none'),
});
const CloseBody = z.object({ outcome: ClosingOutcome.describe('one of the closing outcomes (docs/api.md, Agents)'), expected: Seen.optional() });
const CallbackBody = z
  .object({
    callAt: z
      .string()
      .datetime({ offset: true })
      .optional()
      .describe(
        'when the agent agreed to call back: today or tomorrow in the queue’s time zone, not in the past, while the queue is open (422 `callback_time_past`, `callback_time_too_far`, `callback_time_closed`); absent: as soon as possible',
      ),
  })
  .optional();
const CallbackQuery = z.object({ status: z.enum(['pending', 'taken', 'done', 'failed']).optional() });
const Hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/);
const SettingsBody = z.object({
  callbackAfterSeconds: z.number().int().min(0).max(86_400),
  timezone: z.string().refine(isKnownTimeZone, 'an IANA time zone such as Africa/Porto-Novo'),
  weeklyHours: z.partialRecord(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']), z.array(z.object({ open: Hhmm, close: Hhmm })).max(6)),
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).max(366),
  whenClosed: z.enum(['message', 'callback']).optional(),
  displayName: z.string().trim().max(80).optional().describe('what agents and supervisors read for the queue (« Facturation »); absent or empty: its name'),
});
const CannedReplyBody = z
  .object({
    title: z.string().trim().min(1).max(120),
    texts: z
      .record(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'a language code such as fr, en or fon'), z.string().trim().min(1).max(4096))
      .refine((texts) => Object.keys(texts).length > 0 && Object.keys(texts).length <= 20, 'one text at least (French first), at most 20 languages'),
    queues: z.array(QueueName).max(50).optional().describe('the queues it is meant for (listed first on their contacts); absent or empty: every queue'),
    queue: QueueName.optional().describe('older clients: one queue, as `queues: [queue]`'),
  })
  .refine((reply) => cannedReplyChars(reply) <= MAX_CANNED_REPLY_CHARS, { message: `at most ${withThousands(MAX_CANNED_REPLY_CHARS)} characters in all, title and texts`, path: ['texts'] });
const PresenceBody = z.object({
  state: z.enum(['available', 'paused']).describe('« Disponible » or « En pause »: your own state only'),
  reason: z.string().max(200).optional().describe('with `paused`: why, one of `GET /api/agent/pause-reasons`’ labels (422 `pause_reason_unknown` otherwise; absent: a pause without a reason)'),
});
const OfflineBody = z.object({ state: z.literal('offline').describe('the only state a supervisor sets for someone else') });
const CannedReplyQuery = z.object({
  queue: z.string().max(200).optional().describe('only the replies offered on this queue’s contacts: its own and the general ones'),
});

/** An id longer than any we make names nothing: 404 like an unknown one, rather than a zod error (a 500). */
const MAX_ID_LENGTH = 100;
const contactId = ({ id = '' }: Record<string, string>) => {
  if (id.length > MAX_ID_LENGTH) throw notFound('contact_not_found', 'no handoff contact with that id');
  return id;
};
const callbackId = ({ id = '' }: Record<string, string>) => {
  if (id.length > MAX_ID_LENGTH) throw notFound('callback_not_found', 'no callback request with that id');
  return id;
};

const actorOf = (principal: Principal): AgentActor => ({ username: principal.username, supervisor: rolesAllow(principal.roles, SUPERVISORS), queues: queueScopeOf(principal) });

/**
 * The agent inbox API (docs: "Agents"): queues and contacts by priority then arrival, take
 * (once), context and history, messages, reply, transfer, release to the bot, close; callback
 * requests; the supervisor's counts and queue settings; live changes as Server-Sent Events.
 */
export function agentRoutes(handoff: HandoffService, deps: AgentRouteDeps): Router {
  const router = Router();
  const desk = new AgentDesk(handoff, deps.audit);
  const reasons = deps.pauseReasons ?? DEFAULT_PAUSE_REASONS;
  const presence = new PresenceDesk(handoff, deps.audit, reasons);
  const callbacks = new CallbackDesk(handoff);
  const streams = new AgentStreams(deps.maxStreams ?? 500, RECHECK_MS, async (principal) => {
    const current = await deps.recheck(principal);
    return current !== null && rolesAllow(current.roles, AGENTS) ? current : null;
  });
  const placeCall = (taken: CallbackRequest) => deps.callbacksOut?.place(taken) ?? taken;
  // Audited here while CallbackDesk is being reworked; the desk is where it belongs, as for AgentDesk.
  async function audited(principal: Principal, action: string, request: CallbackRequest): Promise<CallbackRequest> {
    await deps.audit.record({
      actor: principal.username,
      action,
      target: `callback:${request.id}`,
      details: { queue: request.queue, status: request.status, attempts: request.attempts, ...(request.agent && request.agent !== principal.username ? { onBehalfOf: request.agent } : {}) },
    });
    return callbackForAgents(request);
  }
  function route<B extends z.ZodType | undefined = undefined, Q extends z.ZodObject | undefined = undefined>(spec: RouteSpec<B, Q>, handler: Parameters<typeof defineRoute<B, Q>>[3]): void {
    defineRoute(router, deps.registry, spec, handler);
  }
  const tag = 'agents';

  route(
    {
      method: 'get',
      path: '/api/agent/queues',
      operationId: 'listAgentQueues',
      summary:
        'The queues the agent answers (all, for supervisors, admins and agents none were assigned to) with their contacts (priority, then arrival), wait times and counts; a queue they no longer answer with only the contacts they still hold there (at zero)',
      tag,
      access: AGENTS,
      response: z.array(QueueViewSchema),
    },
    async ({ principal }) => {
      const scope = queueScopeOf(principal);
      // A queue the agent left, where they still hold contacts: those contacts only (`agentMayKnow`), none of its figures.
      const views = (await queueBoard(handoff, reasons)).flatMap(({ agentsDisabled: _, agents: __, ...view }) => {
        if (answersQueue(scope, view.queue)) return [view];
        const held = view.contacts.filter((contact) => heldBy(contact, principal.username));
        return held.length > 0 ? [{ ...view, contacts: held, waiting: 0, longestWaitSeconds: 0, agentsBusy: [principal.username], callbacksPending: 0 }] : [];
      });
      return views.map((view) => ({ ...view, contacts: view.contacts.map(contactForAgents) }));
    },
  );
  route(
    {
      method: 'get',
      path: '/api/agent/transfer-queues',
      operationId: 'listTransferQueues',
      summary: 'The queues a contact can be transferred to: configured ones, and the names the live flows’ handoff nodes can hand over to (a template only for the values the flow gives it)',
      tag,
      access: AGENTS,
      response: z.object({ queues: z.array(z.string()) }),
    },
    async () => ({ queues: (await knownQueues(handoff)).names }),
  );
  route(
    {
      method: 'get',
      path: '/api/agent/supervisor',
      operationId: 'supervisorView',
      summary: 'Per queue: waiting, longest wait, agents busy (disabled accounts apart), callbacks pending',
      tag,
      access: SUPERVISORS,
      response: z.array(SupervisorRowSchema),
    },
    async () =>
      (await queueBoard(handoff, reasons)).map(({ queue, waiting, longestWaitSeconds, agentsBusy, agentsDisabled, callbacksPending, agents }) => {
        const agentsAvailable = agents.filter((agent) => agent.state === 'available').length;
        return { queue, waiting, longestWaitSeconds, agentsBusy, agentsDisabled, callbacksPending, agents, agentsAvailable, noAgentAvailable: waiting > 0 && agentsAvailable === 0 };
      }),
  );
  route(
    {
      method: 'get',
      path: '/api/agent/presence',
      operationId: 'getMyPresence',
      summary: 'Your own state: « Disponible », « En pause » or « Hors ligne » (and who set it, when a supervisor did)',
      tag,
      access: AGENTS,
      response: AgentPresenceSchema,
    },
    ({ principal }) => presence.of(principal.username),
  );
  route(
    {
      method: 'put',
      path: '/api/agent/presence',
      operationId: 'setMyPresence',
      summary:
        'Choose your own state: `available` (offered new contacts) or `paused` (you keep the contacts you hold; no new contact or callback is offered to you: 409 `agent_not_available` on take); audited `agent.presence`',
      tag,
      access: AGENTS,
      body: PresenceBody,
      response: AgentPresenceSchema,
    },
    ({ principal, body }) => presence.choose(principal.username, body.state, body.reason),
  );
  route(
    {
      method: 'get',
      path: '/api/agent/pause-reasons',
      operationId: 'listPauseReasons',
      summary: 'The reasons an agent may give for a pause (GRIOT_PAUSE_REASONS), each with the minutes past which supervisors see the pause run long',
      tag,
      access: AGENTS,
      response: z.array(PauseReasonSchema),
    },
    () => reasons.map((r) => ({ label: r.label, maxMinutes: r.maxMinutes })),
  );
  route(
    {
      method: 'post',
      path: '/api/agent/presence/left',
      operationId: 'leftInbox',
      summary:
        'The agent closed their last inbox page (sent as the page is hidden for good): they read « Hors ligne » 10 seconds from now instead of 60, unless a page of theirs opens again by then (a reload keeps their state) or one is still open elsewhere (another computer or browser: it answers within 2 seconds). Their state is otherwise unchanged; not audited. 204',
      tag,
      access: AGENTS,
      status: 204,
    },
    async ({ principal }) => {
      await presence.left(principal.username);
    },
  );
  route(
    {
      method: 'put',
      path: '/api/agent/agents/{username}/presence',
      operationId: 'setAgentOffline',
      summary:
        'A supervisor sets an agent « Hors ligne » (one who left without signing out): no new contact is offered to them until they choose « Disponible » again; they keep what they hold. Only `offline`: nobody is made available or paused on their behalf; only an admin sets a supervisor or an admin offline (403 `presence_not_yours`); audited `agent.presence` (404 `agent_not_found`, 422 `presence_own` for yourself)',
      tag,
      access: SUPERVISORS,
      body: OfflineBody,
      response: AgentPresenceSchema,
      errors: [403, 404, 422],
    },
    ({ params, principal }) => {
      const username = params.username ?? '';
      if (username.length > MAX_ID_LENGTH * 2) throw notFound('agent_not_found', 'no user with that name');
      return presence.setOffline(principal, username);
    },
  );
  route(
    {
      method: 'get',
      path: '/api/agent/contacts/{id}',
      operationId: 'getAgentContact',
      summary:
        'A contact: context, history, what the subscriber and the bot said before the handover, and messages (404 for a contact of a queue the agent does not answer, as for an unknown id, unless they hold it)',
      tag,
      access: AGENTS,
      response: ContactWithMessagesSchema,
      errors: [404],
    },
    async ({ params, principal }) => {
      const details = await desk.contact(contactId(params), actorOf(principal));
      return { ...details, contact: contactForAgents(details.contact), botTurns: botTurnsForAgents(details.contact, details.botTurns) };
    },
  );
  route(
    {
      method: 'post',
      path: '/api/agent/contacts/{id}/take',
      operationId: 'takeContact',
      summary: 'Take a waiting contact (409 when someone else has it, `contact_changed_hands` when it is no longer as `expected`, `agent_not_available` while you are paused or were set offline)',
      tag,
      access: AGENTS,
      body: SeenBody,
      response: HandoffContactSchema,
      errors: [404, 409],
    },
    async ({ params, principal, body }) => {
      const id = contactId(params);
      // A paused agent keeps what they hold and is offered nothing new.
      await presence.assertTakesNewContacts(principal.username);
      return contactForAgents(await desk.take(id, actorOf(principal), body?.expected));
    },
  );
  route(
    {
      method: 'post',
      path: '/api/agent/contacts/{id}/messages',
      operationId: 'replyToContact',
      summary:
        'Reply on the contact’s messaging channel (409 when the channel no longer lets an agent write to the subscriber, or refused the reply; 503 with Retry-After when it did not take it now: kept pending, sent later)',
      tag,
      access: AGENTS,
      body: ReplyBody,
      status: 201,
      response: ReplyResultSchema,
      errors: [404, 409, 503],
    },
    ({ params, principal, body }) => desk.reply(contactId(params), actorOf(principal), body.text, body.clientId),
  );
  route(
    {
      method: 'post',
      path: '/api/agent/contacts/{id}/transfer',
      operationId: 'transferContact',
      summary:
        'Put the contact back to waiting in another known queue, with an optional note for the next agent (422 `unknown_queue` for a name neither the queue settings nor a live flow’s handoff node can give; 409 `contact_not_yours` when another agent has it, `contact_changed_hands` when it changed hands since read or since `expected`)',
      tag,
      access: AGENTS,
      body: TransferBody,
      response: HandoffContactSchema,
      errors: [404, 409, 422],
    },
    async ({ params, principal, body }) => contactForAgents(await desk.transfer(contactId(params), actorOf(principal), body.queue, body.priority, body.expected, body.note)),
  );
  route(
    {
      method: 'post',
      path: '/api/agent/contacts/{id}/release',
      operationId: 'releaseContact',
      summary: 'Hand the conversation back to the bot (the flow goes on from `done`)',
      tag,
      access: AGENTS,
      body: SeenBody,
      response: ReleaseResultSchema,
      errors: [404, 409],
    },
    async ({ params, principal, body }) => {
      const released = await desk.release(contactId(params), actorOf(principal), body?.expected);
      return { ...released, contact: contactForAgents(released.contact) };
    },
  );
  route(
    {
      method: 'post',
      path: '/api/agent/contacts/{id}/close',
      operationId: 'closeContact',
      summary: 'Close the contact with an outcome (kept in the caller’s history)',
      tag,
      access: AGENTS,
      body: CloseBody,
      response: HandoffContactSchema,
      errors: [404, 409],
    },
    async ({ params, principal, body }) => contactForAgents(await desk.close(contactId(params), actorOf(principal), body.outcome, body.expected)),
  );
  route(
    {
      method: 'post',
      path: '/api/agent/contacts/{id}/callback',
      operationId: 'contactToCallback',
      summary: 'The caller accepted a callback (waiting, or in a messaging conversation with you): store the request with the context',
      tag,
      access: AGENTS,
      status: 201,
      body: CallbackBody,
      response: CallbackRequestSchema,
      errors: [404, 409, 422],
    },
    async ({ params, principal, body }) => {
      const id = contactId(params);
      const request = await callbacks.fromContact(id, actorOf(principal), body?.callAt);
      await deps.audit.record({
        actor: principal.username,
        action: 'contact.callback',
        target: `contact:${id}`,
        details: { queue: request.queue, callback: request.id, ...(request.callAt ? { callAt: request.callAt } : {}) },
      });
      return callbackForAgents(request);
    },
  );

  route(
    {
      method: 'get',
      path: '/api/agent/callbacks',
      operationId: 'listCallbacks',
      summary: 'Callback requests of the queues the agent answers, oldest first',
      tag,
      access: AGENTS,
      query: CallbackQuery,
      response: z.array(CallbackRequestSchema),
    },
    async ({ query, principal }) => (await callbacks.list(query.status ? [query.status] : undefined, queueScopeOf(principal))).map(callbackForAgents),
  );
  route(
    {
      method: 'post',
      path: '/api/agent/callbacks/{id}/take',
      operationId: 'takeCallback',
      summary: 'Take a pending callback request (404 for one of a queue the agent does not answer, as for an unknown id; 409 `agent_not_available` while you are paused or were set offline)',
      tag,
      access: AGENTS,
      response: CallbackRequestSchema,
      errors: [404, 409],
    },
    async ({ params, principal }) => {
      const id = callbackId(params);
      await presence.assertTakesNewContacts(principal.username);
      return audited(principal, 'callback.take', await placeCall(await callbacks.take(id, actorOf(principal))));
    },
  );
  for (const outcome of ['done', 'failed'] as const) {
    route(
      {
        method: 'post',
        path: `/api/agent/callbacks/{id}/${outcome}`,
        operationId: `callback${outcome === 'done' ? 'Done' : 'Failed'}`,
        summary: `Mark a taken callback ${outcome} (409 \`callback_not_yours\` when another agent took it)`,
        tag,
        access: AGENTS,
        response: CallbackRequestSchema,
        errors: [404, 409],
      },
      async ({ params, principal }) => audited(principal, `callback.${outcome}`, await callbacks.finish(callbackId(params), outcome, actorOf(principal))),
    );
  }
  route(
    {
      method: 'post',
      path: '/api/agent/callbacks/{id}/retry',
      operationId: 'retryCallback',
      summary: 'Put a failed callback back in the list (409 `callback_not_yours` when another agent’s attempt failed)',
      tag,
      access: AGENTS,
      response: CallbackRequestSchema,
      errors: [404, 409],
    },
    async ({ params, principal }) => audited(principal, 'callback.retry', await callbacks.retry(callbackId(params), actorOf(principal))),
  );

  const queueNameOf = ({ queue = '' }: Record<string, string>) => {
    const parsed = QueueName.safeParse(queue);
    if (!parsed.success) throw invalid('invalid_queue', `a queue's name has 1 to ${QUEUE_NAME_MAX_LENGTH} characters, no control characters`, { field: 'queue' });
    return parsed.data;
  };
  route(
    {
      method: 'put',
      path: '/api/agent/queues/{queue}/settings',
      operationId: 'putQueueSettings',
      summary: 'Business hours, holidays and callback threshold of a queue (400 `invalid_queue`: a name of 1 to 200 characters without control characters; 409 `queues_full` past 500 queues)',
      tag,
      access: SUPERVISORS,
      body: SettingsBody,
      response: QueueSettingsSchema,
      errors: [400, 409],
    },
    ({ params, principal, body }) => saveQueueSettings(handoff, deps.audit, principal, queueNameOf(params), body),
  );
  route(
    {
      method: 'delete',
      path: '/api/agent/queues/{queue}/settings',
      operationId: 'deleteQueueSettings',
      summary:
        'Remove a queue’s settings: it reads as a queue without any again (no hours, holidays, callback threshold nor display name) and frees its place among the 500 (supervisors and admins; audited; 404 `queue_settings_not_found` when it has none)',
      tag,
      access: SUPERVISORS,
      status: 204,
      errors: [400, 404],
    },
    async ({ params, principal }) => {
      await deleteQueueSettings(handoff, deps.audit, principal, queueNameOf(params));
    },
  );

  const canned = new CannedReplies(handoff.store, deps.audit, handoff.options, handoff.events);
  /** The queues of the contacts `username` holds (taken, not closed). */
  const queuesHeldBy = async (username: string) =>
    new Set((await handoff.store.listHandoffContacts({ statuses: ['assigned'] })).filter((contact) => heldBy(contact, username)).map((contact) => contact.queue));
  const cannedId = ({ id = '' }: Record<string, string>) => {
    if (id.length > MAX_ID_LENGTH) throw notFound('canned_reply_not_found', 'no canned reply with that id');
    return id;
  };
  route(
    {
      method: 'get',
      path: '/api/agent/canned-replies',
      operationId: 'listCannedReplies',
      summary: 'Canned replies agents insert in their reply box, by title (ETag: the browser keeps the list and asks again for a 304)',
      tag,
      access: AGENTS,
      query: CannedReplyQuery,
      response: z.array(CannedReplySchema),
    },
    async ({ query, res, principal }) => {
      // Read each time a conversation opens: an unchanged list costs a 304, not the list.
      revalidatePrivately(res);
      const scope = queueScopeOf(principal);
      // The general replies, and those meant for a queue the agent answers or where they hold a contact (`agentMayKnow`:
      // moved to other queues mid-shift, they still answer those conversations): another team's are not theirs to read.
      const holding = scope === null ? new Set<string>() : await queuesHeldBy(principal.username);
      return (await canned.list(query.queue)).filter((reply) => !reply.queues || reply.queues.some((queue) => answersQueue(scope, queue) || holding.has(queue)));
    },
  );
  route(
    {
      method: 'post',
      path: '/api/agent/canned-replies',
      operationId: 'createCannedReply',
      summary: 'Add a canned reply (supervisors and admins; audited)',
      tag,
      access: SUPERVISORS,
      body: CannedReplyBody,
      response: CannedReplySchema,
      status: 201,
    },
    ({ principal, body }) => canned.create(principal, body),
  );
  route(
    {
      method: 'put',
      path: '/api/agent/canned-replies/{id}',
      operationId: 'putCannedReply',
      summary: 'Replace a canned reply (supervisors and admins; audited)',
      tag,
      access: SUPERVISORS,
      body: CannedReplyBody,
      response: CannedReplySchema,
      errors: [404],
    },
    ({ params, principal, body }) => canned.update(principal, cannedId(params), body),
  );
  route(
    {
      method: 'delete',
      path: '/api/agent/canned-replies/{id}',
      operationId: 'deleteCannedReply',
      summary: 'Remove a canned reply (supervisors and admins; audited)',
      tag,
      access: SUPERVISORS,
      status: 204,
      errors: [404],
    },
    async ({ params, principal }) => {
      await canned.remove(principal, cannedId(params));
    },
  );

  route(
    {
      method: 'get',
      path: '/api/agent/events',
      operationId: 'agentEvents',
      summary:
        'Server-Sent Events: `contact`, `message`, `callback`, `settings`, `canned` (a canned reply added, changed or removed) changes in the queues the agent answers and of the contacts they hold or held until that change (`agent`, `fromAgent`), and `assignment` (an admin changed this user’s queues or roles: `id` their user id), `presence` (an agent’s state changed: `id` their username, `status`, `by`; sent to supervisors, and to that agent’s own pages when someone else changed it); each open stream keeps its user present (« Hors ligne » 60 seconds after their last one closed) (`fromQueue`: the queue a transferred contact left) (5 streams a user, the oldest ended; 429 `agent_streams_full` when the instance serves GRIOT_AGENT_STREAMS_MAX)',
      tag,
      access: AGENTS,
      errors: [429],
    },
    ({ req, res, principal }) => {
      // Counted before anything is sent: the user's oldest beyond their share ends, a full instance refuses (429).
      let ended = false;
      let sending = Promise.resolve();
      let stillHere: ReturnType<typeof setTimeout> | undefined;
      const close = () => {
        ended = true;
        clearInterval(heartbeat);
        clearTimeout(stillHere);
        stop();
        unsubscribe?.();
        streams.leave(stream);
      };
      const end = () => {
        if (ended) return;
        close();
        res.end();
      };
      const stream = streams.admit(principal, end);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.flushHeaders();
      // A client that reads nothing leaves what is written in memory: once the socket's buffer is
      // full, it has DRAIN_MS to read it, or the stream is cut (a browser reconnects: retry: 2000).
      const { write, stop } = guardedWriter(res, DRAIN_MS, () => {
        close();
        res.destroy();
      });
      write('retry: 2000\n\n');
      // The stream outlives the request that was let in: before sending more, it checks again that
      // the session or token still opens it with an agent's role (logout, expiry, revocation, a
      // user disabled or demoted, on any instance sharing the store), and ends otherwise; the
      // browser's reconnection then gets 401/403. The streams of one credential share the check.
      // In order, each after the check before it. A change of a queue the user does not answer (as
      // their assignment stands at that check) is not theirs to hear of: a transfer is told to both
      // the queue it leaves and the one it enters.
      // `holders`: the agents who hold the contact, or held it until this change, hear of it whatever their queues (`agentMayKnow`).
      const send = (text: string, queues?: Array<string | undefined>, holders?: Array<string | undefined>) => {
        sending = sending
          .then(async () => {
            if (ended) return;
            const current = await streams.allowed(stream, principal);
            if (!current) return end();
            const scope = queueScopeOf(current);
            if (queues && !queues.some((queue) => answersQueue(scope, queue)) && !(holders?.includes(current.username) ?? false)) return;
            if (!ended) write(text);
          })
          .catch(end);
      };
      // Each open page keeps its agent present (on every instance sharing the store); a failed write is retried at the next heartbeat.
      const seen = () => void presence.seen(principal.username).catch(() => undefined);
      seen();
      const sendPresence = (text: string, username: string | undefined) => {
        sending = sending
          .then(async () => {
            if (ended) return;
            const current = await streams.allowed(stream, principal);
            if (!current) return end();
            if (current.username === username || rolesAllow(current.roles, SUPERVISORS)) write(text);
          })
          .catch(end);
      };
      // The page keeps its agent present only while its credential still opens it (checked first):
      // a tab of a session signed out, ended or disabled does not bring them back « Disponible ».
      const heartbeat = setInterval(() => {
        sending = sending
          .then(async () => {
            if (ended) return;
            const current = await streams.allowed(stream, principal);
            if (!current) return end();
            seen();
            write(': keep-alive\n\n');
          })
          .catch(end);
      }, HEARTBEAT_MS);
      const unsubscribe: (() => void) | undefined = handoff.events.subscribe(
        (change) => {
          const event = `event: ${change.type}\ndata: ${JSON.stringify(change)}\n\n`;
          // An admin changed this user's queues or roles: their streams filter with the account read
          // again from now on, and their inbox reads its assignment and listing again. Nobody else hears of it.
          if (change.type === 'assignment') {
            if (change.id !== principal.userId) return;
            streams.stale(stream);
            return send(event);
          }
          // An agent's state: the supervisors' boards hear of it, and the agent's own pages when someone else changed it (a supervisor set them offline).
          // Another page of this user said it was leaving: this one is still open, and says so once that page's stream has closed.
          if (change.type === 'presence' && change.status === LEFT_STATUS) {
            if (change.id === principal.username && stillHere === undefined) {
              stillHere = setTimeout(() => {
                stillHere = undefined;
                sending = sending
                  .then(async () => {
                    if (ended) return;
                    if (!(await streams.allowed(stream, principal))) return end();
                    seen();
                  })
                  .catch(end);
              }, LEFT_ECHO_MS);
            }
            return;
          }
          if (change.type === 'presence') return sendPresence(event, change.by === change.id ? undefined : change.id);
          // A canned reply's change names no queue when it is meant for several or all: every reply box reads its list again.
          send(event, change.queue === undefined && change.type === 'canned' ? undefined : [change.queue, change.fromQueue], [change.agent, change.fromAgent]);
        },
        // This instance stops: end the stream; the browser reconnects (retry: 2000) through the balancer.
        end,
      );
      req.on('close', close);
    },
  );
  return router;
}
