import { describe, expect, it } from 'vitest';
import { formatNumber } from './formatNumber.ts';

// French groups thousands with no-break spaces (which ones depends on the ICU data): compared as plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const format = (...args: Parameters<typeof formatNumber>) => plain(formatNumber(...args));

describe('formatNumber', () => {
  it('writes numbers as French and English readers expect', () => {
    expect(format('1250000', 'number', { locale: 'fr' })).toBe('1 250 000');
    expect(format('1250000', 'number', { locale: 'en' })).toBe('1,250,000');
    expect(format('-5000.5', 'number', { locale: 'fr' })).toBe('-5 000,5');
    expect(format('12.3456', 'number', { locale: 'en' })).toBe('12.35');
  });

  it('writes amounts in francs CFA by default, or in the flow’s currency', () => {
    expect(format('1250000', 'amount', { locale: 'fr' })).toBe('1 250 000 F CFA');
    expect(format('1250000', 'amount', { locale: 'fr-BJ' })).toBe('1 250 000 F CFA');
    expect(format('1250000', 'amount', { locale: 'en' })).toBe('F CFA 1,250,000');
    expect(format('23500', 'amount', { locale: 'fr', currency: 'XAF' })).toBe('23 500 FCFA');
    expect(format('12.5', 'amount', { locale: 'en', currency: 'EUR' })).toBe('€12.50');
  });

  it('writes a local language without number rules as the flow’s default locale does', () => {
    expect(format('1250000', 'number', { locale: 'fon', fallbackLocale: 'fr' })).toBe('1 250 000');
    expect(format('1250000', 'number', { locale: 'fon', fallbackLocale: 'en' })).toBe('1,250,000');
    // Nothing usable at all: French, the editors' language.
    expect(format('1250000', 'number', { locale: 'fon', fallbackLocale: 'xx-not a tag' })).toBe('1 250 000');
  });

  it('leaves what is not a plain number as it is', () => {
    for (const value of ['850 Mo', '', 'abc', '1e6', '0x10', '12,5', '1 250', 'Infinity']) {
      expect(formatNumber(value, 'amount', { locale: 'fr' })).toBe(value);
      expect(formatNumber(value, 'number', { locale: 'en' })).toBe(value);
    }
  });
});
