import type { TFunction } from 'i18next';

/** The schema's own (English) rules, by the words flows gives them, and their key in `schemaProblem`. */
const RULES: Record<string, string> = {
  'must be a letter or _ followed by letters, digits or _': 'variableName',
  'must be a path such as $.data.puk or $.items[0].amount': 'jsonPath',
  'must start with a letter and contain only letters, digits, _ and -': 'identifier',
  'must be a language code such as fr, en, fon or fr-BJ': 'localeCode',
  'must be one keypad key: 0-9, * or #': 'keypadKey',
  'give either a value or an expression': 'valueOrExpression',
  'must be a channel (whatsapp, voice…) or keypad, numbered, buttons': 'variantKey',
  'a currency code such as XOF': 'currency',
  'folder names separated by /, none empty': 'folder',
};

export interface SchemaProblem {
  /** zod's issue code (`too_small`, `invalid_format`…). */
  kind?: string;
  /** zod's message: the schema's own words, or zod's in the editor's language. */
  problem: string;
  /** The minimum or maximum of a too_small / too_big. */
  limit?: string;
}

/**
 * What is wrong with a field, in plain words of the editor's language: the schema's rules are
 * written in English in flows (the server's answers), so each has its sentence here; an empty
 * required field is "to fill in" rather than zod's "too small: string must have >=1 characters".
 */
export function schemaProblem({ kind, problem, limit }: SchemaProblem, t: TFunction): string {
  const rule = RULES[problem];
  if (rule) return t(`schemaProblem.${rule}`);
  if (kind === 'too_small') return limit === '1' || limit === undefined ? t('schemaProblem.required') : t('schemaProblem.tooSmall', { limit });
  if (kind === 'too_big') return t('schemaProblem.tooBig', { limit });
  return problem;
}
