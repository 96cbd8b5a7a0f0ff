import type { AnalyticsCounter, AnalyticsEvent, CounterBucket, FactBatch, FactDimensions } from './types.ts';
import { FIELDS, PositionalBatch, RUNS_AT } from './factRuns.ts';

/**
 * How raw facts become counters, for every adapter: each event adds to one or two counters of
 * its hour and of its (UTC) day. SQLite folds recorded facts in batches (`rollUpFacts`), MongoDB
 * as it records them; both through `countersOf`, so they count the same.
 */

/** Names of the counters, as `sumCounters` queries them. */
export const METRIC = {
  contacts: 'contacts',
  outcome: 'outcome',
  endedAt: 'endedAt',
  visit: 'visit',
  exit: 'exit',
  noInput: 'noInput',
  noMatch: 'noMatch',
  lookup: 'lookup',
  lookupNode: 'lookupNode',
  csatAsked: 'csatAsked',
  csat: 'csat',
  csatAgent: 'csatAgent',
  returned: 'returned',
  queueOffered: 'queueOffered',
  queueAnswered: 'queueAnswered',
  queueAbandoned: 'queueAbandoned',
  queueLeft: 'queueLeft',
  agentOutcome: 'agentOutcome',
  agentAnswered: 'agentAnswered',
  callback: 'callback',
} as const;
export const METRICS: string[] = Object.values(METRIC);

/**
 * Queue waits are counted per bucket (its lower bound in seconds), so a service level can be
 * read for any threshold on these bounds: answered within 20 s = the buckets below 20.
 */
export const WAIT_BOUNDS = [0, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 600, 900, 1800] as const;

export function waitBucket(seconds: number): string {
  let bound: number = WAIT_BOUNDS[0];
  for (const b of WAIT_BOUNDS) if (seconds >= b) bound = b;
  return String(bound);
}

const HOUR_MS = 3_600_000;
export const hourOf = (iso: string) => `${iso.slice(0, 13)}:00:00.000Z`;
export const dayOf = (iso: string) => `${iso.slice(0, 10)}T00:00:00.000Z`;

/** Adds `value` to a counter of `metric`, about `key` and `detail`, at `at` (defaults to the batch's time) under `dims`. */
interface Sink {
  add(metric: string, key: string, detail?: string, value?: number, at?: string, dims?: FactDimensions): void;
}

function incrementsOf(event: AnalyticsEvent, sink: Sink): void {
  switch (event.type) {
    case 'contact':
      sink.add(METRIC.contacts, '');
      break;
    case 'end':
      // Under the hour the contact started in: a period's contacts and their outcomes add up.
      sink.add(METRIC.outcome, '', event.outcome, event.seconds, event.startedAt);
      if (event.node !== undefined) sink.add(METRIC.endedAt, event.node, event.outcome, 0, event.startedAt);
      break;
    case 'visit':
      sink.add(METRIC.visit, event.node);
      break;
    case 'exit':
      sink.add(METRIC.exit, event.node, event.output);
      break;
    case 'noInput':
      sink.add(METRIC.noInput, event.node);
      break;
    case 'noMatch':
      sink.add(METRIC.noMatch, event.node);
      break;
    case 'lookup':
      sink.add(METRIC.lookup, event.backend, event.outcome, event.ms);
      sink.add(METRIC.lookupNode, event.node, event.outcome, event.ms);
      break;
    case 'csatAsked':
      sink.add(METRIC.csatAsked, event.node);
      break;
    case 'csat':
      sink.add(METRIC.csat, event.node, `${event.score}/${event.scale}`, event.score);
      if (event.agent) sink.add(METRIC.csatAgent, event.agent, `${event.score}/${event.scale}`, event.score);
      break;
    case 'returned': {
      const { startedAt, ...dims } = event.of;
      sink.add(METRIC.returned, '', '', 0, startedAt, dims);
      break;
    }
    case 'queued':
      sink.add(METRIC.queueOffered, event.queue);
      break;
    case 'answered':
      sink.add(METRIC.queueAnswered, event.queue, waitBucket(event.waitSeconds), event.waitSeconds);
      if (event.agent) sink.add(METRIC.agentAnswered, event.agent, event.queue, event.waitSeconds);
      break;
    case 'abandoned':
      sink.add(METRIC.queueAbandoned, event.queue, waitBucket(event.waitSeconds), event.waitSeconds);
      break;
    case 'left':
      sink.add(METRIC.queueLeft, event.queue, event.reason, event.waitSeconds);
      break;
    case 'agentOutcome':
      sink.add(METRIC.agentOutcome, event.queue, event.outcome);
      break;
    case 'callback':
      sink.add(METRIC.callback, event.queue, event.step);
      break;
  }
}

