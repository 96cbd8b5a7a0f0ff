import { FlowNode, type LintIssue } from '@griot/flows';
import type { SchemaProblem } from '../checks/schemaProblem.ts';

/**
 * The problems of one node by field: its schema (the flows zod schema, so the form shows what
 * the server would refuse) and the lint issues that name a field of it.
 */
export function nodeFieldErrors(node: unknown, issues: readonly LintIssue[], describe: (issue: LintIssue) => string, describeSchema: (problem: SchemaProblem) => string): Map<string, string> {
  const errors = new Map<string, string>();
  const parsed = FlowNode.safeParse(node);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      const limit = issue.code === 'too_small' ? issue.minimum : issue.code === 'too_big' ? issue.maximum : undefined;
      if (!errors.has(path)) errors.set(path, describeSchema({ kind: issue.code, problem: issue.message, limit: limit === undefined ? undefined : String(limit) }));
    }
  }
  for (const issue of issues) {
    if (issue.field && !errors.has(issue.field)) errors.set(issue.field, describe(issue));
  }
  return errors;
}
