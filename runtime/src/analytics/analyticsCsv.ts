import { stringify } from 'csv-stringify/sync';
import type { FlowAnalytics, QueueAnalytics } from '@griot/flows';
import { CONTACT_OUTCOMES } from './flowAnalytics.ts';

type Cell = string | number | null;
// Names come from editors' templates and agents' transfers (a queue): one that starts like a
// formula (= + - @) is prefixed with ' so a spreadsheet shows it rather than runs it.
const table = (header: string[], rows: Cell[][]) => stringify([header, ...rows.map((r) => r.map((c) => c ?? ''))], { escape_formulas: true });
const outcomeHeader = [...CONTACT_OUTCOMES, 'unfinished'];

/** One table of a flow's figures, for a spreadsheet: `summary`, `nodes`, `series`, `versions` or `csat`. */
export function flowAnalyticsCsv(report: FlowAnalytics, which: 'summary' | 'nodes' | 'series' | 'versions' | 'csat'): string {
  switch (which) {
    case 'summary':
      return table(
        ['flow', 'from', 'to', 'contacts', ...outcomeHeader, 'containment_raw', 'containment_corrected', 'returned', 'average_seconds', 'csat_asked', 'csat_answered', 'csat_average', 'csat_scale'],
        [
          [
            report.flowId,
            report.period.from,
            report.period.to,
            report.contacts,
            ...outcomeHeader.map((o) => report.outcomes[o as keyof typeof report.outcomes]),
            report.containment.raw,
            report.containment.corrected,
            report.containment.returned,
            report.averageDurationSeconds,
            report.csat.asked,
            report.csat.answered,
            report.csat.average,
            report.csat.scale,
          ],
        ],
      );
    case 'nodes': {
      const outputs = [...new Set(report.nodes.flatMap((n) => Object.keys(n.exits)))].sort();
      return table(
        ['node', 'visits', 'drop_offs', 'no_input', 'no_match', ...outputs.map((o) => `exit_${o}`)],
        report.nodes.map((n) => [n.node, n.visits, n.dropOffs, n.noInput, n.noMatch, ...outputs.map((o) => n.exits[o] ?? 0)]),
      );
    }
    case 'series':
      return table(
        ['hour', 'contacts', ...outcomeHeader, 'returned'],
        report.series.map((p) => [p.hour, p.contacts, ...outcomeHeader.map((o) => p.outcomes[o as keyof typeof p.outcomes]), p.returned]),
      );
    case 'versions':
      return table(
        ['version', 'contacts', ...outcomeHeader, 'containment_raw', 'containment_corrected', 'csat_answered', 'csat_average'],
        report.versions.map((v) => [
          v.version ?? 'draft',
          v.contacts,
          ...outcomeHeader.map((o) => v.outcomes[o as keyof typeof v.outcomes]),
          v.containment.raw,
          v.containment.corrected,
          v.csat.answered,
          v.csat.average,
        ]),
      );
    case 'csat': {
      const scores = Array.from({ length: report.csat.scale ?? 5 }, (_, i) => String(i + 1));
      const row = (by: string, value: string, c: { answered: number; average: number | null; distribution: Record<string, number> }): Cell[] => [
        by,
        value,
        c.answered,
        c.average,
        ...scores.map((s) => c.distribution[s] ?? 0),
      ];
      return table(
        ['by', 'value', 'answered', 'average', ...scores.map((s) => `score_${s}`)],
        [
          row('all', '', report.csat),
          ...report.csat.byNode.map((c) => row('node', c.node, c)),
          ...report.csat.byChannel.map((c) => row('channel', c.channel, c)),
          ...report.csat.byLocale.map((c) => row('locale', c.locale, c)),
          ...report.csat.byAgent.map((c) => row('agent', c.agent, c)),
          ...report.versions.map((v) => row('version', String(v.version ?? 'draft'), v.csat)),
        ],
      );
    }
  }
}

/** One table of the queues' figures: `queues`, `series` or `agents`. */
export function queueAnalyticsCsv(report: QueueAnalytics, which: 'queues' | 'series' | 'agents'): string {
  switch (which) {
    case 'queues':
      return table(
        [
          'queue',
          'offered',
          'answered',
          'answered_within_threshold',
          'service_level',
          'threshold_seconds',
          'abandoned',
          'left_callback',
          'left_other',
          'average_wait_seconds',
          'average_abandoned_wait_seconds',
          'longest_wait_seconds',
          'callbacks_requested',
          'callbacks_completed',
          'callbacks_failed',
        ],
        report.queues.map((q) => {
          const other = Object.entries(q.left)
            .filter(([reason]) => reason !== 'callback')
            .reduce((n, [, c]) => n + c, 0);
          return [
            q.queue,
            q.offered,
            q.answered,
            q.answeredWithinThreshold,
            q.serviceLevel,
            report.serviceLevelSeconds,
            q.abandoned,
            q.left.callback ?? 0,
            other,
            q.averageWaitSeconds,
            q.averageAbandonedWaitSeconds,
            q.longestWaitSeconds,
            q.callbacks.requested,
            q.callbacks.completed,
            q.callbacks.failed,
          ];
        }),
      );
    case 'series':
      return table(
        ['hour', 'queue', 'offered', 'answered', 'abandoned'],
        report.series.map((p) => [p.hour, p.queue, p.offered, p.answered, p.abandoned]),
      );
    case 'agents':
      return table(
        ['queue', 'agent', 'answered', 'average_wait_seconds'],
        report.queues.flatMap((q) => q.agents.map((a) => [q.queue, a.agent, a.answered, a.averageWaitSeconds])),
      );
  }
}
