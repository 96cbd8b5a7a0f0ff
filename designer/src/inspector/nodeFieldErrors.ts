import { FlowNode, type LintIssue } from '@griot/flows';

/**
 * The problems of one node by field: its schema (the flows zod schema, so the form shows what
 * the server would refuse) and the lint issues that name a field of it.
 */
export function nodeFieldErrors(node: unknown, issues: readonly LintIssue[], describe: (issue: LintIssue) => string): Map<string, string> {
  const errors = new Map<string, string>();
  const parsed = FlowNode.safeParse(node);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      if (!errors.has(path)) errors.set(path, issue.message);
    }
  }
  for (const issue of issues) {
    if (issue.field && !errors.has(issue.field)) errors.set(issue.field, describe(issue));
  }
  return errors;
}
