import { describe, expect, it } from 'vitest';
import type { TestNumber } from '../api/types.ts';
import { testNumberChoice, testNumberLabel } from './testNumberChoice.ts';

const listed: TestNumber[] = [
  { number: '+2290197000090', routes: [{ bindingId: 'b1', channel: 'voice', address: '1919', flowId: 'selfcare-1919' }] },
  { number: '+2290197000031', routes: [] },
];

describe('the caller number of a preview on the staging system', () => {
  it('keeps a test number, however it is spaced', () => {
    expect(testNumberChoice('+229 01 97 00 00 31', listed)).toBe('+2290197000031');
  });

  it('puts the first test number in place of a number that is not one, and none when none is listed', () => {
    expect(testNumberChoice('+2290197000001', listed)).toBe('+2290197000090');
    expect(testNumberChoice('+2290197000001', [])).toBeNull();
  });

  it('says where each test number’s calls go', () => {
    expect(listed.map((n) => testNumberLabel(n, (c) => (c === 'voice' ? 'Voix' : c)))).toEqual(['+2290197000090 · Voix 1919', '+2290197000031']);
  });
});
