import { describe, expect, it } from 'vitest';
import { versionVerdict } from './versionVerdict.ts';

describe('versionVerdict', () => {
  it('concludes nothing on a handful of contacts, however large the gap', () => {
    expect(versionVerdict({ count: 7, contacts: 11 }, { count: 3, contacts: 8 })).toBe('tooFew');
  });
  it('calls a gap chance when it is within what chance gives', () => {
    expect(versionVerdict({ count: 20, contacts: 100 }, { count: 16, contacts: 100 })).toBe('noise');
  });
  it('says lower or higher beyond chance', () => {
    expect(versionVerdict({ count: 40, contacts: 100 }, { count: 20, contacts: 100 })).toBe('lower');
    expect(versionVerdict({ count: 20, contacts: 100 }, { count: 40, contacts: 100 })).toBe('higher');
  });
  it('concludes nothing when the outcome is too rare (or too common) for the test to hold, both at zero too', () => {
    // 0 of 30 against 4 of 30: z = 2.07, but Fisher's exact test gives p ≈ 0.11 (2 contacts expected per version).
    expect(versionVerdict({ count: 0, contacts: 30 }, { count: 4, contacts: 30 })).toBe('tooRare');
    expect(versionVerdict({ count: 30, contacts: 30 }, { count: 26, contacts: 30 })).toBe('tooRare');
    expect(versionVerdict({ count: 0, contacts: 50 }, { count: 0, contacts: 50 })).toBe('tooRare');
    // Enough on both sides: concluded as before.
    expect(versionVerdict({ count: 5, contacts: 60 }, { count: 20, contacts: 60 })).toBe('higher');
  });
  it('says nothing beyond chance from figures that are not numbers', () => {
    expect(versionVerdict({ count: Number.NaN, contacts: 50 }, { count: 10, contacts: 50 })).not.toMatch(/lower|higher/);
    expect(versionVerdict({ count: 10, contacts: Number.POSITIVE_INFINITY }, { count: 10, contacts: 50 })).not.toMatch(/lower|higher/);
  });
});
