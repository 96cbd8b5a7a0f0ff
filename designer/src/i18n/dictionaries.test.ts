import { describe, expect, it } from 'vitest';
import { fr } from './fr.ts';
import { en } from './en.ts';

/** Every leaf as its path of keys (lint keys hold dots themselves: `prompt.missingLocale`). */
function leaves(value: unknown, path: string[] = []): Array<{ path: string[]; text: string }> {
  if (typeof value !== 'object' || value === null) return [{ path, text: String(value) }];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
}

const placeholders = (text: string) => [...text.matchAll(/%\{(\w+)\}/g)].map((m) => m[1] as string).sort();

describe('designer dictionaries', () => {
  it('French and English have the same keys', () => {
    const names = (dict: unknown) =>
      leaves(dict)
        .map((l) => l.path.join(' > '))
        .sort();
    expect(names(en)).toEqual(names(fr));
  });

  it('every English text uses the same placeholders as the French one', () => {
    const english = new Map(leaves(en).map((l) => [l.path.join(' > '), l.text]));
    for (const { path, text } of leaves(fr)) {
      const key = path.join(' > ');
      expect(placeholders(english.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });
});
