import type { BotTurn, HandoffContact, JsonValue } from '@griot/flows';
import type { Transcript } from '../store/types.ts';

/** How many lines of the bot part of the conversation the agent sees (the last ones). */
export const BOT_TURNS_SHOWN = 50;

/**
 * What the subscriber and the bot said before the contact was handed over, from the session's
 * transcript, oldest first: the subscriber's input (text, speech, digits or choice, masked as the
 * transcript keeps it) then the bot's prompts (their masked rendering). Only the transcript the
 * contact came from (started before it was queued), and only its turns up to the handover: the
 * first message that opened a messaging session is not kept by the transcript (a `start` event).
 */
export function botTurns(contact: HandoffContact, transcript: Transcript | null): BotTurn[] {
  if (!transcript || transcript.startedAt > contact.enqueuedAt) return [];
  const lines: BotTurn[] = [];
  for (const turn of transcript.turns) {
    // The turn that handed over is written once it has run, just after the contact was queued.
    if (turn.at > contact.enqueuedAt && !turn.effects.includes('handoff')) break;
    const said = subscriberText(turn.input);
    if (said !== undefined) lines.push({ at: turn.at, from: 'subscriber', text: said });
    for (const prompt of turn.prompts) lines.push({ at: turn.at, from: 'bot', text: prompt });
    if (turn.at > contact.enqueuedAt) break;
  }
  return lines.slice(-BOT_TURNS_SHOWN);
}

/** The subscriber's words in a masked transcript input, or undefined for events they did not write or say. */
function subscriberText(input: JsonValue): string | undefined {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return undefined;
  const value = input.type === 'digits' ? input.digits : input.type === 'choice' ? input.option : input.type === 'text' || input.type === 'speech' ? input.text : undefined;
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
