import type { AnalyticsCounter, AnalyticsEvent, FactBatch, FactDimensions } from './types.ts';

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

export const hourOf = (iso: string) => `${iso.slice(0, 13)}:00:00.000Z`;
export const dayOf = (iso: string) => `${iso.slice(0, 10)}T00:00:00.000Z`;

/** Adds `value` to a counter of `metric`, about `key` and `detail`, at `at` (defaults to the batch's time) under `dims`. */
type Add = (metric: string, key: string, detail?: string, value?: number, at?: string, dims?: FactDimensions) => void;

function incrementsOf(event: AnalyticsEvent, add: Add): void {
  switch (event.type) {
    case 'contact':
      add(METRIC.contacts, '');
      break;
    case 'end':
      // Under the hour the contact started in: a period's contacts and their outcomes add up.
      add(METRIC.outcome, '', event.outcome, event.seconds, event.startedAt);
      if (event.node !== undefined) add(METRIC.endedAt, event.node, event.outcome, 0, event.startedAt);
      break;
    case 'visit':
      add(METRIC.visit, event.node);
      break;
    case 'exit':
      add(METRIC.exit, event.node, event.output);
      break;
    case 'noInput':
      add(METRIC.noInput, event.node);
      break;
    case 'noMatch':
      add(METRIC.noMatch, event.node);
      break;
    case 'lookup':
      add(METRIC.lookup, event.backend, event.outcome, event.ms);
      add(METRIC.lookupNode, event.node, event.outcome, event.ms);
      break;
    case 'csatAsked':
      add(METRIC.csatAsked, event.node);
      break;
    case 'csat':
      add(METRIC.csat, event.node, `${event.score}/${event.scale}`, event.score);
      if (event.agent) add(METRIC.csatAgent, event.agent, `${event.score}/${event.scale}`, event.score);
      break;
    case 'returned': {
      const { startedAt, ...dims } = event.of;
      add(METRIC.returned, '', '', 0, startedAt, dims);
      break;
    }
    case 'queued':
      add(METRIC.queueOffered, event.queue);
      break;
    case 'answered':
      add(METRIC.queueAnswered, event.queue, waitBucket(event.waitSeconds), event.waitSeconds);
      if (event.agent) add(METRIC.agentAnswered, event.agent, event.queue, event.waitSeconds);
      break;
    case 'abandoned':
      add(METRIC.queueAbandoned, event.queue, waitBucket(event.waitSeconds), event.waitSeconds);
      break;
    case 'left':
      add(METRIC.queueLeft, event.queue, event.reason, event.waitSeconds);
      break;
    case 'agentOutcome':
      add(METRIC.agentOutcome, event.queue, event.outcome);
      break;
    case 'callback':
      add(METRIC.callback, event.queue, event.step);
      break;
  }
}

/** The counter key: everything that tells two counters apart. */
export function counterKey(c: Pick<AnalyticsCounter, 'bucket' | 'start' | 'metric' | 'key' | 'detail'> & FactDimensions): string {
  return [c.bucket, c.start, c.flowId, c.metric, c.key, c.detail, c.version ?? '', c.environment, c.channel, c.locale, c.traffic].join('\u0001');
}

const dimsKey = (d: FactDimensions): string => `${d.flowId}\u0001${d.version ?? ''}\u0001${d.environment}\u0001${d.channel}\u0001${d.locale}\u0001${d.traffic}`;

/**
 * The counters a set of batches adds up to, merged: one entry per counter key, whatever the
 * number of facts (a thousand contacts of one hour through the same menu make one counter).
 * The roll-up runs this over every fact, so it does the least per fact: hour counters first,
 * with the batch's part of the key built once, then each day from its hours.
 */
export function foldBatches(batches: Iterable<FactBatch>): Map<string, AnalyticsCounter> {
  const hours = new Map<string, AnalyticsCounter>();
  const place = (start: string, dims: FactDimensions, prefix: string, metric: string, key: string, detail: string, value: number) => {
    const id = `${prefix}${metric}\u0001${key}\u0001${detail}`;
    const existing = hours.get(id);
    if (existing) {
      existing.count += 1;
      existing.sum += value;
      if (value > existing.max) existing.max = value;
      return;
    }
    const { flowId, version, environment, channel, locale, traffic } = dims;
    hours.set(id, { bucket: 'hour', start, metric, key, detail, flowId, version, environment, channel, locale, traffic, count: 1, sum: value, max: value });
  };
  for (const batch of batches) {
    const batchHour = hourOf(batch.at);
    const batchPrefix = `${batchHour}\u0001${dimsKey(batch)}\u0001`;
    const add: Add = (metric, key, detail = '', value = 0, at, dims) => {
      if (at === undefined && dims === undefined) return place(batchHour, batch, batchPrefix, metric, key, detail, value);
      const hour = at ? hourOf(at) : batchHour;
      place(hour, dims ?? batch, `${hour}\u0001${dimsKey(dims ?? batch)}\u0001`, metric, key, detail, value);
    };
    for (const event of batch.events) incrementsOf(event, add);
  }
  const counters = new Map<string, AnalyticsCounter>();
  for (const hour of hours.values()) {
    counters.set(counterKey(hour), hour);
    const day: AnalyticsCounter = { ...hour, bucket: 'day', start: dayOf(hour.start) };
    const id = counterKey(day);
    const existing = counters.get(id);
    if (!existing) counters.set(id, day);
    else {
      existing.count += day.count;
      existing.sum += day.sum;
      if (day.max > existing.max) existing.max = day.max;
    }
  }
  return counters;
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
