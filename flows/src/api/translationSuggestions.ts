/**
 * What `POST /api/flows/{id}/suggest-translations` answers (docs/api.md): the runtime produces
 * it, the designer applies it. Types only; the runtime's OpenAPI schema describes the same shape.
 */

/**
 * Where a text lives in the flow: a prompt of a node (with `variant`, its wording for one channel
 * or way of answering: `sms`, `buttons`…), or an intent's label or examples.
 */
export type TextRef =
  | { kind: 'prompt'; nodeId: string; field: string; variant?: string }
  | { kind: 'intentLabel'; nodeId: string; field: string; intentId: string }
  | { kind: 'intentExamples'; nodeId: string; field: string; intentId: string };

/** Why a model's answer for one text was set aside. */
export type RejectReason = 'unanswered' | 'empty' | 'notOneText' | 'placeholders' | 'markup' | 'invalid';

/** A translation to put in the draft, marked for review: the designer applies it, the server never does. */
export type TranslationSuggestion =
  | { kind: 'prompt'; nodeId: string; field: string; variant?: string; source: string; text: string }
  | { kind: 'intentLabel'; nodeId: string; field: string; intentId: string; source: string; text: string }
  | { kind: 'intentExamples'; nodeId: string; field: string; intentId: string; source: string[]; examples: string[] };

export interface TranslationSuggestions {
  flowId: string;
  /** The draft revision the texts were read from. */
  revision: number;
  sourceLocale: string;
  targetLocale: string;
  suggestions: TranslationSuggestion[];
  /** Missing in the target locale and in the source locale too: nothing to translate from. */
  withoutSource: TextRef[];
  /** The model left these out, or answered them in a way that cannot be used (a placeholder lost…). */
  rejected: Array<TextRef & { reason: RejectReason }>;
}
