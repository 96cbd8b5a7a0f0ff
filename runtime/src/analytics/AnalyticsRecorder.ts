import type { Logger } from '../logger.ts';
import type { ContactOutcome, SessionRecord, Store, Traffic } from '../store/types.ts';
import type { ObservedTurn, TurnObserver, TurnReport } from '../conversations/types.ts';
import type { AnalyticsConfig } from './analyticsConfig.ts';
import { CallerHasher } from './CallerHasher.ts';
import { contactOutcome } from './contactOutcome.ts';
import { trafficOf } from './trafficOf.ts';
import { packTurnEvents } from './turnEvents.ts';
import { PACKED_FORM, packedTurns, RunWriter, unpackFacts, type PackedTurn } from '../store/packedFacts.ts';

const E164 = /^\+[1-9]\d{5,14}$/;
const HOUR_MS = 3_600_000;
/** A contact's facts kept with its session go to a fact row after this many turns or this long. */
const MAX_TURNS = 32;
const MAX_AGE_MS = 10 * 60_000;

function lastDimensions(packed: unknown[]): unknown[] {
  for (let t = packed.length - 1; t >= 4; t -= 1) {
    const dims = (packed[t] as unknown[])[1];
    if (dims !== 0) return dims as unknown[];
  }
  return [];
}

