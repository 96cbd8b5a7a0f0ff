import type { LintIssue } from '@griot/flows';

/**
 * What production refuses but staging takes (lint `blocks: 'production'`: a recording still to
 * make in a language without text-to-speech, such as Fon).
 */
export function productionOnlyIssues(issues: readonly LintIssue[]): LintIssue[] {
  return issues.filter((i) => i.severity !== 'error' && i.blocks === 'production');
}

/**
 * The recordings a publication request (or its approval) still lacks for its targets: none when
 * it asks for staging only — an editor may have a version tried before its recordings exist.
 */
export function recordingsMissingFor(targets: readonly string[], issues: readonly LintIssue[]): LintIssue[] {
  return targets.includes('production') ? productionOnlyIssues(issues) : [];
}
