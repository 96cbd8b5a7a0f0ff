import type { TFunction } from 'i18next';
import type { LintIssue } from '@griot/flows';

/**
 * An issue in the editor's language: known codes have a sentence with the node, field and
 * locale filled in; others keep the lint's own (English) message.
 */
export function describeIssue(issue: LintIssue, t: TFunction): string {
  const key = `lint.${issue.code}`;
  const locale = issue.field?.split('.').pop() ?? '';
  const output = issue.field?.startsWith('outputs.') ? issue.field.slice('outputs.'.length) : '';
  const values = {
    node: issue.node ?? '',
    field: issue.field ?? '',
    locale: locale.toUpperCase(),
    output: output ? t(`outputs.${output}`, { defaultValue: output }) : '',
    message: issue.message,
    // The secret, backend or host the issue names.
    ...issue.params,
  };
  return t(key, { ...values, defaultValue: issue.message });
}
