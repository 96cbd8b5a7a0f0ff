import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fr } from '../i18n/fr.ts';
import { en } from '../i18n/en.ts';

const FLOWS_SRC = fileURLToPath(new URL('../../../flows/src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The codes the interpreter can report during a turn: `ctx.issue('warning', 'code', …)`, `fail(run, 'code', …)`, `new FlowLimitError('code', …)`. */
function stepIssueCodes() {
  const codes = new Map<string, string>();
  const unreadable: string[] = [];
  for (const file of sourceFiles(FLOWS_SRC)) {
    const where = relative(FLOWS_SRC, file);
    const text = readFileSync(file, 'utf8');
    for (const call of text.matchAll(/(?:\.issue\(\s*'(?:error|warning)',|\bfail\(\s*run,|new FlowLimitError\()\s*([^,]+),/g)) {
      const code = /^'([^']+)'$/.exec(call[1]?.trim() ?? '')?.[1];
      if (code) codes.set(code, codes.get(code) ?? where);
      else unreadable.push(`${where}: ${call[0]}`);
    }
  }
  return { codes, unreadable };
}

/**
 * Every problem a simulated call can show is said in French and English: the codes are read
 * from flows/src, so a new one without its words fails here rather than showing English
 * (« ⚠ {{balance}} has no value ») inside the French simulator.
 */
describe('the interpreter’s step issues in the designer’s languages', () => {
  const scan = stepIssueCodes();

  it('finds the codes the interpreter reports, each written out where it is reported', () => {
    // The two that pass a code along: a limit reached (its codes are read at `new FlowLimitError`) and `fail` itself.
    expect(scan.unreadable.map((u) => u.replace(/\s+/g, ' ')).sort()).toEqual(["interpreter/step.ts: .issue('error', code,", 'interpreter/step.ts: fail(run, error.code,']);
    expect([...scan.codes.keys()]).toEqual(expect.arrayContaining(['http.mappingMissing', 'template.missingValue', 'session.notWaiting', 'flow.unconnected', 'value.tooLarge']));
    expect(scan.codes.size).toBeGreaterThan(15);
  });

  it('has French and English words for every one of them', () => {
    const missing = (issues: Record<string, string>) => [...scan.codes].filter(([code]) => typeof issues[code] !== 'string').map(([code, where]) => `${code} (${where})`);
    expect(missing(fr.simulator.issues)).toEqual([]);
    expect(missing(en.simulator.issues)).toEqual([]);
  });
});
