import { describe, expect, it } from 'vitest';
import { directionControlIn, withoutDirectionControls } from './directionControls.ts';

describe('direction controls in a name', () => {
  it('finds each character that turns a name around unseen', () => {
    for (const code of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c]) {
      const hex = code.toString(16).toUpperCase().padStart(4, '0');
      expect(directionControlIn(`Accueil ${String.fromCodePoint(code)}fdp.exe`), hex).toBe(`U+${hex}`);
    }
  });

  it('lets through the joiners scripts spell with, and right-to-left letters themselves', () => {
    // ZWNJ in Persian « می‌خواهم », ZWJ in Devanagari « क्‍ष », Arabic and Hebrew as typed.
    for (const name of ['می\u200Cخواهم', 'क्\u200Dष', 'خدمة العملاء', 'שירות', 'Accueil Fon — Gbè', 'Café (copy)']) expect(directionControlIn(name), name).toBeNull();
  });

  it('takes every direction control out of a name, and nothing else', () => {
    expect(withoutDirectionControls('Facturation \u202Efdp.exe\u202C \u2067v2\u2069\u200F')).toBe('Facturation fdp.exe v2');
    for (const name of ['می\u200Cخواهم', 'क्\u200Dष', 'خدمة العملاء', 'Accueil Fon — Gbè']) expect(withoutDirectionControls(name)).toBe(name);
  });
});
