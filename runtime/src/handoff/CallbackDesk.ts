import type { CallbackRequest, CallbackStatus } from '../store/types.ts';
import { conflict, notFound, unprocessable } from '../errors.ts';
import { callbackTimeProblem } from '@griot/flows';
import { queueSettingsOf } from './queueSettings.ts';
import type { HandoffService } from './HandoffService.ts';
import type { AgentActor } from './AgentDesk.ts';
import { agentMayKnow, answersQueue, type QueueScope } from './agentQueues.ts';

/** A number a phone can dial: `+` and 6 to 15 digits, as voice and WhatsApp callers have. */
const CALLABLE = /^\+?\d{6,15}$/;

/**
 * Callers who asked to be called back: created from a waiting contact (which leaves the queue)
 * or from a messaging conversation an agent holds, then taken by an agent, marked done or
 * failed, and retried.
 */
export class CallbackDesk {
  constructor(private readonly handoff: HandoffService) {}

  /** The requests of the queues `scope` answers (null: every queue). */
  async list(statuses: CallbackStatus[] | undefined, scope: QueueScope): Promise<CallbackRequest[]> {
    const requests = await this.handoff.store.listCallbackRequests(statuses ? { statuses } : {});
    return scope === null ? requests : requests.filter((r) => answersQueue(scope, r.queue));
  }

  /**
   * The caller accepts a callback: the request keeps the contact's context, the contact closes,
   * and a messaging flow goes on from its `callback` output. A waiting contact, or a messaging
   * conversation with an agent (its agent's or a supervisor's call: 409 `contact_not_yours`
   * otherwise); a voice call with an agent is on the phone (409 `contact_not_waiting`).
   * `callAt`: the time the agent agreed with the subscriber (422 `callback_time_past`,
   * `callback_time_too_far`, `callback_time_closed`: see callbackTimeProblem); absent: as soon as possible.
   */
  async fromContact(contactId: string, agent?: AgentActor, callAt?: string): Promise<CallbackRequest> {
    const known = await this.handoff.store.getHandoffContact(contactId);
    // A contact of a queue the agent does not answer, unless they hold it, is to them no contact (the same 404 as an unknown id).
    if (known && agent && !agentMayKnow(agent.queues, agent.username, known)) throw notFound('contact_not_found', `no handoff contact ${contactId}`);
    if (known && callAt !== undefined) {
      const settings = await queueSettingsOf(this.handoff.store, known.queue, this.handoff.options.defaultTimezone);
      const problem = callbackTimeProblem(new Date(callAt), new Date(this.handoff.options.now()), settings);
      const at = { field: 'callAt', params: { timezone: settings.timezone } };
      if (problem === 'callback_time_past') throw unprocessable('callback_time_past', 'the callback time is in the past', at);
      if (problem === 'callback_time_too_far') throw unprocessable('callback_time_too_far', 'a callback is for today or tomorrow, in the queue’s time zone', at);
      if (problem === 'callback_time_closed') throw unprocessable('callback_time_closed', 'the queue is closed at that time (its opening hours or a holiday)', at);
    }
    // A chat visitor known only by a platform id (`botframework:<id>`) has no number to call back.
    if (known && !CALLABLE.test(known.callerNumber)) throw conflict('contact_not_callable', 'this caller has no phone number to call back (a chat visitor known by a platform id)');
    const during = known?.status === 'assigned' && known.channel !== 'voice' && agent !== undefined;
    if (during && known.agent !== agent.username && !agent.supervisor) {
      throw conflict('contact_not_yours', `${known.agent} handles this contact`, { params: { agent: known.agent ?? null } });
    }
    // During a conversation: only as the agent holds it now (a transfer meanwhile wins).
    // An agent limited to some queues: only while it is still in the queue read (not one it moved to meanwhile).
    const inQueue = known && agent && agent.queues !== null ? { statuses: ['waiting' as const], agent: null, queue: known.queue } : undefined;
    const accepted = await this.handoff.callbackFrom(
      contactId,
      during ? { statuses: ['assigned'], agent: known.agent ?? null, queue: known.queue, priority: known.priority } : inQueue,
      callAt === undefined ? undefined : new Date(callAt).toISOString(),
    );
    if (!accepted) {
      if (!(await this.handoff.store.getHandoffContact(contactId))) throw notFound('contact_not_found', `no handoff contact ${contactId}`);
      throw conflict('contact_not_waiting', 'only a waiting contact can turn into a callback request');
    }
    const { request, contact } = accepted;
    if (contact.channel !== 'voice') {
      await this.handoff.runBotTurn(contact, 'callback');
    }
    return request;
  }

  take(id: string, agent: AgentActor): Promise<CallbackRequest> {
    return this.move(id, ['pending'], (r) => ({ status: 'taken', agent: agent.username, attempts: r.attempts + 1 }), { ...agent, supervisor: true });
  }

  /** Done or failed: for the agent who took the request, or a supervisor. */
  finish(id: string, outcome: 'done' | 'failed', agent: AgentActor): Promise<CallbackRequest> {
    return this.move(id, ['taken'], () => ({ status: outcome }), agent);
  }

  /** Back to pending: for the agent whose attempt failed, or a supervisor. */
  retry(id: string, agent: AgentActor): Promise<CallbackRequest> {
    return this.move(id, ['failed'], () => ({ status: 'pending', agent: undefined }), agent);
  }

  private async move(id: string, from: CallbackStatus[], patch: (current: CallbackRequest) => Partial<CallbackRequest>, actor?: AgentActor): Promise<CallbackRequest> {
    const current = await this.handoff.store.getCallbackRequest(id);
    // One of a queue the agent does not answer: the same 404 as an unknown id.
    if (!current || (actor && !answersQueue(actor.queues, current.queue))) throw notFound('callback_not_found', `no callback request ${id}`);
    const status = (request: CallbackRequest) => conflict('callback_status', `the callback request is ${request.status}`, { body: { status: request.status }, params: { status: request.status } });
    if (!from.includes(current.status)) throw status(current);
    // Another agent's request stays theirs: marking it would end (or reopen) a call they are making.
    if (actor && !actor.supervisor && current.agent && current.agent !== actor.username) {
      throw conflict('callback_not_yours', `${current.agent} has this callback request`, { params: { agent: current.agent } });
    }
    // Only from the status the owner check saw: a request another agent takes (or marks) meanwhile stays theirs.
    const changed = await this.handoff.store.updateCallbackRequest(id, [current.status], { ...patch(current), updatedAt: this.handoff.options.now() });
    if (!changed) throw status((await this.handoff.store.getCallbackRequest(id)) ?? current);
    this.publish(changed);
    const step = ({ taken: 'taken', done: 'completed', failed: 'failed' } as const)[changed.status as 'taken' | 'done' | 'failed'];
    if (step) await this.handoff.tell((o) => o.callbackChanged(changed, step));
    return changed;
  }

  private publish(request: CallbackRequest): void {
    this.handoff.events.publish({ type: 'callback', id: request.id, queue: request.queue, status: request.status, at: this.handoff.options.now() });
  }
}
