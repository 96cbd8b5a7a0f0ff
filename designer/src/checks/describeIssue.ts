import type { TFunction } from 'i18next';
import type { Flow, FlowNode, LintIssue } from '@griot/flows';
import { designerOf } from '../nodes/registry.ts';
import { variantName } from '../inspector/fields/PromptVariants.tsx';
import { schemaProblem } from './schemaProblem.ts';

/**
 * An issue in the editor's language: every lint code has a sentence with the node, field and
 * locale filled in (the lint's own English message is the last resort for a code this designer
 * does not know yet); a schema problem is said in plain words by `schemaProblem`. Given the document, the node,
 * its output, a channel variant and a language are named as the canvas names them (the node's
 * label, "1 · Forfait", "WhatsApp buttons", "Fon") rather than by their internal ids.
 */
export function describeIssue(issue: LintIssue, t: TFunction, doc?: Flow | null): string {
  const key = `lint.${issue.code}`;
  const locale = issue.field?.split('.').pop() ?? '';
  const output = issue.field?.startsWith('outputs.') ? issue.field.slice('outputs.'.length) : '';
  const node = doc && issue.node ? doc.nodes.find((n) => n.id === issue.node) : undefined;
  const localeName = (code: string | undefined) => languageName(code, t, doc);
  const params = { ...issue.params };
  // A look-up's answer sensitive only by default (`lookup`: the look-up): the sentence names the « Sensible » switch.
  const lookupAnswer = params.lookup !== undefined && ['prompt.sensitive', 'handoff.sensitive', 'handoff.sensitiveQueue'].includes(issue.code);
  if (lookupAnswer && params.lookup) params.lookup = doc?.nodes.find((n) => n.id === params.lookup)?.label || params.lookup;
  if (doc && params.key) params.key = variantName(params.key, t);
  if (doc && params.locale) params.locale = localeName(params.locale) ?? params.locale;
  if (doc && params.source && issue.code !== 'expression.invalid') params.source = localeName(params.source) ?? params.source;
  if (doc && params.fallback) params.fallback = localeName(params.fallback) ?? params.fallback;
  if (issue.code === 'schema.invalid') params.problem = schemaProblem({ kind: params.kind, problem: params.problem ?? issue.message, limit: params.limit }, t);
  if (issue.code === 'row.incomplete' && params.what) params.what = t(`rowPart.${params.what}`);
  // A backend missing in « préproduction ou production », as the environments are named on screen.
  if (issue.code === 'http.unknownBackend' || issue.code === 'http.plainHttpSecret') {
    params.environments = (params.environments ?? '')
      .split(', ')
      .map((environment) => t(`environments.${environment}`, { defaultValue: environment }).toLowerCase())
      .join(t(issue.code === 'http.unknownBackend' ? 'apiErrorWords.or' : 'apiErrorWords.and'));
    params.known ||= '—';
  }
  // The prompt a wording issue is in, as the inspector names it (« Message si choix invalide »).
  if (issue.code === 'menu.promptOldLabel' && params.prompt) params.prompt = t(`fields.${params.prompt}`);
  // The messages said before a prompt on the same USSD screen, by the names the canvas shows.
  const quote = (name: string) => (t('common.languageTag') === 'fr' ? `« ${name} »` : `“${name}”`);
  const before = params.before?.split(', ').map((id) => quote(doc?.nodes.find((n) => n.id === id)?.label || id));
  if (before) params.before = before.join(', ');
  const values = {
    node: (node?.label || issue.node) ?? '',
    field: issue.field ?? '',
    locale: localeName(locale) ?? '',
    output: output ? outputName(output, node, t, doc?.locales[0]?.code ?? '') : '',
    message: issue.message,
    // The secret, backend or host the issue names.
    ...params,
  };
  // A sentence of its own (`<code>_before`) when earlier messages share the screen; a missing file in a
  // language with a voice (`_tts`): its text is not read instead.
  const context = before ? 'before' : issue.code === 'prompt.recordingNotFound' && params.tts === 'yes' ? 'tts' : lookupAnswer ? 'lookupAnswer' : undefined;
  return t(key, { ...values, defaultValue: issue.message, ...(context ? { context } : {}) });
}

/**
 * A language as the sentence around it says it: in the editor's language when it has a name for
 * it («anglais», «français» in French; "English" in English), else as the flow names it ("Fon"),
 * else its code.
 */
export function languageName(code: string | undefined, t: TFunction, doc?: Flow | null): string | undefined {
  if (!code) return undefined;
  let named: string | undefined;
  try {
    named = new Intl.DisplayNames([t('common.languageTag')], { type: 'language', fallback: 'none' }).of(code);
  } catch {
    named = undefined;
  }
  if (named && named.toLowerCase() !== code.toLowerCase()) return named;
  return doc?.locales.find((l) => l.code.toLowerCase() === code.toLowerCase())?.name || code.toUpperCase();
}

/** An output as its handle on the canvas reads: a menu option by its key and label, the others by their translated name. */
export function outputName(output: string, node: FlowNode | undefined, t: TFunction, locale: string): string {
  const own = node ? (designerOf(node.type).outputLabel as ((n: FlowNode, o: string, l: string, f: string) => string | undefined) | undefined)?.(node, output, locale, locale) : undefined;
  return own ?? t(`outputs.${output}`, { defaultValue: output });
}
