import type { Effect, Flow, FlowEvent, Session } from '@griot/flows';
import type { Logger } from '../logger.ts';
import type { ContactOutcome, ContactSummary, FactBatch, HandoffContact, PendingFacts, SessionRecord, Store, Traffic } from '../store/types.ts';
import type { ObservedTurn, TurnObserver, TurnReport } from '../conversations/types.ts';
import type { LookupReport } from '../conversations/turnState.ts';
import type { AnalyticsConfig } from './analyticsConfig.ts';
import { CallerHasher } from './CallerHasher.ts';
import { contactOutcome } from './contactOutcome.ts';
import { trafficOf } from './trafficOf.ts';
import { answersSurvey, turnRuns } from './turnEvents.ts';
import { FORM, PositionalBatch, RUNS_AT, RunWriter } from '../store/factRuns.ts';

const E164 = /^\+[1-9]\d{5,14}$/;
const HOUR_MS = 3_600_000;
/** Writes each turn's facts into its row, one turn after the other (no await while it writes). */
const runs = new RunWriter();
const NO_EFFECTS: readonly Effect[] = [];

interface RunningContact {
  key: string;
  startedAt: string;
  /** Its keyed hash, once worked out (`idOf`): when its first batch is built, or an agent-queue fact needs it. */
  id: string | undefined;
  traffic: Traffic;
  /** What its turns' facts are counted under, shared by its turns while it does not change (`dimsOf`). */
  dims: TurnDims | undefined;
}

const idOf = (hasher: CallerHasher, contact: RunningContact): string => (contact.id ??= hasher.contact(contact.key, contact.startedAt));

/** What a contact's turns' facts share: their flow and dimensions, the hasher and the containment window. One per contact, not per turn. */
interface TurnDims {
  readonly hasher: CallerHasher;
  readonly windowMs: number;
  readonly flow: Flow;
  readonly flowId: string;
  readonly version: FactBatch['version'];
  readonly environment: string;
  readonly channel: FactBatch['channel'];
  readonly locale: string;
  readonly traffic: Traffic;
}

/** A contact's first turn (not one carried over from another channel: `started`), for its `contact` and `returned` facts and its caller's hash. */
interface TurnStart {
  /** The caller's number as the channel gave it (hashed when an E.164 number, as the batch is built). */
  readonly number: string;
  readonly started: boolean;
  /** The caller's latest contact before it. */
  readonly previous: ContactSummary | undefined;
}

/** How the contact ended, when this turn ended it and it was not counted before; the node it ended at. */
interface TurnEnd {
  readonly outcome: ContactOutcome;
  readonly node: string | null;
}

/**
 * A turn's facts as the turn hands them over (issue 14): what the turn already had, by reference
 * (its trace and look-ups, where the session waited before and after, the outcome), made into
 * the batch's positional row, its contact and caller hashed, only when the store's queue builds
 * it (`build`: many turns in a row, within FACTS_WINDOW_MS, `FactQueue`). No fact, no hash, no
 * text on the turn's path, and few fields: what a contact's turns share is one object of the
 * contact's (`TurnDims`), a first turn's and a last turn's own parts objects of their own, made
 * on those turns only (issue 14, seventeenth pass). It keeps no session and no variable: the
 * turn's effects only when they hold a survey answer (scores are read from them), the caller's
 * number on a contact's first turn; both go with it once built. The engine never changes a trace,
 * a wait or an effect once the turn is saved (the interpreter copies a session before changing
 * it), so nothing is copied.
 */
class TurnFacts implements PendingFacts {
  constructor(
    private readonly dims: TurnDims,
    private readonly at: Date,
    private readonly contact: RunningContact,
    /** On a contact's first turn only; null otherwise. */
    private readonly start: TurnStart | null,
    private readonly waited: Session['wait'],
    private readonly later: Session['wait'],
    private readonly event: FlowEvent['type'],
    private readonly trace: { nodes: string[]; edges: string[] },
    private readonly lookups: readonly LookupReport[],
    private readonly effects: readonly Effect[],
    private readonly agent: string | null,
    /** On the turn that ended the contact, when its outcome was not counted before; null otherwise. */
    private readonly end: TurnEnd | null,
  ) {}

