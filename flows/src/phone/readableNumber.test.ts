import { describe, expect, it } from 'vitest';
import { readableNumber } from './readableNumber.ts';

describe('readableNumber', () => {
  it('groups a number as its country writes it', () => {
    expect(readableNumber('+2290197000002')).toBe('+229 01 97 00 00 02');
    expect(readableNumber('+33612345678')).toBe('+33 6 12 34 56 78');
  });

  it('gives back what is not a valid international number', () => {
    expect(readableNumber('+22997000002')).toBe('+22997000002');
    expect(readableNumber('0197000002')).toBe('0197000002');
    expect(readableNumber('botframework:user-1')).toBe('botframework:user-1');
  });
});
