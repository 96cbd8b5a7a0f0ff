import { AGENT_GOODBYE_DEFAULTS, agentGoodbyeText, type ClosingOutcome, type ContactDetails, type Flow, type JsonValue } from '@griot/flows';
import type { AuditLog } from '../audit/auditLog.ts';
import type { HandoffContact, HandoffExpectation, HandoffMessage } from '../store/types.ts';
import { ReplyNotDeliveredError } from '@griot/connectors';
import { conflict, DependencyError, notFound, unprocessable } from '../errors.ts';
import type { HandoffService } from './HandoffService.ts';
import type { AgentReplySender } from './AgentReplySender.ts';
import { targetOf } from './HandoffService.ts';
import { createContactFlowNames } from './contactFlowNames.ts';
import { botTurns } from './botTurns.ts';
import { lookupOutcomes, withLookups } from './lookupOutcomes.ts';
import { isKnownQueue, knownQueues } from './knownQueues.ts';
import { agentMayKnow, type QueueScope } from './agentQueues.ts';

/** How often the recovery pass (`resendAgentReplies`, the `agent-replies` job) runs: a pending reply is sent again by then. */
export const RESEND_PERIOD_SECONDS = 15;

/**
 * The key an agent's reply is sent under (the channel's ledger adds `agent:` and the part's
 * number): per contact, so the same client id on another conversation is another reply.
 */
export const sendKeyOf = (message: Pick<HandoffMessage, 'contactId' | 'id'>) => `${message.contactId}:${message.id}`;

/**
 * A change applies only to the contact as it was read: in that status, held by that agent (or by
 * none), in that queue (a waiting contact moved by a colleague is still waiting and held by nobody),
 * at that priority (one a supervisor raised meanwhile is not moved or closed as if it had not been).
 */
const heldAs = (contact: HandoffContact): HandoffExpectation => ({ statuses: [contact.status], agent: contact.agent ?? null, queue: contact.queue, priority: contact.priority });

/** What the agent is told a contact is now, when it changed since they saw it (the 409's body and params). */
const nowAs = (contact: HandoffContact) => ({ status: contact.status, queue: contact.queue, priority: contact.priority, ...(contact.agent ? { agent: contact.agent } : {}) });

/**
 * Who held the contact on the agent's screen when they clicked: a change made from a stale screen
 * (a colleague took or moved the contact since) is refused rather than applied to what it is now.
 */
export interface SeenHolder {
  status: HandoffContact['status'];
  agent: string | null;
  /** The queue it was in (optional for older clients): a waiting contact moved meanwhile keeps status and agent. */
  queue?: string;
  /** Its priority (optional for older clients): a contact a supervisor raised meanwhile keeps status, agent and queue. */
  priority?: number;
}

/**
 * Who acts: the agent's username, whether they supervise (may act on others' contacts), and the
 * queues they answer (null: every queue): a contact of another queue is, to them, no contact at all
 * (404), unless they hold it (`agentMayKnow`).
 */
export interface AgentActor {
  username: string;
  supervisor: boolean;
  queues: QueueScope;
}

/**
 * What agents do with handed-over contacts: take one (once), read its context, history and
 * messages, reply, transfer, release it to the bot, or close it with an outcome. Each change is
 * audited on `contact:<id>` with the queue and ids, never a message's text or the context.
 */
/** How many transfer notes a contact keeps, the latest (each up to 1000 characters). */
export const MAX_TRANSFER_NOTES = 20;

export class AgentDesk {
  private readonly flowNames: ReturnType<typeof createContactFlowNames>;

  constructor(
    private readonly handoff: HandoffService,
    private readonly audit: AuditLog,
  ) {
    this.flowNames = createContactFlowNames(handoff.store);
  }

