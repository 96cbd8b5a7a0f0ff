import { z } from 'zod';

/**
 * How an agent closes a contact: a fixed list, so that reports count "resolved" once whatever
 * the agent's language, and every screen can say it in its user's. The designer translates each
 * code; the agent API accepts only these.
 */
export const CLOSING_OUTCOMES = ['resolved', 'unresolved', 'escalated', 'callback_promised', 'no_answer', 'wrong_number', 'other'] as const;

export const ClosingOutcome = z.enum(CLOSING_OUTCOMES);
export type ClosingOutcome = z.infer<typeof ClosingOutcome>;

/**
 * Words agents typed before the list existed (the inbox suggested these in French and English),
 * read as the code they meant; anything else stays the agent's own words.
 */
const TYPED_BEFORE: Record<string, ClosingOutcome> = {
  résolu: 'resolved',
  resolu: 'resolved',
  'non résolu': 'unresolved',
  'non resolu': 'unresolved',
  'à rappeler': 'callback_promised',
  'a rappeler': 'callback_promised',
  'call back': 'callback_promised',
  transmis: 'escalated',
};

/** The code of a stored outcome (one of the list, or a word typed before it), else undefined. */
export function closingOutcomeOf(stored: string): ClosingOutcome | undefined {
  const parsed = ClosingOutcome.safeParse(stored);
  if (parsed.success) return parsed.data;
  return TYPED_BEFORE[stored.trim().toLowerCase()];
}
