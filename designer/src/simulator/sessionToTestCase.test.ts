import { describe, expect, it } from 'vitest';
import { recordedFixture } from '@griot/flows';
import { lookupFlowForDesignerTests, runTests, sampleFlowForDesignerTests } from './testFlow.ts';
import { hasSomethingToReplay, sessionToTestCase, syntheticVariables } from './sessionToTestCase.ts';
import type { SimulatorTurn } from './simulatorStore.ts';

const turn = (event: SimulatorTurn['event'], at: string | null, ended = false, lookups: SimulatorTurn['lookups'] = []): SimulatorTurn => ({ event, effects: [], issues: [], lookups, at, ended });

describe('saving a simulator session as a test case', () => {
  it('turns each caller action into a step expecting where the flow waits next', () => {
    const testCase = sessionToTestCase({
      name: 'Solde puis au revoir',
      channel: 'voice',
      callerNumber: '+2290197000001',
      locale: 'fr',
      fixtures: {},
      turns: [turn({ type: 'start' }, 'menu'), turn({ type: 'digits', digits: '2' }, 'bye', true)],
    });
    expect(testCase).toMatchObject({
      name: 'Solde puis au revoir',
      channel: 'voice',
      caller: { number: '+2290197000001' },
      locale: 'fr',
      steps: [{ expect: { at: 'menu' } }, { input: { digits: '2' }, expect: { ended: true } }],
    });
  });

  it('the saved case passes when replayed on the same flow', () => {
    const flow = sampleFlowForDesignerTests();
    const testCase = sessionToTestCase({
      name: 'replay',
      channel: 'whatsapp',
      callerNumber: '+2290197000002',
      locale: null,
      fixtures: {},
      turns: [turn({ type: 'start' }, 'menu'), turn({ type: 'choice', option: 'o1' }, 'menu'), turn({ type: 'noInput' }, 'menu'), turn({ type: 'digits', digits: '2' }, 'bye', true)],
    });
    const report = runTests(flow, [testCase]);
    expect(report.cases[0]?.failures).toEqual([]);
  });

  it('a session through a look-up replays green: the answer is the fixture, the PUK made up', () => {
    const flow = lookupFlowForDesignerTests();
    // What the preview route sends back for the look-up (docs/api.md, "Preview").
    const answer = { type: 'webhook' as const, outcome: 'response' as const, status: 200, body: { puk: '12345678', segment: 'vip', name: 'Afiavi' } };
    const lookup = { node: 'http', source: 'backend' as const, outcome: 'response' as const, status: 200, durationMs: 12, output: 'ok', ...recordedFixture(flow, 'http', answer) };
    const turns = [turn({ type: 'start' }, 'menu'), turn({ type: 'digits', digits: '1' }, 'bye', true, [lookup])];
    const testCase = sessionToTestCase({ name: 'PUK', channel: 'voice', callerNumber: '+2290197000001', caller: { knownLocale: 'fr' }, locale: null, fixtures: {}, turns });
    expect(testCase.fixtures.http).toEqual({ status: 200, body: { puk: expect.stringMatching(/^\d{8}$/), segment: 'vip' } });
    expect(JSON.stringify(testCase)).not.toContain('12345678');
    expect(testCase.caller).toEqual({ number: '+2290197000001', knownLocale: 'fr' });
    expect(syntheticVariables(turns)).toEqual(['puk']);
    const report = runTests(flow, [testCase]);
    expect(report.cases[0]?.failures).toEqual([]);
    expect(report.cases[0]?.nodes).toContain('readPuk');
  });

  it('a one-turn session that started straight with a look-up can be saved: its answer is what the test replays', () => {
    const flow = lookupFlowForDesignerTests();
    const answer = { type: 'webhook' as const, outcome: 'response' as const, status: 200, body: { puk: '12345678', segment: 'vip' } };
    const lookup = { node: 'http', source: 'backend' as const, outcome: 'response' as const, status: 200, durationMs: 12, output: 'ok', ...recordedFixture(flow, 'http', answer) };
    const opening = [turn({ type: 'start' }, null, true, [lookup])];
    expect(hasSomethingToReplay(opening)).toBe(true);
    expect(sessionToTestCase({ name: 'Look-up', channel: 'voice', callerNumber: '+2290197000001', locale: null, fixtures: {}, turns: opening }).fixtures.http).toMatchObject({ status: 200 });
    // A menu only said, nothing answered yet: nothing to replay.
    expect(hasSomethingToReplay([turn({ type: 'start' }, 'menu')])).toBe(false);
    expect(hasSomethingToReplay([])).toBe(false);
    expect(hasSomethingToReplay([turn({ type: 'start' }, 'menu'), turn({ type: 'digits', digits: '2' }, 'bye', true)])).toBe(true);
  });
});
