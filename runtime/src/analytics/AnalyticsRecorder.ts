import type { Logger } from '../logger.ts';
import type { ContactOutcome, HandoffContact, SessionRecord, Store, Traffic } from '../store/types.ts';
import type { ObservedTurn, TurnObserver, TurnReport } from '../conversations/types.ts';
import type { AnalyticsConfig } from './analyticsConfig.ts';
import { CallerHasher } from './CallerHasher.ts';
import { contactOutcome } from './contactOutcome.ts';
import { trafficOf } from './trafficOf.ts';
import { answersSurvey, turnRuns } from './turnEvents.ts';
import { type BatchIdentity, FORM, PositionalBatch, RUNS_AT, RunWriter } from '../store/factRuns.ts';

const E164 = /^\+[1-9]\d{5,14}$/;
const HOUR_MS = 3_600_000;
/** Writes each turn's facts into its row, one turn after the other (no await while it writes). */
const runs = new RunWriter();

interface RunningContact {
  key: string;
  startedAt: string;
  /** Its keyed hash, once worked out (`idOf`): when its first batch is written, or an agent-queue fact needs it. */
  id: string | undefined;
  traffic: Traffic;
}

/**
 * A turn's batch's contact and caller, hashed when the batch is written (`FactQueue`, many in a
 * row) rather than on the turn. The caller's number stays in memory until then, never stored.
 */
class TurnIdentity implements BatchIdentity {
  constructor(
    private readonly hasher: CallerHasher,
    private readonly contact: RunningContact,
    /** The caller's E.164 number, on a contact's first batch; null otherwise. */
    private readonly number: string | null,
  ) {}

  identify(batch: PositionalBatch): void {
    batch.contact = idOf(this.hasher, this.contact);
    batch.caller = this.number === null ? null : this.hasher.caller(this.number);
  }
}

const idOf = (hasher: CallerHasher, contact: RunningContact): string => (contact.id ??= hasher.contact(contact.key, contact.startedAt));

export type TurnListener = (turn: ObservedTurn, report: TurnReport, timing: { engineMs: number; storeMs: number }) => void;

/**
 * The engine's analytics: turns each turn's trace into facts saved with the turn (one write),
 * decides a contact's outcome when it ends (unless an agent took it before: `HandoffFacts` counted
 * it transferred then), and notices a caller who comes back after a contained contact. Facts carry hashes, node ids, outputs and scores; never a number or a value.
 * Listeners (metrics) hear of every saved turn, whether facts are recorded or not.
 */
export class AnalyticsRecorder implements TurnObserver {
  private readonly listeners: TurnListener[] = [];
  private readonly log: Logger;
  readonly hasher: Promise<CallerHasher>;
  private ready: CallerHasher | undefined;
  /**
   * Running contacts by session key: their id (one HMAC per contact rather than per turn) and
   * what their facts are counted under, which agent-queue facts reuse instead of reading the session.
   */
  private readonly contacts = new Map<string, RunningContact>();

  constructor(
    private readonly store: Store,
    private readonly config: Pick<AnalyticsConfig, 'enabled' | 'containmentWindowHours' | 'key'>,
    logger: Logger,
  ) {
    this.log = logger.child({ component: 'analytics' });
    // Turns' facts are written in batches (`FactQueue`): a write that failed is tried again, facts past the bound are dropped; both said here, with counts only.
    store.onFactsTrouble(({ failed, dropped, queued }) => {
      if (failed !== undefined) this.log.warn({ event: 'analytics.factsNotWritten', queued, err: { message: failed } }, "turns' analytics facts could not be written: tried again shortly");
      if (dropped !== undefined) this.log.error({ event: 'analytics.factsDropped', dropped, queued }, "too many turns' analytics facts were waiting for the store: the oldest were dropped");
    });
    this.hasher = CallerHasher.open(store, config.key);
    // A store that cannot give a key now fails the first turn that needs one, not the start-up.
    this.hasher.then(
      (hasher) => (this.ready = hasher),
      () => undefined,
    );
  }

  onTurnSaved(listener: TurnListener): void {
    this.listeners.push(listener);
  }

  saved(turn: ObservedTurn, report: TurnReport, timing: { engineMs: number; storeMs: number }): void {
    for (const listener of this.listeners) listener(turn, report, timing);
  }

