import { lintFlow, parseFlow, type Flow, type LintContext, type LintIssue } from '@griot/flows';

/**
 * The checks the server runs before publishing, run in the browser: schema first (a field
 * that does not validate is named), then the flow lint, with the server's rules when known.
 */
export function lintDocument(doc: Flow, context?: LintContext | null): LintIssue[] {
  const parsed = parseFlow(doc);
  if (!parsed.ok) return parsed.issues;
  return lintFlow(parsed.flow, context ?? {});
}
