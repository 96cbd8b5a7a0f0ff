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
  it('says nothing moved when both are at zero', () => {
    expect(versionVerdict({ count: 0, contacts: 50 }, { count: 0, contacts: 50 })).toBe('noise');
  });
});