/**
 * `incrementsOf` for an event of `type` whose fields are `row`'s from `i` (`factRuns.ts`' order;
 * an absent field is null): the same counters, without the event's object.
 */
function incrementsAt(type: string, row: unknown[], i: number, sink: Sink): void {
  switch (type) {
    case 'contact':
      sink.add(METRIC.contacts, '');
      break;
    case 'end': {
      // outcome, node, startedAt, seconds
      const outcome = row[i] as string;
      const startedAt = row[i + 2] as string;
      sink.add(METRIC.outcome, '', outcome, row[i + 3] as number, startedAt);
      if (row[i + 1] !== null) sink.add(METRIC.endedAt, row[i + 1] as string, outcome, 0, startedAt);
      break;
    }
    case 'visit':
      sink.add(METRIC.visit, row[i] as string);
      break;
    case 'exit':
      sink.add(METRIC.exit, row[i] as string, row[i + 1] as string);
      break;
    case 'noInput':
      sink.add(METRIC.noInput, row[i] as string);
      break;
    case 'noMatch':
      sink.add(METRIC.noMatch, row[i] as string);
      break;
    case 'lookup':
      // node, backend, outcome, ms
      sink.add(METRIC.lookup, row[i + 1] as string, row[i + 2] as string, row[i + 3] as number);
      sink.add(METRIC.lookupNode, row[i] as string, row[i + 2] as string, row[i + 3] as number);
      break;
    case 'csatAsked':
      sink.add(METRIC.csatAsked, row[i] as string);
      break;
    case 'csat': {
      // node, score, scale, agent
      const score = row[i + 1] as number;
      const detail = `${score}/${row[i + 2] as number}`;
      sink.add(METRIC.csat, row[i] as string, detail, score);
      if (row[i + 3]) sink.add(METRIC.csatAgent, row[i + 3] as string, detail, score);
      break;
    }
    default: {
      // The rarer kinds (agent queues, a caller back) as their events.
      const fields = FIELDS[type as AnalyticsEvent['type']];
      const event: Record<string, unknown> = { type };
      for (let f = 0; f < fields.length; f += 1) if (row[i + f] !== null) event[fields[f]!] = row[i + f];
      incrementsOf(event as unknown as AnalyticsEvent, sink);
    }
  }
}

/** `incrementsOf` for each event of a positional row's runs from `at`. */
function incrementsOfRuns(row: unknown[], at: number, sink: Sink): void {
  for (let i = at; i < row.length; ) {
    const type = row[i++];
    if (typeof type !== 'string') {
      incrementsOf(type as AnalyticsEvent, sink);
      continue;
    }
    const count = row[i++] as number;
    const width = FIELDS[type as AnalyticsEvent['type']].length;
    for (let n = 0; n < count; n += 1, i += width) incrementsAt(type, row, i, sink);
  }
}

/** The counter key: everything that tells two counters apart. */
export function counterKey(c: Pick<AnalyticsCounter, 'bucket' | 'start' | 'metric' | 'key' | 'detail'> & FactDimensions): string {
  return [c.bucket, c.start, c.flowId, c.metric, c.key, c.detail, c.version ?? '', c.environment, c.channel, c.locale, c.traffic].join('\u0001');
}

const dimsKey = (d: FactDimensions): string => `${d.flowId}\u0001${d.version ?? ''}\u0001${d.environment}\u0001${d.channel}\u0001${d.locale}\u0001${d.traffic}`;

const sameDims = (a: FactDimensions, b: FactDimensions): boolean =>
  a.flowId === b.flowId && a.version === b.version && a.environment === b.environment && a.channel === b.channel && a.locale === b.locale && a.traffic === b.traffic;

/** The counters of one hour (or day) under one set of dimensions, by metric, key and detail. */
interface Group {
  start: string;
  dims: FactDimensions;
  cells: Map<string, Map<string, Map<string, AnalyticsCounter>>>;
  counters: AnalyticsCounter[];
}

/** Groups by bucket, start and dimensions: one string key per batch, not one per fact. */
class Groups {
  private readonly byId = new Map<string, Group>();

  get(bucket: CounterBucket, start: string, dims: FactDimensions): Group {
    const id = `${bucket}\u0001${start}\u0001${dimsKey(dims)}`;
    let group = this.byId.get(id);
    if (!group) this.byId.set(id, (group = { start, dims, cells: new Map(), counters: [] }));
    return group;
  }

  values(): IterableIterator<Group> {
    return this.byId.values();
  }
}