  /** The contact, what the subscriber and the bot said before, its messages, and the flow it came through with the path's nodes named. */
  async contact(id: string, agent: AgentActor): Promise<ContactDetails> {
    const contact = await this.find(id, agent);
    const [messages, flow, transcript] = await Promise.all([this.handoff.store.listHandoffMessages(id), this.flowNames(contact.context), this.handoff.store.getTranscript(contact.sessionKey)]);
    // The version the transcript ran: the labels of the options the subscriber chose, as they saw them.
    const document = transcript ? await this.flowOf(transcript.flowId, transcript.flowVersion) : null;
    // Each look-up's outcome beside its node on the path (« Appel au SI (échec : délai dépassé) »).
    const named = flow ? withLookups(flow, lookupOutcomes(contact, transcript, document)) : undefined;
    return { contact, botTurns: botTurns(contact, transcript, document), messages, ...(named ? { flow: named } : {}) };
  }

  /** Atomic: of two agents taking the same contact, the second gets a conflict. */
  async take(id: string, agent: AgentActor, seen?: SeenHolder): Promise<HandoffContact> {
    // Read first: a contact of a queue the agent does not answer is not found.
    const read = await this.find(id, agent);
    // One no longer waiting gets the refusal below, which says so; one waiting again after it was seen held (moved back meanwhile) changed hands.
    if (seen && read.status === 'waiting') this.checkSeen(read, seen);
    const now = this.handoff.options.now();
    // As seen: still at the priority (and in the queue) the agent saw, up to the write; an agent
    // limited to some queues takes it only in the queue it was read in (not one it moved to meanwhile).
    const queue = seen?.queue ?? (agent.queues !== null ? read.queue : undefined);
    const expected: HandoffExpectation = {
      statuses: ['waiting'],
      agent: null,
      ...(queue !== undefined ? { queue } : {}),
      ...(seen?.priority !== undefined ? { priority: seen.priority } : {}),
    };
    const taken = await this.handoff.change(id, expected, { status: 'assigned', agent: agent.username, assignedAt: now });
    if (taken) {
      await this.record(agent, 'contact.take', taken, { priority: taken.priority });
      return taken;
    }
    const current = await this.find(id, agent);
    // Still waiting, nobody holds it: it moved or its priority changed since it was seen.
    if (seen && current.status === 'waiting' && current.agent === undefined) this.checkSeen(current, seen);
    throw conflict('contact_not_waiting', current.agent ? `${current.agent} already took this contact` : `the contact is ${current.status}`, {
      body: { status: current.status },
      params: { status: current.status, ...(current.agent ? { agent: current.agent } : {}) },
    });
  }

  /**
   * Stores the agent's reply, then has the channel send it under `agent:<contact id>:<message id>`
   * (`sendKeyOf`). `clientId` is the agent app's id for this reply, reused when it sends again after
   * a timeout or a 503: the reply stored by the first attempt is answered (and sent, if still
   * pending) rather than stored twice; one the platform refused for good is refused again the same
   * way (409 `reply_not_delivered`: a new send takes a new id). A reply stored but not taken by the
   * channel (the process died, the platform was down) stays `pending` and the recovery pass
   * (`resendAgentReplies`) sends it.
   */
  async reply(id: string, agent: AgentActor, text: string, clientId?: string): Promise<{ message: HandoffMessage; delivered: boolean }> {
    const contact = await this.ownedMessaging(id, agent);
    const sender = this.handoff.senderFor(contact.channel);
    const draft: HandoffMessage = { id: clientId ?? this.handoff.options.newId(), contactId: id, at: this.handoff.options.now(), from: 'agent', author: agent.username, text };
    const earlier = clientId ? await this.handoff.store.getHandoffMessage(id, clientId) : null;
    if (earlier) return this.retried(contact, agent, earlier, text, sender);
    // A channel that no longer lets Griot write to this subscriber (Messenger: 7 days after their
    // last message) refuses before anything is kept: the agent reads why, the text stays in their box.
    if (sender?.canReach && !(await sender.canReach(targetOf(contact)))) {
      throw conflict('reply_window_closed', `${contact.channel} no longer lets an agent write to this subscriber: their next message reopens the conversation`, {
        params: { channel: contact.channel },
      });
    }
    const pending: HandoffMessage = sender ? { ...draft, pending: true } : draft;
    // Stored only if the contact is still with its holder: a supervisor may have transferred or
    // requeued it while the channel was asked (canReach): then nothing is kept or sent.
    const stored = await this.handoff.store.appendHandoffMessageOnce(pending, contact.agent ?? agent.username);
    if (stored === 'changedHands') throw await this.changedMeanwhile(id, agent);
    // Two retries at once: the second finds the first's.
    if (stored) return this.retried(contact, agent, stored, text, sender);
    await this.handoff.maskIfClosedMeanwhile(id);
    // Audited once stored, even if the channel then fails to send it; the text stays out of the log.
    await this.record(agent, 'contact.reply', contact, { message: draft.id, channel: contact.channel });
    this.handoff.events.publish({ type: 'message', id, queue: contact.queue, ...(contact.agent ? { agent: contact.agent } : {}), at: draft.at });
    if (sender) await this.send(contact, draft, sender);
    return { message: draft, delivered: sender !== undefined };
  }

