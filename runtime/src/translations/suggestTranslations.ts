import type { Flow, TranslationSuggestions } from '@griot/flows';
import { DependencyError, invalid, unprocessable } from '../errors.ts';
import type { SuggestTranslations, TranslationItem } from '../intents/translationSuggester.ts';
import { checkTranslation } from './checkTranslation.ts';
import { missingTranslations } from './missingTranslations.ts';

export interface SuggestTranslationsInput {
  targetLocale: string;
  /** The flow's default locale when absent. */
  sourceLocale?: string | undefined;
  /** Only these nodes; every node when absent. */
  nodeIds?: string[] | undefined;
}

/** More texts than one request should carry: the editor asks node by node (`nodeIds`). */
export const MAX_TEXTS = 500;

/**
 * Suggests translations for what the draft lacks in the target locale, from the source locale,
 * through the model. Reads the draft it is given and saves nothing: the editor applies the
 * suggestions to the document being edited, where they stay marked for review (and unpublishable)
 * until reviewed.
 */
export async function suggestTranslations(
  draft: { flowId: string; revision: number; document: Flow },
  suggest: SuggestTranslations | undefined,
  input: SuggestTranslationsInput,
): Promise<TranslationSuggestions> {
  const { flowId, document: doc } = draft;
  const context = { flowId };
  const localeNamed = (code: string, field: string) => {
    const locale = doc.locales.find((l) => l.code === code);
    if (!locale)
      throw invalid('unknown_locale', `${code} is not a locale of the flow (${doc.locales.map((l) => l.code).join(', ')})`, {
        field,
        context,
        params: { locale: code, locales: doc.locales.map((l) => l.code) },
      });
    return locale;
  };
  const target = localeNamed(input.targetLocale, 'targetLocale');
  const source = localeNamed(input.sourceLocale ?? doc.locales[0]!.code, 'sourceLocale');
  if (source.code === target.code) throw invalid('same_locale', `the source and target locales are both ${target.code}`, { field: 'targetLocale', context, params: { locale: target.code } });
  const nodeIds = input.nodeIds ? new Set(input.nodeIds) : undefined;
  const unknown = input.nodeIds?.filter((id) => !doc.nodes.some((n) => n.id === id)) ?? [];
  if (unknown.length > 0) throw invalid('unknown_node', `the draft has no node ${unknown.join(', ')}`, { field: 'nodeIds', context, params: { nodes: unknown } });
  if (!suggest) {
    throw new DependencyError('unavailable', 'llm_not_configured', 'no model is configured on the server: set GRIOT_LLM_MODEL with OPENAI_BASE_URL or OPENAI_API_KEY', { context, untilFixed: true });
  }

  const { missing, withoutSource } = missingTranslations(doc, source.code, target.code, nodeIds);
  const result: TranslationSuggestions = { flowId, revision: draft.revision, sourceLocale: source.code, targetLocale: target.code, suggestions: [], withoutSource, rejected: [] };
  if (missing.length === 0) return result;
  if (missing.length > MAX_TEXTS) {
    throw unprocessable('too_many_texts', `${missing.length} texts are missing in ${target.code}; ask for at most ${MAX_TEXTS} at a time (nodeIds)`, {
      field: 'nodeIds',
      context,
      params: { count: missing.length, max: MAX_TEXTS, locale: target.code },
    });
  }

  const items: TranslationItem[] = missing.map((m, i) => ({
    id: `t${i + 1}`,
    kind: m.ref.kind === 'prompt' ? 'prompt' : m.ref.kind === 'intentLabel' ? 'label' : 'examples',
    source: m.source,
    context: m.context,
  }));
  const answer = await suggest({ source: { code: source.code, name: source.name }, target: { code: target.code, name: target.name }, items, context });

  missing.forEach((item, i) => {
    const checked = checkTranslation(item, target.code, answer.get(items[i]!.id));
    const { ref } = item;
    if (!checked.ok) {
      result.rejected.push({ ...ref, reason: checked.reason });
    } else if (ref.kind === 'intentExamples') {
      result.suggestions.push({ ...ref, source: item.source, examples: checked.texts });
    } else {
      result.suggestions.push({ ...ref, source: item.source[0]!, text: checked.texts[0]! });
    }
  });
  return result;
}
