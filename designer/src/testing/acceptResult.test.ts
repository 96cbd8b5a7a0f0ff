import { describe, expect, it } from 'vitest';
import type { TestCase } from '@griot/flows';
import { acceptCurrentResult, groupChanges, stillTested } from './acceptResult.ts';

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

describe('which case a result may be accepted on', () => {
  it('the case that ran, where it was, while unchanged: not once a step is inserted before the failing one, nor on a case of the same name', () => {
    const ran = test('a');
    const tests = [ran, test('b')];
    expect(stillTested(tests, 0, ran)).toBe(true);
    expect(stillTested([structuredClone(ran), test('b')], 0, ran)).toBe(true);
    // The case failed at step 2 (wrongNode); a step is inserted before it: step 2 is now another one.
    const inserted = { ...ran, steps: [{ input: { digits: '9' } }, ...ran.steps] } as TestCase;
    expect(stillTested([inserted, test('b')], 0, ran)).toBe(false);
    // Two cases named alike: the second's result never goes to the first, nor the first's to the second once it changed.
    const twin = { ...test('a'), caller: { number: '+22990000001' } } as TestCase;
    expect(stillTested([ran, twin], 1, twin)).toBe(true);
    expect(stillTested([ran, twin], 0, twin)).toBe(false);
    // Moved, deleted, or run from a version (nothing known of what ran).
    expect(stillTested([test('b'), ran], 0, ran)).toBe(false);
    expect(stillTested([], 0, ran)).toBe(false);
    expect(stillTested(tests, 0, undefined)).toBe(false);
  });
});
