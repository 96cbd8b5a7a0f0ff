import { lintFlow, parseFlow, type Flow, type LintIssue } from '@griot/flows';

/**
 * The checks the server runs before publishing, run in the browser: schema first (a field
 * that does not validate is named), then the flow lint.
 */
export function lintDocument(doc: Flow): LintIssue[] {
  const parsed = parseFlow(doc);
  if (!parsed.ok) return parsed.issues;
  return lintFlow(parsed.flow);
}
