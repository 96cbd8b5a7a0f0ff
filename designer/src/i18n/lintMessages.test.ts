import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fr } from './fr.ts';

const FLOWS_SRC = fileURLToPath(new URL('../../../flows/src', import.meta.url));

/** Every lint code flows can report: the `code: '…'` of each file that builds lint issues. */
function lintCodes(): string[] {
  const codes = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        const text = readFileSync(path, 'utf8');
        if (!text.includes('LintIssue')) continue;
        for (const m of text.matchAll(/code: '([a-zA-Z]+\.[a-zA-Z.]+)'/g)) codes.add(m[1] as string);
      }
    }
  };
  walk(FLOWS_SRC);
  return [...codes].sort();
}

/** Words of English that leaked into French sentences before (`puk is not a declared variable`). */
const ENGLISH = [' is not ', ' must be ', ' cannot ', ' which ', ' the ', ' should ', ' has no ', ' missing ', ' declared', ' node ', 'Undeclared', ' or _ '];

describe('lint messages in the French designer', () => {
  const french = fr.lint as Record<string, string>;

  it('has a French sentence for every lint code flows reports, so none falls back to the English message', () => {
    const codes = lintCodes();
    expect(codes.length).toBeGreaterThan(50);
    expect(codes.filter((code) => !(code in french))).toEqual([]);
  });

  it('says every lint message in French, with no English fragment and no raw English message pasted in', () => {
    for (const [code, text] of Object.entries(french)) {
      for (const fragment of ENGLISH) expect(text, code).not.toContain(fragment);
      // %{message} is the lint's own English sentence: a French message never shows it.
      expect(text, code).not.toContain('%{message}');
    }
    for (const [rule, text] of Object.entries(fr.schemaProblem)) for (const fragment of ENGLISH) expect(text, rule).not.toContain(fragment);
  });
});