  /** The same reply sent again by the agent app: answered as the first time, sent if it is still pending. */
  private async retried(
    contact: HandoffContact,
    agent: AgentActor,
    stored: HandoffMessage,
    text: string,
    sender: AgentReplySender | undefined,
  ): Promise<{ message: HandoffMessage; delivered: boolean }> {
    if (stored.from !== 'agent' || stored.author !== agent.username || stored.text !== text) {
      throw conflict('reply_id_reused', 'this reply id names another message: send the new text with a new id', { params: { message: stored.id } });
    }
    const { pending, ...message } = stored;
    // Refused for good the first time: the same answer, not a success for a reply nobody received.
    if (message.undelivered !== undefined) throw this.notDelivered(contact, message.undelivered);
    if (pending && sender) await this.send(contact, message, sender);
    return { message, delivered: sender !== undefined };
  }

  /** The 409 for a reply the platform refused for good: kept (shown "not delivered"), never sent again. */
  private notDelivered(contact: HandoffContact, reason: string, detail?: string, cause?: Error) {
    return conflict('reply_not_delivered', `the reply was kept but ${contact.channel} did not deliver it${detail ? `: ${detail}` : ` (${reason})`}`, {
      params: { channel: contact.channel, reason },
      ...(cause ? { cause } : {}),
    });
  }

  /** Has the channel send a stored reply (once: its key is the message's id), then marks it sent. */
  private async send(contact: HandoffContact, message: HandoffMessage, sender: AgentReplySender): Promise<void> {
    try {
      await sender.sendAgentText(targetOf(contact), message.text, message.author ?? '', sendKeyOf(message));
    } catch (error) {
      // Kept and audited, but not delivered: the agent is told why rather than shown a server error.
      if (error instanceof ReplyNotDeliveredError) {
        // The platform did not take it now: still pending, a retry (or the recovery pass) sends it.
        if (error.reason === 'platformUnavailable') {
          const text = `the reply was kept but ${contact.channel} did not deliver it: ${error.message}`;
          // When to try again: what the platform said, else the recovery pass's period (it sends it by then anyway).
          const retryAfterSeconds = error.retryAfterSeconds ?? RESEND_PERIOD_SECONDS;
          throw new DependencyError('unavailable', 'reply_not_delivered', text, { params: { channel: contact.channel, reason: error.reason }, cause: error, retryAfterSeconds });
        }
        // Refused for good (the subscriber blocked the page…): kept with its reason, never tried again.
        await this.handoff.store.settleHandoffMessage(contact.id, message.id, error.reason);
        throw this.notDelivered(contact, error.reason, error.message, error);
      }
      throw error;
    }
    await this.handoff.store.settleHandoffMessage(contact.id, message.id);
  }

