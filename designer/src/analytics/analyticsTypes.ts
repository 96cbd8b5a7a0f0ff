/**
 * What `GET /api/flows/{id}/analytics` and `GET /api/queues/analytics` answer (docs/api.md,
 * "Analytics"). The designer imports nothing from the runtime: these mirror its report types.
 */
export type ContactOutcome = 'contained' | 'transferred' | 'callback' | 'noAgent' | 'abandoned' | 'error';
export type Traffic = 'live' | 'test' | 'preview';
export type OutcomeCounts = Record<ContactOutcome | 'unfinished', number>;

export const OUTCOMES: readonly (ContactOutcome | 'unfinished')[] = ['contained', 'transferred', 'callback', 'noAgent', 'abandoned', 'error', 'unfinished'];

export interface AnalyticsPeriod {
  from: string;
  to: string;
}

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
  exits: Record<string, number>;
  dropOffs: number;
  ended: Partial<Record<ContactOutcome, number>>;
  noInput: number;
  noMatch: number;
}

export interface CsatFigures {
  asked: number;
  answered: number;
  responseRate: number | null;
  scale: number | null;
  average: number | null;
  satisfied: number | null;
  distribution: Record<string, number>;
}

export interface SeriesPoint {
  hour: string;
  contacts: number;
  outcomes: OutcomeCounts;
  returned: number;
}

export interface VersionFigures {
  version: number | null;
  contacts: number;
  outcomes: OutcomeCounts;
  containment: Containment;
  csat: CsatFigures;
}

export interface FlowAnalytics {
  flowId: string;
  period: AnalyticsPeriod;
  contacts: number;
  outcomes: OutcomeCounts;
  averageDurationSeconds: number | null;
  containment: Containment;
  nodes: NodeFigures[];
  lookups: Array<{ backend: string; outcome: string; count: number; averageMs: number; maxMs: number }>;
  csat: CsatFigures;
  series: SeriesPoint[];
  versions: VersionFigures[];
}

export interface QueueFigures {
  queue: string;
  offered: number;
  answered: number;
  answeredWithinThreshold: number;
  serviceLevel: number | null;
  abandoned: number;
  left: Record<string, number>;
  averageWaitSeconds: number | null;
  averageAbandonedWaitSeconds: number | null;
  longestWaitSeconds: number | null;
  callbacks: Record<'requested' | 'taken' | 'placed' | 'answered' | 'completed' | 'failed', number>;
  agentOutcomes: Record<string, number>;
  agents: Array<{ agent: string; answered: number; averageWaitSeconds: number | null }>;
}

export interface QueueAnalytics {
  period: AnalyticsPeriod;
  serviceLevelSeconds: number;
  queues: QueueFigures[];
  series: Array<{ hour: string; queue: string; offered: number; answered: number; abandoned: number }>;
}
