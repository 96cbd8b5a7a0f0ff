import type { ContactOutcome, CounterQuery, CounterSum, Store } from '../store/types.ts';
import { METRIC } from '../store/analyticsCounters.ts';
import type { AnalyticsPeriod, Containment, CsatBreakdown, CsatFigures, FlowAnalytics, FlowAnalyticsFilters, LookupFigures, NodeFigures, OutcomeCounts, VersionFigures } from '@griot/flows';

export const CONTACT_OUTCOMES: readonly ContactOutcome[] = ['contained', 'transferred', 'callback', 'noAgent', 'abandoned', 'error'];

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const round = (value: number | null, digits = 4) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

function outcomesOf(contacts: number, sums: CounterSum[]): OutcomeCounts {
  const counts = Object.fromEntries(CONTACT_OUTCOMES.map((o) => [o, 0])) as OutcomeCounts;
  let ended = 0;
  for (const s of sums) {
    const outcome = s.detail as ContactOutcome;
    if (outcome in counts) {
      counts[outcome] += s.count;
      ended += s.count;
    }
  }
  counts.unfinished = Math.max(0, contacts - ended);
  return counts;
}

function containmentOf(contacts: number, outcomes: OutcomeCounts, returned: number, windowHours: number, provisional: boolean): Containment {
  const contained = outcomes.contained;
  return {
    contained,
    returned,
    raw: round(ratio(contained, contacts)),
    corrected: round(ratio(Math.max(0, contained - returned), contacts)),
    windowHours,
    provisional,
  };
}

/** CSAT figures from `csat` counters (detail `score/scale`): the most answered scale speaks. */
export function csatOf(answers: CounterSum[], asked?: number): CsatBreakdown & { asked: number; responseRate: number | null } {
  const byScale = new Map<number, Map<number, number>>();
  for (const s of answers) {
    const [score, scale] = (s.detail ?? '').split('/').map(Number);
    if (!score || !scale) continue;
    const scores = byScale.get(scale) ?? new Map<number, number>();
    scores.set(score, (scores.get(score) ?? 0) + s.count);
    byScale.set(scale, scores);
  }
  const answered = answers.reduce((n, s) => n + s.count, 0);
  const [scale, scores] = [...byScale].sort((a, b) => sum(b[1]) - sum(a[1]))[0] ?? [null, new Map<number, number>()];
  const onScale = sum(scores);
  const total = [...scores].reduce((n, [score, count]) => n + score * count, 0);
  const satisfied = scale === null ? 0 : [...scores].filter(([score]) => score >= (scale === 5 ? 4 : scale)).reduce((n, [, c]) => n + c, 0);
  const distribution = scale === null ? {} : Object.fromEntries(Array.from({ length: scale }, (_, i) => [String(i + 1), scores.get(i + 1) ?? 0]));
  return {
    asked: asked ?? answered,
    answered,
    responseRate: asked === undefined ? null : round(ratio(answered, asked)),
    scale,
    average: round(ratio(total, onScale), 3),
    satisfied: round(ratio(satisfied, onScale)),
    distribution,
  };
}

function sum(scores: Map<number, number>): number {
  let n = 0;
  for (const count of scores.values()) n += count;
  return n;
}

/** Groups of counter sums by one field. */
function groupBy<K extends keyof CounterSum>(sums: CounterSum[], field: K): Map<CounterSum[K], CounterSum[]> {
  const groups = new Map<CounterSum[K], CounterSum[]>();
  for (const s of sums) {
    const list = groups.get(s[field]);
    if (list) list.push(s);
    else groups.set(s[field], [s]);
  }
  return groups;
}

const count = (sums: CounterSum[] | undefined) => (sums ?? []).reduce((n, s) => n + s.count, 0);

/**
 * A flow's figures over whole hours [from, to): contacts and how they ended, containment raw and
 * corrected, per node (visits, exits per output, drop-offs, no-input, no-match), look-ups, CSAT
 * (per node, channel, locale, agent), contacts per hour, and the same per version side by side.
 * Five counter queries (and one document per version, its handoff nodes); facts not yet counted are folded first, so the figures are current.
 */
