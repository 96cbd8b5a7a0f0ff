/** One problem found in a flow. Errors block publishing; warnings are shown. */
export interface LintIssue {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  node?: string;
  edge?: string;
  /** Field inside the node (`prompt.en`, `options.1.key`) for the inspector to point at. */
  field?: string;
  /** Names the message is built from (`secret`, `backend`, `host`…), for the designer to say it in the editor's language. */
  params?: Record<string, string>;
}

export function hasErrors(issues: LintIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
