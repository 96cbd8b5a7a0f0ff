import { describe, expect, it } from 'vitest';
import { sampleFlowInput } from '../fixtures/sampleFlow.ts';
import { parseFlow } from './parseFlow.ts';
import { lintFlow } from './lintFlow.ts';
import { hasErrors } from './types.ts';
import { step } from '../interpreter/step.ts';
import { createSession } from '../interpreter/session.ts';
import type { Effect, FlowEvent } from '../interpreter/types.ts';

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

describe('a request header whose name is being retyped', () => {
  /** The sample flow's look-up with a second header, its name cleared by the editor. */
  function withNamelessHeader() {
    const input = sampleFlowInput();
    const http = input.nodes.find((n) => n.type === 'http') as { headers: Record<string, string> };
    http.headers = { ...http.headers, '': 'fr-BJ' };
    return input;
  }

  it('is a valid draft (it saves) but an error that blocks publishing, on the header row', () => {
    const parsed = parseFlow(withNamelessHeader());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const issues = lintFlow(parsed.flow).filter((i) => i.code === 'row.incomplete');
    expect(issues.map((i) => [i.severity, i.field, i.params])).toEqual([['error', 'headers.', { what: 'headerName', row: '2' }]]);
    expect(hasErrors(issues)).toBe(true);
  });

  it('is not sent while the flow is tried', () => {
    const parsed = parseFlow(withNamelessHeader());
    if (!parsed.ok) throw new Error('the draft should parse');
    let session = createSession(parsed.flow, { channel: 'voice', caller: { number: '+2290197000001' }, flowVersion: 1 });
    let effects: Effect[] = [];
    for (const event of [{ type: 'start' }, { type: 'digits', digits: '1' }, { type: 'digits', digits: '1' }] as FlowEvent[]) {
      ({ session, effects } = step(parsed.flow, session, event));
    }
    expect(effects.find((e) => e.type === 'webhook')).toMatchObject({ headers: { Authorization: 'Bearer {{secret.OPERATOR_TOKEN}}' } });
    expect(Object.keys((effects.find((e) => e.type === 'webhook') as { headers: object }).headers)).toEqual(['Authorization']);
  });
});
