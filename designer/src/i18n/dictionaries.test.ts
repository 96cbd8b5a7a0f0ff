import { readFileSync, readdirSync } from 'node:fs';
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

  it('every undo step the store records has a name in the undo button’s tooltip and a refused undo’s notice', () => {
    const folder = new URL('../store/actions/', import.meta.url);
    const steps = readdirSync(folder)
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .flatMap((file) => [...readFileSync(new URL(file, folder), 'utf8').matchAll(/apply\(\s*'(\w+)'/g)].map((m) => m[1] as string));
    expect(steps.length).toBeGreaterThan(30);
    const unnamed = (dict: { actions: Record<string, string> }) => [...steps, 'moveNodes', 'layout', 'restoreUnsent'].filter((step) => !dict.actions[step]);
    expect(unnamed(fr)).toEqual([]);
    expect(unnamed(en)).toEqual([]);
  });
});
