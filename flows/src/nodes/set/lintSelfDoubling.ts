import { parseExpression, referencedPaths } from '../../expression/parse.ts';
import type { LintIssue } from '../../lint/types.ts';
import type { SetNode } from './schema.ts';

/**
 * An assignment that reads its own variable more than once in a `+` (`s = s + s`) doubles it each
 * time it runs: a few runs reach the 64 Ki limit of a value (`value.tooLarge`, the contact ends on
 * its error path). A warning, as a flow may mean it for short values; `t = s + s` is not flagged.
 */
export function lintSelfDoubling(node: SetNode): LintIssue[] {
  const issues: LintIssue[] = [];
  node.assignments.forEach((a, i) => {
    if (a.expression === undefined || !a.expression.includes('+')) return;
    const parsed = parseExpression(a.expression);
    if (!parsed.ok) return;
    const reads = referencedPaths(parsed.ast).filter((p) => p === a.variable || p.startsWith(`${a.variable}.`)).length;
    if (reads < 2) return;
    issues.push({
      severity: 'warning',
      code: 'set.selfDoubling',
      node: node.id,
      field: `assignments.${i}.expression`,
      message: `${a.variable} = ${a.expression} doubles ${a.variable} each time it runs; a value may have at most 65,536 characters`,
      params: { variable: a.variable },
    });
  });
  return issues;
}
