import { describe, expect, it } from 'vitest';
import type { TestCase } from '@griot/flows';
import { acceptCurrentResult, groupChanges } from './acceptResult.ts';

const test = (name: string): TestCase =>
  ({
    name,
    channel: 'voice',
    caller: { number: '+22990000000' },
    fixtures: {},
    steps: [
      { input: { digits: '1' }, expect: { at: 'menu', variables: { plan: 'gold', left: 3 } } },
      { input: { digits: '4' }, expect: { handoff: { queue: 'support-fr', priority: 1 }, ended: true } },
    ],
  }) as unknown as TestCase;

describe('accepting the current result of a failing case', () => {
  it('takes the values the flow gives now, step by step, and says what changed', () => {
    const accepted = acceptCurrentResult(test('a'), [
      { step: 1, code: 'wrongValue', message: '', subject: 'left', expected: '3', got: 'undefined' },
      { step: 1, code: 'wrongNode', message: '', expected: 'menu', got: 'balance' },
      { step: 2, code: 'wrongQueue', message: '', expected: 'support-fr', got: 'entreprises' },
      { step: 2, code: 'wrongPriority', message: '', expected: '1', got: '5' },
      { step: 2, code: 'notEnded', message: '', got: 'handoff' },
    ]);
    expect(accepted?.test.steps).toEqual([
      { input: { digits: '1' }, expect: { at: 'balance', variables: { plan: 'gold' } } },
      { input: { digits: '4' }, expect: { handoff: { queue: 'entreprises', priority: 5 }, ended: false } },
    ]);
    expect(accepted?.changes.map((c) => `${c.what}:${c.from}→${c.to}`)).toEqual(['variable:3→undefined', 'at:menu→balance', 'queue:support-fr→entreprises', 'priority:1→5', 'ended:true→false']);
  });

  it('leaves to the editor a case failing on a text (no value to take instead), and never changes the case given', () => {
    const original = test('b');
    expect(acceptCurrentResult(original, [{ step: 2, code: 'promptMissing', message: '', expected: 'Un conseiller', got: '' }])).toBeNull();
    acceptCurrentResult(original, [{ step: 2, code: 'wrongQueue', message: '', got: 'entreprises' }]);
    expect(original.steps[1]?.expect?.handoff?.queue).toBe('support-fr');
  });

  it('says a change once with how many cases it touches', () => {
    const changes = ['a', 'b', 'c'].flatMap((name) => acceptCurrentResult(test(name), [{ step: 2, code: 'wrongQueue', message: '', got: 'entreprises' }])?.changes ?? []);
    expect(groupChanges(changes)).toEqual([expect.objectContaining({ what: 'queue', from: 'support-fr', to: 'entreprises', tests: 3 })]);
  });
});
