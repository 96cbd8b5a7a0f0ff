import type { Channel } from '@griot/flows';
import type { AnalyticsEvent, CallbackRequest, FactBatch, HandoffContact, HandoffContactPatch, PendingFacts, Store, Traffic } from '../store/types.ts';
import type { CallbackStep, HandoffObserver } from '../handoff/HandoffService.ts';
import type { CallerHasher } from './CallerHasher.ts';
import { trafficOf } from './trafficOf.ts';

const E164 = /^\+[1-9]\d{5,14}$/;
const seconds = (from: string, to: string | undefined) => Math.max(0, Math.round((Date.parse(to ?? from) - Date.parse(from)) / 1000));

/** What the queue figures of a contact that was waiting make of how it left the queue. */
function leftQueue(contact: HandoffContact): AnalyticsEvent[] {
  const wait = seconds(contact.enqueuedAt, contact.closedAt);
  const { queue, outcome = 'closed' } = contact;
  if (outcome === 'hangup' || outcome === 'abandoned') return [{ type: 'abandoned', queue, waitSeconds: wait }];
  // jambonz bridged the caller to an agent without anyone taking the contact in the inbox first.
  if (outcome === 'served') return [{ type: 'answered', queue, waitSeconds: wait }];
  if (['callback', 'unavailable', 'replaced', 'continued'].includes(outcome)) return [{ type: 'left', queue, reason: outcome, waitSeconds: wait }];
  // An agent closed it straight from the queue, with their outcome.
  return [
    { type: 'answered', queue, waitSeconds: wait, ...(contact.agent ? { agent: contact.agent } : {}) },
    { type: 'agentOutcome', queue, agent: contact.agent ?? '', outcome },
  ];
}

/**
 * An agent-queue fact as queued: its contact's and caller's keyed hashes worked out when the
 * store's queue builds it with the turns' facts (`FactQueue`), not on the change's path (issue 14).
 * The caller's number waits in memory until then, as a turn's does (one window at most).
 */
class QueueFacts implements PendingFacts {
  constructor(
    private readonly batch: FactBatch,
    private readonly hasher: CallerHasher,
    private readonly contact: () => string,
    private readonly number: string | null,
  ) {}

  build(): FactBatch {
    const batch = this.batch;
    batch.contact = this.contact();
    batch.caller = this.number !== null && E164.test(this.number) ? this.hasher.caller(this.number) : null;
    return batch;
  }
}

/**
 * Agent-queue facts from the handoff service's changes: offered (queued, or transferred in),
 * answered (an agent took it, or jambonz bridged it) with the wait, abandoned in the queue with
 * the wait, left for a callback or unavailable, the agent's outcome; callback requests' steps.
 * Recorded once the change is stored; the time is the change's.
 */
export class HandoffFacts implements HandoffObserver {
  constructor(
    private readonly store: Store,
    private readonly hasher: Promise<CallerHasher>,
    private readonly now: () => string,
    /** The running contact of a session as this instance's turns counted it (`AnalyticsRecorder.runningContact`). */
    private readonly running: (sessionKey: string) => { id: () => string; traffic: Traffic } | undefined,
  ) {}

  async contactChanged(contact: HandoffContact, change: { queued?: boolean; patch?: HandoffContactPatch; before?: HandoffContact | null }): Promise<void> {
    const events = this.eventsOf(contact, change);
    // Taken by an agent for the first time: the bot's contact is transferred now, not at its session's end.
    const handedOver = change.patch?.status === 'assigned' && contact.handedOverAt === undefined ? await this.handedOver(contact) : null;
    if (events.length > 0) await this.record(contact, events, handedOver);
  }

  /**
   * The bot contact's outcome when an agent first takes it: `transferred`, under the contact's
   * own dimensions (as its turns are counted) and the hour it started, with the time until then.
   * Counted once: the handoff contact keeps `handedOverAt` (through transfers), and a contact
   * handed over before (released to the bot, then handed over again) is not counted again; the
   * session's end then records no outcome (`AnalyticsRecorder`). Null when already counted, when
   * the session is gone, or for a conversation carried over from another channel (its first
   * contact counts it, `continued`).
   */
  private async handedOver(contact: HandoffContact): Promise<QueueFacts | null> {
    const at = contact.assignedAt ?? contact.updatedAt;
    const marked = await this.store.updateHandoffContact(contact.id, ['waiting', 'assigned', 'closed'], { handedOverAt: at });
    if (!marked) return null;
    const record = await this.store.getSession(contact.sessionKey, this.now());
    if (!record || record.carried) return null;
    const earlier = await this.store.listHandoffContacts({ sessionKey: contact.sessionKey });
    if (earlier.some((c) => c.id !== contact.id && c.handedOverAt !== undefined && c.enqueuedAt >= record.createdAt)) return null;
    const { session } = record;
    const hasher = await this.hasher;
    const node = session.wait?.node ?? session.path[session.path.length - 1];
    const batch: FactBatch = {
      flowId: session.flowId,
      version: session.flowVersion,
      environment: record.environment,
      channel: session.channel,
      locale: session.locale,
      traffic: trafficOf(record, session),
      at,
      contact: '',
      caller: null,
      events: [{ type: 'end', outcome: 'transferred', startedAt: record.createdAt, seconds: seconds(record.createdAt, at), ...(node ? { node } : {}) }],
    };
    return new QueueFacts(batch, hasher, () => hasher.contact(record.key, record.createdAt), null);
  }

