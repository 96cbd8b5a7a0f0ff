import type { TFunction } from 'i18next';
import type { Flow, LintIssue } from '@griot/flows';
import { nodeName, readableField } from '../versions/readableField.ts';

/**
 * Where an issue is, as the canvas and inspector name it: "Menu principal · Option 5 · Libellé · FON"
 * rather than `mainMenu · options.4.label.fon`.
 */
export function issueWhere(issue: LintIssue, doc: Flow | null, t: TFunction): string {
  if (issue.node) {
    const node = doc?.nodes.find((n) => n.id === issue.node);
    const name = nodeName(node, issue.node);
    return issue.field ? `${name} · ${readableField(issue.field, node, t)}` : name;
  }
  if (issue.edge) {
    const edge = doc?.edges.find((e) => e.id === issue.edge);
    const source = edge
      ? nodeName(
          doc?.nodes.find((n) => n.id === edge.source),
          edge.source,
        )
      : issue.edge;
    return `${t('diff.connections')} · ${source}`;
  }
  return issue.field ? `${t('checks.flowLevel')} · ${readableField(issue.field, undefined, t)}` : t('checks.flowLevel');
}
