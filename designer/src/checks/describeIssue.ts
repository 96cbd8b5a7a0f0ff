import type { TFunction } from 'i18next';
import type { Flow, FlowNode, LintIssue } from '@griot/flows';
import { designerOf } from '../nodes/registry.ts';
import { variantName } from '../inspector/fields/PromptVariants.tsx';

/**
 * An issue in the editor's language: known codes have a sentence with the node, field and
 * locale filled in; others keep the lint's own (English) message. Given the document, the node,
 * its output, a channel variant and a language are named as the canvas names them (the node's
 * label, "1 · Forfait", "WhatsApp buttons", "Fon") rather than by their internal ids.
 */
export function describeIssue(issue: LintIssue, t: TFunction, doc?: Flow | null): string {
  const key = `lint.${issue.code}`;
  const locale = issue.field?.split('.').pop() ?? '';
  const output = issue.field?.startsWith('outputs.') ? issue.field.slice('outputs.'.length) : '';
  const node = doc && issue.node ? doc.nodes.find((n) => n.id === issue.node) : undefined;
  const localeName = (code: string | undefined) => (code && doc?.locales.find((l) => l.code.toLowerCase() === code.toLowerCase())?.name) || code?.toUpperCase();
  const params = { ...issue.params };
  if (doc && params.key) params.key = variantName(params.key, t);
  if (doc && params.locale) params.locale = localeName(params.locale) ?? params.locale;
  if (doc && params.source) params.source = localeName(params.source) ?? params.source;
  const values = {
    node: (node?.label || issue.node) ?? '',
    field: issue.field ?? '',
    locale: localeName(locale) ?? '',
    output: output ? outputName(output, node, t, doc?.locales[0]?.code ?? '') : '',
    message: issue.message,
    // The secret, backend or host the issue names.
    ...params,
  };
  return t(key, { ...values, defaultValue: issue.message });
}

/** An output as its handle on the canvas reads: a menu option by its key and label, the others by their translated name. */
export function outputName(output: string, node: FlowNode | undefined, t: TFunction, locale: string): string {
  const own = node ? (designerOf(node.type).outputLabel as ((n: FlowNode, o: string, l: string, f: string) => string | undefined) | undefined)?.(node, output, locale, locale) : undefined;
  return own ?? t(`outputs.${output}`, { defaultValue: output });
}
