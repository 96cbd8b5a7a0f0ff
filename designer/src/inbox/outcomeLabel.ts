import type { TFunction } from 'i18next';
import { closingOutcomeOf } from '@griot/flows';

/**
 * How a contact ended, in the user's language: an agent's closing outcome (also one typed in
 * French or English before the list existed), or how the system ended it (`released`,
 * `hangup`…). Other words an agent typed long ago are shown as they were typed.
 */
export function outcomeLabel(t: TFunction, stored: string): string {
  const code = closingOutcomeOf(stored);
  if (code) return t(`inbox.outcomes.${code}`);
  return t(`inbox.endings.${stored}`, { defaultValue: stored });
}

/**
 * Why and how an earlier contact ended, in words: a system's code (`hangup`) in the page's
 * language, said once when the ending says it already (never « hangup · raccroché »).
 */
export function historyEnding(t: TFunction, reason: string, outcome: string): string {
  const ending = outcomeLabel(t, outcome);
  const why = reason ? outcomeLabel(t, reason) : '';
  return why && why !== ending ? `${why} · ${ending}` : ending;
}
