import type { Channel } from '@griot/flows';
import type { CounterSum, Store, Traffic } from '../store/types.ts';
import { METRIC, WAIT_BOUNDS } from '../store/analyticsCounters.ts';
import type { AnalyticsPeriod, QueueAnalytics, QueueFigures } from '@griot/flows';

const CALLBACK_STEPS = ['requested', 'taken', 'placed', 'answered', 'completed', 'failed'] as const;
const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);
const average = (total: number, n: number) => (n > 0 ? Math.round((total / n) * 10) / 10 : null);

/** The largest wait bound not above `seconds`: answered within it is exact, and never more than asked. */
export function serviceLevelBound(seconds: number): number {
  let bound = 0;
  for (const b of WAIT_BOUNDS) if (b <= seconds) bound = b;
  return bound;
}

/**
 * Contact-centre figures per queue over whole hours [from, to): offered, answered (and within
 * the service-level threshold), abandoned in the queue, left otherwise, waits, callbacks, agents'
 * outcomes and answers per agent, and per hour. Two counter queries.
 */
export async function queueAnalytics(store: Store, period: AnalyticsPeriod, filters: { queue?: string; channel?: Channel; traffic: Traffic[] }, serviceLevelSeconds: number): Promise<QueueAnalytics> {
  while ((await store.rollUpFacts(20_000)) > 0);
  const base = {
    from: period.from,
    to: period.to,
    traffic: filters.traffic,
    ...(filters.queue !== undefined ? { key: filters.queue } : {}),
    ...(filters.channel !== undefined ? { channel: filters.channel } : {}),
  };
  const bound = serviceLevelBound(serviceLevelSeconds);
  const [totals, agents, hourly] = await Promise.all([
    store.sumCounters({
      ...base,
      metrics: [METRIC.queueOffered, METRIC.queueAnswered, METRIC.queueAbandoned, METRIC.queueLeft, METRIC.callback, METRIC.agentOutcome],
      groupBy: ['key', 'metric', 'detail'],
    }),
    // Answers per agent: the agent is the key there, the queue the detail.
    store.sumCounters({
      from: period.from,
      to: period.to,
      traffic: filters.traffic,
      ...(filters.channel !== undefined ? { channel: filters.channel } : {}),
      metrics: [METRIC.agentAnswered],
      groupBy: ['key', 'detail'],
    }),
    store.sumCounters({ ...base, metrics: [METRIC.queueOffered, METRIC.queueAnswered, METRIC.queueAbandoned], groupBy: ['hour', 'key', 'metric'] }),
  ]);
  const queues = new Map<string, QueueFigures>();
  const sums = new Map<string, { answeredWait: number; abandonedWait: number }>();
  const figures = (queue: string) => {
    let f = queues.get(queue);
    if (!f) {
      f = {
        queue,
        offered: 0,
        answered: 0,
        answeredWithinThreshold: 0,
        serviceLevel: null,
        abandoned: 0,
        left: {},
        averageWaitSeconds: null,
        averageAbandonedWaitSeconds: null,
        longestWaitSeconds: null,
        callbacks: Object.fromEntries(CALLBACK_STEPS.map((s) => [s, 0])) as QueueFigures['callbacks'],
        agentOutcomes: {},
        agents: [],
      };
      queues.set(queue, f);
      sums.set(queue, { answeredWait: 0, abandonedWait: 0 });
    }
    return f;
  };
  const longest = (f: QueueFigures, s: CounterSum) => (f.longestWaitSeconds = Math.max(f.longestWaitSeconds ?? 0, s.max));
  for (const s of totals) {
    const queue = s.key ?? '';
    const f = figures(queue);
    const acc = sums.get(queue)!;
    const detail = s.detail ?? '';
    switch (s.metric) {
      case METRIC.queueOffered:
        f.offered += s.count;
        break;
      case METRIC.queueAnswered:
        f.answered += s.count;
        acc.answeredWait += s.sum;
        // The bucket's bound is where its waits start: all of it is within the threshold when it starts below.
        if (Number(detail) < bound) f.answeredWithinThreshold += s.count;
        longest(f, s);
        break;
      case METRIC.queueAbandoned:
        f.abandoned += s.count;
        acc.abandonedWait += s.sum;
        longest(f, s);
        break;
      case METRIC.queueLeft:
        f.left[detail] = (f.left[detail] ?? 0) + s.count;
        break;
      case METRIC.callback:
        if (detail in f.callbacks) f.callbacks[detail as keyof QueueFigures['callbacks']] += s.count;
        break;
      case METRIC.agentOutcome:
        f.agentOutcomes[detail] = (f.agentOutcomes[detail] ?? 0) + s.count;
        break;
    }
  }
  for (const s of agents) {
    if (filters.queue !== undefined && s.detail !== filters.queue) continue;
    const f = figures(s.detail ?? '');
    const agent = f.agents.find((a) => a.agent === s.key);
    if (agent) {
      const total = (agent.averageWaitSeconds ?? 0) * agent.answered + s.sum;
      agent.answered += s.count;
      agent.averageWaitSeconds = average(total, agent.answered);
    } else f.agents.push({ agent: s.key ?? '', answered: s.count, averageWaitSeconds: average(s.sum, s.count) });
  }
  for (const [queue, f] of queues) {
    const acc = sums.get(queue)!;
    f.serviceLevel = ratio(f.answeredWithinThreshold, f.answered + f.abandoned);
    f.averageWaitSeconds = average(acc.answeredWait, f.answered);
    f.averageAbandonedWaitSeconds = average(acc.abandonedWait, f.abandoned);
    f.agents.sort((a, b) => a.agent.localeCompare(b.agent));
  }
  const series = new Map<string, QueueAnalytics['series'][number]>();
  for (const s of hourly) {
    const id = `${s.hour}\u0000${s.key}`;
    let point = series.get(id);
    if (!point) series.set(id, (point = { hour: s.hour ?? '', queue: s.key ?? '', offered: 0, answered: 0, abandoned: 0 }));
    if (s.metric === METRIC.queueOffered) point.offered += s.count;
    if (s.metric === METRIC.queueAnswered) point.answered += s.count;
    if (s.metric === METRIC.queueAbandoned) point.abandoned += s.count;
  }
  return {
    period,
    filters,
    serviceLevelSeconds: bound,
    queues: [...queues.values()].sort((a, b) => a.queue.localeCompare(b.queue)),
    series: [...series.values()].sort((a, b) => a.hour.localeCompare(b.hour) || a.queue.localeCompare(b.queue)),
  };
}
