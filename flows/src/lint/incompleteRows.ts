import type { FlowNode } from '../schema/node.ts';
import type { LintIssue } from './types.ts';

/**
 * Rows an editor added and has not filled in yet (a header, a response mapping, an assignment, a slot).
 * The schema lets a draft keep them so it always saves; they block publishing, each naming the
 * empty field so the inspector shows the error beside it.
 */
export function lintIncompleteRows(node: FlowNode): LintIssue[] {
  const issues: LintIssue[] = [];
  const empty = (field: string, what: 'variable' | 'path' | 'headerName', row: number) =>
    issues.push({ severity: 'error', code: 'row.incomplete', message: `${node.id}: row ${row} has no ${what} yet`, node: node.id, field, params: { what, row: String(row) } });
  if (node.type === 'http') {
    Object.keys(node.headers).forEach((name, i) => name.trim() === '' && empty(`headers.${name}`, 'headerName', i + 1));
    node.responseMapping.forEach((m, i) => {
      if (m.variable === '') empty(`responseMapping.${i}.variable`, 'variable', i + 1);
      if (m.path === '') empty(`responseMapping.${i}.path`, 'path', i + 1);
    });
  } else if (node.type === 'set') {
    node.assignments.forEach((a, i) => a.variable === '' && empty(`assignments.${i}.variable`, 'variable', i + 1));
  } else if (node.type === 'condition') {
    node.branches.forEach((b, i) => b.rules.forEach((r, j) => r.variable === '' && empty(`branches.${i}.rules.${j}.variable`, 'variable', j + 1)));
  } else if (node.type === 'intent') {
    node.slots.forEach((s, i) => s.variable === '' && empty(`slots.${i}.variable`, 'variable', i + 1));
  }
  return issues;
}
