import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { FlowAnalytics } from '@griot/flows';
import { flowAnalyticsCsv } from './analyticsCsv.ts';

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
