import { describe, expect, it } from 'vitest';
import { directionControlIn } from './directionControls.ts';

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
});
