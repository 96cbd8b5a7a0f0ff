import { stringifyCsv as stringify } from '../csv/stringifyCsv.ts';
import { outputNameFr, outputsOf, type Flow, type FlowAnalytics, type QueueAnalytics } from '@griot/flows';
import { CONTACT_OUTCOMES } from './flowAnalytics.ts';

/**
 * How a table is written. `plain` (the API's default) is for programs: `,`, dotted decimals,
 * shares 0–1, UTC ISO instants, English headers. `excel-fr` is the file a supervisor opens in a
 * French spreadsheet (the designer's « Exporter (CSV) »): a BOM so accents survive, `;`, decimal
 * commas, shares as percentages the way the dashboard writes them, times in the dashboard's time
 * zone, French headers, node labels next to their ids.
 */
export type CsvForm = { dialect: 'plain' } | { dialect: 'excel-fr'; timeZone: string; labels?: ReadonlyMap<string, string>; exits?: ReadonlyMap<string, ReadonlyMap<string, string>>; readAt?: string };

/**
 * Each output's name as the canvas shows it under its node (flows' `outputNameFr`: « 3 · Code
 * PUK », « Suite »), for the exit columns, in the flow's French (else its first locale); keyed
 * `node id` then `output id`. An output the flow no longer has keeps its id.
 */
export function exitNames(flow: Pick<Flow, 'nodes' | 'locales'> | undefined): ReadonlyMap<string, ReadonlyMap<string, string>> {
  const names = new Map<string, Map<string, string>>();
  if (!flow) return names;
  const fallback = flow.locales[0]?.code ?? 'fr';
  const locale = flow.locales.some((l) => l.code === 'fr') ? 'fr' : fallback;
  for (const node of flow.nodes) names.set(node.id, new Map(outputsOf(node).map((o) => [o, outputNameFr(node, o, locale, fallback)])));
  return names;
}

/** The period's end as a person reads it: the server rounds it up to the hour, but the figures run to when they were read. */
export function periodEndRead(to: string, readAt: string | undefined): string {
  return readAt !== undefined && Date.parse(readAt) < Date.parse(to) ? readAt : to;
}
export const PLAIN: CsvForm = { dialect: 'plain' };

/** count: an integer; ratio: a share 0–1; decimal: a mean; instant: an ISO instant; text: a name. */
type Kind = 'text' | 'count' | 'ratio' | 'decimal' | 'instant';
interface Column {
  en: string;
  fr: string;
  kind: Kind;
}
type Cell = string | number | null;
const col = (en: string, fr: string, kind: Kind = 'count'): Column => ({ en, fr, kind });

const OUTCOME_FR: Record<string, string> = {
  contained: 'traités par le parcours',
  transferred: 'transférés',
  callback: 'rappel demandé',
  noAgent: 'sans conseiller',
  abandoned: 'abandons',
  error: 'erreurs',
  unfinished: 'en cours',
};
const outcomeKeys = [...CONTACT_OUTCOMES, 'unfinished'] as const;
const outcomeColumns = outcomeKeys.map((o) => col(o, OUTCOME_FR[o] ?? o));

// Made at the first spreadsheet export, not at start: a server that never writes one never loads ICU's locale data (6–9 MiB kept for good).
let frFormats: { percent: Intl.NumberFormat; decimal: Intl.NumberFormat } | undefined;
const fr = () =>
  (frFormats ??= {
    percent: new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 }),
    decimal: new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2, useGrouping: false }),
  });
// Intl writes a narrow no-break space before %; a spreadsheet only reads an ordinary one as a percentage.
const plainSpaces = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');
/** The formats of the zones asked for lately, by the zone as written: bounded, since any letter case of a zone is accepted. */
const dateTimes = new Map<string, Intl.DateTimeFormat>();
const DATE_TIME_FORMATS_KEPT = 32;
/** "05/12/2026 11:00" in the zone: what the dashboard shows, and a date French Excel recognises. */
export function localDateTime(iso: string, timeZone: string): string {
  let f = dateTimes.get(timeZone);
  if (!f) {
    if (dateTimes.size >= DATE_TIME_FORMATS_KEPT) dateTimes.delete(dateTimes.keys().next().value as string);
    dateTimes.set(timeZone, (f = new Intl.DateTimeFormat('fr-FR', { timeZone, dateStyle: 'short', timeStyle: 'short' })));
  }
  return plainSpaces(f.format(new Date(iso)));
}
/** How many zones' formats are kept now (a test's view of the bound). */
export const dateTimeFormatsKept = () => dateTimes.size;
/** Whether the runtime knows an IANA time zone (`Africa/Porto-Novo`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function cell(value: Cell, kind: Kind, form: CsvForm): Cell {
  if (value === null || form.dialect === 'plain' || typeof value === 'string') {
    if (value !== null && kind === 'instant' && form.dialect === 'excel-fr') return localDateTime(String(value), form.timeZone);
    return value ?? '';
  }
  switch (kind) {
    case 'ratio':
      return plainSpaces(fr().percent.format(value));
    case 'decimal':
      return fr().decimal.format(value);
    default:
      return value;
  }
}

// Names come from editors' templates and agents' transfers (a queue): one that starts like a
// formula (= + - @) is prefixed with ' so a spreadsheet shows it rather than runs it.
function table(columns: Column[], rows: Cell[][], form: CsvForm): string {
  const header = columns.map((c) => (form.dialect === 'plain' ? c.en : c.fr));
  const body = rows.map((r) => r.map((value, i) => cell(value, columns[i]?.kind ?? 'text', form)));
  if (form.dialect === 'plain') return stringify([header, ...body], { escape_formulas: true });
  return stringify([header, ...body], { escape_formulas: true, delimiter: ';', bom: true, record_delimiter: 'windows' });
}

/** A node's id, then (spreadsheet form) its label on the canvas. */
function nodeColumns(form: CsvForm): Column[] {
  return form.dialect === 'plain' ? [col('node', 'nœud', 'text')] : [col('node', 'nœud (id)', 'text'), col('label', 'nœud', 'text')];
}
function nodeCells(id: string, form: CsvForm): Cell[] {
  return form.dialect === 'plain' ? [id] : [id, form.labels?.get(id) || id];
}