  async observe(t: ObservedTurn): Promise<TurnReport> {
    const { record, after } = t;
    const ending = t.ended && !record.carried ? await this.outcomeOf(t) : undefined;
    const outcome = ending?.outcome;
    if (!this.config.enabled) return outcome ? { outcome } : {};
    const traffic = trafficOf(record, after);
    // Who handled the contact, for a survey answered after a handoff: asked before the row is written (it is written without awaiting).
    const agent = record.handoff === 'answered' && answersSurvey(t.turn.effects) ? await this.agentOf(record.key, record.createdAt) : null;
    // The batch's row in positional form (`factRuns.ts`): its dimensions, then the facts as runs, no object per fact.
    runs.begin();
    runs.put(FORM);
    runs.put(after.flowVersion);
    runs.put(record.environment);
    runs.put(after.channel);
    runs.put(after.locale);
    runs.put(traffic);
    // The contact and the caller, known once the hasher is.
    runs.put('');
    runs.put(null);
    if (t.newContact && !record.carried) {
      runs.add0('contact');
      const previous = t.previousContact?.contained;
      // Came back within the window, on any channel (memory is per number): that contact was not contained.
      if (previous && Date.parse(t.previousContact!.at) >= t.at.getTime() - this.config.containmentWindowHours * HOUR_MS) runs.add1('returned', previous);
    }
    turnRuns(runs, t.flow, t.before, after, t.event, t.turn.trace, t.turn.effects, t.turn.lookupReports, agent);
    // Counted when an agent first took it (`HandoffFacts`): not again at the end.
    if (outcome && !ending?.counted) {
      const seconds = Math.max(0, Math.round((t.at.getTime() - Date.parse(record.createdAt)) / 1000));
      runs.add4('end', outcome, after.path[after.path.length - 1] ?? null, record.createdAt, seconds);
    }
    if (runs.size === RUNS_AT) return outcome ? { outcome } : {};
    const row = runs.take();
    const hasher = this.ready ?? (await this.hasher);
    const number = after.caller.number;
    const facts = new PositionalBatch(after.flowId, after.flowVersion, record.environment, after.channel, after.locale, traffic, t.at.toISOString(), '', null, row).identifiedBy(
      // Hashed when the batch is written; the caller on the contact's first batch: its id links the others.
      new TurnIdentity(hasher, this.contactOf(record, traffic, outcome !== undefined), t.newContact && E164.test(number) ? number : null),
    );
    if (outcome !== 'contained') return outcome ? { facts, outcome } : { facts };
    const { flowId, version, environment, channel, locale } = facts;
    return { facts, outcome, contained: { flowId, version, environment, channel, locale, traffic, startedAt: record.createdAt } };
  }

  /**
   * How the running contact of a session is counted (its id and traffic), for its agent-queue
   * facts; undefined when this instance has not seen a turn of it (the session then tells).
   */
  runningContact(sessionKey: string): { startedAt: string; id: string; traffic: Traffic } | undefined {
    const contact = this.contacts.get(sessionKey);
    if (contact === undefined || this.ready === undefined) return undefined;
    return { startedAt: contact.startedAt, id: idOf(this.ready, contact), traffic: contact.traffic };
  }

  private contactOf(record: SessionRecord, traffic: Traffic, ended: boolean): RunningContact {
    let contact = this.contacts.get(record.key);
    if (contact === undefined || contact.startedAt !== record.createdAt || contact.traffic !== traffic) {
      contact = { key: record.key, startedAt: record.createdAt, id: contact?.startedAt === record.createdAt ? contact.id : undefined, traffic };
      // Contacts that go quiet never end here: the cache forgets the oldest past a bound.
      if (this.contacts.size >= 20_000) this.contacts.delete(this.contacts.keys().next().value!);
      this.contacts.set(record.key, contact);
    }
    if (ended) this.contacts.delete(record.key);
    return contact;
  }

  /**
   * How the contact ended; `counted` when its outcome was recorded already, as an agent first
   * took it (a handoff contact of it since it started has `handedOverAt`): transferred, once.
   */
  private async outcomeOf(t: ObservedTurn): Promise<{ outcome: ContactOutcome; counted: boolean }> {
    const { record, after } = t;
    // Only a contact that asked for an agent reads its handoff contacts, once, as it ends.
    const handoffs = record.handoff === undefined ? [] : await this.handoffContactsOf(record.key, record.createdAt);
    if (handoffs.some((c) => c.handedOverAt !== undefined)) return { outcome: 'transferred', counted: true };
    const waiting = record.handoff === 'asked' || record.handoff === 'queued';
    // Still with the agent queues when it ended: an agent closed it, or took it before the caller hung up, or nobody did.
    const agentHadIt = waiting && (after.endReason === 'agentClosed' || handoffs.some((c) => c.agent));
    const outputs = t.turn.trace.edges.length === 0 ? [] : outputsOf(t);
    return { outcome: contactOutcome(t.flow, after, record.handoff, agentHadIt, outputs, record.lookupFailed === true), counted: false };
  }

  /** The handoff contacts of this contact (since it started), oldest first; none when they cannot be read. */
  private async handoffContactsOf(sessionKey: string, since: string): Promise<HandoffContact[]> {
    try {
      const contacts = await this.store.listHandoffContacts({ sessionKey });
      return contacts.filter((c) => c.enqueuedAt >= since).sort((a, b) => a.enqueuedAt.localeCompare(b.enqueuedAt));
    } catch (error) {
      this.log.warn({ event: 'analytics.agentUnknown', err: { message: (error as Error).message } }, 'could not read who handled a contact');
      return [];
    }
  }

  /** The agent who took this contact's latest handoff (since the contact started), if any. */
  private async agentOf(sessionKey: string, since: string): Promise<string | null> {
    return (await this.handoffContactsOf(sessionKey, since)).filter((c) => c.agent).at(-1)?.agent ?? null;
  }
}

const outputsByFlow = new WeakMap<object, Map<string, string>>();

/** The outputs taken in the turn (`error`, `noInput`…), by edge id. */
function outputsOf(t: ObservedTurn): string[] {
  let byEdge = outputsByFlow.get(t.flow);
  if (!byEdge) outputsByFlow.set(t.flow, (byEdge = new Map(t.flow.edges.map((e) => [e.id, e.output]))));
  return t.turn.trace.edges.flatMap((id) => byEdge.get(id) ?? []);
}
