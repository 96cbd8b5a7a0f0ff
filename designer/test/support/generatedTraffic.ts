import type { AnalyticsEvent, ContactOutcome, FactBatch } from '../../../runtime/src/store/types.ts';

/** One contact's way through a flow: the nodes entered with the output taken, and how it ended. */
export interface ContactPath {
  steps: Array<[node: string, output?: string]>;
  outcome: ContactOutcome;
  /** Wrong answers given at these nodes (one each). */
  noMatch?: string[];
  /** A satisfaction score at this survey node (1–5), after an agent when `agent` is set. */
  csat?: { node: string; score: number; agent?: string };
  lookup?: { node: string; backend: string; outcome: string; ms: number };
}

export interface TrafficSpec {
  flowId: string;
  contacts: number;
  /** The period the contacts start in (ms). */
  from: number;
  to: number;
  /** A contact's way, drawn with the seeded random numbers, for the version it ran. */
  path(random: () => number, version: number): ContactPath;
  /** The flow version a contact at `at` ran. */
  version?(at: number): number;
  /** The survey node: every visit asks the question, answered or not. */
  surveyNode?: string;
  /** Share of contained callers who call back within the day (corrected containment). */
  returnShare?: number;
  seed?: number;
}

/** A small seeded generator: the same traffic every run. */
export function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}

/** A moment in the period, busier by day (8:00–20:00 where the browser is) than by night. */
function momentIn(from: number, to: number, random: () => number): number {
  for (let tries = 0; tries < 20; tries += 1) {
    const at = from + Math.floor(random() * (to - from));
    const hour = new Date(at).getHours();
    if ((hour >= 8 && hour < 20) || random() < 0.15) return at;
  }
  return from + Math.floor(random() * (to - from));
}

/**
 * Analytics facts as the engine records them, one batch per contact (voice, French mostly), for
 * screenshots and benchmarks that need more traffic than a test can place by calling. Written
 * with `store.recordFacts` and counted with `store.rollUpFacts`, they read back like real calls.
 */
export function generatedTraffic(spec: TrafficSpec): FactBatch[] {
  const random = seeded(spec.seed ?? 1919);
  const batches: FactBatch[] = [];
  for (let i = 0; i < spec.contacts; i += 1) {
    const at = momentIn(spec.from, spec.to, random);
    const version = spec.version?.(at) ?? 1;
    const path = spec.path(random, version);
    const locale = random() < 0.75 ? 'fr' : 'en';
    const events: AnalyticsEvent[] = [{ type: 'contact' }];
    for (const [node, output] of path.steps) {
      events.push({ type: 'visit', node });
      if (path.noMatch?.includes(node)) events.push({ type: 'noMatch', node });
      if (node === (spec.surveyNode ?? path.csat?.node)) events.push({ type: 'csatAsked', node });
      if (output) events.push({ type: 'exit', node, output });
    }
    if (path.lookup) events.push({ type: 'lookup', ...path.lookup });
    if (path.csat) events.push({ type: 'csat', node: path.csat.node, score: path.csat.score, scale: 5, ...(path.csat.agent ? { agent: path.csat.agent } : {}) });
    const startedAt = new Date(at).toISOString();
    const dims = { flowId: spec.flowId, version, environment: 'production', channel: 'voice' as const, locale, traffic: 'live' as const };
    events.push({ type: 'end', outcome: path.outcome, node: path.steps[path.steps.length - 1]![0], startedAt, seconds: 40 + Math.floor(random() * 200) });
    if (path.outcome === 'contained' && random() < (spec.returnShare ?? 0)) events.push({ type: 'returned', of: { ...dims, startedAt } });
    batches.push({ ...dims, at: startedAt, contact: `generated-${spec.seed ?? 1919}-${i}`, caller: `generated-caller-${i % Math.max(1, Math.floor(spec.contacts * 0.7))}`, events });
  }
  return batches;
}
