import type { HangupVerb, SayVerb, Synthesizer } from './verbs.ts';
import { sayText } from './renderPrompts.ts';
import { voiceTexts } from './voiceTexts.ts';

/**
 * A short spoken apology and a hangup: what a caller hears when the number is unknown, nothing
 * is published, or Griot failed. Never silence, never an HTTP error jambonz would hang up on.
 */
export function renderApology(locale: string | undefined, synthesizer: Synthesizer | undefined): [SayVerb, HangupVerb] {
  return [{ verb: 'say', text: sayText(voiceTexts(locale).apology), ...(synthesizer ? { synthesizer } : {}) }, { verb: 'hangup' }];
}
