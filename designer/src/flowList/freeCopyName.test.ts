import { describe, expect, it } from 'vitest';
import { copyNameFor, freeCopyName } from './freeCopyName.ts';

describe('freeCopyName', () => {
  it('numbers a second and third copy inside the brackets, whatever the case the flows were named in', () => {
    expect(freeCopyName('Selfcare (copie)', ['Selfcare'])).toBe('Selfcare (copie)');
    expect(freeCopyName('Selfcare (copie)', ['Selfcare', ' selfcare (COPIE) '])).toBe('Selfcare (copie 2)');
    expect(freeCopyName('Selfcare (copie)', ['Selfcare (copie)', 'Selfcare (copie 2)'])).toBe('Selfcare (copie 3)');
    expect(freeCopyName('Tabaski', ['Tabaski'])).toBe('Tabaski 2');
  });

  it('offers a flow named with 200 characters a copy name the server takes, numbered copies included', () => {
    const format = (name: string) => `${name} (copie)`;
    const base = copyNameFor('N'.repeat(200), format);
    expect(base.endsWith('N (copie)')).toBe(true);
    expect(base.length).toBeLessThanOrEqual(196);
    expect(freeCopyName(base, [base, ...Array.from({ length: 98 }, (_, i) => base.replace(')', ` ${i + 2})`))]).length).toBeLessThanOrEqual(200);
    expect(copyNameFor('Selfcare', format)).toBe('Selfcare (copie)');
  });
});
