import { describe, expect, it } from 'vitest';
import { runTests, sampleFlowForDesignerTests } from './testFlow.ts';
import { sessionToTestCase } from './sessionToTestCase.ts';
import type { SimulatorTurn } from './simulatorStore.ts';

const turn = (event: SimulatorTurn['event'], at: string | null, ended = false): SimulatorTurn => ({ event, effects: [], issues: [], at, ended });

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
});
