import { MASK, type BotTurn, type Flow, type HandoffContact, type JsonValue } from '@griot/flows';
import type { Transcript } from '../store/types.ts';

/** How many lines of the bot part of the conversation the agent sees (the last ones). */
export const BOT_TURNS_SHOWN = 50;

/**
 * What the subscriber and the bot said before the contact was handed over, from the session's
 * transcript, oldest first: the subscriber's input (text, speech, digits or choice, masked as the
 * transcript keeps it) then the bot's prompts (their masked rendering). Only the transcript the
 * contact came from (started before it was queued), and only its turns up to the handover. The
 * message that opened a messaging contact comes first; an option chosen reads as the label the
 * subscriber saw in the contact's language (from `flow`, the version the transcript ran), not its id.
 */
export function botTurns(contact: HandoffContact, transcript: Transcript | null, flow?: Flow | null): BotTurn[] {
  // The handover: when the subscriber first asked (a transfer moves `enqueuedAt` to its own time).
  const askedAt = contact.firstEnqueuedAt ?? contact.enqueuedAt;
  if (!transcript || transcript.startedAt > askedAt) return [];
  const lines: BotTurn[] = [];
  let waitingAt: string | undefined;
  for (const turn of transcript.turns) {
    // The turn that handed over is written once it has run, just after the contact was queued.
    if (turn.at > askedAt && !turn.effects.includes('handoff')) break;
    const said = subscriberText(turn.input, (option) => optionLabel(flow, waitingAt, option, contact.locale));
    if (said !== undefined) lines.push({ at: turn.at, from: 'subscriber', text: said });
    // The node the next input answers: where this turn stopped.
    waitingAt = turn.nodes.at(-1) ?? waitingAt;
    for (const prompt of turn.prompts) lines.push({ at: turn.at, from: 'bot', text: prompt });
    if (turn.at > askedAt) break;
  }
  return lines.slice(-BOT_TURNS_SHOWN);
}

/** The subscriber's words in a masked transcript input (an option by its label), or undefined for events they did not write or say. */
function subscriberText(input: JsonValue, labelOf: (option: string) => string): string | undefined {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return undefined;
  // `start` carries the message that opened a messaging contact, when there was one.
  const written = input.type === 'text' || input.type === 'speech' || input.type === 'start' ? input.text : undefined;
  const value = input.type === 'digits' ? input.digits : input.type === 'choice' && typeof input.option === 'string' ? labelOf(input.option) : written;
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * The label of the option chosen at `nodeId`, in `locale`, else the flow's default (first) locale; the id
 * itself when the flow or the option is unknown. A masked choice stays masked.
 */
function optionLabel(flow: Flow | null | undefined, nodeId: string | undefined, option: string, locale: string): string {
  if (option === MASK || !flow || !nodeId) return option;
  const node = flow.nodes.find((n) => n.id === nodeId);
  // A language menu's options are the flow's locales, named as the flow names them ("Fɔngbè").
  if (node?.type === 'language') return flow.locales.find((l) => l.code === option)?.name ?? option;
  const options = node && 'options' in node && Array.isArray(node.options) ? (node.options as Array<{ id?: string; label?: Record<string, string> }>) : [];
  const label = options.find((o) => o.id === option)?.label;
  return label?.[locale] || label?.[flow.locales[0]?.code ?? ''] || option;
}