function sameDimensions(a: unknown[], b: unknown[]): boolean {
  for (let i = 0; i < 6; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

interface RunningContact {
  startedAt: string;
  id: string;
  traffic: Traffic;
}

export type TurnListener = (turn: ObservedTurn, report: TurnReport, timing: { engineMs: number; storeMs: number }) => void;

/**
 * The engine's analytics: turns each turn's trace into facts saved with the turn (one write),
 * decides a contact's outcome when it ends, and notices a caller who comes back after a
 * contained contact. Facts carry hashes, node ids, outputs and scores; never a number or a value.
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
    const outcome = t.ended && !record.carried ? await this.outcomeOf(t) : undefined;
    if (!this.config.enabled) return outcome ? { outcome } : {};
    const traffic = trafficOf(record, after);
    const atMs = t.at.getTime();
    let packed = record.facts;
    // Facts of an earlier contact of the session still kept (it never ended here): their own row.
    let earlier: unknown[] | undefined;
    if (packed && t.newContact) {
      earlier = packed;
      packed = undefined;
    }
    const turn: PackedTurn = [0, 0];
    const w = new RunWriter(turn);
    if (t.newContact && !record.carried) {
      w.event('contact');
      const previous = t.previousContact?.contained;
      // Came back within the window, on any channel (memory is per number): that contact was not contained.
      if (previous && Date.parse(t.previousContact!.at) >= atMs - this.config.containmentWindowHours * HOUR_MS) w.event('returned').push(previous);
    }
    const agent = record.handoff === 'answered' && t.turn.effects.some((e) => e.type === 'score') ? await this.agentOf(record.key, record.createdAt) : null;
    packTurnEvents(t.flow, { before: t.before, after, event: t.event, trace: t.turn.trace, effects: t.turn.effects, lookups: t.turn.lookupReports }, w, agent);
    if (outcome) {
      const seconds = Math.max(0, Math.round((atMs - Date.parse(record.createdAt)) / 1000));
      const node = after.path[after.path.length - 1];
      w.event('end').push(outcome, node ?? null, record.createdAt, seconds);
    }
    const report: TurnReport = outcome ? { outcome } : {};
    if (outcome === 'contained') {
      report.contained = { flowId: after.flowId, version: after.flowVersion, environment: record.environment, channel: after.channel, locale: after.locale, traffic, startedAt: record.createdAt };
    }
    if (turn.length > 2) {
      const dims = [after.flowId, after.flowVersion, record.environment, after.channel, after.locale, traffic];
      if (!packed) {
        const hasher = this.ready ?? (await this.hasher);
        const number = after.caller.number;
        const contact = this.contactOf(hasher, record, traffic, false).id;
        // On the contact's first row: its id links the others, without hash work on every turn.
        packed = [PACKED_FORM, contact, t.newContact && E164.test(number) ? hasher.caller(number) : null, atMs];
        turn[1] = dims;
      } else {
        packed = packed.slice();
        turn[0] = atMs - (packed[3] as number);
        if (!sameDimensions(lastDimensions(packed), dims)) turn[1] = dims;
      }
      packed.push(turn);
    }
    if (t.ended) this.contacts.delete(record.key);
    if (earlier) {
      report.facts = { packed: earlier, batches: unpackFacts(earlier) };
      report.pending = packed ?? null;
      return report;
    }
    if (!packed) return report;
    if (t.ended || packedTurns(packed) >= MAX_TURNS || atMs - (packed[3] as number) >= MAX_AGE_MS) {
      report.facts = { packed, batches: unpackFacts(packed) };
      if (record.facts) report.pending = null;
    } else report.pending = packed;
    return report;
  }

  /**
   * How the running contact of a session is counted (its id and traffic), for its agent-queue
   * facts; undefined when this instance has not seen a turn of it (the session then tells).
   */
  runningContact(sessionKey: string): { startedAt: string; id: string; traffic: Traffic } | undefined {
    return this.contacts.get(sessionKey);
  }

  private contactOf(hasher: CallerHasher, record: SessionRecord, traffic: Traffic, ended: boolean): RunningContact {
    let contact = this.contacts.get(record.key);
    if (contact === undefined || contact.startedAt !== record.createdAt || contact.traffic !== traffic) {
      contact = { startedAt: record.createdAt, id: contact?.startedAt === record.createdAt ? contact.id : hasher.contact(record.key, record.createdAt), traffic };
      // Contacts that go quiet never end here: the cache forgets the oldest past a bound.
      if (this.contacts.size >= 20_000) this.contacts.delete(this.contacts.keys().next().value!);
      this.contacts.set(record.key, contact);
    }
    if (ended) this.contacts.delete(record.key);
    return contact;
  }

  private async outcomeOf(t: ObservedTurn): Promise<ContactOutcome> {
    const { record, after } = t;
    const waiting = record.handoff === 'asked' || record.handoff === 'queued';
    // Still with the agent queues when it ended: an agent closed it, or took it before the caller hung up, or nobody did.
    const agentHadIt = waiting && (after.endReason === 'agentClosed' || (await this.agentOf(record.key, record.createdAt)) !== null);
    const outputs = t.turn.trace.edges.length === 0 ? [] : outputsOf(t);
    return contactOutcome(t.flow, after, record.handoff, agentHadIt, outputs, record.lookupFailed === true);
  }

  /** The agent who took this contact's latest handoff (since the contact started), if any. */
  private async agentOf(sessionKey: string, since: string): Promise<string | null> {
    try {
      const contacts = await this.store.listHandoffContacts({ sessionKey });
      const latest = contacts
        .filter((c) => c.enqueuedAt >= since && c.agent)
        .sort((a, b) => a.enqueuedAt.localeCompare(b.enqueuedAt))
        .at(-1);
      return latest?.agent ?? null;
    } catch (error) {
      this.log.warn({ event: 'analytics.agentUnknown', err: { message: (error as Error).message } }, 'could not read who handled a contact');
      return null;
    }
  }
}

const outputsByFlow = new WeakMap<object, Map<string, string>>();

/** The outputs taken in the turn (`error`, `noInput`…), by edge id. */
function outputsOf(t: ObservedTurn): string[] {
  let byEdge = outputsByFlow.get(t.flow);
  if (!byEdge) outputsByFlow.set(t.flow, (byEdge = new Map(t.flow.edges.map((e) => [e.id, e.output]))));
  return t.turn.trace.edges.flatMap((id) => byEdge.get(id) ?? []);
}