  /**
   * Back to waiting in another queue (optionally at another priority), without an agent. A
   * contact another agent has is theirs to transfer (or a supervisor's): otherwise anyone could
   * take a conversation over by transferring it away and taking it again. In another queue it
   * waits from the transfer (`enqueuedAt`: its place behind those already waiting there, its wait
   * in that queue), the first time the subscriber asked kept as `firstEnqueuedAt` (the total wait);
   * back in the same queue (a new priority) it keeps its place. `note`: what the agent writes for
   * the next one, kept in the contact's `notes` (codes and the session's sensitive values masked
   * first: an agent may paste a PUK code in it), never sent to the subscriber.
   */
  async transfer(id: string, agent: AgentActor, queue: string, priority: number | undefined, seen?: SeenHolder, note?: string): Promise<HandoffContact> {
    const before = await this.find(id, agent);
    if (before.status === 'closed') throw conflict('contact_closed', 'this contact is closed', { body: { status: before.status } });
    if (seen) this.checkSeen(before, seen);
    this.checkOwner(before, agent);
    // A typo must not open a queue nobody answers: the contact would wait there unseen.
    if (queue !== before.queue && !isKnownQueue(await knownQueues(this.handoff), queue)) {
      throw unprocessable('unknown_queue', `no queue ${queue}: pick a configured queue or one a flow hands over to`, { params: { queue } });
    }
    const written = note?.trim() ? await this.handoff.maskNote(before, note.trim()) : undefined;
    // The latest MAX_TRANSFER_NOTES: a contact bounced between queues all day stays small in every agent's listing.
    const notes = written
      ? [...(before.notes ?? []).slice(-(MAX_TRANSFER_NOTES - 1)), { at: this.handoff.options.now(), agent: agent.username, fromQueue: before.queue, toQueue: queue, text: written }]
      : undefined;
    // Applies only to the contact as it was read, held by the same agent: of two supervisors moving
    // it at once (or a supervisor and its agent), the second is told it changed hands rather than overwriting.
    const moved = await this.handoff.change(id, heldAs(before), {
      ...(notes ? { notes } : {}),
      status: 'waiting',
      queue,
      agent: undefined,
      assignedAt: undefined,
      ...(priority !== undefined ? { priority } : {}),
      ...(queue !== before.queue ? { enqueuedAt: this.handoff.options.now(), firstEnqueuedAt: before.firstEnqueuedAt ?? before.enqueuedAt } : {}),
    });
    if (!moved) throw await this.changedMeanwhile(id, agent);
    await this.record(agent, 'contact.transfer', moved, {
      from: before.queue,
      to: moved.queue,
      priorityBefore: before.priority,
      priority: moved.priority,
      ...(before.agent ? { agentBefore: before.agent } : {}),
      // Whether a note went with it, not its words: the audit log is no place for what an agent wrote about a subscriber.
      ...(written ? { withNote: true } : {}),
    });
    return moved;
  }

  /** The bot takes the conversation back: the flow goes on from its handoff node's `done` output. */
  async release(id: string, agent: AgentActor, seen?: SeenHolder): Promise<{ contact: HandoffContact; prompts: string[] }> {
    if (seen) this.checkSeen(await this.find(id, agent), seen);
    const held = await this.ownedMessaging(id, agent);
    const released = await this.handoff.change(id, heldAs(held), { status: 'closed', closedAt: this.handoff.options.now(), outcome: 'released' });
    if (!released) throw await this.changedMeanwhile(id, agent);
    await this.record(agent, 'contact.release', released, {});
    // Kept in the store until the channel took it: a restart or a channel down does not lose it.
    const turn = await this.handoff.runBotTurn(released, 'done');
    if (turn.status === 'missing') return { contact: released, prompts: [] };
    return { contact: released, prompts: turn.effects.flatMap((e) => (e.type === 'say' && e.text ? [e.text] : [])) };
  }