  build(): FactBatch | null {
    const dims = this.dims;
    runs.begin();
    runs.put(FORM);
    runs.put(dims.version);
    runs.put(dims.environment);
    runs.put(dims.channel);
    runs.put(dims.locale);
    runs.put(dims.traffic);
    // The contact and the caller, set on the batch below.
    runs.put('');
    runs.put(null);
    const start = this.start;
    if (start?.started) {
      runs.add0('contact');
      const previous = start.previous?.contained;
      // Came back within the window, on any channel (memory is per number): that contact was not contained.
      if (previous && Date.parse(start.previous!.at) >= this.at.getTime() - dims.windowMs) runs.add1('returned', previous);
    }
    turnRuns(runs, dims.flow, this.waited, this.later, this.event, this.trace, this.effects, this.lookups, this.agent);
    const end = this.end;
    if (end !== null) {
      const startedAt = this.contact.startedAt;
      const seconds = Math.max(0, Math.round((this.at.getTime() - Date.parse(startedAt)) / 1000));
      runs.add4('end', end.outcome, end.node, startedAt, seconds);
    }
    if (runs.size === RUNS_AT) return null;
    const number = start === null ? null : start.number;
    // The caller on the contact's first batch: its id links the others.
    const caller = number !== null && E164.test(number) ? dims.hasher.caller(number) : null;
    return new PositionalBatch(
      dims.flowId,
      dims.version,
      dims.environment,
      dims.channel,
      dims.locale,
      dims.traffic,
      // Its time as text only if something reads it (the write and the fold go by the number).
      undefined,
      idOf(dims.hasher, this.contact),
      caller,
      runs.take(),
      this.at.getTime(),
    );
  }
}

export type TurnListener = (turn: ObservedTurn, report: TurnReport, timing: { engineMs: number; storeMs: number }) => void;

