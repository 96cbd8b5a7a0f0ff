import type { FlowAnalytics, NodeFigures } from '@griot/flows';

export type WorstReason = 'dropOff' | 'noMatch';

/** One node's figures as the canvas shows them. */
export interface NodeTraffic {
  visits: number;
  dropOffs: number;
  /** Drop-offs ÷ visits; null without visits. */
  dropOffRate: number | null;
  noInput: number;
  noMatch: number;
  /** Wrong answers per visit (a caller may get several at one visit). */
  noMatchRate: number | null;
  exits: Readonly<Record<string, number>>;
  /** Among the worst nodes, and why; null otherwise. */
  worst: WorstReason | null;
}

export interface WorstNode {
  node: string;
  reason: WorstReason;
  rate: number;
  count: number;
  visits: number;
}

/** The figures the canvas draws, computed once per report. */
export interface TrafficOverlay {
  contacts: number;
  nodes: ReadonlyMap<string, NodeTraffic>;
  /** The most taken output's count: edges are drawn thick relative to it. */
  maxExit: number;
  worst: WorstNode[];
}

/** How many worst nodes the canvas highlights. */
export const WORST_LIMIT = 5;
/** A node entered by fewer than this share of the contacts is too rarely seen to call it the worst. */
const MIN_VISIT_SHARE = 0.02;

const NO_EXITS: Readonly<Record<string, number>> = {};
const NONE: ReadonlySet<string> = new Set();
/** A node no contact entered in the period (absent from the report). */
export const NO_TRAFFIC: NodeTraffic = { visits: 0, dropOffs: 0, dropOffRate: null, noInput: 0, noMatch: 0, noMatchRate: null, exits: NO_EXITS, worst: null };

/**
 * The worst nodes: where the largest share of the callers who got there gave up, or gave the
 * most wrong answers. Nodes seen by fewer than 2 % of the contacts are left out (one caller who
 * hung up at a rarely used node is not a finding), and so are `skip` ones: an end node reached
 * after a silence counts every contact as a drop-off, but callers gave up at the node before it.
 * A node is listed once, for its worse reason.
 */
export function worstNodes(nodes: readonly NodeFigures[], contacts: number, skip: ReadonlySet<string> = NONE, limit = WORST_LIMIT): WorstNode[] {
  const minVisits = Math.max(1, Math.ceil(contacts * MIN_VISIT_SHARE));
  const candidates: WorstNode[] = [];
  for (const n of nodes) {
    if (n.visits < minVisits || skip.has(n.node)) continue;
    if (n.dropOffs > 0) candidates.push({ node: n.node, reason: 'dropOff', rate: n.dropOffs / n.visits, count: n.dropOffs, visits: n.visits });
    if (n.noMatch > 0) candidates.push({ node: n.node, reason: 'noMatch', rate: n.noMatch / n.visits, count: n.noMatch, visits: n.visits });
  }
  candidates.sort((a, b) => b.rate - a.rate || b.count - a.count || a.node.localeCompare(b.node));
  const seen = new Set<string>();
  return candidates.filter((c) => !seen.has(c.node) && seen.add(c.node)).slice(0, limit);
}

/** What the canvas draws from a report; `endNodes` are never called the worst (see worstNodes). */
export function trafficOverlay(report: Pick<FlowAnalytics, 'contacts' | 'nodes'>, endNodes: ReadonlySet<string> = NONE): TrafficOverlay {
  const worst = worstNodes(report.nodes, report.contacts, endNodes);
  const worstBy = new Map(worst.map((w) => [w.node, w.reason]));
  const nodes = new Map<string, NodeTraffic>();
  let maxExit = 0;
  for (const n of report.nodes) {
    for (const count of Object.values(n.exits)) maxExit = Math.max(maxExit, count);
    nodes.set(n.node, {
      visits: n.visits,
      dropOffs: n.dropOffs,
      dropOffRate: n.visits > 0 ? n.dropOffs / n.visits : null,
      noInput: n.noInput,
      noMatch: n.noMatch,
      noMatchRate: n.visits > 0 ? n.noMatch / n.visits : null,
      exits: n.exits,
      worst: worstBy.get(n.node) ?? null,
    });
  }
  return { contacts: report.contacts, nodes, maxExit, worst };
}

/** An edge's stroke width for the times its output was taken: thin when never, up to 10 px for the busiest. */
export function edgeWidth(count: number, maxExit: number): number {
  if (count <= 0 || maxExit <= 0) return 1;
  return Math.round((1.5 + 8.5 * Math.sqrt(Math.min(1, count / maxExit))) * 2) / 2;
}