export async function flowAnalytics(store: Store, flowId: string, period: AnalyticsPeriod, filters: FlowAnalyticsFilters, options: { windowHours: number; now: Date }): Promise<FlowAnalytics> {
  while ((await store.rollUpFacts(20_000)) > 0);
  const base: Omit<CounterQuery, 'metrics' | 'groupBy'> = {
    from: period.from,
    to: period.to,
    flowId,
    traffic: filters.traffic,
    ...(filters.versions ? { versions: filters.versions } : {}),
    ...(filters.environment !== undefined ? { environment: filters.environment } : {}),
    ...(filters.channel !== undefined ? { channel: filters.channel } : {}),
    ...(filters.locale !== undefined ? { locale: filters.locale } : {}),
  };
  const [totals, series, perVersion, csatByDimension, visitsPerVersion] = await Promise.all([
    store.sumCounters({
      ...base,
      metrics: [
        METRIC.contacts,
        METRIC.outcome,
        METRIC.returned,
        METRIC.visit,
        METRIC.exit,
        METRIC.noInput,
        METRIC.noMatch,
        METRIC.endedAt,
        METRIC.lookup,
        METRIC.csatAsked,
        METRIC.csat,
        METRIC.csatAgent,
      ],
      groupBy: ['metric', 'key', 'detail'],
    }),
    store.sumCounters({ ...base, metrics: [METRIC.contacts, METRIC.outcome, METRIC.returned], groupBy: ['hour', 'metric', 'detail'] }),
    store.sumCounters({ ...base, metrics: [METRIC.contacts, METRIC.outcome, METRIC.returned, METRIC.csatAsked, METRIC.csat], groupBy: ['version', 'metric', 'detail'] }),
    store.sumCounters({ ...base, metrics: [METRIC.csat], groupBy: ['channel', 'locale', 'detail'] }),
    store.sumCounters({ ...base, metrics: [METRIC.visit], groupBy: ['version', 'key'] }),
  ]);
  const handoffRequests = await handoffRequestsPerVersion(store, flowId, visitsPerVersion);
  const provisional = Date.parse(period.to) > options.now.getTime() - options.windowHours * 3_600_000;
  const byMetric = groupBy(totals, 'metric');
  const contacts = count(byMetric.get(METRIC.contacts));
  const outcomeSums = byMetric.get(METRIC.outcome) ?? [];
  const outcomes = outcomesOf(contacts, outcomeSums);
  const ended = outcomeSums.reduce((n, s) => n + s.count, 0);
  const durations = outcomeSums.reduce((n, s) => n + s.sum, 0);

  return {
    flowId,
    period,
    filters,
    contacts,
    outcomes,
    averageDurationSeconds: round(ratio(durations, ended), 1),
    containment: containmentOf(contacts, outcomes, count(byMetric.get(METRIC.returned)), options.windowHours, provisional),
    nodes: nodeFigures(byMetric),
    lookups: (byMetric.get(METRIC.lookup) ?? [])
      .map((s): LookupFigures => ({ backend: s.key ?? '', outcome: s.detail ?? '', count: s.count, averageMs: round(s.sum / s.count, 1) ?? 0, maxMs: s.max }))
      .sort((a, b) => a.backend.localeCompare(b.backend) || a.outcome.localeCompare(b.outcome)),
    csat: csatSection(byMetric, csatByDimension),
    series: seriesOf(series),
    versions: versionsOf(perVersion, options.windowHours, provisional, handoffRequests),
  };
}

function nodeFigures(byMetric: Map<string | undefined, CounterSum[]>): NodeFigures[] {
  const nodes = new Map<string, NodeFigures>();
  const figures = (node: string) => {
    let f = nodes.get(node);
    if (!f) nodes.set(node, (f = { node, visits: 0, exits: {}, dropOffs: 0, ended: {}, noInput: 0, noMatch: 0 }));
    return f;
  };
  for (const s of byMetric.get(METRIC.visit) ?? []) figures(s.key ?? '').visits += s.count;
  for (const s of byMetric.get(METRIC.exit) ?? []) {
    const f = figures(s.key ?? '');
    // An output is the flow's name (a menu option's id): `toString` counts from 0, not from JavaScript's method.
    const output = s.detail ?? '';
    f.exits[output] = (Object.hasOwn(f.exits, output) ? (f.exits[output] ?? 0) : 0) + s.count;
  }
  for (const s of byMetric.get(METRIC.noInput) ?? []) figures(s.key ?? '').noInput += s.count;
  for (const s of byMetric.get(METRIC.noMatch) ?? []) figures(s.key ?? '').noMatch += s.count;
  for (const s of byMetric.get(METRIC.endedAt) ?? []) {
    const f = figures(s.key ?? '');
    const outcome = s.detail as ContactOutcome;
    f.ended[outcome] = (f.ended[outcome] ?? 0) + s.count;
    if (outcome === 'abandoned') f.dropOffs += s.count;
  }
  return [...nodes.values()].sort((a, b) => b.visits - a.visits || a.node.localeCompare(b.node));
}

