import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { Flow, FlowAnalytics, QueueAnalytics } from '@griot/flows';
import { dateTimeFormatsKept, exitNames, flowAnalyticsCsv, localDateTime, queueAnalyticsCsv } from './analyticsCsv.ts';

const report = {
  flowId: 'selfcare-1919',
  period: { from: '2026-12-04T23:00:00.000Z', to: '2026-12-05T11:00:00.000Z' },
  nodes: [{ node: 'mainMenu', visits: 10, exits: { puk: 3 }, dropOffs: 2, ended: {}, noInput: 1, noMatch: 0 }],
} as unknown as FlowAnalytics;

describe('the spreadsheet form of a flow’s CSV', () => {
  it('keeps a node label an editor wrote like a formula as text', () => {
    const csv = flowAnalyticsCsv(report, 'nodes', { dialect: 'excel-fr', timeZone: 'Africa/Porto-Novo', labels: new Map([['mainMenu', '=HYPERLINK("https://evil.example","Menu")']]) });
    const [row] = parse(csv.slice(1), { columns: true, delimiter: ';' }) as Array<Record<string, string>>;
    expect(row!.nœud).toMatch(/^'=HYPERLINK/);
    expect(row).toMatchObject({ 'nœud (id)': 'mainMenu', visites: '10', abandons: '2', 'sortie puk': '3' });
  });
});

describe('the exit columns of the spreadsheet form', () => {
  it('name each output as the canvas shows it, never by its raw id', () => {
    const flow = {
      locales: [{ code: 'fr' }, { code: 'en' }],
      nodes: [{ id: 'mainMenu', type: 'menu', label: 'Menu principal', prompt: {}, options: [{ id: 'puk', key: '3', label: { fr: 'Code PUK', en: 'PUK code' } }] }],
    } as unknown as Flow;
    const reportWithNext = { ...report, nodes: [{ ...report.nodes[0], exits: { puk: 3, noInput: 1 } }] } as unknown as FlowAnalytics;
    const csv = flowAnalyticsCsv(reportWithNext, 'nodes', { dialect: 'excel-fr', timeZone: 'UTC', exits: exitNames(flow) });
    const [row] = parse(csv.slice(1), { columns: true, delimiter: ';' }) as Array<Record<string, string>>;
    expect(row).toMatchObject({ 'sortie 3 · Code PUK': '3', 'sortie Pas de réponse': '1' });
    expect(Object.keys(row!)).not.toContain('sortie puk');
  });
});

describe('the spreadsheet form’s time zones', () => {
  it('keeps a bounded number of formats however many spellings of a zone are asked for (any letter case is a valid zone)', () => {
    const spellings = Array.from({ length: 200 }, (_, i) => [...'africa/porto-novo'].map((c, j) => ((i >> (j % 8)) & 1 ? c.toUpperCase() : c)).join(''));
    for (const zone of spellings) expect(localDateTime('2026-12-05T10:00:00.000Z', zone)).toBe('05/12/2026 11:00');
    expect(dateTimeFormatsKept()).toBeLessThanOrEqual(32);
  });
});

describe('the queues’ spreadsheet tables', () => {
  const figures = {
    queue: 'support-fr',
    offered: 4,
    answered: 3,
    answeredWithinThreshold: 2,
    serviceLevel: 0.5,
    abandoned: 1,
    left: {},
    averageWaitSeconds: 12.5,
    averageAbandonedWaitSeconds: 30,
    longestWaitSeconds: 40,
    callbacks: { requested: 0, taken: 0, placed: 0, answered: 0, completed: 0, failed: 0 },
    agentOutcomes: {},
    agents: [{ agent: 'awa', answered: 3, averageWaitSeconds: 12.5 }],
  };
  const report: QueueAnalytics = {
    period: { from: '2026-12-04T23:00:00.000Z', to: '2026-12-05T23:00:00.000Z' },
    filters: { traffic: ['live'] },
    serviceLevelSeconds: 20,
    queues: [figures],
    series: [],
  };
  const form = { dialect: 'excel-fr', timeZone: 'Africa/Porto-Novo', readAt: '2026-12-05T17:30:00.000Z' } as const;
  const asExcel = (body: string) => parse(body.slice(1), { columns: true, delimiter: ';' }) as Array<Record<string, string>>;

  it('say on each row the period it counts, as French Excel reads a date (the end when the figures were read)', () => {
    for (const table of ['queues', 'agents'] as const) {
      const [row] = asExcel(queueAnalyticsCsv(report, table, form));
      expect(row, table).toMatchObject({ file: 'support-fr', du: '05/12/2026 00:00', au: '05/12/2026 18:30' });
    }
    expect(asExcel(queueAnalyticsCsv(report, 'agents', form))[0]).toMatchObject({ conseiller: 'awa', répondus: '3', 'attente moyenne (s)': '12,5' });
    // The plain form for programs: UTC instants.
    const [plain] = parse(queueAnalyticsCsv(report, 'queues'), { columns: true }) as Array<Record<string, string>>;
    expect(plain).toMatchObject({ queue: 'support-fr', from: '2026-12-04T23:00:00.000Z', to: '2026-12-05T23:00:00.000Z' });
  });
});
