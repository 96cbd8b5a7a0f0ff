import { Intent, LocalizedPrompt, LocalizedText, parseTemplate, type RejectReason } from '@griot/flows';
import type { MissingText } from './missingTranslations.ts';

export type TranslationCheck = { ok: true; texts: string[] } | { ok: false; reason: RejectReason };

/** `{{puk | spell}}` → `puk|spell`, sorted: what must survive a translation unchanged. */
function placeholdersOf(text: string): string {
  const parsed = parseTemplate(text);
  const names = parsed.parts.flatMap((p) => (typeof p === 'string' ? [] : [`${p.path}|${p.filters.join('|')}`]));
  return [...names.sort(), `errors:${parsed.errors.length}`].join('\u0000');
}

/** SSML and other tags by name, sorted. */
const tagsOf = (text: string) =>
  [...text.matchAll(/<\/?\s*([A-Za-z][\w:-]*)/g)]
    .map((m) => m[1])
    .sort()
    .join(',');

/**
 * Whether the model's answer for one text can be offered to the editor: one non-empty text for a
 * prompt or label, with the same `{{placeholders}}` and tags as the source and within the flow
 * schema's limits; for examples, the phrases the schema accepts, without repeats.
 */
export function checkTranslation(item: MissingText, targetLocale: string, answer: string[] | undefined): TranslationCheck {
  if (!answer) return { ok: false, reason: 'unanswered' };
  const texts = answer.map((t) => t.trim()).filter(Boolean);
  if (texts.length === 0) return { ok: false, reason: 'empty' };

  if (item.ref.kind === 'intentExamples') {
    const seen = new Set<string>();
    const examples = texts.filter((e) => {
      const key = e.toLowerCase();
      if (seen.has(key) || !Intent.shape.examples.safeParse({ [targetLocale]: [e] }).success) return false;
      seen.add(key);
      return true;
    });
    const kept = examples.slice(0, 100);
    return kept.length > 0 ? { ok: true, texts: kept } : { ok: false, reason: 'invalid' };
  }

  if (texts.length !== 1) return { ok: false, reason: 'notOneText' };
  const text = texts[0]!;
  const source = item.source[0] ?? '';
  if (placeholdersOf(text) !== placeholdersOf(source)) return { ok: false, reason: 'placeholders' };
  if (tagsOf(text) !== tagsOf(source)) return { ok: false, reason: 'markup' };
  const valid = item.ref.kind === 'prompt' ? LocalizedPrompt.safeParse({ text }).success : LocalizedText.safeParse({ [targetLocale]: text }).success;
  return valid ? { ok: true, texts: [text] } : { ok: false, reason: 'invalid' };
}
