import { describe, expect, it } from 'vitest';
import { auditCsv } from './auditCsv.ts';

describe('auditCsv', () => {
  it('keeps a cell that looks like a formula from running in a spreadsheet', () => {
    const csv = auditCsv([{ id: 'a1', at: '2026-03-01T10:00:00.000Z', actor: '=HYPERLINK("http://evil")', action: '@SUM(A1)', target: '+flow:x' }]);
    const row = csv.split('\n')[1]!;
    expect(row).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(row).toContain("'@SUM(A1)");
    expect(row).toContain("'+flow:x");
  });
});