/**
 * The engine's analytics: hands each saved turn's trace over to the store, which makes it into
 * facts with other turns' as it writes them (`TurnFacts`, `FactQueue`),
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
    store.onFactsTrouble(({ failed, dropped, unbuilt, queued }) => {
      if (failed !== undefined) this.log.warn({ event: 'analytics.factsNotWritten', queued, err: { message: failed } }, "turns' analytics facts could not be written: tried again shortly");
      if (dropped !== undefined) this.log.error({ event: 'analytics.factsDropped', dropped, queued }, "too many turns' analytics facts were waiting for the store: the oldest were dropped");
      if (unbuilt !== undefined)
        this.log.error(
          { event: 'analytics.factsNotBuilt', dropped: unbuilt.count, queued, err: { message: unbuilt.message } },
          "some turns' analytics facts could not be built (a fault in Griot): those turns' facts were dropped",
        );
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

  /**
   * The turn's report. The usual turn (not the contact's end, no survey after an agent, the
   * hasher ready) has nothing to wait for and gets its report at once: no promise, no hop in
   * front of the turn's write (issue 17); the others as before.
   */
  observe(t: ObservedTurn): TurnReport | Promise<TurnReport> {
    const { record } = t;
    if (t.ended && !record.carried) return this.observeAsync(t);
    if (!this.config.enabled) return {};
    const hasher = this.ready;
    if (hasher === undefined || (record.handoff === 'answered' && answersSurvey(t.turn.effects))) return this.observeAsync(t);
    return this.reportOf(t, undefined, answersSurvey(t.turn.effects), null, hasher);
  }

  private async observeAsync(t: ObservedTurn): Promise<TurnReport> {
    const { record } = t;
    const ending = t.ended && !record.carried ? await this.outcomeOf(t) : undefined;
    if (!this.config.enabled) return ending?.outcome ? { outcome: ending.outcome } : {};
    // Who handled the contact, for a survey answered after a handoff: asked on the turn (the facts are built without awaiting).
    const survey = answersSurvey(t.turn.effects);
    const agent = survey && record.handoff === 'answered' ? await this.agentOf(record.key, record.createdAt) : null;
    const hasher = this.ready ?? (await this.hasher);
    return this.reportOf(t, ending, survey, agent, hasher);
  }

  private reportOf(t: ObservedTurn, ending: { outcome: ContactOutcome; counted: boolean } | undefined, survey: boolean, agent: string | null, hasher: CallerHasher): TurnReport {
    const { record, after } = t;
    const outcome = ending?.outcome;
    const traffic = trafficOf(record, after);
    const effects = t.turn.effects;
    const contact = this.contactOf(record, traffic, outcome !== undefined);
    // What the turn has, handed over as it is: built into the batch when the store writes it (`TurnFacts`).
    const facts = new TurnFacts(
      this.dimsOf(contact, hasher, t.flow, after, record.environment, traffic),
      t.at,
      contact,
      t.newContact ? { number: after.caller.number, started: !record.carried, previous: t.previousContact } : null,
      t.before.wait,
      after.wait,
      t.event.type,
      t.turn.trace,
      t.turn.lookupReports,
      // Scores only are read from the effects: the prompts are not kept otherwise.
      survey ? effects : NO_EFFECTS,
      agent,
      // Counted when an agent first took it (`HandoffFacts`): not again at the end.
      outcome && !ending?.counted ? { outcome, node: after.path[after.path.length - 1] ?? null } : null,
    );
    if (outcome !== 'contained') return outcome ? { facts, outcome } : { facts };
    return {
      facts,
      outcome,
      contained: { flowId: after.flowId, version: after.flowVersion, environment: record.environment, channel: after.channel, locale: after.locale, traffic, startedAt: record.createdAt },
    };
  }

  /**
   * How the running contact of a session is counted (its id and traffic), for its agent-queue
   * facts; undefined when this instance has not seen a turn of it (the session then tells).
   */
  runningContact(sessionKey: string): { startedAt: string; id: () => string; traffic: Traffic } | undefined {
    const contact = this.contacts.get(sessionKey);
    const hasher = this.ready;
    if (contact === undefined || hasher === undefined) return undefined;
    // Its id hashed when the queue builds the fact (once per contact, shared with its turns' batches).
    return { startedAt: contact.startedAt, id: () => idOf(hasher, contact), traffic: contact.traffic };
  }

  private contactOf(record: SessionRecord, traffic: Traffic, ended: boolean): RunningContact {
    let contact = this.contacts.get(record.key);
    if (contact === undefined || contact.startedAt !== record.createdAt || contact.traffic !== traffic) {
      contact = { key: record.key, startedAt: record.createdAt, id: contact?.startedAt === record.createdAt ? contact.id : undefined, traffic, dims: undefined };
      // Contacts that go quiet never end here: the cache forgets the oldest past a bound.
      if (this.contacts.size >= 20_000) this.contacts.delete(this.contacts.keys().next().value!);
      this.contacts.set(record.key, contact);
    }
    if (ended) this.contacts.delete(record.key);
    return contact;
  }

  /** The contact's shared `TurnDims`, made again only when one of them changed (a language chosen, another flow). */
  private dimsOf(contact: RunningContact, hasher: CallerHasher, flow: Flow, after: Session, environment: string, traffic: Traffic): TurnDims {
    const dims = contact.dims;
    if (
      dims !== undefined &&
      dims.hasher === hasher &&
      dims.flow === flow &&
      dims.flowId === after.flowId &&
      dims.version === after.flowVersion &&
      dims.environment === environment &&
      dims.channel === after.channel &&
      dims.locale === after.locale &&
      dims.traffic === traffic
    )
      return dims;
    const windowMs = this.config.containmentWindowHours * HOUR_MS;
    return (contact.dims = { hasher, windowMs, flow, flowId: after.flowId, version: after.flowVersion, environment, channel: after.channel, locale: after.locale, traffic });
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
      // By when the subscriber asked: a transfer moves `enqueuedAt`, not the order they were handled in.
      const asked = (c: HandoffContact) => c.firstEnqueuedAt ?? c.enqueuedAt;
      return contacts.filter((c) => asked(c) >= since).sort((a, b) => asked(a).localeCompare(asked(b)));
    } catch (error) {
      this.log.warn({ event: 'analytics.agentUnknown', err: { message: (error as Error).message } }, 'could not read who handled a contact');
      return [];
    }
  }

  /** The agent who took this contact's latest handoff (since the contact started), if any. */
  private async agentOf(sessionKey: string, since: string): Promise<string | null> {
    let contacts: HandoffContact[];
    try {
      contacts = await this.store.listHandoffContacts({ sessionKey });
    } catch (error) {
      this.log.warn({ event: 'analytics.agentUnknown', err: { message: (error as Error).message } }, 'could not read who handled a contact');
      return null;
    }
    // The latest asked (as `handoffContactsOf` orders them) that an agent took: one pass, no list sorted on the turn's path.
    let latest: HandoffContact | undefined;
    for (const c of contacts) {
      if (!c.agent) continue;
      const asked = c.firstEnqueuedAt ?? c.enqueuedAt;
      if (asked >= since && (latest === undefined || asked >= (latest.firstEnqueuedAt ?? latest.enqueuedAt))) latest = c;
    }
    return latest?.agent ?? null;
  }
}

const outputsByFlow = new WeakMap<object, Map<string, string>>();

/** The outputs taken in the turn (`error`, `noInput`…), by edge id. */
function outputsOf(t: ObservedTurn): string[] {
  let byEdge = outputsByFlow.get(t.flow);
  if (!byEdge) outputsByFlow.set(t.flow, (byEdge = new Map(t.flow.edges.map((e) => [e.id, e.output]))));
  return t.turn.trace.edges.flatMap((id) => byEdge.get(id) ?? []);
}