function csatSection(byMetric: Map<string | undefined, CounterSum[]>, byDimension: CounterSum[]): FlowAnalytics['csat'] {
  const answers = byMetric.get(METRIC.csat) ?? [];
  const askedSums = byMetric.get(METRIC.csatAsked) ?? [];
  const overall: CsatFigures = csatOf(answers, count(askedSums));
  const askedByNode = groupBy(askedSums, 'key');
  const byNode = [...groupBy(answers, 'key')].map(([node, sums]) => ({ node: node ?? '', ...csatOf(sums, count(askedByNode.get(node))) }));
  for (const [node, asked] of askedByNode) if (!byNode.some((n) => n.node === node)) byNode.push({ node: node ?? '', ...csatOf([], count(asked)) });
  const slice = (field: 'channel' | 'locale') => [...groupBy(byDimension, field)].map(([value, sums]) => ({ [field]: value ?? '', ...answersOnly(sums) }));
  return {
    ...overall,
    byNode: byNode.sort((a, b) => a.node.localeCompare(b.node)),
    byChannel: slice('channel') as Array<CsatBreakdown & { channel: string }>,
    byLocale: slice('locale') as Array<CsatBreakdown & { locale: string }>,
    byAgent: [...groupBy(byMetric.get(METRIC.csatAgent) ?? [], 'key')].map(([agent, sums]) => ({ agent: agent ?? '', ...answersOnly(sums) })).sort((a, b) => a.agent.localeCompare(b.agent)),
  };
}

/** Answers alone (how many were asked is not known per channel, locale or agent). */
function answersOnly(sums: CounterSum[]): CsatBreakdown {
  const { asked: _asked, responseRate: _rate, ...rest } = csatOf(sums);
  return rest;
}

function seriesOf(sums: CounterSum[]): FlowAnalytics['series'] {
  return [...groupBy(sums, 'hour')]
    .map(([hour, group]) => {
      const byMetric = groupBy(group, 'metric');
      const contacts = count(byMetric.get(METRIC.contacts));
      return { hour: hour ?? '', contacts, outcomes: outcomesOf(contacts, byMetric.get(METRIC.outcome) ?? []), returned: count(byMetric.get(METRIC.returned)) };
    })
    .sort((a, b) => a.hour.localeCompare(b.hour));
}

/**
 * How many times each version's callers asked for an agent: the visits of its handoff nodes (a
 * handoff node entered is a request, whatever came of it: queued, no agent, a callback), as its
 * own document names them (the draft's for `null`, the designer's tests). Counted from visits,
 * so periods recorded before this figure existed have it too. One document read per version seen.
 */
async function handoffRequestsPerVersion(store: Store, flowId: string, visits: CounterSum[]): Promise<Map<number | null, number>> {
  const byVersion = groupBy(visits, 'version');
  const counts = new Map<number | null, number>();
  await Promise.all(
    [...byVersion].map(async ([version, sums]) => {
      const document = version === undefined || version === null ? (await store.getDraft(flowId))?.document : (await store.getVersion(flowId, version))?.document;
      const handoffs = new Set(document?.nodes.filter((node) => node.type === 'handoff').map((node) => node.id));
      counts.set(
        version ?? null,
        sums.reduce((n, s) => (handoffs.has(s.key ?? '') ? n + s.count : n), 0),
      );
    }),
  );
  return counts;
}

function versionsOf(sums: CounterSum[], windowHours: number, provisional: boolean, handoffRequests: Map<number | null, number>): VersionFigures[] {
  return [...groupBy(sums, 'version')]
    .map(([version, group]): VersionFigures => {
      const byMetric = groupBy(group, 'metric');
      const contacts = count(byMetric.get(METRIC.contacts));
      const outcomes = outcomesOf(contacts, byMetric.get(METRIC.outcome) ?? []);
      return {
        version: version ?? null,
        contacts,
        outcomes,
        handoffRequests: handoffRequests.get(version ?? null) ?? 0,
        containment: containmentOf(contacts, outcomes, count(byMetric.get(METRIC.returned)), windowHours, provisional),
        csat: csatOf(byMetric.get(METRIC.csat) ?? [], count(byMetric.get(METRIC.csatAsked))),
      };
    })
    .sort((a, b) => (a.version ?? -1) - (b.version ?? -1));
}
