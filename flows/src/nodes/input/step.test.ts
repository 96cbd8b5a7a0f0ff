import { describe, expect, it } from 'vitest';
import { InputNode } from './schema.ts';
import { readInput } from './step.ts';

const node = (kind: string, validation = {}) =>
  InputNode.parse({ id: 'i', type: 'input', kind, variable: 'v', prompt: { fr: { text: 'x' } }, validation });

describe('readInput', () => {
  it('accepts digits within the length, spoken with spaces', () => {
    expect(readInput(node('digits', { minLength: 4, maxLength: 8 }), '12 34', 'BJ')).toBe('1234');
    expect(readInput(node('digits', { minLength: 4 }), '12', 'BJ')).toBeUndefined();
    expect(readInput(node('digits'), '12a', 'BJ')).toBeUndefined();
  });
  it('normalizes phone numbers to E.164 with the flow region', () => {
    expect(readInput(node('phone'), '01 97 00 00 01', 'BJ')).toBe('+2290197000001');
    expect(readInput(node('phone'), '+229 01 97 00 00 01', 'BJ')).toBe('+2290197000001');
    expect(readInput(node('phone'), '12', 'BJ')).toBeUndefined();
  });
  it('reads numbers with a decimal comma within bounds', () => {
    expect(readInput(node('number', { min: 0, max: 100 }), '12,5', 'BJ')).toBe(12.5);
    expect(readInput(node('number', { max: 10 }), '11', 'BJ')).toBeUndefined();
  });
});
