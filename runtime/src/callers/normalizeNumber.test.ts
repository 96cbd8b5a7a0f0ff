import { describe, expect, it } from 'vitest';
import { normalizeNumber } from './normalizeNumber.ts';

describe('normalizeNumber', () => {
  it('reads the Beninese number in every shape channels send it', () => {
    expect(normalizeNumber('+229 01 97 00 00 01', 'BJ')).toBe('+2290197000001');
    expect(normalizeNumber('0197000001', 'BJ')).toBe('+2290197000001');
    expect(normalizeNumber('01 97 00 00 01', 'BJ')).toBe('+2290197000001');
    expect(normalizeNumber('2290197000001', 'BJ')).toBe('+2290197000001');
    expect(normalizeNumber('00229 0197000001', 'BJ')).toBe('+2290197000001');
    expect(normalizeNumber('whatsapp:+2290197000001', 'BJ')).toBe('+2290197000001');
    expect(normalizeNumber('tel:+229-01-97-00-00-01', 'BJ')).toBe('+2290197000001');
  });

  it('reads WhatsApp digits of another country as international', () => {
    expect(normalizeNumber('33612345678', 'BJ')).toBe('+33612345678');
    expect(normalizeNumber('2250707070707', 'BJ')).toBe('+2250707070707');
  });

  it('uses the default region for national numbers', () => {
    expect(normalizeNumber('06 12 34 56 78', 'FR')).toBe('+33612345678');
  });

  it('returns null for what is not a phone number', () => {
    expect(normalizeNumber('garbage', 'BJ')).toBeNull();
    expect(normalizeNumber('', 'BJ')).toBeNull();
    expect(normalizeNumber('12', 'BJ')).toBeNull();
    expect(normalizeNumber('+', 'BJ')).toBeNull();
    expect(normalizeNumber('anonymous', 'BJ')).toBeNull();
    expect(normalizeNumber('1'.repeat(30), 'BJ')).toBeNull();
  });
});
