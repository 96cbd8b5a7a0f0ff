import { describe, expect, it } from 'vitest';
import { sampleFlowInput } from '../fixtures/sampleFlow.ts';
import { parseFlow } from './parseFlow.ts';
import { lintFlow } from './lintFlow.ts';
import { hasErrors } from './types.ts';

/** The sample flow with a response row the editor has just added and not filled in. */
function withEmptyRow() {
  const input = sampleFlowInput();
  const http = input.nodes.find((n) => n.type === 'http') as { responseMapping: Array<{ variable: string; path: string }> };
  http.responseMapping.push({ variable: '', path: '' });
  return input;
}

describe('a response row still being filled in', () => {
  it('is a valid draft (it saves) but an error that blocks publishing, named at each empty field', () => {
    const parsed = parseFlow(withEmptyRow());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const issues = lintFlow(parsed.flow).filter((i) => i.code === 'row.incomplete');
    const row = (parsed.flow.nodes.find((n) => n.type === 'http') as { responseMapping: unknown[] }).responseMapping.length;
    expect(issues.map((i) => [i.severity, i.field])).toEqual([
      ['error', `responseMapping.${row - 1}.variable`],
      ['error', `responseMapping.${row - 1}.path`],
    ]);
    expect(hasErrors(issues)).toBe(true);
  });

  it('still refuses a malformed path: only an empty one waits', () => {
    const input = withEmptyRow();
    const http = input.nodes.find((n) => n.type === 'http') as { responseMapping: Array<{ variable: string; path: string }> };
    http.responseMapping[http.responseMapping.length - 1] = { variable: 'x', path: 'data.puk' };
    expect(parseFlow(input).ok).toBe(false);
  });
});
