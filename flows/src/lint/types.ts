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
  /**
   * `production`: a warning that production refuses. The version may be published and tried in
   * staging meanwhile (a recording still to make: the caller hears the text read by the call's
   * text-to-speech voice), but it goes no further until fixed.
   */
  blocks?: 'production';
}

export function hasErrors(issues: LintIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

/** The issues that keep a version out of production: errors, and the warnings only production refuses. */
export function productionBlockers(issues: LintIssue[]): LintIssue[] {
  return issues.filter((i) => i.severity === 'error' || i.blocks === 'production');
}