  /**
   * Ends the contact with the agent's outcome. A messaging conversation an agent handled goes on
   * from the handoff node's `done` output, as after a release: the flow's satisfaction survey
   * (its answer counted for this agent) or its goodbye; when that path says nothing, or the
   * contact was still waiting, the subscriber gets a short goodbye in their language and the
   * conversation ends. A voice call ends on the phone (the engine goes on when the agent's leg ends).
   */
  async close(id: string, agent: AgentActor, outcome: ClosingOutcome, seen?: SeenHolder): Promise<HandoffContact> {
    const contact = await this.find(id, agent);
    if (contact.status === 'closed') throw conflict('contact_closed', 'this contact is already closed');
    if (seen) this.checkSeen(contact, seen);
    this.checkOwner(contact, agent);
    // Applies only to the contact as it was read (status and agent): a contact someone takes or
    // moves meanwhile stays as they left it, and whether the subscriber gets the survey or a
    // goodbye, and who is credited, follow the row closed.
    const closed = await this.handoff.change(id, heldAs(contact), { status: 'closed', closedAt: this.handoff.options.now(), outcome, agent: contact.agent ?? agent.username });
    if (!closed) throw await this.changedMeanwhile(id, agent);
    await this.record(agent, 'contact.close', closed, { outcome });
    if (closed.channel === 'voice') return closed;
    // The engine records the contact (with this agent and outcome) in the caller's history as the session ends.
    const after = contact.status === 'assigned' ? await this.survey(closed) : 'open';
    if (after === 'said') return closed;
    if (after === 'open') {
      await this.handoff
        .engine()
        .end(closed.sessionKey, 'agentClosed')
        .catch((error: unknown) =>
          this.handoff.log.error({ event: 'handoff.endFailed', contact: closed.id, err: { message: (error as Error).message } }, 'the closed conversation could not be ended'),
        );
    }
    await this.goodbye(closed);
    return closed;
  }

  /**
   * The flow goes on from the handoff node's `done` output after an agent's close: `said` when it
   * said something (its survey or goodbye) or the session is gone, `ended` when it ended silently,
   * `open` when the conversation still needs ending, also when the flow failed (logged: the contact
   * is closed and audited already, the subscriber must not be left in a handoff that drops their messages).
   */
  private async survey(closed: HandoffContact): Promise<'said' | 'ended' | 'open'> {
    try {
      // Kept in the store before the engine runs, as after a handback: a stop in between leaves it to the recovery pass.
      const turn = await this.handoff.runBotTurn(closed, 'done');
      if (turn.status === 'missing') return 'said';
      if (turn.effects.some((e) => e.type === 'say')) return 'said';
      return turn.status === 'ended' ? 'ended' : 'open';
    } catch (error) {
      this.handoff.log.error(
        { event: 'handoff.surveyFailed', contact: closed.id, err: { message: (error as Error).message } },
        'the flow after an agent closed the contact failed: ending it with the goodbye',
      );
      return 'open';
    }
  }

  /**
   * The goodbye of a closed messaging conversation whose flow says none: the flow's own
   * (`settings.agentGoodbye`) or Griot's, in the subscriber's language, else the flow's default one.
   */
  private async goodbye(contact: HandoffContact): Promise<void> {
    const sender = this.handoff.senderFor(contact.channel);
    if (!sender) return;
    const { flowId, flowVersion } = contact.context;
    const flow = typeof flowId === 'string' ? await this.flowOf(flowId, typeof flowVersion === 'number' ? flowVersion : null).catch(() => null) : null;
    // Without the flow (a version gone): Griot's words in the subscriber's language, else French.
    const text = flow ? agentGoodbyeText(flow, contact.locale) : (AGENT_GOODBYE_DEFAULTS[contact.locale] ?? AGENT_GOODBYE_DEFAULTS.fr ?? '');
    // The conversation is over: a channel that can say so (the web chat's page) is told.
    const sent = sender.sendClosingText ? sender.sendClosingText(targetOf(contact), text) : sender.sendAgentText(targetOf(contact), text, contact.agent ?? '');
    await sent.catch(() => {
      // The contact is closed either way: a goodbye the platform refused changes nothing for the agent.
    });
  }