/** Adds to a group's counter, created at its first fact; metric, key and detail are looked up as they are (no key string built per fact). */
function addTo(group: Group, bucket: CounterBucket, metric: string, key: string, detail: string, count: number, sum: number, max: number): void {
  let byKey = group.cells.get(metric);
  if (!byKey) group.cells.set(metric, (byKey = new Map()));
  let byDetail = byKey.get(key);
  if (!byDetail) byKey.set(key, (byDetail = new Map()));
  const existing = byDetail.get(detail);
  if (existing) {
    existing.count += count;
    existing.sum += sum;
    if (max > existing.max) existing.max = max;
    return;
  }
  const { flowId, version, environment, channel, locale, traffic } = group.dims;
  const counter: AnalyticsCounter = { bucket, start: group.start, metric, key, detail, flowId, version, environment, channel, locale, traffic, count, sum, max };
  byDetail.set(detail, counter);
  group.counters.push(counter);
}

/**
 * Counters folded batch after batch: hour counters as facts come (each fact three lookups of the
 * strings it holds; the batch's hour and dimensions looked up once per batch, and not at all when
 * they are the previous batch's), day counters from the hours when asked. A class rather than a
 * closure per batch: nothing is allocated per batch that a fact does not need.
 */
export class CounterFold implements Sink {
  private readonly hours = new Groups();
  private current: FactBatch | null = null;
  private group: Group | null = null;
  /** The current batch's hour as `at` starts (`2026-03-02T10`), and its start in milliseconds. */
  private hour = '';
  private hourMs = Number.NaN;

  fold(batch: FactBatch): void {
    // The engine's batches are placed by their time as a number: their `at` is never made into text for it.
    const ms = batch instanceof PositionalBatch ? batch.ms : Number.NaN;
    const sameHour = Number.isNaN(ms) ? batch.at.startsWith(this.hour) : ms >= this.hourMs && ms < this.hourMs + HOUR_MS;
    // Turns of one hour on one line mostly share their dimensions: the previous batch's group serves.
    if (!(this.group && this.current && sameHour && sameDims(batch, this.current))) {
      this.group = this.hours.get('hour', hourOf(batch.at), batch);
      this.hour = batch.at.slice(0, 13);
      this.hourMs = Date.parse(this.group.start);
    }
    this.current = batch;
    // The engine's batches: folded from their runs, no event objects made.
    if (batch instanceof PositionalBatch) incrementsOfRuns(batch.row, RUNS_AT, this);
    else for (const event of batch.events) incrementsOf(event, this);
  }

  /** For `incrementsOf`: one fact of the current batch. */
  add(metric: string, key: string, detail = '', value = 0, at?: string, dims?: FactDimensions): void {
    // A contact's end counts under the hour it started in: mostly the batch's own, whose group serves (no key made).
    const group = dims === undefined && (at === undefined || at.startsWith(this.hour)) ? this.group! : this.hours.get('hour', at ? hourOf(at) : this.group!.start, dims ?? this.current!);
    addTo(group, 'hour', metric, key, detail, 1, value, value);
  }

  /** The hour counters, then each day's from its hours: one per counter key. */
  counters(): AnalyticsCounter[] {
    const days = new Groups();
    const counters: AnalyticsCounter[] = [];
    for (const hour of this.hours.values()) {
      const day = days.get('day', dayOf(hour.start), hour.dims);
      for (const c of hour.counters) {
        counters.push(c);
        addTo(day, 'day', c.metric, c.key, c.detail, c.count, c.sum, c.max);
      }
    }
    for (const day of days.values()) counters.push(...day.counters);
    return counters;
  }
}

/**
 * The counters a set of batches adds up to, merged: one per counter key, whatever the number of
 * facts (a thousand contacts of one hour through the same menu make one counter).
 */
export function foldBatches(batches: Iterable<FactBatch>): AnalyticsCounter[] {
  const fold = new CounterFold();
  for (const batch of batches) fold.fold(batch);
  return fold.counters();
}

/**
 * How to cover whole hours [from, to) with as few counters as possible: day counters for the
 * UTC days inside it, hour counters for the hours at either edge.
 */
export function coverPeriod(from: string, to: string): { from: string; to: string; days: [string, string] | null; hours: Array<[string, string]> } {
  const fromHour = hourOf(from);
  const toHour = hourOf(to) === to ? to : hourOf(new Date(Date.parse(hourOf(to)) + 3_600_000).toISOString());
  const firstDay = dayOf(fromHour) === fromHour ? fromHour : dayOf(new Date(Date.parse(dayOf(fromHour)) + 86_400_000).toISOString());
  const lastDay = dayOf(toHour);
  if (firstDay >= lastDay) return { from: fromHour, to: toHour, days: null, hours: fromHour < toHour ? [[fromHour, toHour]] : [] };
  const hours: Array<[string, string]> = [];
  if (fromHour < firstDay) hours.push([fromHour, firstDay]);
  if (lastDay < toHour) hours.push([lastDay, toHour]);
  return { from: fromHour, to: toHour, days: [firstDay, lastDay], hours };
}
