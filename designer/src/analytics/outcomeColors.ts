import type { ContactOutcome } from '@griot/flows';

/** One colour per way a contact ends, the same in every chart. */
export const OUTCOME_COLORS: Record<ContactOutcome | 'unfinished', string> = {
  contained: 'teal.6',
  transferred: 'blue.6',
  callback: 'cyan.5',
  noAgent: 'orange.5',
  abandoned: 'red.6',
  error: 'grape.6',
  unfinished: 'gray.5',
};

/** The ways a contact ends, in the order every chart and table lists them. */
export const OUTCOMES: readonly (ContactOutcome | 'unfinished')[] = ['contained', 'transferred', 'callback', 'noAgent', 'abandoned', 'error', 'unfinished'];
