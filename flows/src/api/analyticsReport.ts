import type { Channel } from '../schema/common.ts';

/**
 * What `GET /api/flows/{id}/analytics` and `GET /api/queues/analytics` answer (docs/api.md,
 * "Analytics"): the runtime computes them, the designer's dashboard and wallboard show them.
 * The runtime's OpenAPI schemas (`analyticsSchemas.ts`) describe the same shapes.
 */

/** Callers on a production line, testers (staging, pinned versions, tester numbers), designer previews: never mixed. */
export type Traffic = 'live' | 'test' | 'preview';

/**
 * How a contact ended, for analytics. `contained`: the flow served it to an end node and it never
 * asked for an agent; `transferred`: an agent took it (or it went on to an agent on another
 * channel); `callback`: the caller asked to be called back; `noAgent`: it asked for an agent and
 * none could take it (closed hours, no agent); `abandoned`: the caller hung up or went quiet before
 * the flow ended; `error`: the flow failed (a broken flow, an error end).
 */
export type ContactOutcome = 'contained' | 'transferred' | 'callback' | 'noAgent' | 'abandoned' | 'error';

/** Contacts by how they ended; `unfinished`: started in the period and not ended yet (or gone quiet without an end). */
export type OutcomeCounts = Record<ContactOutcome | 'unfinished', number>;

export interface AnalyticsPeriod {
  from: string;
  to: string;
}

export interface FlowAnalyticsFilters {
  environment?: string;
  versions?: Array<number | null>;
  channel?: Channel;
  locale?: string;
  traffic: Traffic[];
}

/**
 * Contained = ended at an end node without asking for an agent. `corrected` also takes back
 * every contained contact whose caller came back on any channel within `windowHours`;
 * `provisional` while the period's last contacts can still come back.
 */
export interface Containment {
  contained: number;
  returned: number;
  raw: number | null;
  corrected: number | null;
  windowHours: number;
  provisional: boolean;
}

export interface NodeFigures {
  node: string;
  visits: number;
  /** Times each output was taken. */
  exits: Record<string, number>;
  /** Contacts that ended here because the caller hung up or went quiet (outcome `abandoned`). */
  dropOffs: number;
  /** Contacts that ended here, by outcome. */
  ended: Partial<Record<ContactOutcome, number>>;
  noInput: number;
  noMatch: number;
}

export interface LookupFigures {
  backend: string;
  outcome: string;
  count: number;
  averageMs: number;
  maxMs: number;
}

/** Satisfaction answers on one scale (the flow's surveys' scale; the most answered one if they differ). */
export interface CsatFigures {
  asked: number;
  answered: number;
  responseRate: number | null;
  scale: number | null;
  average: number | null;
  /** Share of answers in the top two scores (top score on a 3-point scale). */
  satisfied: number | null;
  distribution: Record<string, number>;
}

export interface CsatBreakdown extends Omit<CsatFigures, 'asked' | 'responseRate'> {
  asked?: number;
  responseRate?: number | null;
}

export interface SeriesPoint {
  hour: string;
  contacts: number;
  outcomes: OutcomeCounts;
  /** Contained contacts of the hour whose caller came back (counted under the hour the contact started): the hour's corrected containment. */
  returned: number;
}

export interface VersionFigures {
  version: number | null;
  contacts: number;
  outcomes: OutcomeCounts;
  /**
   * How many times callers asked for an agent (a handoff node entered), whatever came of it:
   * transferred, no agent, a callback, hung up while waiting. A contact may ask more than once.
   */
  handoffRequests: number;
  containment: Containment;
  csat: CsatFigures;
}

export interface FlowAnalytics {
  flowId: string;
  period: AnalyticsPeriod;
  filters: FlowAnalyticsFilters;
  contacts: number;
  outcomes: OutcomeCounts;
  averageDurationSeconds: number | null;
  containment: Containment;
  nodes: NodeFigures[];
  lookups: LookupFigures[];
  csat: CsatFigures & {
    byNode: Array<CsatFigures & { node: string }>;
    byChannel: Array<CsatBreakdown & { channel: string }>;
    byLocale: Array<CsatBreakdown & { locale: string }>;
    /**
     * Surveys answered after an agent handled the contact, by the agent's username: an agent's
     * own scores, given only to supervisors and admins (absent for everyone else).
     */
    byAgent?: Array<CsatBreakdown & { agent: string }>;
  };
  /** Per hour with contacts, oldest first (hours without any are left out). */
  series: SeriesPoint[];
  versions: VersionFigures[];
}

export interface QueueFigures {
  queue: string;
  /** Contacts that joined the queue (queued or transferred in). */
  offered: number;
  answered: number;
  answeredWithinThreshold: number;
  /** Answered within the threshold ÷ (answered + abandoned); null without either. */
  serviceLevel: number | null;
  /** The caller hung up while waiting. */
  abandoned: number;
  /** Left unanswered otherwise: `callback`, `unavailable`, `transferred`, `replaced`, `continued`. */
  left: Record<string, number>;
  averageWaitSeconds: number | null;
  averageAbandonedWaitSeconds: number | null;
  longestWaitSeconds: number | null;
  callbacks: Record<'requested' | 'taken' | 'placed' | 'answered' | 'completed' | 'failed', number>;
  /** How agents closed contacts. */
  agentOutcomes: Record<string, number>;
  agents: Array<{ agent: string; answered: number; averageWaitSeconds: number | null }>;
}

export interface QueueAnalytics {
  period: AnalyticsPeriod;
  filters: { queue?: string; channel?: Channel; traffic: Traffic[] };
  /** The service level's threshold, rounded down to a wait bucket bound (never flatters). */
  serviceLevelSeconds: number;
  queues: QueueFigures[];
  /** Per hour and queue with activity, oldest first. */
  series: Array<{ hour: string; queue: string; offered: number; answered: number; abandoned: number }>;
}

/** One backend's look-ups in the last minutes (`GET /api/lookups/recent`): counts and outcomes, never a number nor an answer. */
export interface BackendLookups {
  /** The named backend an http node calls (`url` for an absolute URL), or `model` for an intent node's model. */
  backend: string;
  total: number;
  /** Look-ups that failed: their node went down `error` (no answer, an answer other than 2xx or « not found ») or `timeout`, or Griot could not send them (`misconfigured`). */
  failed: number;
  /**
   * The last look-up's outcome as its node's branch says it (`ok`, `notFound`, `error`, `timeout`; a model's `ok`, `unavailable`…) and when it
   * was made; `misconfigured` when Griot's own configuration kept it from being sent (a secret unset, a backend without an address): the
   * Griot server's administrator fixes it, the operator's system is not at fault.
   */
  last: { outcome: string; at: string };
  /** When the last failed one was made, if any failed. */
  lastFailedAt?: string;
  /** Of `failed`, the look-ups Griot could not send (`misconfigured`); the others are the operator's system's errors and time-outs. */
  misconfigured: number;
  /** When the last one Griot could not send was made, if any. */
  lastMisconfiguredAt?: string;
  /** When the last error or time-out of the operator's system was made, if any. */
  lastErrorAt?: string;
  /** The look-ups sent (`misconfigured` aside) took this long on average (ms): a system slow but still answering shows here first. */
  averageMs?: number;
}

/** What `GET /api/lookups/recent` answers: the supervisor's « Systèmes de l'opérateur ». */
export interface RecentLookups {
  from: string;
  to: string;
  backends: BackendLookups[];
}
