import { FlowNode, type LintIssue } from '@griot/flows';
import type { SchemaProblem } from '../checks/schemaProblem.ts';

/** What the field says, and whether it is only a warning (drawn orange, not in an error's red). */
export interface FieldProblem {
  message: string;
  warning: boolean;
}

/**
 * The problems of one node by field: its schema (the flows zod schema, so the form shows what
 * the server would refuse) and the lint issues that name a field of it.
 */
export function nodeFieldErrors(node: unknown, issues: readonly LintIssue[], describe: (issue: LintIssue) => string, describeSchema: (problem: SchemaProblem) => string): Map<string, FieldProblem> {
  const errors = new Map<string, FieldProblem>();
  const parsed = FlowNode.safeParse(node);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      const limit = issue.code === 'too_small' ? issue.minimum : issue.code === 'too_big' ? issue.maximum : undefined;
      if (!errors.has(path)) errors.set(path, { message: describeSchema({ kind: issue.code, problem: issue.message, limit: limit === undefined ? undefined : String(limit) }), warning: false });
    }
  }
  // An error of a field is said before its warnings (an outdated translation that is also too long says « too long »).
  const errorsFirst = [...issues].sort((a, b) => Number(a.severity !== 'error') - Number(b.severity !== 'error'));
  for (const issue of errorsFirst) {
    if (issue.field && !errors.has(issue.field)) errors.set(issue.field, { message: describe(issue), warning: issue.severity !== 'error' });
  }
  return errors;
}