export type FlowCsvTable = 'summary' | 'nodes' | 'series' | 'versions' | 'csat';
export type QueueCsvTable = 'queues' | 'series' | 'agents';
export const FLOW_TABLE_FR: Record<FlowCsvTable, string> = { summary: 'resume', nodes: 'noeuds', series: 'par-heure', versions: 'par-version', csat: 'satisfaction' };
export const QUEUE_TABLE_FR: Record<QueueCsvTable, string> = { queues: 'resume', series: 'par-heure', agents: 'conseillers' };

/** One table of a flow's figures, for a spreadsheet: `summary`, `nodes`, `series`, `versions` or `csat`. */
export function flowAnalyticsCsv(report: FlowAnalytics, which: FlowCsvTable, form: CsvForm = PLAIN): string {
  switch (which) {
    case 'summary':
      return table(
        [
          col('flow', 'parcours', 'text'),
          col('from', 'du', 'instant'),
          col('to', 'au', 'instant'),
          col('contacts', 'contacts'),
          ...outcomeColumns,
          col('containment_raw', 'traités (brut)', 'ratio'),
          col('containment_corrected', 'traités (corrigé)', 'ratio'),
          col('returned', 'revenus', 'count'),
          col('average_seconds', 'durée moyenne (s)', 'decimal'),
          col('csat_asked', 'enquêtes proposées'),
          col('csat_answered', 'réponses à l’enquête'),
          col('csat_average', 'note moyenne', 'decimal'),
          col('csat_scale', 'note sur'),
        ],
        [
          [
            report.flowId,
            report.period.from,
            form.dialect === 'excel-fr' ? periodEndRead(report.period.to, form.readAt) : report.period.to,
            report.contacts,
            ...outcomeKeys.map((o) => report.outcomes[o]),
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
        form,
      );
    case 'nodes': {
      // Plain: one column per output id. Spreadsheet: one per name the canvas shows (outputs named
      // alike on several nodes, « Suite », share it), each node counting under its own names.
      const nameOf = (node: string, output: string) => (form.dialect === 'excel-fr' && form.exits?.get(node)?.get(output)) || output;
      const outputs = [...new Set(report.nodes.flatMap((n) => Object.keys(n.exits).map((o) => nameOf(n.node, o))))].sort(form.dialect === 'excel-fr' ? (a, b) => a.localeCompare(b, 'fr') : undefined);
      const exitsOf = (n: (typeof report.nodes)[number]) => {
        const named = new Map<string, number>();
        for (const [o, count] of Object.entries(n.exits)) named.set(nameOf(n.node, o), (named.get(nameOf(n.node, o)) ?? 0) + count);
        return outputs.map((name) => named.get(name) ?? 0);
      };
      return table(
        [
          ...nodeColumns(form),
          col('visits', 'visites'),
          col('drop_offs', 'abandons'),
          col('no_input', 'silences'),
          col('no_match', 'choix non compris'),
          ...outputs.map((o) => col(`exit_${o}`, `sortie ${o}`)),
        ],
        report.nodes.map((n) => [...nodeCells(n.node, form), n.visits, n.dropOffs, n.noInput, n.noMatch, ...exitsOf(n)]),
        form,
      );
    }
    case 'series':
      return table(
        [col('hour', 'heure', 'instant'), col('contacts', 'contacts'), ...outcomeColumns, col('returned', 'revenus')],
        report.series.map((p) => [p.hour, p.contacts, ...outcomeKeys.map((o) => p.outcomes[o]), p.returned]),
        form,
      );
    case 'versions':
      return table(
        [
          col('version', 'version', 'text'),
          col('contacts', 'contacts'),
          ...outcomeColumns,
          col('handoff_requests', 'demandes de conseiller'),
          col('containment_raw', 'traités (brut)', 'ratio'),
          col('containment_corrected', 'traités (corrigé)', 'ratio'),
          col('csat_answered', 'réponses à l’enquête'),
          col('csat_average', 'note moyenne', 'decimal'),
        ],
        report.versions.map((v) => [
          v.version === null ? (form.dialect === 'plain' ? 'draft' : 'brouillon') : form.dialect === 'plain' ? v.version : `v${v.version}`,
          v.contacts,
          ...outcomeKeys.map((o) => v.outcomes[o]),
          v.handoffRequests,
          v.containment.raw,
          v.containment.corrected,
          v.csat.answered,
          v.csat.average,
        ]),
        form,
      );
    case 'csat': {
      const scores = Array.from({ length: report.csat.scale ?? 5 }, (_, i) => String(i + 1));
      const fr = form.dialect === 'excel-fr';
      const row = (by: string, byFr: string, value: string, c: { answered: number; average: number | null; distribution: Record<string, number> }): Cell[] => [
        fr ? byFr : by,
        value,
        c.answered,
        c.average,
        ...scores.map((s) => c.distribution[s] ?? 0),
      ];
      return table(
        [col('by', 'par', 'text'), col('value', 'valeur', 'text'), col('answered', 'réponses'), col('average', 'note moyenne', 'decimal'), ...scores.map((s) => col(`score_${s}`, `note ${s}`))],
        [
          row('all', 'tout', '', report.csat),
          ...report.csat.byNode.map((c) => row('node', 'nœud', fr ? `${form.labels?.get(c.node) || c.node} (${c.node})` : c.node, c)),
          ...report.csat.byChannel.map((c) => row('channel', 'canal', c.channel, c)),
          ...report.csat.byLocale.map((c) => row('locale', 'langue', c.locale, c)),
          ...(report.csat.byAgent ?? []).map((c) => row('agent', 'conseiller', c.agent, c)),
          ...report.versions.map((v) => row('version', 'version', v.version === null ? (fr ? 'brouillon' : 'draft') : fr ? `v${v.version}` : String(v.version), v.csat)),
        ],
        form,
      );
    }
  }
}

/**
 * One table of the queues' figures: `queues`, `series` or `agents`. Each row of `queues` and
 * `agents` says its period (`du`, `au`, as the dashboard writes times), so rows pasted from
 * several files still say which period they count; `series` has its hour.
 */
export function queueAnalyticsCsv(report: QueueAnalytics, which: QueueCsvTable, form: CsvForm = PLAIN): string {
  const periodColumns = [col('from', 'du', 'instant'), col('to', 'au', 'instant')];
  const periodCells: Cell[] = [report.period.from, form.dialect === 'excel-fr' ? periodEndRead(report.period.to, form.readAt) : report.period.to];
  switch (which) {
    case 'queues':
      return table(
        [
          col('queue', 'file', 'text'),
          ...periodColumns,
          col('offered', 'présentés'),
          col('answered', 'répondus'),
          col('answered_within_threshold', 'répondus dans le délai'),
          col('service_level', 'niveau de service', 'ratio'),
          col('threshold_seconds', 'délai (s)'),
          col('abandoned', 'abandonnés'),
          col('left_callback', 'partis avec un rappel'),
          col('left_other', 'partis autrement'),
          col('average_wait_seconds', 'attente moyenne (s)', 'decimal'),
          col('average_abandoned_wait_seconds', 'attente moyenne des abandons (s)', 'decimal'),
          col('longest_wait_seconds', 'attente la plus longue (s)', 'decimal'),
          col('callbacks_requested', 'rappels demandés'),
          col('callbacks_completed', 'rappels faits'),
          col('callbacks_failed', 'rappels échoués'),
        ],
        report.queues.map((q) => {
          const other = Object.entries(q.left)
            .filter(([reason]) => reason !== 'callback')
            .reduce((n, [, c]) => n + c, 0);
          return [
            q.queue,
            ...periodCells,
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
        form,
      );
    case 'series':
      return table(
        [col('hour', 'heure', 'instant'), col('queue', 'file', 'text'), col('offered', 'présentés'), col('answered', 'répondus'), col('abandoned', 'abandonnés')],
        report.series.map((p) => [p.hour, p.queue, p.offered, p.answered, p.abandoned]),
        form,
      );
    case 'agents':
      return table(
        [col('queue', 'file', 'text'), ...periodColumns, col('agent', 'conseiller', 'text'), col('answered', 'répondus'), col('average_wait_seconds', 'attente moyenne (s)', 'decimal')],
        report.queues.flatMap((q) => q.agents.map((a) => [q.queue, ...periodCells, a.agent, a.answered, a.averageWaitSeconds])),
        form,
      );
  }
}

/** A file name that says what is in the file: table, period (local dates), and the filters used. */
export function spreadsheetFileName(parts: Array<string | undefined>): string {
  return parts
    .filter((p): p is string => Boolean(p))
    .map((p) =>
      p
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^-+|-+$/g, ''),
    )
    .filter(Boolean)
    .join('_');
}