  private async flowOf(flowId: string, version: number | null): Promise<Flow | null> {
    const store = this.handoff.store;
    return version ? ((await store.getVersion(flowId, version))?.document ?? null) : ((await store.getDraft(flowId))?.document ?? null);
  }

  /** `onBehalfOf` names the contact's agent when a supervisor acts on someone else's contact. */
  private async record(agent: AgentActor, action: string, contact: HandoffContact, details: Record<string, JsonValue>): Promise<void> {
    const onBehalfOf: Record<string, JsonValue> = contact.agent && contact.agent !== agent.username ? { onBehalfOf: contact.agent } : {};
    await this.audit.record({ actor: agent.username, action, target: `contact:${contact.id}`, details: { queue: contact.queue, ...details, ...onBehalfOf } });
  }

  /**
   * The contact, as the agent may know it (`agentMayKnow`): one of a queue they do not answer, unless
   * they hold it, gets the same 404 as an unknown id.
   */
  private async find(id: string, agent: AgentActor): Promise<HandoffContact> {
    const contact = await this.handoff.store.getHandoffContact(id);
    if (!contact || !agentMayKnow(agent.queues, agent.username, contact)) throw notFound('contact_not_found', `no handoff contact ${id}`);
    return contact;
  }

  /**
   * Why a change to a contact read a moment ago did not apply: closed meanwhile, now another
   * agent's (for an agent), or changed hands under a supervisor's (or its own agent's) feet. The
   * agent app reads the contact again and says so.
   */
  private async changedMeanwhile(id: string, agent: AgentActor): Promise<Error> {
    // As it is now, read with the agent's queues: moved meanwhile to a queue they do not answer, it
    // is the same 404 as an unknown id (its new queue, priority and holder are not theirs to know).
    const now = await this.find(id, agent);
    if (now.status === 'closed') return conflict('contact_closed', 'this contact was closed meanwhile', { body: { status: now.status } });
    this.checkOwner(now, agent);
    return conflict('contact_changed_hands', `the contact changed meanwhile: it is now ${now.status} in ${now.queue} at priority ${now.priority}${now.agent ? ` with ${now.agent}` : ''}`, {
      body: nowAs(now),
      params: nowAs(now),
    });
  }

  /** The contact as read is not as the agent saw it: someone took, moved or released it since their screen last changed. */
  private checkSeen(contact: HandoffContact, seen: SeenHolder): void {
    if (
      contact.status === seen.status &&
      (contact.agent ?? null) === seen.agent &&
      (seen.queue === undefined || contact.queue === seen.queue) &&
      (seen.priority === undefined || contact.priority === seen.priority)
    )
      return;
    if (contact.status === 'closed') throw conflict('contact_closed', 'this contact was closed meanwhile', { body: { status: contact.status } });
    throw conflict(
      'contact_changed_hands',
      `the contact changed since you saw it: it is now ${contact.status} in ${contact.queue} at priority ${contact.priority}${contact.agent ? ` with ${contact.agent}` : ''}`,
      {
        body: nowAs(contact),
        params: nowAs(contact),
      },
    );
  }

  private checkOwner(contact: HandoffContact, agent: AgentActor): void {
    if (contact.status === 'assigned' && contact.agent !== agent.username && !agent.supervisor) {
      throw conflict('contact_not_yours', `${contact.agent} handles this contact`, { params: { agent: contact.agent ?? null } });
    }
  }

  private async ownedMessaging(id: string, agent: AgentActor): Promise<HandoffContact> {
    const contact = await this.find(id, agent);
    if (contact.channel === 'voice') throw conflict('voice_contact', 'a voice contact is answered on the phone, not here');
    if (contact.status !== 'assigned') throw conflict('contact_not_assigned', 'take the contact first');
    this.checkOwner(contact, agent);
    return contact;
  }
}
