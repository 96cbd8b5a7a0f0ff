import type { AnalyticsCounter, AnalyticsEvent, CounterBucket, FactBatch, FactDimensions } from './types.ts';

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

/** One addition to a counter, before it is placed in its hour and day. */
interface Increment {
  at: string;
  dims: FactDimensions;
  metric: string;
  key: string;
  detail: string;
  value: number;
}

function incrementsOf(batch: FactBatch, event: AnalyticsEvent, push: (i: Increment) => void): void {
  const add = (metric: string, key: string, detail = '', value = 0, at = batch.at, dims: FactDimensions = batch) => push({ at, dims, metric, key, detail, value });
  switch (event.type) {
    case 'contact':
      return add(METRIC.contacts, '');
    case 'end':
      // Under the hour the contact started in: a period's contacts and their outcomes add up.
      add(METRIC.outcome, '', event.outcome, event.seconds, event.startedAt);
      if (event.node !== undefined) add(METRIC.endedAt, event.node, event.outcome, 0, event.startedAt);
      return;
    case 'visit':
      return add(METRIC.visit, event.node);
    case 'exit':
      return add(METRIC.exit, event.node, event.output);
    case 'noInput':
      return add(METRIC.noInput, event.node);
    case 'noMatch':
      return add(METRIC.noMatch, event.node);
    case 'lookup':
      add(METRIC.lookup, event.backend, event.outcome, event.ms);
      return add(METRIC.lookupNode, event.node, event.outcome, event.ms);
    case 'csatAsked':
      return add(METRIC.csatAsked, event.node);
    case 'csat':
      add(METRIC.csat, event.node, `${event.score}/${event.scale}`, event.score);
      if (event.agent) add(METRIC.csatAgent, event.agent, `${event.score}/${event.scale}`, event.score);
      return;
    case 'returned': {
      const { startedAt, ...dims } = event.of;
      return add(METRIC.returned, '', '', 0, startedAt, dims);
    }
    case 'queued':
      return add(METRIC.queueOffered, event.queue);
    case 'answered':
      add(METRIC.queueAnswered, event.queue, waitBucket(event.waitSeconds), event.waitSeconds);
      if (event.agent) add(METRIC.agentAnswered, event.agent, event.queue, event.waitSeconds);
      return;
    case 'abandoned':
      return add(METRIC.queueAbandoned, event.queue, waitBucket(event.waitSeconds), event.waitSeconds);
    case 'left':
      return add(METRIC.queueLeft, event.queue, event.reason, event.waitSeconds);
    case 'agentOutcome':
      return add(METRIC.agentOutcome, event.queue, event.outcome);
    case 'callback':
      return add(METRIC.callback, event.queue, event.step);
  }
}

/** The counter key: everything that tells two counters apart. */
export function counterKey(c: Pick<AnalyticsCounter, 'bucket' | 'start' | 'metric' | 'key' | 'detail'> & FactDimensions): string {
  return [c.bucket, c.start, c.flowId, c.metric, c.key, c.detail, c.version ?? '', c.environment, c.channel, c.locale, c.traffic].join('\u0001');
}

/**
 * The counters a set of batches adds up to, merged: one entry per counter key, whatever the
 * number of facts (a thousand contacts of one hour through the same menu make one counter).
 */
export function foldBatches(batches: Iterable<FactBatch>): Map<string, AnalyticsCounter> {
  const counters = new Map<string, AnalyticsCounter>();
  const place = (bucket: CounterBucket, i: Increment) => {
    const { flowId, version, environment, channel, locale, traffic } = i.dims;
    const counter: AnalyticsCounter = {
      bucket, start: bucket === 'hour' ? hourOf(i.at) : dayOf(i.at), metric: i.metric, key: i.key, detail: i.detail,
      flowId, version, environment, channel, locale, traffic, count: 1, sum: i.value, max: i.value,
    };
    const key = counterKey(counter);
    const existing = counters.get(key);
    if (!existing) counters.set(key, counter);
    else {
      existing.count += 1;
      existing.sum += i.value;
      if (i.value > existing.max) existing.max = i.value;
    }
  };
  const push = (i: Increment) => {
    place('hour', i);
    place('day', i);
  };
  for (const batch of batches) for (const event of batch.events) incrementsOf(batch, event, push);
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