  async callbackChanged(request: CallbackRequest, step: CallbackStep): Promise<void> {
    const context = request.context as { flowId?: unknown; flowVersion?: unknown };
    const hasher = await this.hasher;
    const batch: FactBatch = {
      flowId: typeof context.flowId === 'string' ? context.flowId : '',
      version: typeof context.flowVersion === 'number' ? context.flowVersion : null,
      environment: '',
      channel: 'voice',
      locale: request.locale,
      traffic: 'live',
      at: this.now(),
      contact: '',
      caller: null,
      events: [{ type: 'callback', queue: request.queue, step }],
    };
    const id = request.id;
    this.write([new QueueFacts(batch, hasher, () => hasher.contact('callback', id), request.number)]);
  }

  /**
   * Hands the facts to the store's queue (`Store.queueFacts`), as a turn's are: written with the
   * other turns' facts within FACTS_WINDOW_MS, in the queue's next write (a row per flow for many
   * batches), not as a row of their own in the commit of the turn during which the handoff changed
   * (issue 14, sixteenth pass). The change itself is stored already; the queue retries a failed
   * write and tells it (`analytics.factsNotWritten`), flushes before any read of facts, an erasure,
   * a backup and on SIGTERM, and a restore discards what waits — the guarantees of a turn's facts.
   */
  private write(facts: QueueFacts[]): void {
    for (const item of facts) this.store.queueFacts(item);
  }

  private eventsOf(contact: HandoffContact, change: { queued?: boolean; patch?: HandoffContactPatch; before?: HandoffContact | null }): AnalyticsEvent[] {
    const { queue } = contact;
    if (change.queued) return [{ type: 'queued', queue }];
    const patch = change.patch ?? {};
    if (patch.status === 'assigned') {
      return [{ type: 'answered', queue, waitSeconds: seconds(contact.enqueuedAt, contact.assignedAt), ...(contact.agent ? { agent: contact.agent } : {}) }];
    }
    if (patch.queue !== undefined && change.before && change.before.queue !== contact.queue) {
      // Transferred: out of the queue it was in (unless an agent already had it there), into another.
      const leaving: AnalyticsEvent[] =
        change.before.status === 'waiting' ? [{ type: 'left', queue: change.before.queue, reason: 'transferred', waitSeconds: seconds(change.before.enqueuedAt, contact.updatedAt) }] : [];
      return [...leaving, { type: 'queued', queue }];
    }
    if (patch.status === 'closed') {
      if (contact.assignedAt === undefined) return leftQueue(contact);
      const outcome = contact.outcome ?? 'closed';
      return [{ type: 'agentOutcome', queue, agent: contact.agent ?? '', outcome }];
    }
    return [];
  }

  private async record(contact: HandoffContact, events: AnalyticsEvent[], outcome: QueueFacts | null): Promise<void> {
    const context = contact.context as { flowId?: unknown; flowVersion?: unknown };
    const hasher = await this.hasher;
    // Counted as the contact's turns are (tester or live caller, its id); the session tells when this instance has not seen them.
    let counted = this.running(contact.sessionKey);
    if (!counted) {
      const session = await this.store.getSession(contact.sessionKey, this.now());
      const [key, since] = session ? [session.key, session.createdAt] : ['handoff', contact.id];
      counted = {
        traffic: session ? trafficOf(session, session.session) : contact.preview ? 'preview' : 'live',
        id: () => hasher.contact(key, since),
      };
    }
    const batch: FactBatch = {
      flowId: typeof context.flowId === 'string' ? context.flowId : '',
      version: typeof context.flowVersion === 'number' ? context.flowVersion : null,
      environment: '',
      channel: contact.channel as Channel,
      locale: contact.locale,
      traffic: counted.traffic,
      at: contact.updatedAt,
      contact: '',
      caller: null,
      events,
    };
    const queued = new QueueFacts(batch, hasher, counted.id, contact.callerNumber);
    this.write(outcome ? [queued, outcome] : [queued]);
  }
}
