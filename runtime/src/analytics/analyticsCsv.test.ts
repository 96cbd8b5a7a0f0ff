import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { Flow, FlowAnalytics } from '@griot/flows';
import { dateTimeFormatsKept, exitNames, flowAnalyticsCsv, localDateTime } from './analyticsCsv.ts';

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
