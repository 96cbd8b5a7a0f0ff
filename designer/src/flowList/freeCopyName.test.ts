import { describe, expect, it } from 'vitest';
import { freeCopyName } from './freeCopyName.ts';

describe('freeCopyName', () => {
  it('numbers a second and third copy inside the brackets, whatever the case the flows were named in', () => {
    expect(freeCopyName('Selfcare (copie)', ['Selfcare'])).toBe('Selfcare (copie)');
    expect(freeCopyName('Selfcare (copie)', ['Selfcare', ' selfcare (COPIE) '])).toBe('Selfcare (copie 2)');
    expect(freeCopyName('Selfcare (copie)', ['Selfcare (copie)', 'Selfcare (copie 2)'])).toBe('Selfcare (copie 3)');
    expect(freeCopyName('Tabaski', ['Tabaski'])).toBe('Tabaski 2');
  });
});
